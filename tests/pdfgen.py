"""Small real PDFs made with fpdf2 for tests (Thai font from Debian's fonts-thai-tlwg)."""

from __future__ import annotations

from pathlib import Path

FONT = Path("/usr/share/fonts/truetype/tlwg/Laksaman.ttf")


def thai_pdf(path: Path, pages: list[str]) -> Path:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("Laksaman", fname=str(FONT))
    pdf.set_font("Laksaman", size=16)
    pdf.set_text_shaping(True)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 9, text)
    pdf.output(str(path))
    return path


def image_only_pdf(path: Path) -> Path:
    """A 'scanned' page: one grey image over the whole page and no text layer."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(img)
    for y in range(100, 1650, 40):
        draw.rectangle([120, y, 1100, y + 18], fill=(60, 60, 60))
    png = path.with_suffix(".png")
    img.save(png)
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.image(str(png), x=0, y=0, w=210, h=297)
    pdf.output(str(path))
    png.unlink()
    return path
