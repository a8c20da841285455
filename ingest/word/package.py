"""Is a file a Word document we may open? Checked before python-docx reads any of it.

A .docx is a zip of XML parts. A hostile one can be a zip bomb (a few kB that inflate to
gigabytes: python-docx reads every part into memory), or carry a DTD whose entities expand
exponentially or point outside the file. Word itself never writes a DTD, so any part that
declares one is refused rather than parsed. The zip's own header gives each entry's inflated
size, and Python's zipfile never inflates past it, so the declared sizes bound what is read.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

MAX_ENTRIES = 2000  # Word writes 10–40 parts; a document with many images a few hundred
MAX_UNZIPPED = 256 * 1024 * 1024  # inflated bytes of all parts together
MAX_RATIO = 200  # inflated / stored for one part; text XML compresses 5–20×, a bomb 1000×
_RATIO_FLOOR = 1024 * 1024  # parts inflating to less than this are not judged by ratio
REQUIRED = ("[Content_Types].xml", "word/document.xml")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a legacy .doc (and .xls, .ppt): OLE2 compound file
LEGACY_DOC = "a legacy Word .doc file: open it in Word or LibreOffice and save it as .docx (or PDF), then upload that"
_DECL = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_XML_PART = re.compile(r"\.(?:xml|rels)$", re.IGNORECASE)


def docx_problem(path: Path) -> str | None:
    """Why `path` is not a Word document that is safe to read, in one line; None when it is."""
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head.startswith(OLE_MAGIC):  # Word also wraps a password-protected .docx in one
        return ("not a .docx zip package but an OLE file: a legacy .doc renamed, or a password-protected "
                "document; save it as .docx without a password (or as PDF), then upload that")
    if not head.startswith(b"PK"):
        return "not a Word .docx: the content is not a zip package"
    try:
        with zipfile.ZipFile(path) as zf:
            return _package_problem(zf)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        return f"not a Word .docx: unreadable zip ({exc})".splitlines()[0]


def _package_problem(zf: zipfile.ZipFile) -> str | None:
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        return f"not a Word .docx: {len(infos)} zip entries (at most {MAX_ENTRIES})"
    names = {i.filename for i in infos}
    missing = [n for n in REQUIRED if n not in names]
    if missing:
        return f"not a Word .docx: the zip lacks {' and '.join(missing)}"
    total = sum(i.file_size for i in infos)
    if total > MAX_UNZIPPED:
        return f"refused: the parts inflate to {total / 1e6:.0f} MB (at most {MAX_UNZIPPED // 2**20} MB)"
    for info in infos:
        if info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            return f"refused: {info.filename} inflates {info.file_size // max(info.compress_size, 1)}× (a zip bomb?)"
        if info.flag_bits & 0x1:
            return "refused: the package is encrypted (a password-protected document?)"
    for info in infos:
        if _XML_PART.search(info.filename) and _declares_dtd(zf, info):
            return f"refused: {info.filename} declares a DTD or entities (Word never writes one)"
    return None


def _declares_dtd(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """A DOCTYPE or ENTITY declaration anywhere in the part, in UTF-8 or UTF-16."""
    with zf.open(info) as fh:
        data = fh.read()
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or data[1:2] == b"\x00" or data[:1] == b"\x00":
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            return True  # neither readable nor Word's: treat as hostile
    return _DECL.search(data) is not None
