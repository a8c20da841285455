"""PDF → pages of clean Thai text.

pypdfium2 reads the text layer (fast, and it flags the spaces it invents); pypdf takes
over for a document PDFium cannot open and for pages whose glyphs PDFium cannot map;
Tesseract reads pages whose text layer is missing or garbage, when OCR is on (RANG_OCR: auto or
true); a flagged page that nothing could read stays empty, its reason saying why. Every
page goes through `normalize_text`, running headers and footers are stripped, and
library errors become one-line `IngestError`s.

A page's lines keep what the text layer says about their edges (see ingest.pdfium_text):
a line that wrapped at a space ends with one, and an indented line, which opens a
paragraph, starts with a tab. ingest.structure joins the lines by both.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ingest.models import ExtractedPdf, IngestError, Page
from ingest.pdfium_text import pdfium_page_text, restore_wrap_spaces
from ingest.thai import (
    LETTER_SPACED_RATIO,
    drop_invented_spaces,
    garbled_ratio,
    normalize_text,
    repair_spaced_am,
    thai_space_ratio,
    to_arabic,
)

MIN_REAL_CHARS = 30
MIN_IMAGE_COVERAGE = 0.5
MAX_UNMAPPED = 0.01
# PDFium ignores some ToUnicode maps that pypdf reads (the iOS-resaved act page): when
# this share of a page's glyphs has no mapping, pypdf gets a try at the page.
PYPDF_SWITCH = 0.25
OCR_DPI = 300
OCR_TIMEOUT_S = 180
# Tesseract's OpenMP threads spin against each other on a busy machine: one thread read an eval-dev
# page in 4.3 s against 14.2 s with the default (2 cores, load 6.5). OMP_THREAD_LIMIT in the
# environment overrides this.
_TESSERACT_ENV = {"OMP_THREAD_LIMIT": "1"}
EDGE_LINES = 2
RUNNING_SHARE = 0.6
NEEDS_PASSWORD = "encrypted PDF: needs a password to open (a user password is set)"
OWNER_PASSWORD_ONLY = "encrypted PDF (owner password only): opened with the empty user password"

_LATIN_IN_THAI = re.compile("(?<=[\u0e01-\u0e4e])[\u00c0-\u024f]|[\u00c0-\u024f](?=[\u0e01-\u0e4e])")

_NUM = r"[0-9๐-๙]{1,4}"
_PAGE_NUMBER = re.compile(
    rf"^(?:[-–—]\s*{_NUM}\s*[-–—]|(?:หน้า|หน้าที่|page)\s*{_NUM}(?:\s*(?:/|จาก|of)\s*{_NUM})?)$", re.IGNORECASE
)
# The Royal Gazette's running header, on every page however few: "เล่ม ๑๓๒ ตอนพิเศษ ๒๔๐ ง ราชกิจจานุเบกษา ๕ ตุลาคม ๒๕๕๘"
_GAZETTE_HEADER = re.compile(
    rf"^(?:หน้า\s*{_NUM}\s*)?เล่ม\s*{_NUM}\s*ตอน(?:พิเศษ)?\s*(?:ที่\s*)?{_NUM}\s*[ก-ฮ]?\s*(?:หน้า\s*{_NUM}\s*)?ราชกิจจานุเบกษา"
)
_PAGE_OF = re.compile(rf"^({_NUM})\s*/\s*({_NUM})$")
_DIGITS = re.compile(r"[0-9๐-๙]+")
_WHITESPACE = re.compile(r"\s")
_HEADING = re.compile(r"^(?:มาตรา|หมวด|ส่วนที่|ข้อ|บทเฉพาะกาล|บันทึก)")


def is_pdf(path: Path) -> bool:
    """Content sniffing: "%PDF-" within the first 1024 bytes."""
    try:
        return b"%PDF-" in _read_head(Path(path))
    except IngestError:
        return False


def extract_pdf(path: Path, *, ocr: bool = False) -> ExtractedPdf:
    """Extract and normalise every page; raise `IngestError` for files that cannot be read."""
    path = Path(path)
    head = _read_head(path)
    if not head:
        raise IngestError("empty file")
    if b"%PDF-" not in head:
        raise IngestError(f"not a PDF (starts with {head[:16]!r})")
    with _quiet_pypdf():
        return _Extraction(path, ocr).run()


@dataclass
class _RawPage:
    text: str | None  # None: no extractor could read the page
    extractor: str
    unmapped: int = 0
    image_coverage: float = 0.0


class _Extraction:
    def __init__(self, path: Path, ocr: bool) -> None:
        self.path = path
        self.ocr = ocr
        self.warnings: list[str] = []
        self.encrypted = False
        self._reader: pypdf.PdfReader | None = None
        self._reader_error: str | None = None
        self.doc = self._open_pdfium()

    def run(self) -> ExtractedPdf:
        try:
            return self._run()
        finally:
            if self.doc is not None:
                self.doc.close()

    def _run(self) -> ExtractedPdf:
        count = len(self.doc) if self.doc is not None else len(self._pypdf_pages())
        if count == 0:
            raise IngestError("PDF has no pages")
        raws = [self._raw_page(i) for i in range(count)]
        texts = [normalize_text(r.text or "", keep_layout=True) for r in raws]
        for i, raw in enumerate(raws):
            if raw.extractor == "pypdf":
                texts[i] = repair_spaced_am(texts[i])
        texts = _restore_wrap_spaces(strip_running_lines(texts), raws)
        pages = [
            self._finish(i + 1, raw, text) for i, (raw, text) in enumerate(zip(raws, texts, strict=True))
        ]
        used = sorted({r.extractor for r in raws})
        if len(used) > 1:
            moved = [str(i + 1) for i, r in enumerate(raws) if r.extractor == "pypdf"]
            self.warnings.append(
                f"pages {', '.join(moved)}: text from pypdf (PDFium could not map their glyphs)"
            )
        return ExtractedPdf(pages, "+".join(reversed(used)), self.encrypted, self.warnings)

    def _open_pdfium(self) -> pdfium.PdfDocument | None:
        try:
            doc = pdfium.PdfDocument(self.path)
        except pdfium.PdfiumError as exc:
            if pdfium_c.FPDF_GetLastError() == pdfium_c.FPDF_ERR_PASSWORD:
                raise IngestError(NEEDS_PASSWORD) from None
            return self._pdfium_failed(str(exc))
        except Exception as exc:
            return self._pdfium_failed(f"{type(exc).__name__}: {exc}")
        if pdfium_c.FPDF_GetSecurityHandlerRevision(doc.raw) != -1:
            self.encrypted = True
            self.warnings.append(OWNER_PASSWORD_ONLY)
        if len(doc) == 0:
            doc.close()
            return self._pdfium_failed("no pages")
        return doc

    def _pdfium_failed(self, reason: str) -> None:
        reader = self._pypdf()
        if reader is None:
            raise IngestError(f"corrupt PDF: {_one_line(reason)}; pypdf: {self._reader_error}")
        self.warnings.append(f"pypdfium2 could not open the file ({_one_line(reason)}); used pypdf")
        return None

    def _pypdf(self) -> pypdf.PdfReader | None:
        if self._reader is None and self._reader_error is None:
            try:
                reader = pypdf.PdfReader(self.path, strict=False)
                if reader.is_encrypted:
                    if reader.decrypt("") == pypdf.PasswordType.NOT_DECRYPTED:
                        raise IngestError(NEEDS_PASSWORD)
                    if not self.encrypted:
                        self.encrypted = True
                        self.warnings.append(OWNER_PASSWORD_ONLY)
                self._reader = reader
            except IngestError:
                raise
            except Exception as exc:
                self._reader_error = _one_line(f"{type(exc).__name__}: {exc}")
        return self._reader

    def _pypdf_pages(self) -> list[pypdf.PageObject]:
        reader = self._pypdf()
        try:
            return list(reader.pages) if reader is not None else []
        except Exception as exc:
            raise IngestError(f"corrupt PDF: {_one_line(str(exc))}") from None

    def _pypdf_text(self, index: int) -> str | None:
        reader = self._pypdf()
        if reader is None:
            return None
        try:
            return reader.pages[index].extract_text()
        except Exception as exc:
            self.warnings.append(f"page {index + 1}: pypdf failed ({_one_line(str(exc))})")
            return None

    def _raw_page(self, index: int) -> _RawPage:
        if self.doc is None:
            return _RawPage(self._pypdf_text(index), "pypdf")
        try:
            page = self.doc[index]
            textpage = page.get_textpage()
            text, unmapped = pdfium_page_text(textpage)
            visible = _visible(text)
            coverage = _image_coverage(page) if visible < 2 * MIN_REAL_CHARS else 0.0
            textpage.close()
            page.close()
        except Exception as exc:
            self.warnings.append(f"page {index + 1}: pypdfium2 failed ({_one_line(str(exc))}); used pypdf")
            return _RawPage(self._pypdf_text(index), "pypdf")
        share = unmapped / (visible + unmapped) if unmapped else 0.0
        if share > PYPDF_SWITCH:
            alt = self._pypdf_text(index)
            if alt is not None and _unmapped_share(repair_spaced_am(normalize_text(alt))) < share:
                return _RawPage(alt, "pypdf", image_coverage=coverage)
        return _RawPage(text, "pypdfium2", unmapped, coverage)

    def _finish(self, number: int, raw: _RawPage, text: str) -> Page:
        reason = _ocr_reason(raw, text)
        if reason is None:
            cleaned = drop_invented_spaces(text)
            return Page(number, normalize_text(cleaned, keep_layout=True) if cleaned != text else text)
        if not self.ocr:
            return Page(number, "", needs_ocr=True, ocr_reason=f"{reason}; OCR is off (RANG_OCR=false)")
        ocr_text, failed = self._ocr(number)
        if failed:
            return Page(number, "", needs_ocr=True, ocr_reason=f"{reason}; {failed}")
        return Page(number, ocr_text, needs_ocr=True, ocr_reason=f"{reason}; OCR applied (tesseract tha+eng)",
                    ocr_applied=True)

    def _ocr(self, number: int) -> tuple[str, str | None]:
        """Tesseract's text of a page, or ("", why it could not be read)."""
        missing = tesseract_missing()
        if missing:
            self.warnings.append(f"page {number}: OCR needed but {missing}; page left empty")
            return "", missing
        if self.doc is None:
            self.warnings.append(f"page {number}: OCR needs pypdfium2 to render the page; page left empty")
            return "", "OCR needs pypdfium2 to render the page"
        try:
            text = _tesseract(self.doc[number - 1])
        except (OSError, subprocess.SubprocessError, pdfium.PdfiumError, RuntimeError) as exc:
            self.warnings.append(f"page {number}: OCR failed ({_one_line(str(exc))}); page left empty")
            return "", f"OCR failed ({_one_line(str(exc))})"
        text = strip_running_lines([normalize_text(drop_invented_spaces(text))])[0]
        return text, None if text.strip() else "OCR found no text"


def _restore_wrap_spaces(texts: list[str], raws: list[_RawPage]) -> list[str]:
    """Wrap spaces for the pages PDFium read (see `restore_wrap_spaces`); other pages as they are."""
    read = [i for i, raw in enumerate(raws) if raw.extractor == "pypdfium2"]
    out = list(texts)
    for i, text in zip(read, restore_wrap_spaces([texts[i] for i in read]), strict=True):
        out[i] = text
    return out


def _image_coverage(page: pdfium.PdfPage) -> float:
    """Share of the page's crop box covered by image objects (sum of clipped areas)."""
    pl, pb, pr, pt = page.get_cropbox()
    page_area = (pr - pl) * (pt - pb)
    if page_area <= 0:
        return 0.0
    area = 0.0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=4):
        left, bottom, right, top = obj.get_bounds()
        area += max(0.0, min(right, pr) - max(left, pl)) * max(0.0, min(top, pt) - max(bottom, pb))
    return min(1.0, area / page_area)


def _ocr_reason(raw: _RawPage, text: str) -> str | None:
    if raw.text is None:
        return "text extraction failed"
    real = _visible(text)
    if real < MIN_REAL_CHARS and raw.image_coverage >= MIN_IMAGE_COVERAGE:
        return f"image-only page ({real} characters, images cover {raw.image_coverage:.0%})"
    share = _unmapped_share(text, raw.unmapped)
    if share > MAX_UNMAPPED:
        return f"unmappable glyphs ({share:.1%} of characters)"
    ratio = thai_space_ratio(text)
    if ratio > LETTER_SPACED_RATIO:
        return f"letter-spaced text (Thai-space-Thai ratio {ratio:.2f})"
    return None


def _unmapped_share(text: str, unmapped: int = 0) -> float:
    """Garbled share of a page: glyphs without Unicode, U+FFFD/PUA, Latin letters inside Thai words."""
    visible = _visible(text) + unmapped
    if not visible:
        return 0.0
    return min(1.0, garbled_ratio(text) + (unmapped + len(_LATIN_IN_THAI.findall(text))) / visible)


def tesseract_missing() -> str | None:
    """Why Tesseract cannot read Thai here ("tesseract is not installed", no Thai data), or None."""
    exe = shutil.which("tesseract")
    return "tesseract is not installed" if exe is None else _tesseract_languages(exe)


@functools.cache
def _tesseract_languages(exe: str) -> str | None:
    try:
        proc = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"tesseract does not run ({_one_line(str(exc))})"
    langs = set((proc.stdout + proc.stderr).split())
    lost = [x for x in ("tha", "eng") if x not in langs]
    return f"tesseract has no {'+'.join(lost)} data (tesseract-ocr-{lost[0]})" if lost else None


def _tesseract(page: pdfium.PdfPage) -> str:
    with tempfile.TemporaryDirectory(prefix="rang-ocr-") as tmp:
        image = Path(tmp) / "page.png"
        page.render(scale=OCR_DPI / 72).to_pil().save(image, dpi=(OCR_DPI, OCR_DPI))
        proc = subprocess.run(
            ["tesseract", str(image), "stdout", "-l", "tha+eng", "--dpi", str(OCR_DPI)],
            capture_output=True,
            text=True,
            timeout=OCR_TIMEOUT_S,
            check=False,
            env=_TESSERACT_ENV | dict(os.environ),
        )
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr.strip() or f"tesseract exited with {proc.returncode}")
    return proc.stdout


def strip_running_lines(texts: list[str]) -> list[str]:
    """Remove page numbers and lines repeated at the top/bottom of most pages.

    A line is running when, with digits masked, it is among the first or last
    EDGE_LINES lines of ≥ RUNNING_SHARE of the pages that have text (documents of ≥ 3
    such pages). Page-number lines ("- ๑๒ -", "หน้า ๓", "๓/๑๒") go on any page. Only
    lines at a page's edges are removed, never lines in the body.
    """
    pages = [t.split("\n") for t in texts]
    with_text = [[x for x in lines if x.strip()] for lines in pages]
    with_text = [lines for lines in with_text if lines]
    running: set[str] = set()
    if len(with_text) >= 3:
        seen: Counter[str] = Counter()
        for lines in with_text:
            seen.update({_mask(x) for x in lines[:EDGE_LINES] + lines[-EDGE_LINES:]})
        need = RUNNING_SHARE * len(with_text)
        running = {k for k, c in seen.items() if c >= need and k and not _HEADING.match(k)}
    return ["\n".join(_trim_edges(lines, running, len(pages))) for lines in pages]


def _is_page_number(line: str, page_count: int) -> bool:
    """A page-number line: "- ๑๒ -", "หน้า ๓", or "๓/๑๒" read as page n of m (never "๘๓/๒")."""
    if _PAGE_NUMBER.match(line):
        return True
    m = _PAGE_OF.match(line)
    if not m:
        return False
    n, total = int(to_arabic(m.group(1))), int(to_arabic(m.group(2)))
    return 1 <= n <= total and total >= page_count


def _trim_edges(lines: list[str], running: set[str], page_count: int) -> list[str]:
    def edge(line: str) -> bool:
        line = line.strip()
        return _is_page_number(line, page_count) or bool(_GAZETTE_HEADER.match(line)) or _mask(line) in running

    start, end, removed = 0, len(lines), 0
    while start < end and removed < EDGE_LINES and (not lines[start].strip() or edge(lines[start])):
        removed += bool(lines[start].strip())
        start += 1
    removed = 0
    while end > start and removed < EDGE_LINES and (not lines[end - 1].strip() or edge(lines[end - 1])):
        removed += bool(lines[end - 1].strip())
        end -= 1
    return lines[start:end]


def _mask(line: str) -> str:
    return " ".join(_DIGITS.sub("#", line).split())


def _visible(text: str) -> int:
    return len(text) - len(_WHITESPACE.findall(text))


def _read_head(path: Path) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read(1024)
    except FileNotFoundError:
        raise IngestError(f"file not found: {path}") from None
    except OSError as exc:
        raise IngestError(f"cannot read file: {exc.strerror or exc}") from None


def _one_line(message: str) -> str:
    return " ".join(message.split())[:300]


@contextlib.contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf logs every repaired xref entry as a warning; keep those out of the CLI's output."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)
