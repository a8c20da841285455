"""The checks a .docx passes before python-docx reads it: a zip with the Word parts, bounded in
entries and inflated size, with no DTD or entity declarations; a legacy .doc is named as such."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from ingest.models import IngestError
from ingest.word import docx_problem, package, read_docx
from tests.ingest.wordgen import new_document

CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types '
                 'xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
DOCUMENT = ('<?xml version="1.0" encoding="UTF-8"?><w:document '
            'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>')


def word_file(tmp_path: Path) -> Path:
    d = new_document()
    d.add_paragraph("มาตรา ๑ ข้อความ")
    path = tmp_path / "ok.docx"
    d.save(str(path))
    return path


def zipped(tmp_path: Path, parts: dict[str, bytes | str], name: str = "made.docx") -> Path:
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for part, data in parts.items():
            zf.writestr(part, data)
    return path


def test_a_word_document_passes(tmp_path: Path) -> None:
    assert docx_problem(word_file(tmp_path)) is None


@pytest.mark.parametrize(("content", "reason"), [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "OLE file"),
    ("มาตรา ๑ ข้อความธรรมดา".encode(), "not a zip package"),
    (b"PK\x03\x04 but cut short", "unreadable zip"),
])
def test_not_a_zip(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "x.docx"
    path.write_bytes(content)
    assert reason in (docx_problem(path) or "")


def test_a_zip_without_the_word_parts(tmp_path: Path) -> None:
    path = zipped(tmp_path, {"[Content_Types].xml": CONTENT_TYPES, "xl/workbook.xml": "<workbook/>"})
    assert docx_problem(path) == "not a Word .docx: the zip lacks word/document.xml"


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path: Path) -> None:
    bomb = zipped(tmp_path, {"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": DOCUMENT,
                             "word/media/image1.png": bytes(8 * 1024 * 1024)})
    assert bomb.stat().st_size < 100_000
    assert "inflates" in (docx_problem(bomb) or "") and "zip bomb" in (docx_problem(bomb) or "")
    with pytest.raises(IngestError, match="zip bomb"):
        read_docx(bomb)


def test_total_size_and_entry_count_are_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = word_file(tmp_path)
    monkeypatch.setattr(package, "MAX_UNZIPPED", 1000)
    assert "inflate to" in (docx_problem(path) or "")
    monkeypatch.setattr(package, "MAX_UNZIPPED", 256 * 1024 * 1024)
    monkeypatch.setattr(package, "MAX_ENTRIES", 3)
    assert "zip entries" in (docx_problem(path) or "")


@pytest.mark.parametrize("decl", [
    '<!DOCTYPE w:document [<!ENTITY a "ก"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>',  # entity expansion
    '<!DOCTYPE w:document SYSTEM "http://example.invalid/x.dtd">',  # an external DTD
    '<!doctype w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
])
def test_a_dtd_anywhere_is_refused(tmp_path: Path, decl: str) -> None:
    doc = DOCUMENT.replace("?><w:document", f"?>{decl}<w:document")
    path = zipped(tmp_path, {"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": doc})
    assert docx_problem(path) == "refused: word/document.xml declares a DTD or entities (Word never writes one)"
    utf16 = zipped(tmp_path, {"[Content_Types].xml": CONTENT_TYPES, "word/document.xml":
                              doc.replace("UTF-8", "UTF-16").encode("utf-16")}, "utf16.docx")
    assert "declares a DTD" in (docx_problem(utf16) or "")
