"""Word drafts (.docx), built here with python-docx (+ raw XML for numbering and tracked changes):
structure, automatic numbering, accepted text of tracked changes, comments, tables, and the
demo draft's source as Word against its PDF."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx.oxml import parse_xml

from ingest.models import IngestError
from ingest.pdf import extract_pdf
from ingest.structure import parse_draft
from ingest.word import read_docx
from ingest.word.numbering import format_number
from tests.conftest import CORPUS
from tests.ingest.wordgen import (
    NS,
    add_list,
    add_num,
    dele,
    docx_from_source,
    ins,
    new_document,
    number,
    raw_paragraph,
    run,
)


def _save(document: object, tmp_path: Path, name: str = "draft.docx") -> Path:
    path = tmp_path / name
    document.save(str(path))  # type: ignore[attr-defined]
    return path


def test_title_headings_and_sections_cite_paragraphs(tmp_path: Path) -> None:
    d = new_document()
    for line in ("ร่าง", "พระราชบัญญัติ", "จัดการกากอุตสาหกรรม", "พ.ศ. ...."):
        d.add_paragraph(line, style="Title")
    d.add_paragraph("")  # spacing: not a paragraph a citation counts
    d.add_paragraph("โดยที่เป็นการสมควรมีกฎหมายว่าด้วยการจัดการกากอุตสาหกรรม")
    d.add_paragraph("หมวด ๑", style="Heading 1")
    d.add_paragraph("บททั่วไป", style="Heading 1")
    p = d.add_paragraph()
    p.add_run("มาตรา ๑").bold = True
    p.add_run("  พระราชบัญญัตินี้เรียกว่า “พระราชบัญญัติจัดการกากอุตสาหกรรม พ.ศ. ....”")
    d.add_paragraph("มาตรา ๒ ให้ผู้ก่อกากอุตสาหกรรมเก็บเอกสารกำกับการขนส่งไว้สิบปี")
    d.add_paragraph("การเก็บตามวรรคหนึ่งให้เป็นไปตามที่อธิบดีประกาศกำหนด")  # วรรคสอง of มาตรา ๒
    d.add_paragraph("หมวด ๒", style="Heading 1")
    d.add_paragraph("บทกำหนดโทษ", style="Heading 1")
    d.add_paragraph("มาตรา ๓ ผู้ใดฝ่าฝืนมาตรา ๒ ต้องระวางโทษปรับไม่เกินหนึ่งแสนบาท")
    word = read_docx(_save(d, tmp_path))
    assert word.paragraphs[:2] == ["ร่าง", "พระราชบัญญัติ"] and word.title_hint == "ร่าง"
    assert len(word.paragraphs) == 13 and word.warnings == []
    parsed = parse_draft(word.pages())
    assert parsed.title == "ร่างพระราชบัญญัติจัดการกากอุตสาหกรรม พ.ศ. ...."
    secs = {s.number: s for s in parsed.legal_sections}
    assert list(secs) == ["1", "2", "3"]
    assert secs["1"].chapter_path == ["หมวด ๑ บททั่วไป"] and secs["3"].chapter_path == ["หมวด ๒ บทกำหนดโทษ"]
    # paragraphs, counted without the empty one: มาตรา ๒ is paragraphs 9–10, its two วรรค kept apart
    assert (secs["2"].page_start, secs["2"].page_end) == (9, 10)
    assert secs["2"].text == ("มาตรา ๒ ให้ผู้ก่อกากอุตสาหกรรมเก็บเอกสารกำกับการขนส่งไว้สิบปี\n"
                              "การเก็บตามวรรคหนึ่งให้เป็นไปตามที่อธิบดีประกาศกำหนด")
    assert secs["1"].text.startswith("มาตรา ๑ พระราชบัญญัตินี้เรียกว่า")


def test_paragraphs_that_end_on_a_mark_stay_apart(tmp_path: Path) -> None:
    """A PDF line ending on a stacked mark may be half of one visual line; a Word paragraph never is."""
    d = new_document()
    d.add_paragraph("มาตรา ๑ ให้รัฐมนตรีรักษาการตามพระราชบัญญัตินี้")
    d.add_paragraph("และให้มีอำนาจออกกฎกระทรวง")
    (sec,) = parse_draft(read_docx(_save(d, tmp_path)).pages()).legal_sections
    assert sec.text == "มาตรา ๑ ให้รัฐมนตรีรักษาการตามพระราชบัญญัตินี้\nและให้มีอำนาจออกกฎกระทรวง"


def test_automatic_numbering_prints_what_word_shows(tmp_path: Path) -> None:
    d = new_document()
    # one list: level 0 numbers the sections "มาตรา ๑", level 1 their items "(๑)", restarted per section
    add_list(d, 1, [("thaiNumbers", "มาตรา %1", 1), ("thaiNumbers", "(%2)", 1)])
    add_num(d, 5, 1)
    add_list(d, 2, [("thaiLetters", "(%1)", 1)])
    add_num(d, 6, 2)
    add_list(d, 3, [("decimal", "%1.", 3)])
    add_num(d, 7, 3)
    add_num(d, 8, 3, restart_at=1)  # "restart numbering" in Word: a new instance with a start override
    for text, num, lvl in [
        ("ผู้ก่อกากอุตสาหกรรมต้องปฏิบัติ ดังต่อไปนี้", 5, 0),
        ("คัดแยกกากอุตสาหกรรม", 5, 1),
        ("เก็บรักษาในภาชนะที่ปิดสนิท", 5, 1),
        ("กากอันตรายให้ติดป้าย", 6, 0),
        ("กากทั่วไปให้จัดเก็บแยก", 6, 0),
        ("ผู้ขนส่งต้องมีใบอนุญาต", 5, 0),
        ("ขนส่งตามเส้นทางที่กำหนด", 5, 1),
        ("ข้อความลำดับสาม", 7, 0),
        ("ข้อความลำดับสี่", 7, 0),
        ("เริ่มใหม่ที่หนึ่ง", 8, 0),
        ("ต่อเป็นสอง", 8, 0),
    ]:
        number(d.add_paragraph(text), num, lvl)
    d.add_paragraph("ย่อหน้าธรรมดาไม่มีเลขกำกับ")
    word = read_docx(_save(d, tmp_path))
    assert word.paragraphs == [
        "มาตรา ๑ ผู้ก่อกากอุตสาหกรรมต้องปฏิบัติ ดังต่อไปนี้",
        "(๑) คัดแยกกากอุตสาหกรรม",
        "(๒) เก็บรักษาในภาชนะที่ปิดสนิท",
        "(ก) กากอันตรายให้ติดป้าย",
        "(ข) กากทั่วไปให้จัดเก็บแยก",
        "มาตรา ๒ ผู้ขนส่งต้องมีใบอนุญาต",
        "(๑) ขนส่งตามเส้นทางที่กำหนด",  # restarted under มาตรา ๒
        "3. ข้อความลำดับสาม",  # the level's own start
        "4. ข้อความลำดับสี่",
        "1. เริ่มใหม่ที่หนึ่ง",
        "2. ต่อเป็นสอง",
        "ย่อหน้าธรรมดาไม่มีเลขกำกับ",
    ]
    secs = parse_draft(word.pages()).legal_sections
    assert [s.number_printed for s in secs] == ["๑", "๒"]
    assert secs[0].text.split("\n")[1:3] == ["(๑) คัดแยกกากอุตสาหกรรม", "(๒) เก็บรักษาในภาชนะที่ปิดสนิท"]


def test_numbering_through_a_paragraph_style(tmp_path: Path) -> None:
    d = new_document()
    add_list(d, 4, [("thaiNumbers", "(%1)", 1)])
    add_num(d, 9, 4)
    style = d.styles.add_style("รายการ", 1)  # WD_STYLE_TYPE.PARAGRAPH
    style.base_style = d.styles["Normal"]
    style.element.get_or_add_pPr().append(parse_xml(f'<w:numPr {NS}><w:numId w:val="9"/></w:numPr>'))
    d.add_paragraph("มาตรา ๕ ให้คณะกรรมการมีอำนาจหน้าที่ ดังต่อไปนี้")
    d.add_paragraph("เสนอนโยบาย", style="รายการ")
    d.add_paragraph("ออกประกาศ", style="รายการ")
    assert read_docx(_save(d, tmp_path)).paragraphs[1:] == ["(๑) เสนอนโยบาย", "(๒) ออกประกาศ"]


@pytest.mark.parametrize(("n", "fmt", "printed"), [
    (12, "thaiNumbers", "๑๒"), (3, "thaiLetters", "ค"), (42, "thaiLetters", "กก"), (4, "upperRoman", "IV"),
    (28, "lowerLetter", "bb"), (7, "decimalZero", "07"), (21, "thaiCounting", "ยี่สิบเอ็ด"), (5, "chicago", "5"),
])
def test_number_formats(n: int, fmt: str, printed: str) -> None:
    assert format_number(n, fmt) == printed


def test_tracked_changes_read_as_accepted_and_reported(tmp_path: Path) -> None:
    d = new_document()
    d.add_paragraph("มาตรา ๑ พระราชบัญญัตินี้เรียกว่า “พระราชบัญญัติจัดการกากอุตสาหกรรม พ.ศ. ....”")
    raw_paragraph(d, run("มาตรา ๒ ผู้ก่อกากต้องเก็บเอกสารไว้") + dele("ห้าปี", 1) + ins("สิบปี", 2)
                  + run("นับแต่วันที่ได้รับ"))
    # a paragraph whose mark was deleted joins the next one once the change is accepted
    raw_paragraph(d, '<w:pPr><w:rPr><w:del w:id="3" w:author="ก" w:date="2025-06-01T00:00:00Z"/></w:rPr></w:pPr>'
                  + run("มาตรา ๓ ผู้ขนส่ง"))
    raw_paragraph(d, run("ต้องมีใบอนุญาต"))
    # an inserted paragraph is kept; a wholly deleted one (text and mark) is gone
    raw_paragraph(d, ins("มาตรา ๔ ให้รัฐมนตรีรักษาการ", 4))
    raw_paragraph(d, '<w:pPr><w:rPr><w:del w:id="5" w:author="ก" w:date="2025-06-01T00:00:00Z"/></w:rPr></w:pPr>'
                  + dele("มาตรา ๔/๑ ข้อความที่ถูกลบทั้งย่อหน้า", 6))
    # a comment: its anchor and reference are not text
    raw_paragraph(d, '<w:commentRangeStart w:id="0"/>' + run("มาตรา ๕ ให้มีคณะกรรมการ")
                  + '<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>')
    word = read_docx(_save(d, tmp_path))
    assert word.paragraphs[1:] == [
        "มาตรา ๒ ผู้ก่อกากต้องเก็บเอกสารไว้สิบปีนับแต่วันที่ได้รับ",
        "มาตรา ๓ ผู้ขนส่งต้องมีใบอนุญาต",
        "มาตรา ๔ ให้รัฐมนตรีรักษาการ",
        "มาตรา ๕ ให้มีคณะกรรมการ",
    ]
    assert not any("ห้าปี" in p or "๔/๑" in p for p in word.paragraphs)
    assert word.revisions == 6 and word.comments == 1  # 2 deletions, 2 insertions, 2 deleted marks
    assert word.warnings[0].startswith("6 tracked change(s) not yet accepted")
    assert word.warnings[1] == "1 comment(s) left out of the index"
    assert [s.number for s in parse_draft(word.pages()).legal_sections] == ["1", "2", "3", "4", "5"]


def test_a_clean_document_has_no_warnings(tmp_path: Path) -> None:
    d = new_document()
    d.add_paragraph("มาตรา ๑ ข้อความ")
    word = read_docx(_save(d, tmp_path))
    assert (word.revisions, word.comments, word.warnings) == (0, 0, [])


def test_a_table_is_read_row_by_row(tmp_path: Path) -> None:
    d = new_document()
    d.add_paragraph("อัตราค่าธรรมเนียม")
    table = d.add_table(rows=2, cols=2)
    for r, row in enumerate([("(๑) ใบอนุญาตผู้ขนส่ง", "ฉบับละ ๕,๐๐๐ บาท"),
                             ("(๒) ใบอนุญาตผู้รับบำบัด", "ฉบับละ ๑๐,๐๐๐ บาท")]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    inner = table.cell(1, 1).add_table(rows=1, cols=1)  # a table inside a cell, read in its place
    inner.cell(0, 0).text = "ต่ออายุครึ่งหนึ่ง"
    d.add_paragraph("หมายเหตุท้ายตาราง")
    assert read_docx(_save(d, tmp_path)).paragraphs == [
        "อัตราค่าธรรมเนียม",
        "(๑) ใบอนุญาตผู้ขนส่ง", "ฉบับละ ๕,๐๐๐ บาท",
        "(๒) ใบอนุญาตผู้รับบำบัด", "ฉบับละ ๑๐,๐๐๐ บาท", "ต่ออายุครึ่งหนึ่ง",
        "หมายเหตุท้ายตาราง",
    ]


def test_refusals_are_one_line(tmp_path: Path) -> None:
    doc = tmp_path / "old.docx"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    with pytest.raises(IngestError, match=r"save it as \.docx"):
        read_docx(doc)
    text = tmp_path / "text.docx"
    text.write_text("มาตรา ๑ ไม่ใช่ไฟล์ Word", encoding="utf-8")
    with pytest.raises(IngestError, match="not a zip package"):
        read_docx(text)


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_demo_draft_as_word_parses_like_its_pdf(tmp_path: Path) -> None:
    """The demo draft's source written as a Word document (Title/Heading styles, bold run-in section
    numbers, items as automatic Thai numbering) gives the sections of the published PDF."""
    pdf = CORPUS / "drafts" / "waste-act-draft-v2.pdf"
    word = read_docx(docx_from_source(CORPUS / "src" / "draft-v2.txt", tmp_path / "draft-v2.docx"))
    from_word = parse_draft(word.pages())
    from_pdf = parse_draft(extract_pdf(pdf).pages)
    w = {s.number: s for s in from_word.legal_sections}
    p = {s.number: s for s in from_pdf.legal_sections}
    assert len(w) == len(p) == 85 and list(w) == list(p)
    assert from_word.title == from_pdf.title
    assert [s.number_printed for s in w.values()] == [s.number_printed for s in p.values()]
    assert [s.chapter_path for s in w.values()] == [s.chapter_path for s in p.values()]
    assert [n for n in p if _flat(w[n].text) != _flat(p[n].text)] == []
    blocks = ["preamble", "annex", "memo"]  # the fee schedule after the signature is kept (annex)
    assert [s.block for s in from_word.sections if s.block != "section"] == blocks
    assert [s.block for s in from_pdf.sections if s.block != "section"] == blocks
    w_annex, p_annex = (next(s for s in d.sections if s.block == "annex") for d in (from_word, from_pdf))
    assert w_annex.chapter_path == p_annex.chapter_path == ["อัตราค่าธรรมเนียม"]
    assert _flat(w_annex.text) == _flat(p_annex.text) and "ฉบับละ๒๐,๐๐๐บาท" in _flat(p_annex.text)
    assert w["38"].page_end < w["39"].page_start  # paragraph numbers run on in reading order
