"""A statute's own links: the sections each section names, and the defined terms it uses.

"ผู้ใดไม่ปฏิบัติตามมาตรา ๑๕/๑ วรรคสอง หรือมาตรา ๒๖ ต้องระวางโทษ…" names sections 15/1 and 26 of the
same document; "มาตรา ๕ แห่งพระราชบัญญัติโรงงาน พ.ศ. ๒๕๓๕" or "ประมวลรัษฎากร มาตรา ๔๐" (in another
act) names another law's section and links nothing here; "ตามวรรคหนึ่ง" points inside the section
itself. A term quoted in a บทนิยาม section ("“กองทุน” หมายความว่า …") and used in a section links that
section to its definition. Parsed once per document at ingest and stored on every chunk of the
section as one JSON string (`references`); nothing in retrieval uses them (see docs/DECISIONS.md).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ingest.thai import SECTION_SUFFIXES, normalize_section_number, section_sort_key, to_arabic

META_KEY = "references"
_SUF = "|".join(sorted(SECTION_SUFFIXES, key=len, reverse=True))
# a suffix glued to the next word ("๓ ทวิแห่ง…", a lost space) only before words that can follow a number
_AFTER_SUFFIX = r"(?=$|[^ก-๛]|แห่ง|และ|หรือ|วรรค|ให้|ถึง|ต้อง|ซึ่ง|ที่|มา|แล้ว|เว้น|ไม่|ด้วย|นั้น|โดย|ก็|จะ)"
_NUM = r"([0-9๐-๙]+(?:\s*/\s*[0-9๐-๙]+)?)"
_ORDINAL = r"(หนึ่ง|สอง|สาม|สี่|ห้า|หก|เจ็ด|แปด|เก้า|สิบ|[0-9๐-๙]+)"
_QUAL = re.compile(
    rf"\s*(?:(?:,|และ|หรือ)\s*)?(?:\(\s*([0-9๐-๙]{{1,3}})\s*\)|\(([ก-ฮ])\)|วรรค\s*{_ORDINAL})"
)
_GAP = re.compile(r"^(?:\s|,|และ|หรือ|ถึง|กับ|แล้วแต่กรณี)*$")
_LAW = r"(?:พระราชบัญญัติ|ประมวล|พระราชกำหนด|พระราชกฤษฎีกา|รัฐธรรมนูญ|กฎหมาย|กฎกระทรวง)"
_AFTER_LAW = re.compile(rf"\s*(?:ของ|แห่ง)\s*({_LAW}[^\n]{{0,120}})")
# a law named just before the reference: a code, or an act with its year ("… พ.ศ. ๒๕๓๕ มาตรา ๕")
_BEFORE_LAW = re.compile(
    r"(ประมวล[ก-๙]+|(?:พระราชบัญญัติ|พระราชกำหนด)\S*(?:\s+\S+){0,5}?\s*พ\.\s*ศ\.\s*[0-9๐-๙]{4}"
    r"(?:\s*\(ฉบับที่\s*[0-9๐-๙]+\))?|รัฐธรรมนูญ\S*)\s*$"
)
_JOINED = re.compile(r"(?:ตาม|ใน|โดย|แห่ง|ของ|กับ|และ|หรือ|ที่|ซึ่ง)$")  # "…ออกตาม": not a law's name
_WITHIN = re.compile(r"วรรค\s*(หนึ่ง|สอง|สาม|สี่|ห้า|หก|เจ็ด|แปด|เก้า|สิบ|ก่อน|ท้าย)")
_DEFINED = re.compile(r"[“\"]([^”\"\n]{1,80})[”\"]\s*(?:หมายความว่า|หมายถึง)")
_YEAR = re.compile(r"\s*พ\.\s*ศ\..*$")


@dataclass
class Ref:
    """One named section of this document, with the items and paragraphs named with it."""

    section: str  # normalised: "40", "65 ทวิ", "22/1"
    items: list[str] = field(default_factory=list)  # "(๕)" → "5", "(ข)" → "ข"
    paragraphs: list[str] = field(default_factory=list)  # "วรรคสอง" → "สอง"
    through: bool = False  # the end of "มาตรา a ถึงมาตรา b" (not stored: the range is filled in)


@dataclass
class SectionRefs:
    sections: list[Ref] = field(default_factory=list)  # other sections of this document it names
    within: list[str] = field(default_factory=list)  # "วรรคหนึ่ง" …: paragraphs of the section itself
    external: list[str] = field(default_factory=list)  # another law's sections, as printed: not links
    missing: list[str] = field(default_factory=list)  # named sections this document does not have
    terms: dict[str, str] = field(default_factory=dict)  # defined term used → its definition section

    def links(self, own: str = "") -> list[str]:
        """Sections named, then the definition sections of the terms used; each once, never `own`."""
        out = [r.section for r in self.sections] + list(self.terms.values())
        return [s for s in dict.fromkeys(out) if s != own]

    def to_meta(self) -> str:
        data = {
            "sections": [[r.section, r.items, r.paragraphs] for r in self.sections],
            "within": self.within,
            "external": self.external,
            "missing": self.missing,
            "terms": self.terms,
        }
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_meta(cls, value: object) -> SectionRefs:
        """The stored field, or empty for an index built before it (or a value it cannot read)."""
        try:
            data = json.loads(str(value)) if value else {}
            return cls(
                [Ref(str(s), list(i), list(p)) for s, i, p in data.get("sections", [])],
                list(data.get("within", [])),
                list(data.get("external", [])),
                list(data.get("missing", [])),
                dict(data.get("terms", {})),
            )
        except (ValueError, TypeError, AttributeError):
            return cls()


def _ref_re(unit: str) -> re.Pattern[str]:
    return re.compile(rf"{unit}\s*{_NUM}(?:\s*({_SUF}){_AFTER_SUFFIX})?(?![0-9๐-๙/])")


def title_core(title: str) -> str:
    """A title as compared with a law named in the text: no ร่าง, no year, no spaces."""
    title = re.sub(r"^\(?\s*ร่าง\s*\)?\s*", "", title.strip())
    return re.sub(r"\s+", "", _YEAR.sub("", title))


def _other_law(name: str, own_title: str) -> bool:
    """A law named beside a section reference is another law unless it is "…นี้" or this document."""
    head = name.split()[0] if name.split() else name
    if re.match(rf"{_LAW}[^\s]*?นี้", head) or head in {"กฎหมาย", "ประมวลกฎหมาย"}:
        return False
    core = title_core(own_title)
    squeezed = re.sub(r"\s+", "", _YEAR.sub("", name))
    return not (core and (squeezed.startswith(core) or core.startswith(squeezed)))


def parse_refs(text: str, own: str = "", *, unit: str = "มาตรา", title: str = "") -> SectionRefs:
    """The references in one section's text, its own heading ("มาตรา ๑๒  …" at the start) excluded.
    A range ("มาตรา ๒๘๘ ถึงมาตรา ๒๙๐") comes back as its two ends; `document_refs` fills it in."""
    out = SectionRefs()
    spans: list[tuple[int, int]] = []
    found: list[tuple[int, int, Ref, str]] = []  # (start, end, ref, gap before it)
    for m in _ref_re(unit).finditer(text):
        if m.start() == 0 and own:  # the heading
            spans.append((m.start(), m.end()))
            continue
        printed = m.group(1) + (f" {m.group(2)}" if m.group(2) else "")
        try:
            number = normalize_section_number(printed)
        except ValueError:
            continue
        ref, end = Ref(number), m.end()
        while q := _QUAL.match(text, end):
            if q.group(1):
                ref.items.append(to_arabic(q.group(1)).lstrip("0") or "0")
            elif q.group(2):
                ref.items.append(q.group(2))
            else:
                ref.paragraphs.append(q.group(3))
            end = q.end()
        gap = text[found[-1][1] : m.start()] if found else ""
        found.append((m.start(), end, ref, gap))
        spans.append((m.start(), end))
    # runs of references joined by และ/หรือ/ถึง share the law named before or after the run
    runs: list[list[tuple[int, int, Ref, str]]] = []
    for f in found:
        if runs and _GAP.match(f[3]) and f[3] != "":
            runs[-1].append(f)
        else:
            runs.append([f])
    for run in runs:
        start, end = run[0][0], run[-1][1]
        after = _AFTER_LAW.match(text, end)
        before = _BEFORE_LAW.search(text[max(0, start - 160) : start])
        if before and _JOINED.search(before.group(1)):
            before = None
        law = after.group(1) if after else before.group(1) if before else None
        if law and _other_law(law, title):
            out.external.extend(re.sub(r"\s+", " ", text[s:e]).strip() for s, e, _, _ in run)
            continue
        for i, (_, _, ref, gap) in enumerate(run):
            ref.through = bool(i) and "ถึง" in gap
            if ref.section != own:
                out.sections.append(ref)
    for m in _WITHIN.finditer(text):
        if not any(s <= m.start() < e for s, e in spans):
            out.within.append(f"วรรค{m.group(1)}")
    out.within = list(dict.fromkeys(out.within))
    return out


def definitions(sections: Sequence[tuple[str, str]]) -> dict[str, list[str]]:
    """Defined term → the sections that define it ("“กองทุน” หมายความว่า …"), in document order."""
    out: dict[str, list[str]] = {}
    for number, text in sections:
        for m in _DEFINED.finditer(text):
            term = m.group(1).strip()
            if len(term) >= 2 and number not in out.setdefault(term, []):
                out[term].append(number)
    return out


def _terms_used(text: str, defined: dict[str, list[str]]) -> list[str]:
    """Defined terms in `text`, a longer term hiding the shorter ones inside it
    ("ผู้ก่อกากอุตสาหกรรม" is not also a use of "กากอุตสาหกรรม")."""
    used = []
    for term in sorted(defined, key=len, reverse=True):
        if term in text:
            used.append(term)
            text = text.replace(term, "\x00")
    return used


def document_refs(
    sections: Sequence[tuple[str, str, Sequence[str]]], *, unit: str = "มาตรา", title: str = ""
) -> dict[str, SectionRefs]:
    """Every section's references, (number, text, chapter path) in document order: links only to
    sections the document has (others are `missing`), ranges filled in, defined terms resolved to the
    definition section nearest in the chapter tree (the first one on a tie)."""
    numbers = [n for n, _, _ in sections if n]
    have = set(numbers)
    ordered = sorted(have, key=section_sort_key)
    defined = definitions([(n, t) for n, t, _ in sections if n])
    paths = {n: list(p) for n, _, p in sections}
    out: dict[str, SectionRefs] = {}
    for number, text, path in sections:
        if not number or number in out:
            continue
        refs = parse_refs(text, number, unit=unit, title=title)
        kept: list[Ref] = []
        for ref in refs.sections:
            if ref.through:  # "มาตรา a ถึงมาตรา b": the sections between
                lo = section_sort_key(kept[-1].section) if kept else None
                hi = section_sort_key(ref.section)
                if lo is not None and lo < hi and hi[0] - lo[0] <= 50:
                    kept.extend(Ref(n) for n in ordered if lo < section_sort_key(n) < hi and n != number)
            if ref.section not in have:
                refs.missing.append(ref.section)
            elif all(k.section != ref.section for k in kept):
                kept.append(ref)
            else:
                k = next(k for k in kept if k.section == ref.section)
                k.items += [i for i in ref.items if i not in k.items]
                k.paragraphs += [p for p in ref.paragraphs if p not in k.paragraphs]
        refs.sections = kept
        refs.missing = list(dict.fromkeys(refs.missing))
        own_terms = {t for t, where in defined.items() if number in where}
        for term in _terms_used(text, defined):
            if term in own_terms:
                continue
            where = defined[term]
            refs.terms[term] = max(where, key=lambda d: (_shared(paths.get(d, []), path), -where.index(d)))
        out[number] = refs
    return out


def _shared(a: Sequence[str], b: Sequence[str]) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n
