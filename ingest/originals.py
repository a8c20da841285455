"""Originals: every ingested file kept once under `<data_dir>/originals/`, addressed by its content hash,
so that the index can always be rebuilt from them (`python -m ingest --reindex`).

Layout: `originals/<sha256[:2]>/<sha256><ext>` (the bytes), and `originals/versions.json`: one record per
published version (document, version label, the file's hash and name, and the manifest fields that were
given for it), in ingest order. Only the ingest (under the data folder's ingest lock) writes here.

Crash safety follows the index's own: a file is copied in (temp file, then an atomic rename) before its
version is published, recorded after; a failed file's copy is removed unless another version uses the same
bytes; a copy left by a crash is removed by `collect_garbage` at the next ingest, and a version published
just before a crash, but not yet recorded, is recorded then from the registry.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from ingest.settings import Settings

RECORDS = "versions.json"
_HEX = set("0123456789abcdef")


@dataclass
class Original:
    """One published version's original file and the manifest fields given for it."""

    document: str
    version: str
    sha256: str
    ext: str  # ".pdf", ".docx", ".vtt", ".srt" or ".txt"
    source_file: str  # the name it was ingested under (downloads carry it)
    bytes: int = 0
    title: str | None = None  # as named by the manifest or the upload form (None: read from the file)
    date: str | None = None
    kind: str | None = None  # as named (None: guessed from the title)
    stored_at: float = 0.0

    @property
    def name(self) -> str:
        return f"{self.sha256}{self.ext}"


class Originals:
    def __init__(self, settings: Settings) -> None:
        self.root = settings.data_dir / "originals"

    # --- the bytes ------------------------------------------------------------------------------
    def path(self, sha256: str, ext: str) -> Path:
        if len(sha256) != 64 or not set(sha256) <= _HEX:
            raise ValueError(f"not a sha256: {sha256!r}")
        return self.root / sha256[:2] / f"{sha256}{ext.lower()}"

    def put(self, source: Path, sha256: str) -> tuple[Path, bool]:
        """Copy `source` in unless the same bytes are already kept; (its path, whether it was new)."""
        target = self.path(sha256, source.suffix)
        if target.is_file():
            return target, False
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
                while block := src.read(1 << 20):
                    out.write(block)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        return target, True

    def discard(self, sha256: str, ext: str) -> bool:
        """Remove the bytes unless a recorded version uses them; True when removed."""
        if any(r.sha256 == sha256 and r.ext == ext.lower() for r in self.records()):
            return False
        with contextlib.suppress(FileNotFoundError):
            self.path(sha256, ext).unlink()
            return True
        return False

    def files(self) -> Iterable[Path]:
        if not self.root.is_dir():
            return []
        return (p for p in self.root.glob("??/*") if p.is_file())

    # --- the records ------------------------------------------------------------------------------
    def records(self, document: str | None = None) -> list[Original]:
        try:
            data = json.loads((self.root / RECORDS).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        names = {f.name for f in fields(Original)}
        out = [Original(**{k: v for k, v in r.items() if k in names}) for r in data.get("versions", [])]
        return [r for r in out if document is None or r.document == document]

    def find(self, document: str, version: str) -> Original | None:
        return next((r for r in self.records() if r.document == document and r.version == version), None)

    def record(self, rec: Original) -> Original | None:
        """Record a published version (replacing the record of the same document and label, in place);
        the bytes of the replaced record are removed when no version uses them any more."""
        rec.stored_at = rec.stored_at or time.time()
        recs = self.records()
        at = next((i for i, r in enumerate(recs) if (r.document, r.version) == (rec.document, rec.version)), None)
        old = recs[at] if at is not None else None
        if at is None:
            recs.append(rec)
        else:
            recs[at] = rec
        self._save(recs)
        if old is not None and (old.sha256, old.ext) != (rec.sha256, rec.ext):
            self.discard(old.sha256, old.ext)
        return old

    def forget(self, document: str, versions: Iterable[str]) -> list[Original]:
        """Drop the records of deleted versions and the bytes no other version uses."""
        labels = set(versions)
        recs = self.records()
        gone = [r for r in recs if r.document == document and r.version in labels]
        if gone:
            self._save([r for r in recs if r not in gone])
            for r in gone:
                self.discard(r.sha256, r.ext)
        return gone

    def _save(self, recs: list[Original]) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        body = json.dumps({"versions": [asdict(r) for r in recs]}, ensure_ascii=False, indent=1)
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(body + "\n")
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, self.root / RECORDS)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    # --- after a crash ------------------------------------------------------------------------------
    def collect_garbage(self, published: Iterable[object]) -> int:
        """Record published versions whose bytes are here but whose record is missing (a crash after
        publishing), then remove bytes that no record names (a crash before publishing) and temp files.
        `published` are the registry's VersionInfo records. Returns the number of files removed."""
        recs = self.records()
        known = {(r.document, r.version) for r in recs}
        added = False
        for v in published:
            ext = Path(str(getattr(v, "source_file", ""))).suffix.lower()
            sha = str(getattr(v, "content_hash", ""))
            key = (str(getattr(v, "doc_key", "")), str(getattr(v, "version", "")))
            if key in known or len(sha) != 64 or not self.path(sha, ext).is_file():
                continue
            recs.append(Original(key[0], key[1], sha, ext, str(getattr(v, "source_file", "")),
                                 self.path(sha, ext).stat().st_size, date=getattr(v, "date", None) or None,
                                 stored_at=float(getattr(v, "ingested_at", 0.0) or time.time())))
            added = True
        if added:
            self._save(recs)
        used = {r.name for r in recs}
        removed = 0
        for p in list(self.files()):
            if p.name not in used:
                p.unlink(missing_ok=True)
                removed += not p.name.startswith(".tmp-")
        return removed
