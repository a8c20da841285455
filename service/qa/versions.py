"""Answers that know versions: a version named in words, a section the latest version removed,
"what changed" questions answered from the diff, and the change status of a cited section.

Retrieval's scope already reads ordinals ("ฉบับที่ ๒", "ร่างแรก", "the second draft"); this module
adds the words that name a version without a number ("ร่างล่าสุด", "ร่างเดิม", a label's own words such
as "ฉบับรับฟังความคิดเห็น"). The comparison itself is `service.qa.changes` (ingest.diff, cached per
snapshot): the version before the latest → the latest unless the question names another.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.diff import DiffError, DocumentDiff, UnitDiff
from ingest.diff.export import STATUS_TH
from ingest.kinds import SESSION_KINDS
from ingest.lexical import tokenize
from ingest.store import VersionInfo
from ingest.thai import to_arabic, to_thai_digits
from service.qa.changes import document_diff
from service.qa.compose import source_phrase
from service.qa.extractive import coverage
from service.qa.index import Snapshot
from service.qa.retrieve import Hit, section_refs
from service.qa.version_refs import asks_origin, named_version, statuses_asked, topic_of, without_change_words

TOPIC_HITS = 10  # retrieved passages (of both versions) whose sections' changes a topic question may report
TOPIC_RETRIEVED = 0.4  # added to a changed section's topic coverage when retrieval found it first (less lower)
TOPIC_MIN, TOPIC_SHARE = 0.5, 0.8  # a changed section is reported when it holds this much of the topic
TOPIC_ALONE = 0.9  # ... and this much when retrieval did not find it
TOPIC_MAX = 4  # changed sections one topic answer reports
GENERAL_MAX = 20  # changed sections listed for "what changed" in general


def compared(snap: Snapshot, key: str, question: str) -> DocumentDiff | None:
    """The two versions a question about changes compares: those before and after the version it
    names, by default the version before the latest and the latest; None when there are not two."""
    st = snap.state
    versions = st.versions_of(key)
    if len(versions) < 2 or versions[0].kind in SESSION_KINDS:
        return None
    latest = st.versions.get(st.latest.get(key, ""))
    named = named_version(question, versions, latest)
    new = None
    if named and named[0].version_uid != versions[0].version_uid:
        new = named[0].version
    try:
        return document_diff(snap, key, None, new)
    except DiffError:
        return None


def removed_sections(snap: Snapshot, question: str, uids: list[str]) -> list[tuple[UnitDiff, VersionInfo, VersionInfo]]:
    """Sections a question names that a latest version in scope no longer has, but the version
    before it had and the latest removed: (the diff of that section, the old version, the latest)."""
    out = []
    numbers = section_refs(question)
    if not numbers:
        return out
    st = snap.state
    for uid in uids:
        v = st.versions.get(uid)
        if v is None or not snap.is_latest(uid) or v.kind in SESSION_KINDS:
            continue
        for number in numbers:
            if snap.section_rows(v.doc_key, uid, number):
                continue
            d = compared(snap, v.doc_key, "")
            if d is None:
                continue
            u = next((u for u in d.units if u.kind == "section" and u.status == "removed"
                      and u.old is not None and u.old.number == number), None)
            old = st.find(v.doc_key, d.old.label)
            if u is not None and old is not None and snap.section_rows(v.doc_key, old.version_uid, number):
                out.append((u, old, v))
    return out


def section_hit(snap: Snapshot, v: VersionInfo, number: str, score: float = 0.0) -> Hit | None:
    rows = snap.section_rows(v.doc_key, v.version_uid, number)
    return Hit(rows[0].group, rows, rows[0], score, named=True) if rows else None


def removed_lead(u: UnitDiff, latest: VersionInfo, lang: str) -> str:
    label = u.old.label if u.old else ""
    if lang == "en":
        return f"Section {u.number} was removed in {latest.version}; the earlier text follows."
    return f"{label} ถูกตัดออกใน{_ver(latest.version)}"


def _ver(label: str) -> str:
    return label if label.startswith(("ฉบับ", "ร่าง")) else f"ฉบับ {label}"


# --- "what changed" -----------------------------------------------------------------------
@dataclass
class Changed:
    """What a "what changed" answer is made of: one line per section, and the hits that prove it
    (each line's markers index `hits`, the older version's passage before the newer one's)."""

    diff: DocumentDiff
    lead: str
    lines: list[tuple[str, list[int]]] = field(default_factory=list)  # (text, hit indexes)
    hits: list[tuple[Hit, str]] = field(default_factory=list)  # (hit, the changed text to quote near)
    general: bool = False
    weights: dict[str, float] = field(default_factory=dict)  # the topic's words: which unit of a new section to quote


def change_line(u: UnitDiff, diff: DocumentDiff, lang: str) -> str:
    label = (u.new or u.old).label if (u.new or u.old) else u.number
    if lang == "en":
        figures = "; ".join(f"{a} → {b}" for a, b in u.figures)
        return f"Section {u.number} {u.status} in {diff.new.label}" + (f": {figures}" if figures else "")
    if u.status == "renumbered" and u.old and u.new:
        head = f"{u.old.label} เปลี่ยนเป็น{u.new.label}ใน{_ver(diff.new.label)}"
    elif u.status == "unchanged":
        head = f"{label} ไม่มีการแก้ไขใน{_ver(diff.new.label)} (คงเดิมตาม{_ver(diff.old.label)})"
    else:
        head = f"{label} {STATUS_TH[u.status]}ใน{_ver(diff.new.label)}"
    summary = u.summary.strip()
    return f"{head}: {summary}" if summary and u.status in ("amended", "renumbered") else head


def general_changes(snap: Snapshot, diff: DocumentDiff, lang: str, only: set[str] | frozenset = frozenset()) -> Changed:
    counts = diff.counts("section")
    parts = [f"{STATUS_TH[s]} {to_thai_digits(str(counts[s]))} มาตรา" for s in ("amended", "added", "removed", "renumbered")
             if counts[s]]
    if lang == "en":
        lead = f"{diff.new.label} compared with {diff.old.label}: " + ", ".join(
            f"{counts[s]} {s}" for s in ("amended", "added", "removed", "renumbered") if counts[s])
    else:
        lead = f"{_ver(diff.new.label)} เทียบกับ{_ver(diff.old.label)}: " + (" ".join(parts) or "ไม่มีมาตราที่แก้ไข")
    out = Changed(diff, lead, general=True)
    for u in [u for u in diff.units if u.kind == "section" and u.status != "unchanged"
              and (not only or u.status in only)][:GENERAL_MAX]:
        side = "old" if u.status == "removed" else "new"
        hit = _diff_hit(snap, diff, u, side)
        if hit is None:
            continue
        out.hits.append((hit, _changed_text(u, side)))
        out.lines.append((change_line(u, diff, lang), [len(out.hits) - 1]))
    return out


def section_changes(snap: Snapshot, diff: DocumentDiff, units: list[UnitDiff], lang: str,
                    origin: bool = False) -> Changed:
    """Each section's change, proved by the older text and the newer one (one of them when the
    section was added or removed, or is unchanged, unless the question asks whether it was new:
    then the older text shows it was already there)."""
    out = Changed(diff, "")
    for u in units:
        idx = []
        for side in ("old", "new"):
            if u.status == "unchanged" and side == "old" and not origin:
                continue
            hit = _diff_hit(snap, diff, u, side)
            if hit is not None:
                out.hits.append((hit, _changed_text(u, side)))
                idx.append(len(out.hits) - 1)
        if idx:
            out.lines.append((change_line(u, diff, lang), idx))
    return out


def _diff_hit(snap: Snapshot, diff: DocumentDiff, u: UnitDiff, side: str) -> Hit | None:
    unit = u.old if side == "old" else u.new
    v = snap.state.find(diff.document, diff.old.label if side == "old" else diff.new.label)
    if unit is None or v is None:
        return None
    return section_hit(snap, v, unit.number)


def _changed_text(u: UnitDiff, side: str) -> str:
    """Words near the first change on one side, to pick the passage's unit to quote."""
    unit = u.old if side == "old" else u.new
    if unit is None or not u.changes:
        return ""
    c = u.changes[0]
    start, end = (c.old_start, c.old_end) if side == "old" else (c.new_start, c.new_end)
    return unit.text[max(0, start - 12): end + 12]


def quote_near(snap: Snapshot, hit: Hit, near: str, weights: dict[str, float] | None = None):
    """The passage's unit that holds the changed words (spaces ignored); for a section with no changed
    words (added whole, or unchanged) the unit holding most of the topic's words; else its first unit
    after the heading; (quote, unit)."""
    passage = snap.passage(hit.key)
    units = passage.units
    if not units:
        return passage.text[:400], None
    if not near and weights:
        best = max(range(len(units)), key=lambda i: (coverage(weights, passage.folded[i]), -i))
        return units[best].text, units[best]
    flat = re.sub(r"\s+", "", near)
    for probe in (flat, flat[6:-6] if len(flat) > 16 else ""):
        if probe:
            for unit in units:
                if probe in re.sub(r"\s+", "", unit.text):
                    return unit.text, unit
    return units[0].text, units[0]


# --- citations ------------------------------------------------------------------------------
def change_status(snap: Snapshot, doc_key: str, version: str, section: str | None) -> tuple[str | None, str | None]:
    """(status, changed_in) of a cited section: how it fared between its version and the latest
    (amended, added, removed, renumbered or unchanged) and the latest's label when it changed;
    (None, None) for a document with one version, a session, or a passage that is not a section."""
    if not section:
        return None, None
    st = snap.state
    versions = st.versions_of(doc_key)
    latest = st.versions.get(st.latest.get(doc_key, ""))
    if len(versions) < 2 or latest is None or versions[0].kind in SESSION_KINDS:
        return None, None
    try:
        if version == latest.version:
            d = document_diff(snap, doc_key)
            side = "new"
        else:
            d = document_diff(snap, doc_key, version, latest.version)
            side = "old"
    except DiffError:
        return None, None
    for u in d.units:
        unit = getattr(u, side)
        if u.kind == "section" and unit is not None and unit.number == section:
            if side == "new" and u.status == "removed":
                continue
            return u.status, (latest.version if u.status != "unchanged" else None)
    return None, None


# --- a "what changed" question, end to end -------------------------------------------------
def changed_document(snap: Snapshot, question: str, documents: list[str] | None) -> DocumentDiff | None:
    """The comparison a "what changed" question is about: of the one legal document in scope with
    several versions (or the one whose title the question shares most words with)."""
    st = snap.state
    keys = [k for k in (documents if documents is not None else st.documents())
            if len(st.versions_of(k)) > 1 and st.versions_of(k)[0].kind not in SESSION_KINDS]
    if len(keys) > 1:
        q = set(tokenize(question, subwords=False))
        overlap = {k: len(q & set(tokenize(st.versions_of(k)[-1].title, subwords=False))) for k in keys}
        best = max(overlap.values())
        keys = [k for k in keys if overlap[k] == best]
    return compared(snap, keys[0], question) if len(keys) == 1 else None


def what_changed(answerer, snap: Snapshot, question: str, documents: list[str] | None, lang: str) -> Changed | None:
    """A "what changed" question answered from the diff: of the sections it names; else of the
    sections retrieval finds for its topic (in both versions, found as any question is found);
    else, with no topic, every changed section. None when there is nothing to compare or the
    topic is not found (the ordinary answer then says so)."""
    diff = changed_document(snap, question, documents)
    if diff is None:
        return None
    named = [u for u in (diff.section(n) for n in section_refs(question)) if u is not None]
    if named:
        return section_changes(snap, diff, named, lang, asks_origin(question))
    title = set(tokenize(diff.title, subwords=False))
    if not topic_of(question, title):
        return general_changes(snap, diff, lang, statuses_asked(question))
    uids = [v.version_uid for v in (snap.state.find(diff.document, diff.old.label),
                                    snap.state.find(diff.document, diff.new.label)) if v is not None]
    topic = without_change_words(question)
    r = answerer.retriever.retrieve(snap, topic, uids, TOPIC_HITS + 2)
    reading = answerer.read(snap, topic, r)
    retrieved: list[UnitDiff] = []
    for h in reading.order[:TOPIC_HITS]:
        if h.meta.get("block") != "section":
            continue
        side = "old" if h.meta.get("version") == diff.old.label else "new"
        u = next((u for u in diff.units if u.kind == "section" and getattr(u, side) is not None
                  and getattr(u, side).number == str(h.meta.get("section"))), None)
        if u is not None and u not in retrieved:
            retrieved.append(u)
    # the changed sections are few: those whose two texts hold most of the topic are reported,
    # those retrieval found first before the others
    rank = {id(u): 1.0 - i / TOPIC_HITS for i, u in enumerate(retrieved)}
    cover = {id(u): coverage(reading.weights, _folded(u))
             for u in diff.units if u.kind == "section" and u.status != "unchanged"}
    best = max(cover.values(), default=0.0)
    # one retrieval did not find needs to hold nearly the whole topic ("โทษปรับ": every fine that changed)
    units = sorted((u for u in diff.units if id(u) in cover and cover[id(u)] >= max(TOPIC_MIN, TOPIC_SHARE * best)
                    and (id(u) in rank or cover[id(u)] >= TOPIC_ALONE)),
                   key=lambda u: -(cover[id(u)] + TOPIC_RETRIEVED * rank.get(id(u), 0.0)))
    # no changed section holds the topic: it is unchanged if the draft holds it (found, or the first
    # section retrieved holds most of it: "เรื่องรัฐมนตรีผู้รักษาการ" is a topic, not a question to answer)
    first = reading.choices.get(reading.order[0].key) if reading.order else None
    held = first is not None and first.coverage >= TOPIC_MIN and reading.order[0].meta.get("block") == "section"
    if not units and not (retrieved and (held or answerer.decide(reading, 5).found)):
        return None
    out = section_changes(snap, diff, units[:TOPIC_MAX] or retrieved[:1], lang, asks_origin(question))
    out.weights = reading.weights
    return out


def changed_text(ch: Changed, cites: list, lang: str) -> str:
    """The lead (for a general question, the counts), one line per section with its markers, then
    (for named sections and topics) each cited passage quoted, as every extractive answer is."""
    lines = [ch.lead] if ch.lead else []
    lines += [f"{text} {''.join(f'[{cites[i].marker}]' for i in idx)}" for text, idx in ch.lines]
    if not ch.general:
        lines += [f"{source_phrase(c, lang, first=True)} “{c.quote}” [{c.marker}]" for c in cites]
    return "\n".join(lines)


def _folded(u: UnitDiff) -> str:
    return to_arabic(" ".join(x.text for x in (u.old, u.new) if x is not None).lower())
