"""The legal structure of a Thai act or draft act, from normalised page texts.

`parse_draft(pages)` finds the title and year, the memorandum (บันทึกหลักการและเหตุผล), the
preamble, the headings (ภาค, บรรพ, ลักษณะ, หมวด, ส่วน, ตอน, บทเฉพาะกาล, บทกำหนดโทษ) and every มาตรา,
with page ranges and chapter paths.

A มาตรา heading is "มาตรา N" at the start of a line, but so is a reference whose sentence wrapped
there ("...ตาม\\nมาตรา ๑๒ วรรคสอง"). The parser scores every line-start candidate (what follows the
number, how the previous line ends, whether a heading precedes it) and keeps the best chain of
increasing section numbers (a weighted longest-increasing-subsequence), so a reference to an earlier
section can never start one, and a reference to a later one loses to the real heading.
On the 11 eval-dev statutes (3,682 มาตรา) this finds every section at its page: see
bench/structure_check.py.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from dataclasses import dataclass, field

from ingest.models import Page, ParsedDraft, Section
from ingest.thai import SECTION_SUFFIXES, normalize_section_number, section_sort_key, to_arabic

_SUF = "|".join(sorted(SECTION_SUFFIXES, key=len, reverse=True))
_NUM = rf"[0-9๐-๙]+(?:\s*/\s*[0-9๐-๙]+)?(?:\s*(?:{_SUF})(?![ก-๛]))?"
_SECTION_RE = re.compile(rf"^มาตรา\s*({_NUM})(?![0-9๐-๙/])\s*(.*)$")
_HEAD_RE = re.compile(rf"^(ภาค|บรรพ|ลักษณะ|หมวด|ส่วนที่|ส่วน|ตอนที่|ตอน)\s*({_NUM})(?![0-9๐-๙/])\s*(.*)$")
_LEVELS = {"ภาค": 0, "บรรพ": 1, "ลักษณะ": 2, "หมวด": 3, "ส่วนที่": 4, "ส่วน": 4, "ตอนที่": 5, "ตอน": 5}
_BARE_HEADS = {"บทเฉพาะกาล": 3, "บทกำหนดโทษ": 3}
# Schedule entries printed as run-in headings ("บัญชีอัตราอากรแสตมป์ ๕ ..."), numbered 1, 2, 3 ...
_SCHEDULE_RE = re.compile(r"^(บัญชี[^\s0-9๐-๙]+)\s+([0-9๐-๙]+)(?![0-9๐-๙/.])\s*(.*)$")
_MEMO_RE = re.compile(r"^(?:บันทึก\s*หลักการ\s*และ\s*เหตุผล|หมายเหตุ\s*[:：]?-?\s*เหตุผลในการประกาศใช้)")
_SIGNATURE_RE = re.compile(r"^ผู้รับสนองพระ(?:บรม)?ราชโองการ")
_TITLE_RE = re.compile(
    r"^(?:ประกอบ\s*)?(\(?\s*ร่าง\s*\)?)?\s*"
    r"((?:พระราชบัญญัติ|พระราชกำหนด|พระราชกฤษฎีกา|ประมวล|กฎกระทรวง)(?!นี้).*)$"
)
_DRAFT_MARK_RE = re.compile(r"^\(?\s*ร่าง\s*\)?$")
_YEAR_RE = re.compile(r"พ\.\s*ศ\.\s*(?:([0-9๐-๙]{4})|((?:\.\s*){2,}|…+))")
_TITLE_STOP_RE = re.compile(r"^(?:มาตรา|ภูมิพล|ป\.ร\.|ให้ไว้|พระบาท|โดยที่|หลักการ|เหตุผล|บันทึก|[.…_\-]{3,})")
_PAGE_NO_RE = re.compile(r"^[-–—]\s*[0-9๐-๙]+\s*[-–—]$")
_DECOR_RE = re.compile(r"^[\s.…_\-–—=*]+$")
_ITEM_RE = re.compile(r"^(?:\(\s*[0-9๐-๙]+\s*\)|\([ก-ฮ]\)|[ก-ฮ]\.\s|[0-9๐-๙]+\.\s)")
_DEF_RE = re.compile(r"^“[^”]{1,80}”\s*(?:หมายความ|หมายถึง)")
# What follows "มาตรา N" when the line is a wrapped reference, not a heading.
_REF_START_RE = re.compile(
    r"^(?:วรรค|และ|หรือ|ถึง(?!แม้)|แห่ง|มาตรา|ประกอบ|มาใช้|นั้น|นี้|แล้ว|ต้อง|ก็ได้|ได้|ซึ่ง|ดังกล่าว"
    r"|เป็นต้น|[,;/)]|[-–](?!\s*[0-9๐-๙]))"
)
_ITEM_REF_RE = re.compile(r"^\(\s*[0-9๐-๙ก-ฮ]{1,3}\s*\)")  # usually "มาตรา ๔๐ (๒)", but a section may open so
_HEAD_REF_START_RE = re.compile(r"^(?:ว่าด้วย|ไม่|ที่|ของ|ตาม|มา|ภาค|บรรพ|ลักษณะ|หมวด|ส่วน)")
# How a line ends when its sentence continues with a reference on the next line.
_CONT_END_RE = re.compile(
    r"(?:ตาม|ใน|แห่ง|และ|หรือ|กับ|ถึง|โดย|ของ|บัญญัติ|ว่าด้วย|เว้นแต่|ยกเว้น|แก่|จาก|ภายใต้บังคับ|ฝ่าฝืน|ตั้งแต่)$"
)
_MARKS = set("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e")
_NO_LINE_START = _MARKS | set("ะาำๅ")

_MAX_NAME_LINES = 5  # a heading's name may wrap (or be split at marks); then a heading or มาตรา
# A line narrower than _SHORT of a full one ends its paragraph, unless it would fit on one line with
# its neighbour (PDFium splits visual lines at stacked marks: "...หมายความว่า ผู้" / "ซึ่ง..."). On the
# eval-dev paragraph breaks: precision .95, recall .77 (width alone at 0.8: .34 / .93).
_SHORT = 0.7
_PAIR = 1.05
_DUPLICATE = -1.5  # score of repeating a number: needs a clear heading to be kept
_WINDOW = 400  # candidates looked back at in the chain search


@dataclass
class _Line:
    page: int
    text: str
    soft_end: bool = False  # the extractor kept a space at the end: the break is between words
    para: bool = False  # a blank line or an indent before it


@dataclass
class _Event:
    kind: str  # "section" | "head" | "memo" | "end"
    number: str = ""
    printed: str = ""
    level: int = 0
    label: str = ""
    span: int = 1  # lines that belong to the event itself (heading + its name lines)
    stop: int = 0  # memo: the line index where it ends


@dataclass
class _Doc:
    lines: list[_Line]
    width: float
    events: dict[int, _Event] = field(default_factory=dict)


def parse_draft(pages: list[Page], *, fallback_title: str = "") -> ParsedDraft:
    """Split a draft act into its memorandum, preamble and sections (see the module docstring)."""
    lines = _prepare(pages)
    doc = _Doc(lines, _full_width(lines))
    title, year = _title(lines, fallback_title)
    ocr = [p.number for p in pages if p.needs_ocr]
    body_end = _mark_memos_and_end(doc)
    _mark_sections_and_heads(doc, body_end)
    if not any(e.kind == "section" for e in doc.events.values()):
        blocks = _plain_pages(pages, doc.width)
        return ParsedDraft(title, year, blocks, len(pages), ocr, ["no มาตรา found: indexed as plain pages"])
    sections = _assemble(doc)
    warnings = _duplicate_warnings(sections)
    return ParsedDraft(title, year, sections, len(pages), ocr, warnings)


def _prepare(pages: list[Page]) -> list[_Line]:
    out: list[_Line] = []
    for page in pages:
        gap = False  # a page break is not a paragraph break; a blank line is
        for raw in page.text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            text = " ".join(raw.split())
            if not text or _PAGE_NO_RE.match(text):
                gap = gap or (not text and bool(out) and out[-1].page == page.number)
                continue
            if out and text[0] in _NO_LINE_START:  # a mark the extractor put on its own line
                out[-1].text += text
                out[-1].soft_end = raw[-1:].isspace()
                continue
            indent = raw[:1] == "\t" or raw[:2] == "  "
            out.append(_Line(page.number, text, raw[-1:].isspace(), gap or indent))
            gap = False
    return out


def _width(text: str) -> int:
    return sum(1 for c in text if c not in _MARKS)


def _full_width(lines: list[_Line]) -> float:
    widths = sorted(_width(ln.text) for ln in lines)
    if not widths:
        return 60.0
    return float(widths[min(len(widths) - 1, int(len(widths) * 0.9))])


def _title(lines: list[_Line], fallback: str) -> tuple[str, str | None]:
    head = lines[:20]
    for i, ln in enumerate(head):
        m = _TITLE_RE.match(ln.text)
        if not m:
            continue
        draft = bool(m.group(1)) or (i > 0 and bool(_DRAFT_MARK_RE.match(head[i - 1].text)))
        parts = [m.group(2)]
        j = i + 1
        while not _YEAR_RE.search(" ".join(parts)) and j < min(len(head), i + 5):
            nxt = head[j].text
            if _TITLE_STOP_RE.match(nxt) or _SECTION_RE.match(nxt) or _HEAD_RE.match(nxt):
                break
            parts.append(nxt)
            j += 1
        title = _join_words(parts)
        title = re.sub(r"\s*พ\.\s*ศ\.\s*", " พ.ศ. ", title).strip()
        title = re.sub(r"(?:\.\s*){2,}\.?|…+", "....", title)
        ym = _YEAR_RE.search(title)
        year = None if not ym else (to_arabic(ym.group(1)) if ym.group(1) else "....")
        return ("ร่าง" if draft else "") + title, year
    return fallback, None


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
    body_end = n
    for i, ln in enumerate(lines):
        if _SIGNATURE_RE.match(ln.text) and any(_SECTION_RE.match(x.text) for x in lines[:i]):
            body_end = i
            break
    i = 0
    while i < n:
        if not _MEMO_RE.match(lines[i].text):
            i += 1
            continue
        before_body = not any(_SECTION_RE.match(x.text) for x in lines[:i])
        stop = _memo_stop(lines, i) if before_body else n
        doc.events[i] = _Event("memo", stop=stop)
        if not before_body:
            body_end = min(body_end, i)
        i = stop
    if body_end < n and body_end not in doc.events:
        doc.events[body_end] = _Event("end")
    return body_end


def _memo_stop(lines: list[_Line], start: int) -> int:
    """A leading memo runs to the act's own title after its เหตุผล part, else to มาตรา ๑."""
    seen_reasons = False
    for j in range(start + 1, len(lines)):
        text = lines[j].text
        if text.startswith("เหตุผล"):
            seen_reasons = True
        elif seen_reasons and (_DRAFT_MARK_RE.match(text) or _TITLE_RE.match(text)):
            return j
        m = _SECTION_RE.match(text)
        if m and normalize_section_number(m.group(1)) == "1":
            return j
    return len(lines)


def _in_memo(doc: _Doc, i: int) -> bool:
    return any(e.kind == "memo" and k <= i < e.stop for k, e in doc.events.items())


def _mark_sections_and_heads(doc: _Doc, body_end: int) -> None:
    lines = doc.lines
    idx = [i for i in range(body_end) if not _in_memo(doc, i)]
    raw_secs = {i for i in idx if _SECTION_RE.match(lines[i].text)}
    raw_sched = {i for i in idx if _SCHEDULE_RE.match(lines[i].text)}
    heads = _headings(doc, idx, raw_secs | raw_sched)
    secs = _choose_sections(doc, sorted(raw_secs - set(heads)), heads)
    for i, (num, printed) in secs.items():
        doc.events[i] = _Event("section", num, printed)
    for i, (num, printed) in _schedule_items(doc, sorted(raw_sched), secs).items():
        doc.events[i] = _Event("section", num, printed)
    starts = sorted({i for i, e in doc.events.items() if e.kind == "section"} | set(heads))
    for i, ev in sorted(heads.items()):  # keep a heading only if a heading or a kept มาตรา follows it
        nxt = starts[bisect.bisect_right(starts, i)] if starts[-1] > i else body_end
        if nxt - i <= _MAX_NAME_LINES + 1:
            ev.span = nxt - i
            doc.events[i] = ev
    for i in sorted(heads):
        if i in doc.events and doc.events[i].kind == "head":
            ev = doc.events[i]
            ev.label = _head_label(ev.label, [ln.text for ln in lines[i + 1 : i + ev.span]])


def _headings(doc: _Doc, idx: list[int], section_starts: set[int]) -> dict[int, _Event]:
    lines = doc.lines
    numbered = {i: m for i in idx if (m := _HEAD_RE.match(lines[i].text))}
    bare = {i for i in idx if lines[i].text in _BARE_HEADS}
    starts = sorted(section_starts | set(numbered))
    out: dict[int, _Event] = {}
    for i in sorted(set(numbered) | bare):
        prev = lines[i - 1].text if i > 0 else ""
        if i in bare and i - 1 in out and i - 1 in numbered and not numbered[i - 1].group(3):
            continue  # "หมวด ๘" / "บทกำหนดโทษ": the bare word is the chapter's name
        nxt = next((s for s in starts if s > i), None)
        if nxt is None or nxt - i > (_MAX_NAME_LINES + 1 if i in numbered else 1):
            continue
        if sum(_width(ln.text) for ln in lines[i + 1 : nxt]) > 1.5 * doc.width:
            continue
        if i in numbered:
            rest = numbered[i].group(3)
            if _REF_START_RE.match(rest) or _HEAD_REF_START_RE.match(rest) or _ITEM_REF_RE.match(rest):
                continue
            if rest and _CONT_END_RE.search(prev) and i - 1 not in out and not _is_page_start(lines, i):
                continue
            m = numbered[i]
            kind = m.group(1)
            out[i] = _Event("head", level=_LEVELS[kind], label=" ".join([kind, _printed(m.group(2)), m.group(3)]))
        else:
            out[i] = _Event("head", level=_BARE_HEADS[lines[i].text], label=lines[i].text)
    return out


def _head_label(first: str, names: list[str]) -> str:
    return _join_words([first.strip(), *names]) if names else first.strip()


def _is_page_start(lines: list[_Line], i: int) -> bool:
    return i == 0 or lines[i - 1].page != lines[i].page


def _printed(num: str) -> str:
    num = re.sub(r"\s*/\s*", "/", num.strip())
    return re.sub(rf"(?<=[0-9๐-๙])\s*({_SUF})$", r" \1", num)


def _choose_sections(doc: _Doc, cands: list[int], heads: dict[int, _Event]) -> dict[int, tuple[str, str]]:
    """Weighted longest increasing chain of section numbers over line-start candidates."""
    lines = doc.lines
    items: list[tuple[int, tuple[int, int, int], float, str]] = []
    for i in cands:
        m = _SECTION_RE.match(lines[i].text)
        assert m
        printed = _printed(m.group(1))
        number = normalize_section_number(printed)
        items.append((i, section_sort_key(number), _local_score(doc, i, m.group(2), heads), printed))
    best: list[float] = []
    back: list[int] = []
    for a, (_, key, local, _) in enumerate(items):
        score, prev = _step(None, key), -1
        for b in range(max(0, a - _WINDOW), a):
            k = items[b][1]
            if k <= key:
                s = best[b] + (_DUPLICATE if k == key else _step(k, key))
                if s > score:
                    score, prev = s, b
        best.append(score + local)
        back.append(prev)
    if not best or max(best) <= 0:
        return {}
    a = max(range(len(best)), key=best.__getitem__)
    chosen: dict[int, tuple[str, str]] = {}
    while a >= 0:
        i, _, _, printed = items[a]
        chosen[i] = (normalize_section_number(printed), printed)
        a = back[a]
    return chosen


def _local_score(doc: _Doc, i: int, rest: str, heads: dict[int, _Event]) -> float:
    lines = doc.lines
    score = 1.0
    if _REF_START_RE.match(rest):
        score -= 6
    elif _ITEM_REF_RE.match(rest):
        score -= 3
    if i == 0 or (i - 1) in heads or any(h < i <= h + _MAX_NAME_LINES for h in heads):
        score += 2
    else:
        if _CONT_END_RE.search(lines[i - 1].text):
            score -= 3
        if _ends_paragraph(lines[i - 2] if i > 1 else None, lines[i - 1], lines[i], doc.width):
            score += 1
    return score


def _step(prev: tuple[int, int, int] | None, key: tuple[int, int, int]) -> float:
    """How plausible `key` is as the section after `prev` (None: the first section)."""
    if prev is None:
        return 2.0 - 1.5 * math.log2(max(1, key[0]) + (key[1] > 0) + (key[2] > 0))
    (b1, s1, x1), (b2, s2, x2) = prev, key
    if b2 > b1:
        gap = b2 - b1 - 1 + (s2 > 0) + (x2 > 0)
    elif s2 > s1:
        gap = s2 - s1 - 1 + (x2 > 0)
    else:
        gap = x2 - x1 - 1
    return 2.0 - 1.5 * math.log2(1 + gap)


def _schedule_items(doc: _Doc, cands: list[int], secs: dict[int, tuple[str, str]]) -> dict[int, tuple[str, str]]:
    """Numbered schedule entries after the last มาตรา, kept while they count 1, 2, 3 ..."""
    last = max(secs, default=-1)
    out: dict[int, tuple[str, str]] = {}
    expected = 1
    for i in cands:
        m = _SCHEDULE_RE.match(doc.lines[i].text)
        if i < last or not m or int(to_arabic(m.group(2))) != expected:
            continue
        out[i] = (f"{m.group(1)} {to_arabic(m.group(2))}", f"{m.group(1)} {m.group(2)}")
        expected += 1
    return out


def _assemble(doc: _Doc) -> list[Section]:
    lines, events = doc.lines, doc.events
    out: list[Section] = []
    path: list[tuple[int, str]] = []
    cur: Section | None = None
    body: list[_Line] = []

    def close() -> None:
        if cur is not None and body:
            cur.text = _join_lines(body, doc.width)
            cur.page_end = body[-1].page
            out.append(cur)

    cur = Section("preamble", "", "", [], lines[0].page, lines[0].page, "") if lines else None
    i = 0
    while i < len(lines):
        ev = events.get(i)
        if ev is None:
            if cur is not None and not _DECOR_RE.match(lines[i].text):
                if not body:
                    cur.page_start = lines[i].page
                body.append(lines[i])
            i += 1
            continue
        close()
        body = []
        if ev.kind == "memo":
            memo = [ln for ln in lines[i : ev.stop] if not _DECOR_RE.match(ln.text)]
            out.append(Section("memo", "", "", [], lines[i].page, memo[-1].page, _join_lines(memo, doc.width)))
            cur = Section("preamble", "", "", [], 0, 0, "") if not any(s.block == "section" for s in out) else None
            i = ev.stop
            continue
        if ev.kind == "head":
            path = [p for p in path if p[0] < ev.level] + [(ev.level, ev.label)]
            cur = None
        elif ev.kind == "section":
            labels = [p[1] for p in path]
            transitional = any("บทเฉพาะกาล" in label for label in labels)
            cur = Section("section", ev.number, ev.printed, labels, lines[i].page, lines[i].page, "", 0, transitional)
            body = [lines[i]]
        else:  # the signature: what follows is not part of any section
            cur = None
        i += ev.span
    close()
    for order, s in enumerate(out):
        s.order = order
    return out


def _join_lines(lines: list[_Line], width: float) -> str:
    """Join PDF lines: no space inside a Thai run, a newline where a paragraph starts.

    Consecutive lines that fit on one line together are one visual line the extractor split;
    a visual line narrower than _SHORT of a full one ends its paragraph.
    """
    if not lines:
        return ""
    parts = [lines[0].text]
    visual = _width(lines[0].text)
    for prev, ln in itertools.pairwise(lines):
        w = _width(ln.text)
        opens = ln.para or _ITEM_RE.match(ln.text) or _DEF_RE.match(ln.text)
        if opens or (visual + w > _PAIR * width and visual < _SHORT * width):
            parts.append("\n")
        elif prev.soft_end or not (_is_thai_letter(prev.text[-1]) and _is_thai_letter(ln.text[0])):
            parts.append(" ")
        visual = visual + w if not opens and visual + w <= _PAIR * width else w
        parts.append(ln.text)
    return "".join(parts)


def _ends_paragraph(before: _Line | None, prev: _Line, line: _Line, width: float) -> bool:
    w = _width(prev.text)
    if w >= _SHORT * width or w + _width(line.text) <= _PAIR * width:
        return False
    return before is None or w + _width(before.text) > _PAIR * width


def _plain_pages(pages: list[Page], width: float) -> list[Section]:
    out: list[Section] = []
    for page in pages:
        lines = _prepare([page])
        if lines:
            out.append(Section("page", "", "", [], page.number, page.number, _join_lines(lines, width), len(out)))
    return out


def _duplicate_warnings(sections: list[Section]) -> list[str]:
    seen: dict[str, int] = {}
    warnings = []
    for s in sections:
        if s.block != "section":
            continue
        if s.number in seen:
            warnings.append(f"duplicate มาตรา {s.number_printed} (pages {seen[s.number]} and {s.page_start})")
        else:
            seen[s.number] = s.page_start
    return warnings
