"""The legal structure of a Thai act or draft act, from normalised page texts.

`parse_draft(pages)` finds the title and year, the memorandum (บันทึกหลักการและเหตุผล), the
preamble, the headings (ภาค, บรรพ, ลักษณะ, หมวด, ส่วน, ตอน, บทเฉพาะกาล, บทกำหนดโทษ) and every มาตรา,
with page ranges and chapter paths.

A มาตรา heading is "มาตรา N" at the start of a line, but so is a reference whose sentence wrapped
there ("...ตาม\\nมาตรา ๑๒ วรรคสอง"). Every line-start candidate gets a local score (what follows the
number, how the previous line ends, whether a heading precedes it) and the parser keeps the best chain
of increasing numbers (a weighted longest increasing subsequence): a reference to an earlier section
can never start one, and a reference to a later one loses to the real heading.
bench/structure_check.py measures it on real statute PDFs.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from dataclasses import dataclass, field

from ingest import clauses
from ingest.models import Page, ParsedDraft, Section, UnitWord
from ingest.thai import SECTION_SUFFIXES, normalize_section_number, section_sort_key, to_arabic

_SUF = "|".join(sorted(SECTION_SUFFIXES, key=len, reverse=True))
_NUM = rf"[0-9๐-๙]+(?:\s*/\s*[0-9๐-๙]+)?(?:\s*(?:{_SUF})(?![ก-๛]))?"
_SECTION_RE = re.compile(rf"^มาตรา\s*({_NUM})(?![0-9๐-๙/])\s*(.*)$")
_GLUED_SUFFIX_RE = re.compile(rf"^({_SUF})(?=[ก-ฮเ-ไ])")
_HEAD_RE = re.compile(rf"^(ภาค|บรรพ|ลักษณะ|หมวด|ส่วนที่|ส่วน|ตอนที่|ตอน)\s*({_NUM})(?![0-9๐-๙/])\s*(.*)$")
_LEVELS = {"ภาค": 0, "บรรพ": 1, "ลักษณะ": 2, "หมวด": 3, "ส่วนที่": 4, "ส่วน": 4, "ตอนที่": 5, "ตอน": 5}
_BARE_HEADS = {"บทเฉพาะกาล": 3, "บทกำหนดโทษ": 3}
# Schedule entries printed as run-in headings ("บัญชีอัตราอากรแสตมป์ ๕ ..."), counted 1, 2, 3 ...
_SCHEDULE_RE = re.compile(r"^(บัญชี[^\s0-9๐-๙]+)\s+([0-9๐-๙]+)(?![0-9๐-๙/.])")
_MEMO_RE = re.compile(r"^(?:บันทึก\s*หลักการ\s*และ\s*เหตุผล|หมายเหตุ\s*[:：]?-?\s*เหตุผลในการประกาศใช้)")
_ANNEX_RE = re.compile(r"^(?:อัตราค่าธรรมเนียม|อัตราโทษ|บัญชี|ตาราง|แบบท้าย|ท้ายพระราชบัญญัติ|ภาคผนวก)")
_SIGNATURE_RE = re.compile(r"^ผู้รับสนองพระ(?:บรม)?ราชโองการ")
_TITLE_RE = re.compile(
    r"^(?:ประกอบ\s*)?(\(?\s*ร่าง\s*\)?)?\s*((?:พระราชบัญญัติ|พระราชกำหนด|พระราชกฤษฎีกา|ประมวล|กฎกระทรวง)(?!นี้).*)$"
)
_DRAFT_MARK_RE = re.compile(r"^\(?\s*ร่าง\s*\)?$")
_YEAR_RE = re.compile(r"พ\.\s*ศ\.\s*(?:([0-9๐-๙]{4})|(?:\.\s*){2,}|…)")
_TITLE_STOP_RE = re.compile(r"^(?:มาตรา|ภูมิพล|ป\.ร\.|ให้ไว้|พระบาท|โดยที่|หลักการ|เหตุผล|บันทึก|[.…_\-]{3,})")
_NAMED_IN_S1_RE = re.compile(r"เรียกว่า\s*“([^”]{4,200})”")
_PAGE_NO_RE = re.compile(r"^[-–—]\s*[0-9๐-๙]+\s*[-–—]$")
_DECOR_RE = re.compile(r"^[\s.…_\-–—=*]+$")
_ITEM_RE = re.compile(r"^(?:\(\s*[0-9๐-๙]+\s*\)|\([ก-ฮ]\)|[ก-ฮ]\.\s|[0-9๐-๙]+\.\s)")
_DEF_RE = re.compile(r"^“[^”]{1,80}”\s*(?:หมายความ|หมายถึง)")
# What follows "มาตรา N" / "หมวด N" when the line is a wrapped reference, not a heading.
_REF_START_RE = re.compile(
    r"^(?:วรรค|และ|หรือ|ถึง(?!แม้)|แห่ง|มาตรา|ประกอบ|มาใช้|นั้น|นี้|แล้ว|ต้อง|ก็ได้|ได้|ซึ่ง|ดังกล่าว|เป็นต้น"
    r"|[,;/)]|[-–](?!\s*[0-9๐-๙]))"
)
_ITEM_REF_RE = re.compile(r"^\(\s*[0-9๐-๙ก-ฮ]{1,3}\s*\)")  # mostly "มาตรา ๔๐ (๒)", but a section may open so
_HEAD_REF_START_RE = re.compile(r"^(?:ว่าด้วย|ไม่|ที่|ของ|ตาม|มา|ภาค|บรรพ|ลักษณะ|หมวด|ส่วน)")
# How a line ends when its sentence goes on with a reference on the next line.
_CONT_END_RE = re.compile(
    r"(?:ตาม|ใน|แห่ง|และ|หรือ|กับ|ถึง|โดย|ของ|บัญญัติ|ว่าด้วย|เว้นแต่|ยกเว้น|แก่|จาก|ภายใต้บังคับ|ฝ่าฝืน|ตั้งแต่)$"
)
_BELOW = {"\u0e38", "\u0e39"}  # sara u, sara uu
_MARKS = set(map(chr, [0x0E31, *range(0x0E34, 0x0E3B), *range(0x0E47, 0x0E4F)]))  # above/below marks
_NO_LINE_START = _MARKS | set("ะาำๅ")
_OWN_LINE = {"หลักการ", "เหตุผล", "บันทึกหลักการและเหตุผล"}  # a memo's part titles

_MAX_NAME_LINES = 5  # a heading's name may wrap (or be split at marks); then a heading or มาตรา follows
# A visual line narrower than _SHORT of a full one ends its paragraph. Consecutive lines that fit on one
# line together (≤ _PAIR) after a stacked mark are one visual line the extractor split ("...ว่า ผู้" /
# "ซึ่ง..."). On the eval-dev paragraph breaks: precision .96, recall .85 (width alone at .8: .34/.93).
_SHORT = 0.7
_SHORT_FIRST = 0.55  # a paragraph's first line is indented (and opens with a bold heading)
_PAIR = 1.05
_DUPLICATE = -0.5  # chain score of repeating a number: kept when nothing marks the line as a reference
_GAP = 1.0  # chain penalty per doubling of the numbers skipped (a reference far ahead loses to the chain)
_WINDOW = 400  # candidates looked back at in the chain search

_Key = tuple[int, int, int]


@dataclass
class _Line:
    page: int
    text: str
    soft_end: bool = False  # the extractor kept a space at the end: the break is between words
    para: bool = False  # a blank line or an indent before it
    hard: bool = False  # a Word paragraph starts here: never joined to the line before
    indent: bool = False  # indented from the margin (a blank line alone does not set it)


@dataclass
class _Event:
    kind: str  # "section" | "head" | "memo" | "closing" | "annex" | "end"
    number: str = ""
    printed: str = ""
    level: int = 0
    label: str = ""
    span: int = 1  # lines the event itself takes (a heading and its name lines; a memo)


@dataclass
class _Doc:
    lines: list[_Line]
    width: float  # characters on a full line (90th percentile)
    events: dict[int, _Event] = field(default_factory=dict)  # by the line index where each starts
    unit: UnitWord = "มาตรา"
    titled_order: bool = False  # the title says ประกาศ, คำสั่ง, ระเบียบ, ข้อบังคับ or กฎกระทรวง


def parse_draft(pages: list[Page], *, fallback_title: str = "") -> ParsedDraft:
    """Split a draft act into its memorandum, preamble and sections (see the module docstring)."""
    lines = _prepare(pages)
    doc = _Doc(lines, _full_width(lines))
    title, year = _title(lines)
    if not title:
        title, year = clauses.order_title([ln.text for ln in lines])
    doc.titled_order = clauses.is_order_title(title)
    notes = _page_notes(pages)
    body_end = _mark_memos_and_end(doc)
    _mark_sections_and_heads(doc, body_end)
    if not any(e.kind == "section" for e in doc.events.values()):
        texts = [(p.number, _join_lines(ls, doc.width)) for p in pages if (ls := _prepare([p]))]
        blocks = [Section("page", "", "", [], n, n, text, k) for k, (n, text) in enumerate(texts)]
        warnings = ["no มาตรา or ข้อ found: indexed as plain pages", *notes["warnings"]]
        return ParsedDraft(title or fallback_title, year, blocks, len(pages), notes["ocr"], warnings,
                           ocr_applied=notes["applied"], left_out=notes["left_out"], ocr_reasons=notes["reasons"])
    sections = _assemble(doc)
    if not title:  # e.g. a first page lost to OCR: take the name that มาตรา ๑ gives the act
        first = next((s for s in sections if s.number == "1"), None)
        named = _NAMED_IN_S1_RE.search(first.text) if first else None
        title, year = _title([_Line(0, named.group(1))]) if named else ("", None)
    warnings = [*_duplicate_warnings(sections, doc.unit), *notes["warnings"]]
    memo = next((i for i, e in doc.events.items() if e.kind == "memo" and i > body_end), len(lines))
    if tail := sum(1 for ln in lines[body_end:memo] if _SECTION_RE.match(ln.text)):
        warnings.append(
            f"{tail} มาตรา line(s) after ผู้รับสนองพระราชโองการ (page {lines[body_end].page}) not indexed"
        )
    return ParsedDraft(title or fallback_title, year, sections, len(pages), notes["ocr"], warnings, doc.unit,
                       notes["applied"], notes["left_out"], notes["reasons"])


def _page_notes(pages: list[Page]) -> dict:
    """Pages flagged for OCR, those OCR read, and those left out with why (also as warnings)."""
    left_out = {p.number: p.ocr_reason or "no readable text" for p in pages if p.left_out}
    applied = [p.number for p in pages if p.ocr_applied]
    warnings = [f"page {n} left out: {why}" for n, why in left_out.items()]
    if applied:
        warnings.append(f"{len(applied)} page(s) read by OCR (tesseract tha+eng): {', '.join(map(str, applied))}")
    reasons = {p.number: p.ocr_reason or "" for p in pages if p.needs_ocr}
    return {"ocr": list(reasons), "applied": applied, "left_out": left_out, "reasons": reasons, "warnings": warnings}


def _prepare(pages: list[Page]) -> list[_Line]:
    out: list[_Line] = []
    for page in pages:
        gap = hard = page.paragraph  # a page break is not a paragraph break; a blank line is, a Word one is
        for raw in page.text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            text = " ".join(raw.split())
            if not text or _PAGE_NO_RE.match(text):
                gap = gap or (not text and bool(out) and out[-1].page == page.number)
            elif out and not hard and text[0] in _NO_LINE_START:  # a mark the extractor put on a line of its own
                out[-1].text += text
                out[-1].soft_end = raw[-1:].isspace()
            else:
                indent = raw[:1] == "\t" or raw[:2] == "  "
                out.append(_Line(page.number, text, raw[-1:].isspace(), gap or indent, hard, indent))
                gap = hard = False
    return out


def _width(text: str) -> int:
    return sum(1 for c in text if c not in _MARKS)


def _full_width(lines: list[_Line]) -> float:
    widths = sorted(_width(ln.text) for ln in lines)
    return float(widths[int(len(widths) * 0.9)]) if widths else 60.0


def _title(lines: list[_Line]) -> tuple[str, str | None]:
    """The act's title from the first lines ("ร่าง" / "พระราชบัญญัติ" / name / "พ.ศ. ...."), and its year."""
    head = lines[:20]
    for i, ln in enumerate(head):
        m = _TITLE_RE.match(ln.text)
        if not m:
            continue
        draft = bool(m.group(1)) or (i > 0 and bool(_DRAFT_MARK_RE.match(head[i - 1].text)))
        parts = [m.group(2)]
        for nxt in head[i + 1 : i + 5]:
            stop = _TITLE_STOP_RE.match(nxt.text) or _SECTION_RE.match(nxt.text) or _HEAD_RE.match(nxt.text)
            if stop or _YEAR_RE.search(" ".join(parts)):
                break
            parts.append(nxt.text)
        title = re.sub(r"\s*พ\.\s*ศ\.\s*(?:(?:\.\s*)+\.|…+)", " พ.ศ. ....", _join_words(parts))
        title = re.sub(r"\s*พ\.\s*ศ\.\s*(?=\S)", " พ.ศ. ", title).strip()
        ym = _YEAR_RE.search(title)
        year = None if not ym else to_arabic(ym.group(1)) if ym.group(1) else "...."
        return ("ร่าง" if draft else "") + title, year
    return "", None


def _join_words(parts: list[str]) -> str:
    out = parts[0]
    for p in parts[1:]:
        out += p if _is_thai_letter(out[-1]) and _is_thai_letter(p[0]) else " " + p
    return out


def _is_thai_letter(c: str) -> bool:
    return "\u0e01" <= c <= "\u0e4e"


def _mark_memos_and_end(doc: _Doc) -> int:
    """Mark memorandum spans and the signature; return the index where the enacted text ends."""
    lines, n = doc.lines, len(doc.lines)
    first_section = next((i for i, ln in enumerate(lines) if _SECTION_RE.match(ln.text)), n)
    body_end = next((i for i in range(first_section, n) if _SIGNATURE_RE.match(lines[i].text)), n)
    i = 0
    while i < n:
        if not _MEMO_RE.match(lines[i].text):
            i += 1
            continue
        stop = _memo_stop(lines, i) if i < first_section else n
        doc.events[i] = _Event("memo", span=stop - i)
        body_end = body_end if i < first_section else min(body_end, i)
        i = stop
    if body_end < n and body_end not in doc.events:
        doc.events[body_end] = _Event("end")
        # what is printed after the signature and before a memorandum: a schedule ("อัตราค่าธรรมเนียม",
        # "บัญชีท้ายพระราชบัญญัติ") is part of the act, not the signature's
        memo = min((i for i, e in doc.events.items() if e.kind == "memo" and i > body_end), default=n)
        annex = next((i for i in range(body_end + 1, memo) if _ANNEX_RE.match(lines[i].text)), None)
        if annex is not None:
            doc.events[annex] = _Event("annex", label=lines[annex].text)
    return body_end


def _memo_stop(lines: list[_Line], start: int) -> int:
    """A leading memo runs to the act's own title after its เหตุผล part, else to มาตรา ๑."""
    seen_reasons, first_section = False, None
    for j in range(start + 1, len(lines)):
        text = lines[j].text
        seen_reasons = seen_reasons or text.startswith("เหตุผล")
        if seen_reasons and (_DRAFT_MARK_RE.match(text) or _TITLE_RE.match(text)):
            return j
        if m := _SECTION_RE.match(text):
            if normalize_section_number(m.group(1)) == "1":
                return j
            first_section = j if first_section is None else first_section
    return first_section if first_section is not None else len(lines)


def _mark_sections_and_heads(doc: _Doc, body_end: int) -> None:
    lines = doc.lines
    memo = {j for i, e in doc.events.items() if e.kind == "memo" for j in range(i, i + e.span)}
    idx = [i for i in range(body_end) if i not in memo]
    raw_secs = {i for i in idx if _SECTION_RE.match(lines[i].text)}
    raw_sched = {i for i in idx if _SCHEDULE_RE.match(lines[i].text)}
    heads = _headings(doc, idx, raw_secs | raw_sched)
    secs = _choose_sections(doc, sorted(raw_secs - set(heads)), heads)
    raw_cl, pattern = clauses.clause_candidates({i: lines[i].text for i in idx}, titled=doc.titled_order)
    if raw_cl:
        cl_heads = _headings(doc, idx, set(raw_cl))
        chosen = _choose_sections(doc, sorted(set(raw_cl) - set(cl_heads)), cl_heads, pattern)
        doc.unit = clauses.unit_of(list(secs), list(chosen), titled=doc.titled_order)
    if doc.unit == "ข้อ":  # a มาตรา quoted inside a ข้อ starts nothing
        heads, secs = cl_heads, chosen
        end = clauses.closing_line([ln.text for ln in lines], max(secs), body_end)
        if end is not None:
            doc.events[end] = _Event("closing")
    else:
        secs.update(_schedule_items(doc, sorted(raw_sched), max(secs, default=body_end)))
    for i, (num, printed) in secs.items():
        doc.events[i] = _Event("section", num, printed)
    starts = sorted(set(secs) | set(heads))
    for i, ev in sorted(heads.items()):  # keep a heading only if a heading or a kept มาตรา follows it
        k = bisect.bisect_right(starts, i)
        nxt = starts[k] if k < len(starts) else body_end
        if nxt - i <= _MAX_NAME_LINES + 1:
            ev.span = nxt - i
            ev.label = _join_words([ev.label, *(ln.text for ln in lines[i + 1 : nxt])]).strip()
            doc.events[i] = ev


def _headings(doc: _Doc, idx: list[int], section_starts: set[int]) -> dict[int, _Event]:
    lines = doc.lines
    numbered = {i: m for i in idx if (m := _HEAD_RE.match(lines[i].text))}
    bare = {i for i in idx if lines[i].text in _BARE_HEADS}
    starts = sorted(section_starts | set(numbered))
    out: dict[int, _Event] = {}
    for i in sorted(set(numbered) | bare):
        if i in bare and i - 1 in out and i - 1 in numbered and not numbered[i - 1].group(3):
            continue  # "หมวด ๘" then "บทกำหนดโทษ": the bare word is that chapter's name
        k = bisect.bisect_right(starts, i)
        if k == len(starts) or starts[k] - i > (_MAX_NAME_LINES + 1 if i in numbered else 1):
            continue
        if sum(_width(ln.text) for ln in lines[i + 1 : starts[k]]) > 1.5 * doc.width:
            continue
        if i not in numbered:
            out[i] = _Event("head", level=_BARE_HEADS[lines[i].text], label=lines[i].text)
            continue
        kind, num, rest = numbered[i].groups()
        if _REF_START_RE.match(rest) or _HEAD_REF_START_RE.match(rest) or _ITEM_REF_RE.match(rest):
            continue
        prev = lines[i - 1] if i else None
        wrapped = prev is not None and prev.page == lines[i].page and _CONT_END_RE.search(prev.text)
        if rest and wrapped and i - 1 not in out:  # "...ตาม" / "หมวด ๓ แห่ง...": a reference
            continue
        out[i] = _Event("head", level=_LEVELS[kind], label=f"{kind} {_printed(num)} {rest}".strip())
    return out


def _printed(num: str) -> str:
    num = re.sub(r"\s*/\s*", "/", num.strip())
    return re.sub(rf"(?<=[0-9๐-๙])\s*({_SUF})$", r" \1", num)


def _choose_sections(
    doc: _Doc, cands: list[int], heads: dict[int, _Event], pattern: re.Pattern[str] = _SECTION_RE
) -> dict[int, tuple[str, str]]:
    """The best-scoring chain of increasing section (or ข้อ) numbers over the line-start candidates."""
    items: list[tuple[int, _Key, float, str]] = []
    for i in cands:
        m = pattern.match(doc.lines[i].text)
        assert m
        readings = [_printed(m.group(1))]
        if glued := _GLUED_SUFFIX_RE.match(m.group(2)):  # "มาตรา ๓๐ ทวิใบอนุญาต...": a lost space
            readings.append(f"{readings[0]} {glued.group(1)}")
        for printed in readings:
            key = section_sort_key(normalize_section_number(printed))
            items.append((i, key, _local_score(doc, i, m.group(2), heads), printed))
    best: list[float] = []
    back: list[int] = []
    for a, (line, key, local, _) in enumerate(items):
        score, prev = _step(None, key), -1
        for b in range(max(0, a - _WINDOW), a):
            k = items[b][1]
            if items[b][0] == line or k > key:
                continue  # two readings of one line, or a number going back
            if (s := best[b] + (_DUPLICATE if k == key else _step(k, key))) > score:
                score, prev = s, b
        best.append(score + local)
        back.append(prev)
    if not best or max(best) <= 0:
        return {}
    a = max(range(len(best)), key=best.__getitem__)
    chosen: dict[int, tuple[str, str]] = {}
    while a >= 0:
        chosen[items[a][0]] = (normalize_section_number(items[a][3]), items[a][3])
        a = back[a]
    return chosen


def _local_score(doc: _Doc, i: int, rest: str, heads: dict[int, _Event]) -> float:
    lines, score = doc.lines, 1.0
    if _REF_START_RE.match(rest):
        score -= 6
    elif _ITEM_REF_RE.match(rest):
        score -= 3
    if i == 0 or any(h < i <= h + _MAX_NAME_LINES for h in heads):
        return score + 2
    if _CONT_END_RE.search(lines[i - 1].text):
        score -= 3
    before = _width(lines[i - 2].text) if i > 1 else doc.width
    prev = _width(lines[i - 1].text)
    if prev < _SHORT * doc.width and prev + before > _PAIR * doc.width:
        score += 1  # the line before ends a paragraph
    return score


def _step(prev: _Key | None, key: _Key) -> float:
    """How plausible `key` is as the section after `prev` (None: the first section)."""
    if prev is None:
        return 2.0 - 0.5 * math.log2(max(1, key[0]) + (key[1] > 0) + (key[2] > 0))
    (b1, s1, x1), (b2, s2, x2) = prev, key  # numbers skipped: 4 → 5, 4 → 4/1, 4/1 → 4/2, 3 → 3 ทวิ skip none
    gap = b2 - b1 - 1 + (s2 > 0) + (x2 > 0) if b2 > b1 else s2 - s1 - 1 + (x2 > 0) if s2 > s1 else x2 - x1 - 1
    return 2.0 - _GAP * math.log2(1 + gap)


def _schedule_items(doc: _Doc, cands: list[int], after: int) -> dict[int, tuple[str, str]]:
    """Numbered schedule entries after the last มาตรา, kept while they count 1, 2, 3 ..."""
    out: dict[int, tuple[str, str]] = {}
    for i in cands:
        m = _SCHEDULE_RE.match(doc.lines[i].text)
        if m and i > after and int(to_arabic(m.group(2))) == len(out) + 1:
            out[i] = (f"{m.group(1)} {to_arabic(m.group(2))}", f"{m.group(1)} {m.group(2)}")
    return out


def _assemble(doc: _Doc) -> list[Section]:
    lines, events = doc.lines, doc.events
    out: list[Section] = []
    path: list[tuple[int, str]] = []
    cur: Section | None = Section("preamble", "", "", [], 0, 0, "")
    body: list[_Line] = []
    i = 0
    while i <= len(lines):
        ev = events.get(i) if i < len(lines) else _Event("end")
        if ev is None:
            if cur is not None and not _DECOR_RE.match(lines[i].text):
                body.append(lines[i])
            i += 1
            continue
        if cur is not None and body:
            cur.text, cur.page_start, cur.page_end = _join_lines(body, doc.width), body[0].page, body[-1].page
            out.append(cur)
        cur, body = None, []
        if ev.kind == "closing":
            cur, body = Section("closing", "", "", [], 0, 0, ""), [lines[i]]
        elif ev.kind == "memo":
            memo = [ln for ln in lines[i : i + ev.span] if not _DECOR_RE.match(ln.text)] or lines[i : i + 1]
            out.append(Section("memo", "", "", [], memo[0].page, memo[-1].page, _join_lines(memo, doc.width)))
            if not any(s.block == "section" for s in out):
                cur = Section("preamble", "", "", [], 0, 0, "")
        elif ev.kind == "annex":
            cur = Section("annex", "", "", [ev.label], 0, 0, "")
        elif ev.kind == "head":
            path = [p for p in path if p[0] < ev.level] + [(ev.level, ev.label)]
        elif ev.kind == "section":
            labels = [p[1] for p in path]
            transitional = any("บทเฉพาะกาล" in label for label in labels)
            cur = Section("section", ev.number, ev.printed, labels, 0, 0, "", 0, transitional, doc.unit)
            body = [lines[i]]
        i += ev.span
    for order, s in enumerate(out):
        s.order = order
    return out


def _join_lines(lines: list[_Line], width: float) -> str:
    """Join PDF lines: no space inside a Thai run, a newline where a paragraph starts."""
    if not lines:
        return ""
    parts = [lines[0].text]
    visual, first = _width(lines[0].text), True  # width of the visual line; does it open a paragraph?
    m = _SECTION_RE.match(lines[0].text) or clauses.CLAUSE_RE.match(lines[0].text)
    bare = m is not None and not m.group(2)
    for k, (prev, ln) in enumerate(itertools.pairwise(lines)):
        w = _width(ln.text)
        if k == 0 and bare:  # "มาตรา ๖" alone on its line, the text below it
            parts.append(" " + ln.text)
            visual += w
            continue
        # One visual line the extractor split after a stacked mark ("ผู้" / "ซึ่ง"), even at a blank line.
        fits = not ln.hard and visual + w <= _PAIR * width and prev.text[-1] in _MARKS
        # a vowel drawn below its consonant, then a blank line or none and Thai again: the extractor broke
        # the printed line at the mark ("ภู" / "มิลำเนา"); an indented line still opens a paragraph
        split = (not ln.hard and not ln.indent and prev.text[-1] in _BELOW and _is_thai_letter(ln.text[0])
                 and ln.text[0] not in _MARKS)
        fits = fits or split
        alone = ln.text in _OWN_LINE or prev.text in _OWN_LINE
        opens = (ln.para and not fits) or alone or _ITEM_RE.match(ln.text) or _DEF_RE.match(ln.text)
        ends = not fits and visual < (_SHORT_FIRST if first else _SHORT) * width
        if opens or ends:
            parts.append("\n")
        elif prev.soft_end or not (_is_thai_letter(prev.text[-1]) and _is_thai_letter(ln.text[0])):
            parts.append(" ")
        if not fits or opens:
            visual, first = w, bool(opens or ends)
        else:
            visual += w
        parts.append(ln.text)
    return "".join(parts)


def _duplicate_warnings(sections: list[Section], unit: str) -> list[str]:
    first: dict[str, Section] = {}
    dups = [s for s in sections if s.block == "section" and first.setdefault(s.number, s) is not s]
    return [
        f"duplicate {unit} {s.number_printed} (pages {first[s.number].page_start} and {s.page_start})"
        for s in dups
    ]
