"""The comparison table as a Word file (python-docx), because Word is how drafts travel between
divisions: the same rows as the HTML table, deleted words struck through on pink, added words
underlined on green, the header row repeated on every page, A4 landscape, a Thai font."""

from __future__ import annotations

import io
import re

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell

from ingest.diff.export import STATUS_TH, segments, version_line
from ingest.diff.model import DocumentDiff
from ingest.thai import to_thai_digits

FONT = "TH Sarabun New"  # Thai is a complex script in Word: the cs font and size are what it shows
_SIZE = Pt(14)
HEADER = ("ฉบับเดิม", "ฉบับใหม่", "สิ่งที่เปลี่ยนแปลง")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # Word files cannot hold these


def render_docx(d: DocumentDiff, *, unchanged: bool = False) -> bytes:
    doc = Document()
    _page_and_font(doc)
    doc.add_heading(f"ตารางเปรียบเทียบ {d.title}", level=1)
    doc.add_paragraph(f"ฉบับเดิม: {version_line(d.old)} → ฉบับใหม่: {version_line(d.new)}")
    c = d.counts("section")
    doc.add_paragraph("มาตรา: " + " · ".join(f"{STATUS_TH[s]} {to_thai_digits(str(c[s]))}" for s in c))
    rows = [u for u in d.units if unchanged or u.changed]
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    head = table.rows[0]
    _repeat_as_header(head)
    for cell, text in zip(head.cells, (f"{HEADER[0]}\n{version_line(d.old)}",
                                       f"{HEADER[1]}\n{version_line(d.new)}", HEADER[2]), strict=True):
        _write(cell, [(text, False)], bold=True)
    for u in rows:
        cells = table.add_row().cells
        _write(cells[0], segments(u, "old") or [("—", False)], mark="del")
        _write(cells[1], segments(u, "new") or [("—", False)], mark="ins")
        _write(cells[2], [(STATUS_TH[u.status], False)], bold=True)
        if u.summary:
            cells[2].add_paragraph(_NOT_XML.sub("", u.summary))
    if not rows:
        _write(table.add_row().cells[0], [("ไม่มีการเปลี่ยนแปลง", False)])
    for row in table.rows:
        for cell, width in zip(row.cells, (Mm(100), Mm(100), Mm(67)), strict=True):
            cell.width = width
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _page_and_font(doc) -> None:  # type: ignore[no-untyped-def]
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(14))
    for name in ("Normal", "Heading 1"):
        style = doc.styles[name]
        style.font.name = FONT
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.append(fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), FONT)
        if name == "Normal":
            style.font.size = _SIZE
            size_cs = OxmlElement("w:szCs")
            size_cs.set(qn("w:val"), str(int(_SIZE.pt * 2)))
            rpr.append(size_cs)


def _repeat_as_header(row) -> None:  # type: ignore[no-untyped-def]
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _write(cell: _Cell, runs: list[tuple[str, bool]], *, mark: str = "", bold: bool = False) -> None:
    """Runs into a cell, one paragraph per line of the text."""
    para = cell.paragraphs[0]
    for text, changed in runs:
        for k, line in enumerate(text.split("\n")):
            if k:
                para = cell.add_paragraph()
            if not line:
                continue
            run = para.add_run(_NOT_XML.sub("", line))
            run.bold = bold or None
            if changed and mark == "del":
                run.font.strike = True
                run.font.highlight_color = WD_COLOR_INDEX.PINK
            elif changed and mark == "ins":
                run.font.underline = True
                run.font.highlight_color = WD_COLOR_INDEX.BRIGHT_GREEN
