"""`python -m ingest --reindex [DOC]`: rebuild versions from their kept originals (ingest/originals.py).

Each recorded version's bytes are linked, under the name they were ingested as, into a temporary folder
beside the index, and go through `ingest_paths` with the manifest fields that were given for them: the same
code and the same crash safety as any ingest. A version the current pipeline already built is found
unchanged (its version uid is the same) and costs only its parsing; one built by another pipeline version
(listed as stale by `--list` and `/readyz`), or missing from a lost index, is rebuilt and replaces the old
one when it is published.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ingest.embed import Embedder
from ingest.manifest import Manifest, ManifestEntry
from ingest.models import IngestError
from ingest.originals import Original, Originals
from ingest.pipeline import IngestReport, ProgressFn, _noop, ingest_paths
from ingest.settings import Settings
from ingest.store import IndexMissingError, Store


@dataclass
class ReindexPlan:
    originals: list[Original] = field(default_factory=list)
    missing: list[Original] = field(default_factory=list)  # recorded, but the bytes are gone
    without_original: list[str] = field(default_factory=list)  # "doc (version)" published, never kept


def plan(settings: Settings, document: str | None = None) -> ReindexPlan:
    """What a reindex would rebuild, from the records (the index itself may be gone)."""
    kept = Originals(settings)
    recs = kept.records(document)
    out = ReindexPlan()
    for r in recs:
        (out.originals if kept.path(r.sha256, r.ext).is_file() else out.missing).append(r)
    try:
        state = Store(settings, None).state()
    except IndexMissingError:
        return out
    have = {(r.document, r.version) for r in recs}
    out.without_original = [f"{v.doc_key} ({v.version})" for v in state.versions.values()
                            if (document is None or v.doc_key == document) and (v.doc_key, v.version) not in have]
    return out


def reindex(settings: Settings, document: str | None = None, *, embedder: Embedder | None = None,
            progress: ProgressFn = _noop) -> tuple[IngestReport, ReindexPlan]:
    """Re-ingest every kept version (of `document`, or all) from its original, oldest record first."""
    todo = plan(settings, document)
    if not todo.originals:
        what = f"document {document!r}" if document else "this data folder"
        raise IngestError(f"no originals kept for {what} ({Originals(settings).root}): ingest the files again")
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="reindex-", dir=settings.data_dir))
    try:
        kept = Originals(settings)
        entries: dict[str, ManifestEntry] = {}
        paths: list[Path] = []
        for i, r in enumerate(todo.originals, start=1):
            rel = f"{i:04d}/{_safe(r.source_file, r.ext)}"
            target = tmp / rel
            target.parent.mkdir()
            _link(kept.path(r.sha256, r.ext), target)
            entries[rel] = ManifestEntry(key=r.document, title=r.title, version=r.version, date=r.date,
                                         kind=r.kind)  # type: ignore[arg-type]
            paths.append(target)
        report = ingest_paths(paths, settings, manifest=Manifest(entries, tmp), embedder=embedder,
                              progress=progress)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return report, todo


def _safe(name: str, ext: str) -> str:
    base = Path(name).name.strip() or "original"
    return base if base.lower().endswith(ext) else base + ext


def _link(src: Path, dst: Path) -> None:
    """A hard link where the file system allows (no copy of a large PDF), else a copy."""
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)
