"""Word documents built in the tests: python-docx for paragraphs, styles and tables, raw XML for
what python-docx cannot write (list numbering definitions, tracked changes, comments)."""

from __future__ import annotations

import re
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = f'xmlns:w="{W_NS}"'


def new_document() -> docx.document.Document:
    return docx.Document()


def add_list(document: object, abstract_id: int, levels: list[tuple[str, str, int]]) -> None:
    """An abstract numbering definition: one (numFmt, lvlText, start) per level, suffix a space."""
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:suff w:val="space"/></w:lvl>'
        for i, (fmt, text, start) in enumerate(levels)
    )
    numbering = document.part.numbering_part.element  # type: ignore[attr-defined]
    el = parse_xml(f'<w:abstractNum {NS} w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>')
    nums = numbering.findall(f"{{{W_NS}}}num")
    if nums:  # abstract definitions come before every w:num
        nums[0].addprevious(el)
    else:
        numbering.append(el)


def add_num(document: object, num_id: int, abstract_id: int, restart_at: int | None = None) -> None:
    """A list instance of an abstract definition; `restart_at` overrides level 0's start."""
    override = (f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{restart_at}"/></w:lvlOverride>'
                if restart_at is not None else "")
    numbering = document.part.numbering_part.element  # type: ignore[attr-defined]
    numbering.append(parse_xml(
        f'<w:num {NS} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{override}</w:num>'))


def number(paragraph: object, num_id: int, ilvl: int = 0) -> None:
    """Give a python-docx paragraph automatic numbering (w:numPr)."""
    ppr = paragraph._p.get_or_add_pPr()  # type: ignore[attr-defined]
    ppr.append(parse_xml(f'<w:numPr {NS}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def raw_paragraph(document: object, inner_xml: str) -> None:
    """Append a paragraph written as WordprocessingML (runs, w:ins, w:del, comments ...)."""
    body = document.element.body  # type: ignore[attr-defined]
    p = parse_xml(f"<w:p {NS}>{inner_xml}</w:p>")
    body.sectPr.addprevious(p) if body.sectPr is not None else body.append(p)


def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def ins(text: str, rid: int = 1) -> str:
    return f'<w:ins w:id="{rid}" w:author="ผู้แก้ไข" w:date="2025-06-01T00:00:00Z">{run(text)}</w:ins>'


def dele(text: str, rid: int = 2) -> str:
    return (f'<w:del w:id="{rid}" w:author="ผู้แก้ไข" w:date="2025-06-01T00:00:00Z">'
            f'<w:r><w:delText xml:space="preserve">{text}</w:delText></w:r></w:del>')


# --- the demo draft's source (corpus/src/draft-v*.txt markup, see corpus/build_pdfs.py) as Word ---
_ITEM_RE = re.compile(r"^\(([๐-๙]+)\)\s*")
_SECTION_RE = re.compile(r"^(มาตรา [๐-๙]+(?:/[๐-๙]+)?(?: [ก-๙]+)?)  (.*)$")


def docx_from_source(src: Path, out: Path) -> Path:
    """The demo draft as a Word author writes it: Title and Heading 1 styles, bold run-in section
    numbers, and the items "(๑)" "(๒)" ... as automatic numbering (thaiNumbers, restarted per list)."""
    document = new_document()
    add_list(document, 7, [("thaiNumbers", "(%1)", 1)])
    next_num, current = 10, None
    for line in src.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith(("%", "@")):
            continue
        if line.strip() == "----":
            document.add_page_break()
            continue
        mark, _, text = line.partition(" ")
        if mark == "#":
            document.add_paragraph(text, style="Title")
        elif mark == "##":
            document.add_paragraph(text, style="Heading 1")
        elif mark in ("###", ">>"):
            para = document.add_paragraph(text)
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER if mark == "###" else WD_ALIGN_PARAGRAPH.RIGHT
        elif m := _ITEM_RE.match(line):
            if m.group(1) == "๑":  # a new list: a new instance that starts again at 1
                current, next_num = next_num, next_num + 1
                add_num(document, current, 7, restart_at=1)
            para = document.add_paragraph(line[m.end():])
            number(para, current or 0)
        elif m := _SECTION_RE.match(line):
            para = document.add_paragraph()
            para.add_run(m.group(1)).bold = True
            para.add_run("  " + m.group(2))
        else:
            document.add_paragraph(line)
    document.save(str(out))
    return out
