"""Render the demo draft sources (corpus/src/draft-v*.txt) into A4 PDFs.

ILLUSTRATIVE DEMO CORPUS: the texts rendered here were written for the Rang demo.
They are not official documents and not the text of any real draft act.

Usage (from the repository root):

    .venv/bin/python corpus/build_pdfs.py           # rebuild both PDFs
    .venv/bin/python corpus/build_pdfs.py --check   # rebuild, then measure text-extraction CER

Source markup (UTF-8 plain text, one line = one unit)
------------------------------------------------------
    % text          comment; ignored
    @key: value     directive, anywhere in the file:
                      @output    output path, relative to corpus/ (e.g. drafts/waste-act-draft-v1.pdf)
                      @footer    small line printed at the bottom centre of every page
                      @date      ISO date used as the PDF creation date (fixed, so builds are reproducible)
                      @title / @subject   PDF metadata
    # text          title line: centred, bold, 18 pt
    ## text         heading line: centred, bold, 16 pt (หมวด ๑ / chapter name / ส่วนที่ ๑ / memo headings).
                    Consecutive ## lines form one heading block, which is kept on the same page as the
                    first lines of the paragraph after it, with half a line of space above it.
    ### text        centred line, regular weight (e.g. "พ.ศ. ....", dotted rules, the demo notice)
    >> text         signature-block line, centred in the right half of the text area
    ----            page break
    (blank line)    ignored (only makes the source easier to read)
    anything else   one body paragraph: first line indented 2.5 cm, left-aligned (ragged right),
                    wrapped at Thai word boundaries (pythainlp newmm), never inside "มาตรา ๑๒", "(๑)",
                    numbers or quotes. A line that wraps at a space keeps that space at its end in the
                    text stream (drawn, invisible, past the last word, as LibreOffice and Word do), so
                    an extractor that keeps it gives the clause space back; it does not count against
                    the line width, so the line breaks are those of a wrap that drops it.
                    A paragraph that begins with "มาตรา <number>" followed by TWO spaces is a section
                    head: "มาตรา <number>" is set in bold and the rest of the paragraph follows on the
                    same line (run-in heading), e.g.
                        มาตรา ๒๒/๑  ข้อความ...
                        มาตรา ๓๐ ทวิ  ข้อความ...

Layout: A4, margins 2.5 cm (top, left, right) and 2.5 cm bottom; Laksaman 16 pt (TLWG's TH Sarabun
clone); page number "- ๒ -" (Thai digits) at the top centre from page 2; the @footer line at the
bottom centre of every page in 12 pt.

Text extraction: fpdf2's own shaped-text output gives wrong text back from PDF extractors (marks
mapped to the whole cluster or to nothing, and each positioned mark becomes a separate text object
that PDFium re-sorts by x). This script therefore (1) maps every glyph, including the font's
alternate mark glyphs (.low/.left/...), to its single Unicode character in the ToUnicode CMap,
(2) emits glyphs in logical (Unicode) order by reordering zero-advance marks inside a cluster, and
(3) writes each shaped line as ONE text-showing operator (TJ with horizontal adjustments) instead
of one Tm/Tj per positioned mark. HarfBuzz still positions the marks (GPOS), so the page looks right.
Sara am (ำ) is drawn as two glyphs and extracts as U+0E4D U+0E32 (after any tone mark); the
ingest normaliser turns that back into ำ.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import re
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from fontTools.ttLib import TTFont  # noqa: F401  (fpdf2 dependency; used through font.ttfont)
from fpdf import FPDF
from fpdf.fonts import TTFFont
from fpdf.line_break import Fragment

CORPUS = Path(__file__).resolve().parent
FONT_DIR = Path("/usr/share/fonts/truetype/tlwg")
FONT_REGULAR = FONT_DIR / "Laksaman.ttf"
FONT_BOLD = FONT_DIR / "Laksaman-Bold.ttf"

# ---------------------------------------------------------------------------------------------
# Glyph -> Unicode mapping and logical-order shaping (monkey-patches fpdf2, this process only)
# ---------------------------------------------------------------------------------------------

# TLWG fonts also reach their alternate glyphs through the Private Use Area (TH Sarabun style);
# map those code points back to the standard Thai character they stand for.
_PUA = {0xF700: 0x0E10, 0xF70F: 0x0E0D, 0xF710: 0x0E31, 0xF711: 0x0E4D, 0xF712: 0x0E47,
        0xF718: 0x0E38, 0xF719: 0x0E39, 0xF71A: 0x0E3A, 0xF71B: 0x0E0E, 0xF71C: 0x0E0F,
        0xF71D: 0x0E2C, 0xF71E: 0x0E4D, 0xF71F: 0x0E47, 0xF720: 0x0E4E}
for _i in range(4):
    _PUA[0xF701 + _i] = 0x0E34 + _i
for _base in (0xF705, 0xF70A, 0xF713):
    for _i in range(5):
        _PUA[_base + _i] = 0x0E48 + _i

_GLYPH_UNICODE: dict[int, dict[str, int]] = {}


def _glyph_unicode_table(ttfont) -> dict[str, int]:
    """glyph name -> the one Unicode character it renders (standard code points preferred)."""
    table: dict[str, int] = {}
    for cp, name in sorted(ttfont.getBestCmap().items()):
        cp = _PUA.get(cp, cp)
        if 0xE000 <= cp <= 0xF8FF:
            continue
        table.setdefault(name, cp)
    for name in ttfont.getGlyphOrder():
        if name not in table:
            m = re.match(r"uni([0-9A-F]{4})(?:\.|$)", name)
            if m:
                table[name] = int(m.group(1), 16)
    return table


def _shape_text_logical(self: TTFFont, text: str, font_size_pt: float, text_shaping_params):
    """Replacement for TTFFont.shape_text: one Unicode char per glyph, logical glyph order."""
    if not text:
        return []
    gtab = _GLYPH_UNICODE.setdefault(id(self), _glyph_unicode_table(self.ttfont))
    infos, poss = self.perform_harfbuzz_shaping(text, font_size_pt, text_shaping_params)
    n = len(infos)
    starts = sorted({int(g.cluster) for g in infos})
    cluster_end = {c: (starts[i + 1] if i + 1 < len(starts) else len(text)) for i, c in enumerate(starts)}
    items = []
    for gi in infos:
        name = self.ttfont.getGlyphName(gi.codepoint)
        cs = int(gi.cluster)
        ctext = text[cs : cluster_end[cs]]
        u = gtab.get(name)
        if u is not None and chr(u) in ctext:
            key = (cs, ctext.index(chr(u)), 0)
        elif u in (0x0E4D, 0x0E32) and "\u0e33" in ctext:  # sara am drawn as nikhahit + sara aa
            key = (cs, ctext.index("\u0e33"), 0 if u == 0x0E4D else 1)
        else:
            key = (cs, len(ctext), 0)
        items.append((gi, name, u, key, ctext))
    # Reorder runs of zero-advance glyphs (marks) into logical order; their pen position is the
    # same, so the drawing does not change, but extractors read them in Unicode order.
    order = list(range(n))
    j = 0
    while j < n:
        if poss[j].x_advance == 0 and poss[j].y_advance == 0:
            k = j
            while k < n and poss[k].x_advance == 0 and poss[k].y_advance == 0:
                k += 1
            order[j:k] = sorted(order[j:k], key=lambda t: items[t][3])
            j = k
        else:
            j += 1
    out = []
    for t in order:
        gi, name, u, _key, ctext = items[t]
        gp = poss[t]
        uni = (u,) if u is not None else tuple(ord(c) for c in ctext)
        width = round(self.scale * self.ttfont["hmtx"].metrics[name][0])
        glyph = self.subset.get_glyph(glyph=gi.codepoint, unicode=uni, glyph_name=name, glyph_width=width)
        if glyph is None:
            continue
        out.append({
            "mapped_char": self.subset.pick_glyph(glyph),
            "x_advance": gp.x_advance, "y_advance": gp.y_advance,
            "x_offset": gp.x_offset, "y_offset": gp.y_offset,
            "force_positioning": False, "glyph_width": width,
        })
    return out


def _render_with_text_shaping_tj(self: Fragment, pos_x: float, pos_y: float, h: float, word_spacing: float):
    """Replacement for Fragment.render_with_text_shaping: one TJ per fragment (no Tm per mark)."""
    if word_spacing:
        raise RuntimeError("build_pdfs renders left-aligned text only (no word spacing)")
    font = self.font
    scale = font.scale  # font units -> 1/1000 em
    parts: list[str] = []
    run = ""
    cur = pen = 0.0  # in 1/1000 em, relative to the fragment origin
    for ti in font.shape_text(self.string, self.font_size_pt, self.text_shaping_parameters):
        if ti["mapped_char"] is None:
            continue
        if ti["y_offset"] or ti["y_advance"]:
            raise RuntimeError(f"vertical glyph offset in {self.string!r}: not supported")
        target = pen + ti["x_offset"] * scale
        adj = target - cur
        if abs(adj) > 0.0005:
            if run:
                parts.append(f"({run})")
                run = ""
            parts.append(f"{-adj:.3f}")
        run += font.escape_text(chr(ti["mapped_char"]))
        cur = target + ti["glyph_width"]
        pen += ti["x_advance"] * scale
    if run:
        parts.append(f"({run})")
    k = self.k
    return f"1 0 0 1 {pos_x * k:.2f} {(h - pos_y) * k:.2f} Tm [{' '.join(parts)}] TJ"


@contextlib.contextmanager
def _logical_shaping() -> Iterator[None]:
    """fpdf2 shapes and renders with the two functions above while a draft is rendered, and as
    before afterwards (a test that imports this module must not change other PDFs it makes)."""
    saved = TTFFont.shape_text, Fragment.render_with_text_shaping
    TTFFont.shape_text, Fragment.render_with_text_shaping = _shape_text_logical, _render_with_text_shaping_tj
    try:
        yield
    finally:
        TTFFont.shape_text, Fragment.render_with_text_shaping = saved

# ---------------------------------------------------------------------------------------------
# Line breaking
# ---------------------------------------------------------------------------------------------

_PROTECT = re.compile(
    r"(?:มาตรา|หมวด|ส่วนที่|วรรค|ข้อ|ฉบับที่|ครั้งที่|ลำดับที่|พ\.ศ\.)\s[๐-๙0-9.]+(?:/[๐-๙0-9]+)?(?:\s(?:ทวิ|ตรี|จัตวา))?"
    r"|\([๐-๙0-9]+\)"
    r"|[๐-๙0-9][๐-๙0-9,./:]*"
)
_NO_BREAK_BEFORE = tuple(")”’,.:;ๆฯ%")
_NO_BREAK_AFTER = tuple("(“‘")


def _atoms(text: str) -> list[str]:
    """Split a paragraph into unbreakable atoms; a line may break between any two atoms."""
    from pythainlp.tokenize import word_tokenize

    pieces: list[str] = []
    pos = 0
    for m in _PROTECT.finditer(text):
        if m.start() > pos:
            pieces.extend(word_tokenize(text[pos : m.start()], engine="newmm", keep_whitespace=True))
        pieces.append(m.group(0))
        pos = m.end()
    if pos < len(text):
        pieces.extend(word_tokenize(text[pos:], engine="newmm", keep_whitespace=True))
    # split runs of spaces into their own atoms, glue punctuation to its neighbour
    atoms: list[str] = []
    for p in pieces:
        for q in re.split(r"( +)", p):
            if not q:
                continue
            if atoms and not q.isspace() and not atoms[-1].isspace() and (
                q.startswith(_NO_BREAK_BEFORE) or atoms[-1].endswith(_NO_BREAK_AFTER)
            ):
                atoms[-1] += q
            else:
                atoms.append(q)
    return atoms


def wrap(pdf: FPDF, text: str, first_width: float, width: float) -> list[str]:
    """Greedy wrap at atom boundaries. Only the visible text counts against the width; a space at
    a break stays at the end of its line (it hangs, invisible, in the right margin, as LibreOffice
    and Word set it), so the line breaks are those of a wrap that drops it."""
    lines: list[str] = []
    cur = ""
    limit = first_width
    for atom in _atoms(text):
        cand = cur + atom
        if not cur.strip() or pdf.get_string_width(cand.rstrip()) <= limit:
            cur = cand if cur.strip() or not atom.isspace() else cur
            continue
        lines.append(cand if atom.isspace() else cur)
        limit = width
        cur = "" if atom.isspace() else atom
    if cur.strip():
        lines.append(cur.rstrip())
    return lines


# ---------------------------------------------------------------------------------------------
# Document model and rendering
# ---------------------------------------------------------------------------------------------

THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
SECTION_HEAD = re.compile(r"^(มาตรา [๐-๙]+(?:/[๐-๙]+)?(?: (?:ทวิ|ตรี|จัตวา))?)  (.*)$")

PAGE_W, PAGE_H = 210.0, 297.0
MARGIN_L, MARGIN_R, MARGIN_T, MARGIN_B = 25.0, 25.0, 25.0, 25.0
TEXT_W = PAGE_W - MARGIN_L - MARGIN_R
LINE_H = 7.4  # mm, body line height at 16 pt
INDENT = 25.0  # mm, first-line indent
BODY_PT = 16
TITLE_PT = 18
FOOTER_PT = 12


@dataclass
class Source:
    path: Path
    directives: dict[str, str] = field(default_factory=dict)
    blocks: list[tuple[str, list[str]]] = field(default_factory=list)  # (kind, lines)


def parse_source(path: Path) -> Source:
    src = Source(path)
    heading: list[str] = []

    def flush_heading():
        if heading:
            src.blocks.append(("heading", heading.copy()))
            heading.clear()

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.rstrip()
        if not line.strip() or line.startswith("%"):
            continue
        m = re.match(r"^@([a-z-]+):\s*(.*)$", line)
        if m:
            src.directives[m.group(1)] = m.group(2)
            continue
        if line.startswith("## "):
            heading.append(line[3:].strip())
            continue
        flush_heading()
        if line.startswith("### "):
            src.blocks.append(("center", [line[4:].strip()]))
        elif line.startswith("# "):
            src.blocks.append(("title", [line[2:].strip()]))
        elif line.startswith(">> "):
            src.blocks.append(("sign", [line[3:].strip()]))
        elif line.strip() == "----":
            src.blocks.append(("pagebreak", []))
        else:
            src.blocks.append(("para", [line.strip()]))
    flush_heading()
    return src


class DraftPDF(FPDF):
    def __init__(self, footer_text: str):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.footer_text = footer_text
        self.page_log: list[list[str]] = []  # text drawn on each page, in drawing order
        self.add_font("Laksaman", "", str(FONT_REGULAR))
        self.add_font("Laksaman", "B", str(FONT_BOLD))
        self.set_text_shaping(True)
        self.set_auto_page_break(False)
        self.set_margins(MARGIN_L, MARGIN_T, MARGIN_R)
        self.c_margin = 0

    # drawing helpers that also log what was drawn -------------------------------------------
    def put(self, x: float, y: float, text: str, style: str = "", size: float = BODY_PT, h: float = LINE_H):
        self.set_font("Laksaman", style, size)
        self.set_xy(x, y)
        self.cell(w=self.get_string_width(text), h=h, text=text)
        self.page_log[-1].append(text)

    def put_center(self, y: float, text: str, style: str = "", size: float = BODY_PT,
                   left: float = MARGIN_L, width: float = TEXT_W):
        self.set_font("Laksaman", style, size)
        w = self.get_string_width(text)
        self.put(left + (width - w) / 2, y, text, style, size)

    def header(self):
        self.page_log.append([])
        if self.page_no() >= 2:
            self.put_center(12.0, f"- {str(self.page_no()).translate(THAI_DIGITS)} -")

    def footer(self):
        if self.footer_text:
            self.put_center(PAGE_H - 15.0, self.footer_text, size=FOOTER_PT)


def render(src: Source) -> tuple[bytes, list[list[str]]]:
    with _logical_shaping():
        return _render(src)


def _render(src: Source) -> tuple[bytes, list[list[str]]]:
    d = src.directives
    pdf = DraftPDF(d.get("footer", ""))
    date = dt.datetime.fromisoformat(d.get("date", "2025-01-01")).replace(tzinfo=dt.timezone.utc)
    pdf.set_creation_date(date)
    pdf.set_title(d.get("title", ""))
    pdf.set_subject(d.get("subject", ""))
    pdf.set_author("Rang demo corpus (illustrative text, not an official document)")
    pdf.set_creator("corpus/build_pdfs.py")
    pdf.set_lang("th")
    pdf.add_page()
    y = MARGIN_T
    bottom = PAGE_H - MARGIN_B

    def new_page():
        nonlocal y
        pdf.add_page()
        y = MARGIN_T

    def para_lines(text: str) -> tuple[str | None, list[str]]:
        m = SECTION_HEAD.match(text)
        if m:
            head, rest = m.group(1), m.group(2)
            pdf.set_font("Laksaman", "B", BODY_PT)
            head_w = pdf.get_string_width(head)
            pdf.set_font("Laksaman", "", BODY_PT)
            gap = pdf.get_string_width("  ")
            return head, wrap(pdf, rest, TEXT_W - INDENT - head_w - gap, TEXT_W)
        pdf.set_font("Laksaman", "", BODY_PT)
        return None, wrap(pdf, text, TEXT_W - INDENT, TEXT_W)

    blocks = src.blocks
    for bi, (kind, lines) in enumerate(blocks):
        if kind == "pagebreak":
            new_page()
        elif kind == "title":
            if y + LINE_H * 1.2 > bottom:
                new_page()
            pdf.put_center(y, lines[0], style="B", size=TITLE_PT)
            y += LINE_H * 1.2
        elif kind == "center":
            if y + LINE_H > bottom:
                new_page()
            pdf.put_center(y, lines[0])
            y += LINE_H
        elif kind == "sign":
            if y + LINE_H > bottom:
                new_page()
            pdf.put_center(y, lines[0], left=MARGIN_L + TEXT_W / 2, width=TEXT_W / 2)
            y += LINE_H
        elif kind == "heading":
            need = LINE_H * (len(lines) + 0.5)
            nxt = blocks[bi + 1] if bi + 1 < len(blocks) else None
            if nxt and nxt[0] == "para":
                need += LINE_H * min(2, len(para_lines(nxt[1][0])[1]))
            if y + need > bottom:
                new_page()
            if y > MARGIN_T + 0.1:
                y += LINE_H * 0.5
            for line in lines:
                pdf.put_center(y, line, style="B")
                y += LINE_H
        elif kind == "para":
            head, body = para_lines(lines[0])
            for li, line in enumerate(body):
                if y + LINE_H > bottom:
                    new_page()
                x = MARGIN_L + (INDENT if li == 0 else 0)
                if li == 0 and head:
                    # the two spaces go into the text stream as real characters: drawn only as a gap,
                    # extractors that drop PDFium's generated spaces would glue "ทวิ" to the body text
                    pdf.put(x, y, head + "  ", style="B")
                    pdf.set_font("Laksaman", "B", BODY_PT)
                    x += pdf.get_string_width(head)
                    pdf.set_font("Laksaman", "", BODY_PT)
                    x += pdf.get_string_width("  ")
                pdf.put(x, y, line)
                y += LINE_H
            if head and not body:  # a section head with nothing after it
                pdf.put(MARGIN_L + INDENT, y, head, style="B")
                y += LINE_H
    data = bytes(pdf.output())
    return data, pdf.page_log


# ---------------------------------------------------------------------------------------------
# Extraction check
# ---------------------------------------------------------------------------------------------

def normalise_for_compare(s: str) -> str:
    s = unicodedata.normalize("NFC", s)
    s = re.sub("\u0e4d([\u0e48-\u0e4b]?)\u0e32", lambda m: m.group(1) + "\u0e33", s)
    return "".join(s.split())


def levenshtein(a: str, b: str) -> int:
    """Myers/Hyyrö bit-parallel edit distance (Python ints as bit vectors)."""
    if len(a) < len(b):
        a, b = b, a
    m = len(b)
    if m == 0:
        return len(a)
    peq: dict[str, int] = {}
    for i, c in enumerate(b):
        peq[c] = peq.get(c, 0) | (1 << i)
    mask = (1 << m) - 1
    high = 1 << (m - 1)
    pv, mv, score = mask, 0, m
    for c in a:
        eq = peq.get(c, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = ((ph << 1) | 1) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
    return score


def source_body_text(src: Source) -> str:
    """The source text without markup (what a reader of the PDF body should get back)."""
    out = []
    for kind, lines in src.blocks:
        out.extend(lines)
    return "".join(out)


def check(path: Path, src: Source, page_log: list[list[str]]) -> tuple[int, int]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    errors = total = 0
    extracted_body = []
    header_footer = set()
    for i in range(len(doc)):
        got = doc[i].get_textpage().get_text_range()
        want = "".join(page_log[i])
        a, b = normalise_for_compare(want), normalise_for_compare(got)
        e = levenshtein(a, b)
        errors += e
        total += len(a)
        if e:
            print(f"  page {i + 1}: {e} errors / {len(a)} chars", file=sys.stderr)
        # body only: drop the page number and the footer lines
        lines = [ln for ln in got.replace("\r\n", "\n").split("\n")]
        header_footer.add(normalise_for_compare(src.directives.get("footer", "")))
        body = [ln for ln in lines if normalise_for_compare(ln) not in header_footer
                and not re.fullmatch(r"-\s*[๐-๙]+\s*-", ln.strip())]
        extracted_body.append("".join(body))
    doc.close()
    a = normalise_for_compare(source_body_text(src))
    b = normalise_for_compare("".join(extracted_body))
    doc_e = levenshtein(a, b)
    print(f"{_rel(path)}: {len(page_log)} pages; per-page CER {errors}/{total} = "
          f"{100 * errors / max(total, 1):.3f} %; source-vs-extracted body CER {doc_e}/{len(a)} = "
          f"{100 * doc_e / max(len(a), 1):.3f} %")
    return doc_e, len(a)


def _rel(p: Path) -> str:
    try:
        return str(p.relative_to(CORPUS))
    except ValueError:
        return str(p)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="measure text-extraction CER with pypdfium2")
    ap.add_argument("sources", nargs="*", help="source files (default: corpus/src/draft-v*.txt)")
    args = ap.parse_args(argv)
    sources = [Path(s) for s in args.sources] or sorted((CORPUS / "src").glob("draft-v*.txt"))
    for sp in sources:
        src = parse_source(sp)
        out = CORPUS / src.directives["output"]
        data, page_log = render(src)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
        print(f"wrote {_rel(out)} ({len(page_log)} pages, {len(data)} bytes, "
              f"sha256 {hashlib.sha256(data).hexdigest()[:16]})")
        if args.check:
            check(out, src, page_log)
    return 0


if __name__ == "__main__":
    sys.exit(main())
