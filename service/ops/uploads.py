"""Ingest uploads: a bounded multipart body streamed to `<data_dir>/uploads/<job_id>/NN/<name>`.

The folder and number are chosen here; the client's file name is only kept as a sanitised
base name (the display name, `source_file`, and the manifest key). Content is sniffed, not
trusted from the extension; anything refused leaves nothing behind and the index untouched.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import unicodedata
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from fastapi import Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from ingest.kinds import KINDS, kind_fits_file
from ingest.models import IngestError
from ingest.settings import Settings
from ingest.word import LEGACY_DOC, docx_problem
from service.ops.auth import ApiError
from service.ops.jobs import FileState, Job

MB = 1024 * 1024
MAX_FILES = 20
FORM_FIELDS = ("document", "title", "version", "date", "kind")
ENTRY_FIELDS = {"document": "key", "key": "key", "title": "title", "version": "version", "date": "date",
                "kind": "kind"}
SUPPORTED_HINT = "upload PDF or Word documents (.pdf, .docx) or transcripts (.vtt, .srt, .txt)"
_BOM = b"\xef\xbb\xbf"
_NAME_CHARS = re.compile(r"[^\w\u0e00-\u0e7f.()\- ]+")


class _TooLarge(MultiPartException):
    pass


async def receive_upload(request: Request, settings: Settings, key_name: str) -> Job:
    """Parse a multipart ingest request into a queued Job whose files are saved and checked."""
    if not request.headers.get("content-type", "").lower().startswith("multipart/form-data"):
        raise ApiError(415, "unsupported_media_type", "send multipart/form-data with one or more 'files' parts")
    limit = settings.max_upload_mb * MB
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _too_large(settings)
    parser = MultiPartParser(request.headers, _bounded(request.stream(), limit), max_files=MAX_FILES,
                             max_fields=len(FORM_FIELDS) + 1)
    try:
        form = await parser.parse()
    except _TooLarge:
        raise _too_large(settings) from None
    except MultiPartException as exc:
        raise ApiError(400, "bad_upload", exc.message) from None
    job_id = Job.new_id()
    folder = settings.uploads_dir / job_id
    try:
        files, entries = await run_in_threadpool(_save_all, form, folder)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    finally:
        await form.close()
    return Job(job_id, key_name, files, entries)


async def _bounded(stream: AsyncIterator[bytes], limit: int) -> AsyncIterator[bytes]:
    total = 0
    async for chunk in stream:
        total += len(chunk)
        if total > limit:
            raise _TooLarge("request body too large")
        yield chunk


def _too_large(settings: Settings) -> ApiError:
    return ApiError(413, "too_large", f"upload larger than RANG_MAX_UPLOAD_MB={settings.max_upload_mb} MB")


def _save_all(form: FormData, folder: Path) -> tuple[list[FileState], dict[str, dict[str, str]]]:
    uploads = form.getlist("files")
    if not uploads:
        raise ApiError(422, "invalid_request", "no files: send one or more parts named 'files'")
    if not all(isinstance(u, UploadFile) for u in uploads):
        raise ApiError(422, "invalid_request", "'files' parts must be files (filename=...)")
    common = _entry({k: form.get(k) for k in FORM_FIELDS if form.get(k) is not None}, "form")
    per_file = _manifest_field(form.get("manifest"))
    files: list[FileState] = []
    entries: dict[str, dict[str, str]] = {}
    used: set[str] = set()
    root = folder.resolve()
    for i, up in enumerate(uploads, start=1):
        assert isinstance(up, UploadFile)
        base = safe_name(up.filename or "", i)
        name = _unique(base, used)
        target = folder / f"{i:02d}" / name
        if not target.resolve().is_relative_to(root):
            raise ApiError(422, "invalid_request", f"file {i}: unusable file name")
        target.parent.mkdir(parents=True, exist_ok=False)
        with open(target, "xb") as out:
            shutil.copyfileobj(up.file, out, 1 << 20)
        reason = sniff(target)
        if reason:
            raise ApiError(415, "unsupported_media_type", f"{base}: {reason}")
        entries[name] = {**common, **per_file.pop(base, {})}
        if "kind" in entries[name]:
            try:
                kind_fits_file(entries[name]["kind"], target)
            except IngestError as exc:
                raise ApiError(422, "invalid_request", f"{base}: {exc}") from None
        files.append(FileState(name=name, stored_as=f"{i:02d}/{name}", bytes=target.stat().st_size))
    if per_file:
        raise ApiError(422, "invalid_request", f"manifest names files that were not uploaded: {sorted(per_file)}")
    return files, entries


def safe_name(raw: str, index: int) -> str:
    """The client's base name, made harmless: no folders, no control characters, no leading dots."""
    base = re.split(r"[\\/]", unicodedata.normalize("NFC", raw))[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    base = _NAME_CHARS.sub("_", base).strip(" .")
    stem, ext = os.path.splitext(base)
    return (stem[:100].strip(" .") or f"upload-{index}") + ext.lower()[:10]


def _unique(name: str, used: set[str]) -> str:
    stem, ext = os.path.splitext(name)
    candidate, n = name, 1
    while candidate in used:
        n += 1
        candidate = f"{stem}-{n}{ext}"
    used.add(candidate)
    return candidate


def sniff(path: Path) -> str | None:
    """Why the content does not match the extension, or None. The pipeline checks again."""
    ext = path.suffix.lower()
    with open(path, "rb") as fh:
        head = fh.read(1024)
    if not head:
        return "empty file (0 bytes)"
    if ext == ".pdf":
        return None if b"%PDF-" in head else "not a PDF: the content does not start with %PDF-"
    if ext == ".docx":
        return docx_problem(path)
    if ext == ".doc":
        return LEGACY_DOC
    if ext == ".vtt":
        return None if head.removeprefix(_BOM).startswith(b"WEBVTT") else "not WebVTT: the file must start with WEBVTT"
    if ext in (".srt", ".txt"):
        return _text_problem(path.read_bytes())
    return f"unsupported file type {ext or '(no extension)'}: {SUPPORTED_HINT}"


def _text_problem(data: bytes) -> str | None:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            return "not text: a UTF-16 mark with invalid content"
    elif b"\x00" in data:
        return "not text: the content has NUL bytes (a binary file?)"
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp874")
            except UnicodeDecodeError:
                return "not text: neither UTF-8 nor Thai Windows (cp874)"
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v")
    if "\x00" in text or controls > max(2, len(text) // 100):
        return "not text: too many control characters (a binary file?)"
    return None


def _entry(raw: dict[str, Any], where: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in raw.items():
        field_name = ENTRY_FIELDS.get(name)
        if field_name is None:
            raise ApiError(422, "invalid_request", f"{where}: unknown field {name!r} (use {', '.join(FORM_FIELDS)})")
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise ApiError(422, "invalid_request", f"{where}: {name} must be text")
        text = str(value).strip()
        if not text:
            continue
        if any(unicodedata.category(ch) == "Cs" for ch in text):  # JSON may spell "\ud800"
            raise ApiError(422, "invalid_request", f"{where}: {name} contains an unpaired UTF-16 surrogate")
        if len(text) > 300 or any(unicodedata.category(ch) == "Cc" for ch in text):
            raise ApiError(422, "invalid_request", f"{where}: {name} must be one line of at most 300 characters")
        if field_name == "date":
            try:
                dt.date.fromisoformat(text)
            except ValueError:
                raise ApiError(422, "invalid_request", f"{where}: date must be YYYY-MM-DD") from None
        if field_name == "kind" and text not in KINDS:
            raise ApiError(422, "invalid_request", f"{where}: kind must be one of {', '.join(KINDS)}")
        if field_name == "key" and "/" in text:
            raise ApiError(422, "invalid_request", f"{where}: document must not contain '/'")
        out[field_name] = text
    return out


def _manifest_field(raw: object) -> dict[str, dict[str, str]]:
    """The optional `manifest` form field: JSON {file name: {document, title, version, date}}."""
    if raw is None or raw == "":
        return {}
    try:
        data = json.loads(str(raw))
    except json.JSONDecodeError as exc:
        raise ApiError(422, "invalid_request", f"manifest: not JSON ({exc.msg})") from None
    if isinstance(data, dict) and isinstance(data.get("documents"), dict):
        data = data["documents"]
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise ApiError(422, "invalid_request", "manifest: expected {\"file name\": {\"document\": ..., ...}}")
    return {safe_name(str(k), 0): _entry(v, f"manifest[{k}]") for k, v in data.items()}
