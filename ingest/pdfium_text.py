"""Read one page's text layer through PDFium and undo what PDFium does to Thai.

PDFium emits characters in content-stream order and invents spaces and line breaks
where glyphs jump; it flags those (`FPDFText_IsGenerated`). Thai suffers three ways:
spaces inside words, line breaks after a mark drawn below the baseline, and tone marks
or vowels that a producer drew in a separate pass landing after later characters
("รายจายล ่ วง"). This module drops the invented breaks and puts marks back on the
consonant they are drawn over, using character boxes only where the text is suspect,
so a page still takes about 2 ms.

Each line break that stays says what the printed page had there: a line that wrapped at a space
keeps that space at its end (a text layer that kept the space character: LibreOffice, Word), and a
line indented from the page's left margin opens a paragraph, so it starts with a tab.
Every other break is a wrap between two words with no space (Thai breaks lines between words),
unless the document's text layer never keeps a space at a wrap (fpdf2 and other producers drop
it): `restore_wrap_spaces` then decides from how the document spaces the same words elsewhere.
"""

from __future__ import annotations

import bisect
import ctypes
import itertools
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

# A space or line break PDFium generated between two Thai characters is dropped when
# the next character carries on the same line, less than this share of the line height
# further on (wider: a column or table gap, kept).
INVENTED_GAP = 0.6
# A displaced mark belongs to the consonant whose loose box holds its centre, give or
# take this share of the box height (a mark stacked over a vowel sits above the box).
MARK_SLACK = 1.0
MARK_SEARCH_SPAN = 400
LINE_CHARS = 120  # once a candidate is found, look this much further for a closer one
SARA_AM = "\u0e33"
# A line opens a paragraph when it starts right of the page's left margin (the leftmost line start
# that at least MARGIN_LINES lines share, give or take MARGIN_SLACK points) by at least INDENT_MIN
# line heights and at most INDENT_MAX of the text width (further in: centred or right-aligned
# text, or a second column).
MARGIN_LINES = 2
MARGIN_SLACK = 1.5
INDENT_MIN = 0.5
INDENT_MAX = 0.3
SOFT_BREAK = " \r\n"  # the line wrapped at a space
PARAGRAPH_BREAK = "\r\n\t"  # the next line is indented
# A text layer keeps its wrap spaces when at least this share of its lines end in one (LibreOffice:
# about 1 in 10; a line may also end in a space where PDFium's invented break was dropped).
WRAP_KEPT_SHARE = 0.01
# In a text layer without them, a wrap gets a space when, elsewhere in the document, at least
# this share of the occurrences of the next line's first word follow a space (or of the line's
# last word precede one), counting WRAP_SMOOTHING more occurrences without. On the eval-dev
# statutes with their wrap spaces taken out: 4 of 5 spaces it adds are right, and it finds 1 in 6.
WRAP_SPACE_SHARE = 0.6
WRAP_SMOOTHING = 2
WRAP_WINDOW = 30  # characters segmented at each side of a wrap

_MARKS = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
_THAI = "\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e45\u0e47-\u0e4e"
_CONSONANT = re.compile("[\u0e01-\u0e2e]")
_MARK = re.compile(f"[{_MARKS}]")
_CHECK_MAPPING = re.compile(r"[^\u0e00-\u0e7fA-Za-z0-9 \r\n]")
_THAI_GAP = re.compile(f"(?<=[{_THAI}]) (?=[{_THAI}])")
_THAI_BREAK = re.compile(f"(?<=[{_THAI}])\r\n(?=[{_THAI}])")
_BREAK = re.compile("\r\n")
_WORD_START = re.compile("[\u0e01-\u0e2e\u0e40-\u0e44]")
_WORD_END = re.compile(f"[{_THAI}]")
# Tone marks that some legacy Thai fonts (UPC, PSL and Dillenia families in InDesign-made budget
# documents) draw with raised glyphs that have no Unicode mapping: PDFium then returns the glyph's
# code, 0xC9-0xCD, in the order of mai ek ... thanthakhat (read from "ที่", "ชี้วัด", "ขึ้น",
# "ทั้งสิ้น" in the real budget PDFs, 4,850 of 4,850 such glyphs next to Thai).
_RAISED_TONES = {chr(0xC9 + i): chr(0x0E48 + i) for i in range(5)}
_NEAR_THAI = re.compile(f"[{_THAI}]")


class _TextLayer:
    """One page's PDFium text, with per-character flags and boxes looked up on demand."""

    def __init__(self, textpage: pdfium.PdfTextPage) -> None:
        self.text = textpage.get_text_range()
        self._tp = textpage.raw
        last = len(self.text) - 1
        self._identity = textpage.count_chars() == len(self.text) and (
            last < 0 or pdfium_c.FPDFText_GetCharIndexFromTextIndex(self._tp, last) == last
        )
        self._boxes: dict[int, tuple[float, float, float, float]] = {}
        self._ink = tuple(ctypes.c_double() for _ in range(4))

    def _ci(self, t: int) -> int:
        return t if self._identity else pdfium_c.FPDFText_GetCharIndexFromTextIndex(self._tp, t)

    def generated(self, t: int) -> bool:
        ci = self._ci(t)
        return ci >= 0 and bool(pdfium_c.FPDFText_IsGenerated(self._tp, ci))

    def unmapped(self, t: int) -> bool:
        ci = self._ci(t)
        return ci >= 0 and bool(pdfium_c.FPDFText_HasUnicodeMapError(self._tp, ci))

    def loose(self, t: int) -> tuple[float, float, float, float]:
        """Left, bottom, right, top of the character's advance box (line-height tall)."""
        if t not in self._boxes:
            rect = pdfium_c.FS_RECTF()
            pdfium_c.FPDFText_GetLooseCharBox(self._tp, self._ci(t), rect)
            self._boxes[t] = (rect.left, rect.bottom, rect.right, rect.top)
        return self._boxes[t]

    def centre(self, t: int) -> tuple[float, float, float]:
        """Centre x, centre y and width of the glyph's ink box."""
        left, right, bottom, top = self._ink
        pdfium_c.FPDFText_GetCharBox(self._tp, self._ci(t), left, right, bottom, top)
        return (left.value + right.value) / 2, (bottom.value + top.value) / 2, right.value - left.value


def pdfium_page_text(textpage: pdfium.PdfTextPage) -> tuple[str, int]:
    """The page's text without PDFium's invented spaces or unmapped glyphs, displaced marks put back.

    Returns the text and how many glyphs had no Unicode mapping (dropped from the text),
    not counting one right after ำ: fonts draw ำ as two glyphs and may map only one.
    """
    layer = _TextLayer(textpage)
    text = layer.text = _raised_tones(layer)
    drop = {m.start() for m in _CHECK_MAPPING.finditer(text) if layer.unmapped(m.start())}
    unmapped = sum(1 for t in drop if text[t - 1 : t] != SARA_AM)
    displaced = []
    for m in _MARK.finditer(text):
        k = m.start()
        if k and text[k - 1] == " " and layer.generated(k - 1):
            drop.add(k - 1)
            displaced.append(k)
            if text[k + 1 : k + 2] == " " and layer.generated(k + 1):
                drop.add(k + 1)
        elif text[k] not in text[k - 1 : k] + text[k + 1 : k + 2] and not _sits_on_base(layer, k):
            displaced.append(k)
    for m in _THAI_GAP.finditer(text):
        t = m.start()
        if t not in drop and layer.generated(t) and _narrow_gap(layer, t - 1, t + 1):
            drop.add(t)
    for m in _THAI_BREAK.finditer(text):
        t, q = m.start(), m.start() - 1
        while q > 0 and _MARK.match(text[q]):
            q -= 1
        if layer.generated(t) and _narrow_gap(layer, q, t + 2):
            drop.update((t, t + 1))
    attach = _relocate_marks(layer, displaced)
    breaks = _line_breaks(layer, drop)
    lead = breaks.pop(-1, "")
    if not drop and not attach and not breaks:
        return lead + text, 0
    skip = drop | {k for marks in attach.values() for k in marks} | {t + 1 for t in breaks}
    out, start = [], 0
    for t in sorted(skip | attach.keys() | breaks.keys()):
        if t in breaks:
            out.extend((text[start:t], breaks[t]))
        elif t in skip:
            out.append(text[start:t])
        else:
            out.append(text[start : t + 1])
            out.extend(text[k] for k in attach[t])
        start = t + 1
    out.append(text[start:])
    return lead + "".join(out), unmapped


def _raised_tones(layer: _TextLayer) -> str:
    """The layer's text with unmapped raised tone-mark glyphs read as the tone marks they are."""
    text = layer.text
    found = [
        t for t, c in enumerate(text)
        if c in _RAISED_TONES and layer.unmapped(t) and _NEAR_THAI.search(text[max(0, t - 3) : t + 4])
    ]
    if not found:
        return text
    chars = list(text)
    for t in found:
        chars[t] = _RAISED_TONES[text[t]]
    return "".join(chars)


@dataclass
class _Line:
    end: int  # text index of the line break after it
    left: float
    right: float
    bottom: float
    top: float
    letter: bool  # it holds more than marks that PDFium split off the line they sit on


def _line_breaks(layer: _TextLayer, drop: set[int]) -> dict[int, str]:
    """What each kept line break becomes: SOFT_BREAK or PARAGRAPH_BREAK (absent: a plain break).

    Spaces before a break are added to `drop`; the break itself says whether there was one. Key -1
    holds a tab when the page's first line is indented, len(text) a space when it ends on a wrap.
    """
    text, out = layer.text, {}
    lines: list[_Line] = []
    start = 0
    for t in [m.start() for m in _BREAK.finditer(text) if m.start() not in drop] + [len(text)]:
        q = t - 1
        while q >= start and (text[q] == " " or q in drop):  # the spaces before it, past dropped glyphs
            if q not in drop:
                drop.add(q)
                if not layer.generated(q):
                    out[t] = SOFT_BREAK
            q -= 1
        if line := _line_box(layer, start, t, drop):
            lines.append(line)
        start = t + 2
    if len(text) in out:
        out[len(text)] = " "  # the page ends on a wrap at a space
    lefts = sorted(ln.left for ln in lines)
    margin = next(
        (x for k, x in enumerate(lefts) if bisect.bisect_right(lefts, x + MARGIN_SLACK) - k >= MARGIN_LINES),
        None,
    )
    width = max(ln.right for ln in lines) - margin if margin is not None else 0.0
    if margin is None or width <= 0:
        return out

    def indented(ln: _Line) -> bool:
        return ln.letter and INDENT_MIN * (ln.top - ln.bottom) <= ln.left - margin <= INDENT_MAX * width

    if indented(lines[0]):
        out[-1] = "\t"
    for prev, ln in itertools.pairwise(lines):
        below = ln.top <= prev.bottom + 0.5 * (prev.top - prev.bottom)
        if below and prev.letter and indented(ln):
            out[prev.end] = PARAGRAPH_BREAK
    return out


def _line_box(layer: _TextLayer, start: int, end: int, drop: set[int]) -> _Line | None:
    """The left edge of a line's first letter, the right edge of its last, and its height."""
    shown = [k for k in range(start, end) if k not in drop and not layer.text[k].isspace()]
    base = [k for k in shown if not _MARK.match(layer.text[k])] or shown
    if not base:
        return None
    left, bottom, _, top = layer.loose(base[0])
    right = layer.loose(base[-1])[2]
    return _Line(end, left, right, bottom, top, base is not shown) if top > bottom else None


def _sits_on_base(layer: _TextLayer, k: int) -> bool:
    """Whether mark k follows a consonant in the text and is drawn over it."""
    q = k - 1
    while q >= 0 and _MARK.match(layer.text[q]):
        q -= 1
    if q < 0 or not _CONSONANT.match(layer.text[q]):
        return False
    cx, _, width = layer.centre(k)
    left, _, right, _ = layer.loose(q)
    slack = 0.15 * (right - left)
    return width <= 0 or left - slack <= cx <= right + slack


def _narrow_gap(layer: _TextLayer, before: int, after: int) -> bool:
    """Both characters sit on one line, the second just after the first (gap < INVENTED_GAP × height).

    PDFium breaks a line, or inserts a space, after a mark drawn below the baseline or at
    a justification gap; both are invented when the next character carries on the line.
    """
    _, b1, r1, t1 = layer.loose(before)
    l2, b2, _, t2 = layer.loose(after)
    height = min(t1 - b1, t2 - b2)
    overlap = min(t1, t2) - max(b1, b2)
    return height > 0 and overlap >= 0.5 * height and -0.25 * height < l2 - r1 < INVENTED_GAP * height


def _relocate_marks(layer: _TextLayer, marks: list[int]) -> dict[int, list[int]]:
    """Find, for each mark PDFium emitted out of order, the base character it is drawn on.

    Some producers draw tone marks and vowels in a separate pass, or map a stacked pair
    in the wrong order; PDFium then emits the mark after later characters, often wrapped
    in generated spaces ("รายจายล ่ วง"). Marks with no base under them stay where they are.
    """
    attach: dict[int, list[int]] = defaultdict(list)
    for k in marks:
        cx, cy, _ = layer.centre(k)
        best: tuple[float, int, int] | None = None
        for d, t in _nearest_first(k, len(layer.text), MARK_SEARCH_SPAN):
            if best is not None and (best[0] == 0.0 or d > best[2] + LINE_CHARS):
                break
            if not _CONSONANT.match(layer.text[t]):
                continue
            left, bottom, right, top = layer.loose(t)
            if not left <= cx <= right:
                continue
            off = max(bottom - cy, cy - top, 0.0)
            if off <= MARK_SLACK * (top - bottom) and (best is None or off < best[0]):
                best = (off, t, d)
        if best is not None:
            attach[best[1]].append(k)
    return attach


def _nearest_first(k: int, n: int, span: int) -> Iterator[tuple[int, int]]:
    for d in range(1, span + 1):
        if k - d >= 0:
            yield d, k - d
        if k + d < n:
            yield d, k + d


def restore_wrap_spaces(texts: list[str]) -> list[str]:
    """Give a space to the wraps of a document whose text layer never kept one (see the module doc).

    `texts` are normalised page texts; a line ending in a space already says there was one, and
    a document with WRAP_KEPT_SHARE of such lines is returned as it is. A wrap between two Thai
    words gets a space when the words around it are spaced so elsewhere in the document
    (WRAP_SPACE_SHARE).
    """
    pages = [t.split("\n") for t in texts]
    lines = [ln for page in pages for ln in page]
    if sum(ln.endswith(" ") for ln in lines) >= WRAP_KEPT_SHARE * len(lines):
        return texts
    spacing = _WordSpacing(lines)
    at = [(p, i) for p, page in enumerate(pages) for i in range(len(page))]
    for (p, i), (q, j) in itertools.pairwise(at):
        before, after = pages[p][i], pages[q][j]
        wrap = before and after and _WORD_END.match(before[-1]) and _WORD_START.match(after[0])
        if wrap and spacing.spaced(before[-WRAP_WINDOW:], after[:WRAP_WINDOW]):
            pages[p][i] = before + " "
    return ["\n".join(page) for page in pages]


class _WordSpacing:
    """How often a word follows or precedes a space inside the document's lines."""

    def __init__(self, lines: list[str]) -> None:
        self.text = "\n".join(lines)
        phrases = [ln.split(" ") for ln in lines]
        self.starts = sorted(ph for parts in phrases for ph in parts[1:])
        self.ends = sorted(ph[::-1] for parts in phrases for ph in parts[:-1])
        self.cache: dict[tuple[str, bool], float] = {}

    def spaced(self, before: str, after: str) -> bool:
        from pythainlp.tokenize import word_tokenize

        first = word_tokenize(after, engine="newmm")[0]
        last = word_tokenize(before, engine="newmm")[-1]
        return max(self._share(first, True), self._share(last, False)) >= WRAP_SPACE_SHARE

    def _share(self, word: str, starts: bool) -> float:
        if (word, starts) not in self.cache:
            sorted_ = self.starts if starts else self.ends
            key = word if starts else word[::-1]
            spaced = bisect.bisect_left(sorted_, key + "\uffff") - bisect.bisect_left(sorted_, key)
            self.cache[word, starts] = spaced / (self.text.count(word) + WRAP_SMOOTHING)
        return self.cache[word, starts]
