"""PDF extraction on real PDFs: made here with fpdf2, and the shared real and eval-dev PDFs."""

from __future__ import annotations

import io
import json
import re
import shutil
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest

from ingest.models import IngestError
from ingest.pdf import extract_pdf, is_pdf, strip_running_lines
from ingest.pdfium_text import restore_wrap_spaces
from ingest.structure import parse_draft
from ingest.thai import normalize_text

SPLIT_AM = "\u0e4d\u0e32"
DOUBLED_MARK = re.compile("([\u0e31\u0e33\u0e34-\u0e3a\u0e47-\u0e4e])\\1")
PAGE_NUMBER_LINE = re.compile(r"^\s*-\s*[0-9๐-๙]+\s*-\s*$", re.MULTILINE)
HEADER = "ร่าง ฉบับรับฟังความคิดเห็น"


def squash(text: str) -> str:
    return "".join(unicodedata.normalize("NFC", text).split())


def cer(hypothesis: str, reference: str) -> float:
    previous = list(range(len(reference) + 1))
    for i, h in enumerate(hypothesis, 1):
        current = [i]
        for j, r in enumerate(reference, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (h != r)))
        previous = current
    return previous[-1] / len(reference)


# --- PDFs made here --------------------------------------------------------------------


def test_thai_page(pdf_build: Callable[..., Path], pdf_thai_lines: list[str]) -> None:
    result = extract_pdf(pdf_build([pdf_thai_lines]))
    assert result.extractor == "pypdfium2"
    assert not result.encrypted and not result.warnings
    [page] = result.pages
    assert page.number == 1 and not page.needs_ocr
    first, *rest = pdf_thai_lines  # pdf_build sets the first line right of the others: an indent
    assert page.text.split("\n") == [f"\t{first}", *rest]
    assert SPLIT_AM not in page.text


def test_running_header_and_page_numbers_are_stripped(pdf_build: Callable[..., Path]) -> None:
    bodies = [
        ["มาตรา ๑ พระราชบัญญัตินี้เรียกว่า พระราชบัญญัติทดสอบ", "๑. ข้อความที่ขึ้นต้นด้วยเลข"],
        ["12 ตัวเลขอารบิกต้นบรรทัดต้องอยู่", f"{HEADER} กลางหน้าไม่ใช่หัวกระดาษ", "มาตรา ๘๓/๒"],
        ["มาตรา ๓ ให้รัฐมนตรีรักษาการ", HEADER, "(๑) รายการแรก"],
        ["มาตรา ๔ บทเฉพาะกาล", "๒๐ วันนับแต่วันประกาศ"],
    ]
    pages = []
    for number, body in enumerate(bodies, 1):
        top = [HEADER] if number == 1 else [HEADER, f"- {'๐๑๒๓๔๕๖๗๘๙'[number]} -"]
        pages.append([*top, *body, f"หน้า {number}"])
    result = extract_pdf(pdf_build(pages))
    assert [p.text.split("\n") for p in result.pages] == bodies
    assert not any(PAGE_NUMBER_LINE.search(p.text) for p in result.pages)


def test_strip_running_lines_only_at_page_edges() -> None:
    texts = [
        "ร่าง ฉบับ ๑\nเนื้อหา ก\n- ๑ -",
        "ร่าง ฉบับ ๒\nเนื้อหา ข\nร่าง ฉบับ ๒\nเนื้อหา ค\n- ๒ -",
        "ร่าง ฉบับ ๓\nเนื้อหา ง\n๘๓/๒",
    ]
    assert strip_running_lines(texts) == ["เนื้อหา ก", "เนื้อหา ข\nร่าง ฉบับ ๒\nเนื้อหา ค", "เนื้อหา ง\n๘๓/๒"]
    two_pages = ["หัวเรื่องซ้ำ\nเนื้อหา\n๑/๒", "หัวเรื่องซ้ำ\nเนื้อหา\n๒/๒"]
    assert strip_running_lines(two_pages) == ["หัวเรื่องซ้ำ\nเนื้อหา", "หัวเรื่องซ้ำ\nเนื้อหา"]


def test_section_heading_is_never_a_running_line() -> None:
    texts = ["มาตรา ๑\nก", "มาตรา ๒\nข", "มาตรา ๓\nค"]
    assert strip_running_lines(texts) == texts


def test_image_only_page_needs_ocr(
    pdf_build: Callable[..., Path], pdf_text_image: Callable[..., Path]
) -> None:
    image = pdf_text_image(["ภาพสแกนของหน้ากระดาษ"])
    result = extract_pdf(
        pdf_build([["มาตรา ๑ หน้าแรกมีข้อความตามปกติครบถ้วนเกินสามสิบตัวอักษร"], []], images={1: image})
    )
    first, scanned = result.pages
    assert not first.needs_ocr and first.text
    assert scanned.needs_ocr and scanned.text == ""
    assert scanned.ocr_reason and "image" in scanned.ocr_reason
    assert result.ocr_pages == [2]


def test_letter_spaced_page_needs_ocr(pdf_build: Callable[..., Path]) -> None:
    spaced = "ร่ า ง พ ร ะ ร า ช บั ญ ญั ติ จั ด ก า ร ก า ก อุ ต ส า ห ก ร ร ม"
    [page] = extract_pdf(pdf_build([[spaced, spaced]])).pages
    assert page.needs_ocr and page.text == ""
    assert page.ocr_reason and "letter-spaced" in page.ocr_reason


def test_ocr_requested_without_tesseract_warns(
    pdf_build: Callable[..., Path], pdf_text_image: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = pdf_build([[]], images={0: pdf_text_image(["ทดสอบ"])})
    monkeypatch.setenv("PATH", "")
    result = extract_pdf(path, ocr=True)
    assert result.pages[0].needs_ocr and result.pages[0].text == ""
    assert any("tesseract is not installed" in w for w in result.warnings)


@pytest.mark.slow
def test_ocr_reads_an_image_only_page(
    pdf_build: Callable[..., Path], pdf_text_image: Callable[..., Path]
) -> None:
    if shutil.which("tesseract") is None:
        pytest.skip("tesseract is not installed")
    image = pdf_text_image(["พระราชบัญญัติโรงงาน", "มาตรา ๑ ให้ใช้บังคับ"])
    [page] = extract_pdf(pdf_build([[]], images={0: image}), ocr=True).pages
    assert page.needs_ocr and page.ocr_reason and "OCR applied" in page.ocr_reason
    assert "พระราชบัญญัติ" in squash(page.text)


def test_owner_password_only_pdf_opens(
    pdf_build: Callable[..., Path], pdf_encrypt: Callable[[Path, str], Path], pdf_thai_lines: list[str]
) -> None:
    result = extract_pdf(pdf_encrypt(pdf_build([pdf_thai_lines]), ""))
    assert result.encrypted
    assert any("owner password" in w for w in result.warnings)
    assert result.pages[0].text.split("\n")[1:] == pdf_thai_lines[1:]


def test_user_password_pdf_is_refused(
    pdf_build: Callable[..., Path], pdf_encrypt: Callable[[Path, str], Path], pdf_thai_lines: list[str]
) -> None:
    with pytest.raises(IngestError, match="needs a password"):
        extract_pdf(pdf_encrypt(pdf_build([pdf_thai_lines]), "secret"))


def test_broken_files_raise_one_line_errors(
    tmp_path: Path, pdf_build: Callable[..., Path], pdf_thai_lines: list[str]
) -> None:
    good = pdf_build([pdf_thai_lines]).read_bytes()
    no_pages = io.BytesIO()
    pypdf.PdfWriter().write(no_pages)
    cases = {
        "empty.pdf": (b"", "empty file"),
        "notes.pdf": ("บันทึกการประชุม ไม่ใช่ PDF\n".encode(), "not a PDF"),
        "truncated.pdf": (good[: len(good) // 3], "corrupt PDF"),
        "garbage.pdf": (b"%PDF-1.7\n" + bytes(range(256)) * 8, "corrupt PDF"),
        "blank.pdf": (no_pages.getvalue(), "no pages"),
    }
    for name, (data, message) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(IngestError, match=message) as info:
            extract_pdf(path)
        assert "\n" not in str(info.value), name
    with pytest.raises(IngestError, match="file not found"):
        extract_pdf(tmp_path / "missing.pdf")


# A paragraph set line by line, the way an office suite sets one: the first line indented, wrapped
# once at the space between two clauses and once between two words of a clause (Thai breaks lines
# between words, with no space), then an indented second paragraph after a long last line.
CLAUSE_WRAP = "มาตรา ๑ ผู้ประกอบกิจการต้องจัดเก็บกากอุตสาหกรรมไว้ในที่ปลอดภัย"
WORD_WRAP = "เว้นแต่ได้รับอนุญาตจากอธิบดีให้เก็บไว้ในสถานที่อื่นตามหลักเกณฑ์ที่"
PARAGRAPH_END = "รัฐมนตรีประกาศโดยต้องติดป้ายแสดงชนิดของกากไว้ทุกภาชนะที่บรรจุ"  # no ำ: fpdf2 maps it oddly
NEXT_PARAGRAPH = "ผู้ประกอบกิจการต้องแจ้งปริมาณกากอุตสาหกรรมต่ออธิบดีทุกปี"


@pytest.fixture
def pdf_set_lines(tmp_path: Path, pdf_font: Path) -> Callable[[list[tuple[float, str]]], Path]:
    """One A4 page of (indent in mm, text) lines, 8 mm apart, drawn as given (trailing spaces too)."""
    from fpdf import FPDF

    def build(lines: list[tuple[float, str]]) -> Path:
        pdf = FPDF(format="A4")
        pdf.set_auto_page_break(False)
        pdf.add_font("Laksaman", "", str(pdf_font))
        pdf.set_font("Laksaman", size=16)
        pdf.set_text_shaping(True)
        pdf.add_page()
        for i, (indent, text) in enumerate(lines):
            pdf.set_xy(20 + indent, 20 + 8 * i)
            pdf.cell(text=text)
        path = tmp_path / "set.pdf"
        pdf.output(str(path))
        return path

    return build


def test_wrap_at_a_clause_space_keeps_it_and_a_wrap_between_words_adds_none(
    pdf_set_lines: Callable[[list[tuple[float, str]]], Path],
) -> None:
    # LibreOffice and Word keep the space a line wrapped at in the text layer; PDFium reads it back
    lines = [(15, CLAUSE_WRAP + " "), (0, WORD_WRAP), (0, PARAGRAPH_END), (15, NEXT_PARAGRAPH)]
    [page] = extract_pdf(pdf_set_lines(lines)).pages
    assert page.text.split("\n") == [f"\t{CLAUSE_WRAP} ", WORD_WRAP, PARAGRAPH_END, f"\t{NEXT_PARAGRAPH}"]
    [section] = parse_draft([page]).legal_sections
    assert section.text == f"{CLAUSE_WRAP} {WORD_WRAP}{PARAGRAPH_END}\n{NEXT_PARAGRAPH}"


def test_text_layer_without_wrap_spaces_gets_them_from_the_document(
    pdf_set_lines: Callable[[list[tuple[float, str]]], Path],
) -> None:
    # fpdf2-made drafts drop the space at a wrap: "เว้นแต่" follows a space everywhere else, so the
    # wrap before it was at a space; "รัฐมนตรี" never does, so the wrap before it stays closed.
    elsewhere = [(0, f"ผู้ขนส่ง{n}ต้องได้รับอนุญาต เว้นแต่เป็นการขนส่งเพื่อการศึกษา") for n in "กขคงจ"]
    lines = [(15, CLAUSE_WRAP), (0, WORD_WRAP), (0, PARAGRAPH_END), *elsewhere]
    [page] = extract_pdf(pdf_set_lines(lines)).pages
    first, second, *_ = page.text.split("\n")
    assert first == f"\t{CLAUSE_WRAP} " and second == WORD_WRAP


def test_restore_wrap_spaces_leaves_a_layer_that_keeps_them() -> None:
    kept = ["ก ข เว้นแต่ค \nเว้นแต่ง\nจ เว้นแต่ฉ\nช เว้นแต่ซ\nฌ เว้นแต่ญ"]
    assert restore_wrap_spaces(kept) == kept
    dropped = ["ก ข เว้นแต่ค\nเว้นแต่ง\nจ เว้นแต่ฉ\nช เว้นแต่ซ\nฌ เว้นแต่ญ\nด เว้นแต่ต\nถ เว้นแต่ท"]
    assert restore_wrap_spaces(dropped)[0].split("\n")[:2] == ["ก ข เว้นแต่ค ", "เว้นแต่ง"]
    assert restore_wrap_spaces(["ตามหลักเกณฑ์ที่\nรัฐมนตรีประกาศ"]) == ["ตามหลักเกณฑ์ที่\nรัฐมนตรีประกาศ"]


def test_normalize_keeps_the_layout_marks_of_line_edges() -> None:
    raw = "\tมาตรา ๑  ให้ \n  \n ข้อ\t \n\t\tสาม  ก"
    assert normalize_text(raw, keep_layout=True) == "\tมาตรา ๑ ให้ \n\nข้อ \n\tสาม ก"
    assert normalize_text(raw) == "มาตรา ๑ ให้\n\nข้อ\nสาม ก"


def test_is_pdf(tmp_path: Path, pdf_build: Callable[..., Path]) -> None:
    text = tmp_path / "notes.pdf"
    text.write_text("not a pdf")
    shifted = tmp_path / "junk-first.pdf"
    shifted.write_bytes(b"\x00" * 100 + b"%PDF-1.4\n")
    assert is_pdf(pdf_build([["ก"]])) and is_pdf(shifted)
    assert not is_pdf(text) and not is_pdf(tmp_path / "missing.pdf")


# --- real PDFs (../shared/real-pdfs) ---------------------------------------------------


def test_act_page_matches_ground_truth(pdf_real_dir: Path) -> None:
    stem = "act-2535-civil-code-book1-transitional-s6-s11_page"
    result = extract_pdf(pdf_real_dir / f"{stem}.pdf")
    text = "\n".join(p.text for p in result.pages)
    truth = (pdf_real_dir / f"{stem}.gt.txt").read_text(encoding="utf-8")
    assert cer(squash(text), squash(truth)) < 0.015
    assert SPLIT_AM not in text
    assert "จัดทำบัญชี" in text


@pytest.mark.parametrize(
    "name",
    [
        "gazette-132-239ng-ncpo-announcement-cdc-appointment.pdf",
        "gazette-132-240ng-p105-ncpo-order-34-2558.pdf",
    ],
)
def test_gazettes_have_whole_sara_am(pdf_real_dir: Path, name: str) -> None:
    result = extract_pdf(pdf_real_dir / name)
    text = "\n".join(p.text for p in result.pages)
    assert result.extractor == "pypdfium2" and not result.ocr_pages
    assert SPLIT_AM not in text and "ทำ" in text
    assert not any(line.startswith("หน้า ") for p in result.pages for line in p.text.split("\n")[:1])


def test_gazette_letter_spaced_heading_is_joined(pdf_real_dir: Path) -> None:
    """poppler reads this line as "ร่ า งรั ฐ ธรรมนู ญ"; PDFium marks those spaces as generated."""
    result = extract_pdf(pdf_real_dir / "gazette-132-240ng-p105-ncpo-order-34-2558.pdf")
    lines = result.pages[1].text.split("\n")
    # the Gazette's running header ("เล่ม ๑๓๒ ตอนพิเศษ ๒๔๐ ง ราชกิจจานุเบกษา ...") goes even on two pages;
    # indented: it opens a paragraph; Word kept the space it wrapped at ("ต่าง ๆ เพื่อ...")
    assert lines[0] == "\tคณะกรรมการร่างรัฐธรรมนูญอาจตั้งคณะอนุกรรมการร่างรัฐธรรมนูญฝ่ายต่าง ๆ "


def test_budget_document_is_clean_or_flagged(pdf_real_dir: Path) -> None:
    result = extract_pdf(pdf_real_dir / "budget-doc3-fy2565-vol17-redcross-royal-agencies.pdf")
    assert len(result.pages) == 84
    text = "\n".join(p.text for p in result.pages)
    assert "\ufffd" not in text
    assert not DOUBLED_MARK.search(text)
    assert "ประจำปีงบประมาณ" in result.pages[0].text and "สำนักงบประมาณ" in result.pages[0].text
    flagged = [p for p in result.pages if p.needs_ocr]
    assert all(p.text == "" and p.ocr_reason for p in flagged)
    assert len(flagged) < len(result.pages)


# --- eval-dev statutes (../shared/eval-dev) --------------------------------------------


def _sections(eval_dir: Path, pdf_name: str) -> list[str]:
    pages = [json.loads(line) for line in (eval_dir / "pdf" / "pages.jsonl").open(encoding="utf-8")]
    law_ids = {p["law_id"] for p in pages if p["pdf"] == pdf_name}
    rows = [json.loads(line) for line in (eval_dir / "sections.jsonl").open(encoding="utf-8")]
    return [r["text"] for r in rows if r["law_id"] in law_ids]


@pytest.mark.parametrize("pdf_name", ["factory_act_2535.pdf", "hazardous_substance_act_2535.pdf"])
def test_statute_sections_are_found_verbatim(pdf_eval_dir: Path, pdf_name: str) -> None:
    result = extract_pdf(pdf_eval_dir / "pdf" / pdf_name)
    assert result.extractor == "pypdfium2" and not result.ocr_pages
    assert not any(PAGE_NUMBER_LINE.search(p.text) for p in result.pages)
    extracted = squash("".join(p.text for p in result.pages))
    sections = [squash(s) for s in _sections(pdf_eval_dir, pdf_name)]
    assert sections
    starts = sum(s[:60] in extracted for s in sections) / len(sections)
    whole = sum(s in extracted for s in sections) / len(sections)
    assert starts >= 0.95
    assert whole >= 0.95


def test_marks_drawn_out_of_order_are_put_back(pdf_eval_dir: Path) -> None:
    """PDFium emits these marks after later characters; they must land on their consonant."""
    result = extract_pdf(pdf_eval_dir / "pdf" / "hazardous_substance_act_2535.pdf")
    extracted = squash("".join(p.text for p in result.pages))
    assert "บริสุทธิ์สิ่งเจือปนหรือลักษณะ" in extracted
    assert "หรือ์" not in extracted
