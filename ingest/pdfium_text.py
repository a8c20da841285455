"""Read one page's text layer through PDFium and undo what PDFium does to Thai.

PDFium emits characters in content-stream order and invents spaces and line breaks
where glyphs jump; it flags those (`FPDFText_IsGenerated`). Thai suffers three ways:
spaces inside words, line breaks after a mark drawn below the baseline, and tone marks
or vowels that a producer drew in a separate pass landing after later characters
("รายจายล ่ วง"). This module drops the invented breaks and puts marks back on the
consonant they are drawn over, using character boxes only where the text is suspect,
so a page still takes about 2 ms.
"""

from __future__ import annotations

import ctypes
import re
from collections import defaultdict
from collections.abc import Iterator

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

_MARKS = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
_THAI = "\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e45\u0e47-\u0e4e"
_CONSONANT = re.compile("[\u0e01-\u0e2e]")
_MARK = re.compile(f"[{_MARKS}]")
_CHECK_MAPPING = re.compile(r"[^\u0e00-\u0e7fA-Za-z0-9 \r\n]")
_THAI_GAP = re.compile(f"(?<=[{_THAI}]) (?=[{_THAI}])")
_THAI_BREAK = re.compile(f"(?<=[{_THAI}])\r\n(?=[{_THAI}])")


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
    text = layer.text
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
    if not drop and not attach:
        return text, 0
    skip = drop | {k for marks in attach.values() for k in marks}
    out, start = [], 0
    for t in sorted(skip | attach.keys()):
        if t in skip:
            out.append(text[start:t])
        else:
            out.append(text[start : t + 1])
            out.extend(text[k] for k in attach[t])
        start = t + 1
    out.append(text[start:])
    return "".join(out), unmapped


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
