"""What a question says about where to look, beyond its words: the law it names, the term it asks
to have defined, and the numbers it spells one way that a text may spell another.

- A question that names an indexed law ("…ตามประมวลกฎหมายอาญามาตราใด", "พ.ร.บ.โรงงาน") searches
  that law and every session (`named_documents`).
- "นิยาม 'อนุรักษ์พลังงาน'" is answered by the section that defines the term (`definition_first`).
- "สามปี" also searches "3", which "๓ ปี" folds to, and "10 ปี" also "สิบ" (`number_forms`).
"""

from __future__ import annotations

import functools
import re

from ingest.facts import NUMBER_WORDS, thai_number
from ingest.kinds import SESSION_KINDS
from ingest.lexical import tokenize
from ingest.references import definitions, title_core
from ingest.thai import to_arabic
from service.qa.index import Snapshot
from service.qa.question import law_at_start, named_laws

_COUNTED = frozenset(["วัน", "ปี", "เดือน", "ชั่วโมง", "สัปดาห์", "นาที", "บาท",
                      "คน", "ราย", "ครั้ง", "ตัน", "แห่ง", "ฉบับ", "เท่า", "กิโลกรัม", "วาระ", "คัน"])


def number_forms(tokens: list[str]) -> list[str]:
    """The other spelling of each counted number a question writes: "สาม ปี" also searches "3",
    which a text that writes "๓ ปี" has, and "3 ปี" also searches "สาม". A run of number words is
    one number ("หนึ่ง ร้อย แปด สิบ วัน" → 180). Only a number before a unit: "มาตรา 37" names a
    section, not thirty-seven of anything."""
    words = [t for t in tokens if not t.startswith("#")]
    out: list[str] = []
    run: list[str] = []
    for i, t in enumerate([*words, ""]):
        if t and NUMBER_WORDS.fullmatch(t) and t not in _COUNTED:
            run.append(t)
            continue
        counted = t in _COUNTED
        if run and counted and (value := thai_number("".join(run))) is not None:
            out.append(str(value))
        run = []
        after = words[i + 1] if i + 1 < len(words) else ""
        if t.isdigit() and after in _COUNTED and 0 < int(t) <= 100_000:
            from pythainlp.util import num_to_thaiword

            out.extend(tokenize(num_to_thaiword(int(t)), subwords=False))
    return [t for t in dict.fromkeys(out) if t not in tokens]


_LAW_TYPE = re.compile(r"^(?:พระราชบัญญัติ|พ\.?ร\.?บ\.?|ประมวลกฎหมาย|ประมวล(?=รัษฎากร)|พระราชกำหนด|พ\.?ร\.?ก\.?)")


def law_titled(name: str, title: str) -> bool:
    """A law's name as a question writes it ("รัษฎากร", "โรงงาน") is that title's."""
    core = _LAW_TYPE.sub("", title_core(title))  # the name after "พระราชบัญญัติ", no ร่าง, no year
    name = re.sub(r"\s+", "", name)
    return len(core) >= 3 and (name.startswith(core) or (len(name) >= 4 and core.startswith(name)))


# what may stand between a section's number and the law it is of: its items, paragraphs and "แห่ง"
_SECTION_TAIL = re.compile(r"^(?:\s*(?:\([0-9๐-๙]+\)|\([ก-ฮ]\)|วรรค\S{2,6}|อนุมาตรา\s*\S+|และ|หรือ|,))*\s*(?:แห่ง|ของ|ตาม|ใน)?\s*")


def section_laws(question: str, number_at: list[tuple[str, int]]) -> dict[str, list[str]]:
    """The law each named section is of, where the question writes it after the number ("มาตรา 42
    (26) แห่งประมวลรัษฎากร" → รัษฎากร): a question that cites two codes names the 42 of one of them.
    `number_at` is each section number with the index where its mention ends."""
    out: dict[str, list[str]] = {}
    for number, end in number_at:
        tail = question[end:end + 120]
        lead = _SECTION_TAIL.match(tail)
        if name := law_at_start(tail[lead.end() if lead else 0:]):
            out.setdefault(number, []).append(name)
    return out


def named_documents(state, question: str) -> list[str]:
    """The documents a question searches when it names their law ("…ตามประมวลกฎหมายอาญามาตราใด",
    "พ.ร.บ.โรงงาน"), with every session (sessions discuss a law under their own title); none when
    it names none that is indexed. A long case's facts otherwise drift to whichever act shares
    their everyday words (a fire-insurance claim to the Civil Code's insurance contract)."""
    names = [re.sub(r"\s+", "", n) for n in named_laws(question)]
    if not names:
        return []
    laws, sessions = [], []
    for doc in state.documents():
        info = state.versions[state.latest[doc]]
        if info.kind in SESSION_KINDS:
            sessions.append(doc)
            continue
        if any(law_titled(n, info.title) for n in names):
            laws.append(doc)
    return laws + sessions if laws else []


ASKS_DEFINITION = re.compile(r"นิยาม|หมายความว่า|หมายถึง|คืออะไร|แปลว่า|\bdefin|\bmeaning\b|what does .+ mean|"
                              r"what (?:is|are) (?:an? |the )?[\"“]", re.I)


def names_other_law(question: str, titles: str) -> bool:
    """The question names a law ("พ.ร.บ.โรงงาน", "the Basel Convention") whose name's first word the
    given title text (lower case) does not hold."""
    for name in named_laws(question):
        words = tokenize(name, subwords=False)
        if words and words[0] not in titles:
            return True
    return False


def definition_first(snap: Snapshot, ranked: list, uids: list[str], texts: list[str], make_hit) -> list:
    """A question about what a term means is answered by the section that defines it ("“อนุรักษ์
    พลังงาน” หมายความว่า …"): the longest term the question uses that a document in scope defines
    puts its definition section first (retrieval had it fifth or sixth behind the sections that use
    the term). Definitions are read once per version and snapshot (ingest.references.definitions)."""
    folded = [to_arabic(t.lower()) for t in texts]
    found: tuple[tuple[int, int], str, str, str] | None = None
    for uid in uids:
        for term, where in defined_terms(snap, uid).items():
            for form in _forms(term.lower()):  # "กำจัด" asks about “การกำจัด”
                at = min((f.find(form) for f in folded if form in f), default=-1)
                if at >= 0 and (found is None or (len(form), -at) > found[0]):  # the longest, then the first
                    found = ((len(form), -at), uid, where[0], term)
    if found is None:
        return ranked
    _, uid, number, term = found
    rows = snap.groups.get(f"{uid}|s|{number}")
    if not rows:
        return ranked
    hit = first_of(ranked, rows[0].group, rows, make_hit)
    hit.defines = term
    return [hit] + [h for h in ranked if h is not hit]


def first_of(ranked: list, key: str, rows: list, make_hit):
    """The hit of this group, from the ranking or made, scored as high as the ranking's first (it goes first)."""
    hit = next((h for h in ranked if h.key == key), None) or make_hit(key, rows)
    hit.score = max(hit.score, ranked[0].score if ranked else 0.0)
    return hit


def _forms(term: str) -> list[str]:
    """A defined term as a question may write it: whole, or without the nominaliser การ/ความ."""
    bare = re.sub(r"^(?:การ|ความ)", "", term)
    return [f for f in dict.fromkeys([term, bare]) if len(f) >= 3]


def defining(weights: dict[str, float], term: str) -> dict[str, float]:
    """The question's word weights with the defined term in its quotation marks (“กำจัด”) as heavy as
    its heaviest word: the unit quoted is the term's own definition, not another that uses the word."""
    return {**weights, f"“{to_arabic(term.lower())}”": max(weights.values(), default=1.0)}


def defined_terms(snap: Snapshot, uid: str) -> dict[str, list[str]]:
    """The terms a document's บทนิยาม defines → the sections that define them (read once per snapshot)."""
    def build() -> dict[str, list[str]]:
        prefix = f"{uid}|s|"
        sections = [(str(rows[0].meta.get("section", "")), "\n".join(r.text for r in rows))
                    for g, rows in snap.groups.items() if g.startswith(prefix)]
        return definitions(sections)

    return snap.derived(("definitions", uid), build)  # type: ignore[no-any-return]


def named_first(snap: Snapshot, ranked: list, named: list[str], uids: list[str], tokens: list[str],
                laws: dict[str, list[str]], make_hit) -> list:
    """Sections the question names go first. When several documents have that number, keep
    the one of the law written after it ("มาตรา 42 (26) แห่งประมวลรัษฎากร"), else the ones whose
    title the question mentions, else the one retrieval ranks best."""
    by_key = {h.key: h for h in ranked}
    position = {h.key: i for i, h in enumerate(ranked)}
    top = ranked[0].score if ranked else 1.0
    first: list = []
    for number in named:
        candidates = []
        for uid in uids:
            rows = snap.groups.get(f"{uid}|s|{number}")
            if rows:
                key = rows[0].group
                candidates.append(by_key.get(key) or make_hit(key, rows))
        if len(candidates) > 1 and number in laws:
            own = [h for h in candidates if any(law_titled(n, str(h.meta.get("title", ""))) for n in laws[number])]
            candidates = own or candidates
        if len(candidates) > 1:
            words = {t for t in tokens if not t.startswith("#")}
            overlap = {h.key: _title_overlap(words, h.meta) for h in candidates}
            best = max(overlap.values())
            if best >= 0.5:
                candidates = [h for h in candidates if overlap[h.key] >= best - 1e-9]
            else:
                candidates = [min(candidates, key=lambda h: position.get(h.key, len(ranked)))]
        for h in candidates:
            if h.key in {f.key for f in first}:
                continue
            by_key.pop(h.key, None)
            h.named = True
            h.score = top + 1.0
            first.append(h)
    return first + [h for h in ranked if h.key in by_key]


def _title_overlap(words: set[str], meta: dict) -> float:
    """Share of the title's words that the question uses."""
    t = _title_words(str(meta.get("title", "")))
    return len(words & t) / (len(t) or 1)


@functools.lru_cache(maxsize=1024)
def _title_words(title: str) -> frozenset[str]:
    return frozenset(tokenize(title, subwords=False))
