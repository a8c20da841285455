"""Pages that need OCR: which ones are flagged, what is indexed of them, and what the maintainer is told."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from ingest.cli import main
from ingest.manifest import Manifest
from ingest.pdf import extract_pdf, tesseract_missing
from ingest.pipeline import parse_file
from ingest.structure import parse_draft
from tests.conftest import make_settings

TEXT_PAGE = ["มาตรา ๑ หน้าแรกมีข้อความตามปกติครบถ้วนเกินสามสิบตัวอักษร"]


def _scan_after_a_text_page(pdf_build: Callable[..., Path], pdf_text_image: Callable[..., Path]) -> Path:
    return pdf_build([TEXT_PAGE, []], images={1: pdf_text_image(["ภาพสแกนของหน้ากระดาษ"])})


def test_with_ocr_off_a_scanned_page_is_left_out_with_page_and_reason(
    pdf_build: Callable[..., Path], pdf_text_image: Callable[..., Path]
) -> None:
    pages = extract_pdf(_scan_after_a_text_page(pdf_build, pdf_text_image), ocr=False).pages
    assert pages[1].left_out and not pages[0].left_out and not pages[1].ocr_applied
    assert "image-only page" in pages[1].ocr_reason and "OCR is off" in pages[1].ocr_reason
    parsed = parse_draft(pages)
    assert list(parsed.left_out) == [2] and parsed.ocr_applied == []
    assert any(w.startswith("page 2 left out: image-only page") for w in parsed.warnings)


def test_without_tesseract_the_reason_says_so(
    pdf_build: Callable[..., Path], pdf_text_image: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _scan_after_a_text_page(pdf_build, pdf_text_image)
    monkeypatch.setenv("PATH", "")
    assert tesseract_missing() == "tesseract is not installed"
    parsed = parse_draft(extract_pdf(path, ocr=True).pages)
    assert "tesseract is not installed" in parsed.left_out[2]


def test_dry_run_shows_unit_starts_flagged_pages_and_pages_left_out(
    tmp_path: Path, pdf_build: Callable[..., Path], pdf_text_image: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    path = _scan_after_a_text_page(pdf_build, pdf_text_image)
    make_settings(tmp_path / "data")  # clears RANG_ variables of the developer's environment
    monkeypatch.setenv("RANG_OCR", "false")
    monkeypatch.chdir(tmp_path)
    assert main(["--dry-run", "--quiet", str(path)]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "มาตรา ๑ [1]" in out and "มาตรา ๑ หน้าแรกมีข้อความตามปกติ" in out
    assert "page 2: image-only page" in out and "nothing indexed: left out" in out
    assert "1 of 2 page(s) will be left out: 2" in out


def test_budget_pages_with_raised_tone_glyphs_keep_their_text_layer(pdf_real_dir: Path) -> None:
    """55 of these 84 pages were flagged (unmappable glyphs just over 1 %): the glyphs are tone marks."""
    path = pdf_real_dir / "budget-doc3-fy2565-vol17-redcross-royal-agencies.pdf"
    if not path.is_file():
        pytest.skip(f"{path} is not here (shared data)")
    pages = extract_pdf(path, ocr=False).pages
    assert [p.number for p in pages if p.needs_ocr] == []
    text = "\n".join(p.text for p in pages)
    assert text.count("ตัวชี้วัด") > 50 and "ตัวชีวัด" not in text
    assert "ที่" in pages[13].text and "\u00c9" not in text and "\u00ca" not in text


@pytest.mark.slow
def test_ocr_auto_reads_a_scanned_page_rendered_here(
    tmp_path: Path, pdf_build: Callable[..., Path], pdf_text_image: Callable[..., Path]
) -> None:
    if tesseract_missing():
        pytest.skip(tesseract_missing() or "")
    image = pdf_text_image(["ประกาศกระทรวงอุตสาหกรรม", "เรื่อง การเก็บรักษากากอุตสาหกรรม",
                            "ข้อ ๑ ให้ผู้ประกอบกิจการโรงงานเก็บรักษากากไว้ในภาชนะที่ปิดสนิท",
                            "ข้อ ๒ ให้ผู้ประกอบกิจการโรงงานจัดทำบัญชีกากทุกเดือน"])
    path = pdf_build([TEXT_PAGE, []], images={1: image})
    settings = make_settings(tmp_path / "data", embed_backend="hash")
    assert settings.ocr == "auto"
    parsed = parse_file(path, Manifest.empty(), settings).content
    assert parsed.ocr_applied == [2] and not parsed.left_out
    assert "OCR applied" in parsed.ocr_reasons[2]
    assert any("read by OCR (tesseract tha+eng): 2" in w for w in parsed.warnings)
    text = "".join("\n".join(s.text for s in parsed.sections).split())
    assert "เก็บรักษากาก" in text and "จัดทำบัญชี" in text


def test_pillow_is_a_runtime_dependency() -> None:
    """OCR renders pages with Pillow: a plain install must have it (not only the dev extras)."""
    import tomllib

    project = tomllib.loads((Path(__file__).resolve().parents[2] / "pyproject.toml").read_text(encoding="utf-8"))
    assert any(d.lower().startswith("pillow") for d in project["project"]["dependencies"])
