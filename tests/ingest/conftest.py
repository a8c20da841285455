"""Fixtures for the ingest tests. PDF fixtures are prefixed `pdf_`: they build real PDFs
with fpdf2 (HarfBuzz shaping, Laksaman) in the test's tmp_path, or point at the shared
real and eval-dev PDFs by path (never copied into the repo)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import shared_path

PDF_FONT = Path("/usr/share/fonts/truetype/tlwg/Laksaman.ttf")

PdfBuilder = Callable[..., Path]


@pytest.fixture
def pdf_font() -> Path:
    if not PDF_FONT.is_file():
        pytest.skip(f"Thai font not installed: {PDF_FONT}")
    return PDF_FONT


@pytest.fixture
def pdf_build(tmp_path: Path, pdf_font: Path) -> PdfBuilder:
    """Build an A4 PDF: one list of lines per page, set in Laksaman 16 pt with shaping on.

    `images` maps a 0-based page index to a PNG/JPEG path drawn over the whole page.
    """
    from fpdf import FPDF

    def build(pages: list[list[str]], name: str = "doc.pdf", images: dict[int, Path] | None = None) -> Path:
        pdf = FPDF(format="A4")
        pdf.set_auto_page_break(False)
        pdf.add_font("Laksaman", "", str(pdf_font))
        pdf.set_font("Laksaman", size=16)
        pdf.set_text_shaping(True)
        for index, lines in enumerate(pages):
            pdf.add_page()
            if images and index in images:
                pdf.image(str(images[index]), x=0, y=0, w=pdf.w, h=pdf.h)
            pdf.set_xy(20, 20)
            for line in lines:
                pdf.cell(0, 10, line, new_x="LMARGIN", new_y="NEXT")
        path = tmp_path / name
        pdf.output(str(path))
        return path

    return build


@pytest.fixture
def pdf_thai_lines() -> list[str]:
    return [
        "มาตรา ๑ พระราชบัญญัตินี้เรียกว่า “พระราชบัญญัติจัดการกากอุตสาหกรรม พ.ศ. ....”",
        "มาตรา ๒ ให้ผู้ประกอบกิจการโรงงานจัดทำบัญชีและรายงานการกำจัดน้ำเสีย",
        "ทั้งนี้ ตามหลักเกณฑ์ วิธีการ และเงื่อนไขที่รัฐมนตรีประกาศกำหนด",
    ]


@pytest.fixture
def pdf_encrypt(tmp_path: Path) -> Callable[[Path, str], Path]:
    """Re-save a PDF with pypdf encryption: owner password "x" and the given user password."""
    import pypdf

    def encrypt(source: Path, user_password: str) -> Path:
        writer = pypdf.PdfWriter(clone_from=io.BytesIO(source.read_bytes()))
        writer.encrypt(user_password=user_password, owner_password="x", algorithm="AES-128")
        path = tmp_path / f"encrypted-{'user' if user_password else 'owner'}.pdf"
        with path.open("wb") as fh:
            writer.write(fh)
        return path

    return encrypt


@pytest.fixture
def pdf_text_image(tmp_path: Path, pdf_font: Path) -> Callable[[list[str]], Path]:
    """Render lines of Thai into a white 300-dpi A4 PNG with Pillow (Raqm shaping when present)."""
    from PIL import Image, ImageDraw, ImageFont

    def render(lines: list[str]) -> Path:
        image = Image.new("L", (2480, 3508), 255)
        draw = ImageDraw.Draw(image)
        font = ImageFont.truetype(str(pdf_font), 72)
        for i, line in enumerate(lines):
            draw.text((200, 300 + i * 140), line, font=font, fill=0)
        path = tmp_path / "page.png"
        image.save(path, dpi=(300, 300))
        return path

    return render


@pytest.fixture
def pdf_real_dir() -> Path:
    """../shared/real-pdfs: five real Thai government PDFs (see its README)."""
    return shared_path("real-pdfs")


@pytest.fixture
def pdf_eval_dir() -> Path:
    """../shared/eval-dev: statute PDFs, pages.jsonl and the section texts."""
    shared_path("eval-dev", "pdf", "pages.jsonl")
    return shared_path("eval-dev")
