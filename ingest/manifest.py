"""The manifest: which document, title, version label and date each file is.

```yaml
documents:
  drafts/waste-act-draft-v2.pdf: {key: waste-act-draft, title: ..., version: ฉบับที่ ๒, date: 2025-06-01}
```
Files not listed get defaults from their name: `waste-act-draft-v2.pdf` → key
`waste-act-draft`, version `v2`; a kind not given is guessed from the title (ingest/kinds.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from ingest.kinds import KINDS
from ingest.models import DocInfo, DocKind, IngestError
from ingest.word import LEGACY_DOC

PDF_EXT = {".pdf"}
WORD_EXT = {".docx"}
TRANSCRIPT_EXT = {".vtt", ".srt", ".txt"}
SUPPORTED = PDF_EXT | WORD_EXT | TRANSCRIPT_EXT
REPORTED = SUPPORTED | {".doc"}  # a folder's legacy .doc files are reported, not silently skipped
MANIFEST_NAMES = ("manifest.yaml", "manifest.yml")
# bump when parsing/chunking changes so that unchanged files are re-ingested once
PIPELINE_VERSION = "2026.11.9"

_VERSION_SUFFIX = re.compile(r"^(?P<key>.+?)[-_ .](?P<ver>v\d+[a-z]?|ver\d+|\d{4}-\d{2}-\d{2})$", re.I)


@dataclass
class ManifestEntry:
    key: str | None = None
    title: str | None = None
    version: str | None = None
    date: str | None = None
    kind: DocKind | None = None


class Manifest:
    def __init__(self, entries: dict[str, ManifestEntry], base: Path | None) -> None:
        self.entries = entries
        self.base = base

    @classmethod
    def empty(cls) -> Manifest:
        return cls({}, None)

    @classmethod
    def load(cls, path: Path) -> Manifest:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise IngestError(f"manifest {path}: {exc}".splitlines()[0]) from exc
        docs = data.get("documents", {}) if isinstance(data, dict) else None
        if not isinstance(docs, dict):
            raise IngestError(f"manifest {path}: expected a 'documents:' mapping of file → fields")
        entries: dict[str, ManifestEntry] = {}
        for name, fields in docs.items():
            fields = fields or {}
            unknown = set(fields) - set(ManifestEntry.__dataclass_fields__)
            if unknown:
                raise IngestError(f"manifest {path}: {name}: unknown fields {sorted(unknown)}")
            if fields.get("kind") not in (None, *KINDS):
                raise IngestError(f"manifest {path}: {name}: kind must be one of {', '.join(KINDS)}")
            entry = ManifestEntry(**{k: _text(v) for k, v in fields.items()})
            entries[str(name)] = entry
        return cls(entries, path.parent)

    @classmethod
    def find_for(cls, folder: Path) -> Manifest:
        for name in MANIFEST_NAMES:
            if (folder / name).is_file():
                return cls.load(folder / name)
        return cls.empty()

    def entry_for(self, path: Path) -> ManifestEntry:
        if self.base is not None:
            try:
                rel = path.resolve().relative_to(self.base.resolve()).as_posix()
                if rel in self.entries:
                    return self.entries[rel]
            except ValueError:
                pass
        return self.entries.get(path.name, ManifestEntry())


def _text(v: object) -> str | None:
    if v is None:
        return None
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)


def kind_for(path: Path) -> DocKind:
    """The kind a file type has until its title says more (ingest/kinds.py guess_kind)."""
    ext = path.suffix.lower()
    if ext in PDF_EXT | WORD_EXT:
        return "draft"
    if ext in TRANSCRIPT_EXT:
        return "transcript"
    if ext == ".doc":
        raise IngestError(LEGACY_DOC)
    raise IngestError(f"unsupported file type {ext or '(none)'}: expected .pdf, .docx, .vtt, .srt or .txt")


def slug(text: str) -> str:
    text = unicodedata.normalize("NFC", text).strip().lower()
    text = re.sub(r"[^\w\u0e00-\u0e7f]+", "-", text).strip("-")
    return text or "document"


def file_hash(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def doc_info(path: Path, entry: ManifestEntry, content_hash: str, *, settings_key: str = "") -> DocInfo:
    """DocInfo for a file: manifest fields first, then defaults from the file name."""
    stem = path.stem
    m = _VERSION_SUFFIX.match(stem)
    key = entry.key or slug(m.group("key") if m else stem)
    version = entry.version or (m.group("ver") if m else "1")
    kind = entry.kind or kind_for(path)
    title = entry.title or ""
    # a kind named by the manifest or the upload form is part of what was ingested; a guessed one
    # follows from the content and the pipeline version
    uid_src = "\0".join([key, version, content_hash, PIPELINE_VERSION, settings_key, entry.kind or ""])
    uid = hashlib.sha256(uid_src.encode()).hexdigest()[:20]
    return DocInfo(
        key=key,
        title=title,
        kind=kind,
        version=version,
        version_uid=uid,
        source_file=path.name,
        date=entry.date,
        content_hash=content_hash,
    )
