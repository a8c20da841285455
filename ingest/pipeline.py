"""The ingestion job: files → parsed structure → chunks → vectors → Chroma → lexical index.

`ingest_paths` is the one public entry point; the CLI and the service's admin API both
call it. Each file is all-or-nothing: parse and chunk in memory first, then write its
chunks under a new version uid, then publish in one registry upsert (see store.py).
A failed file leaves the index as it was.
"""

from __future__ import annotations

import contextlib
import fcntl
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from ingest.chunks import draft_chunks, transcript_chunks
from ingest.embed import Embedder, build_embedder
from ingest.kinds import SESSION_KINDS, guess_kind, kind_fits_file
from ingest.lexical import LexicalIndex, current_generation, load_token_cache, tokenize
from ingest.manifest import PIPELINE_VERSION, REPORTED, Manifest, doc_info, file_hash, kind_for
from ingest.models import Chunk, DocInfo, IngestError, ParsedDraft, Transcript
from ingest.originals import Original, Originals
from ingest.pdf import extract_pdf, is_pdf
from ingest.settings import Settings
from ingest.store import Store
from ingest.structure import parse_draft
from ingest.transcripts import read_transcript
from ingest.word import read_docx

STAGES = ("extract", "parse", "chunk", "embed", "write", "publish", "lexical")
ProgressFn = Callable[[str, str, int, int], None]


@dataclass
class FileResult:
    path: Path
    status: str = "pending"  # ingested | unchanged | failed
    doc_key: str = ""
    version: str = ""
    kind: str = ""
    reason: str = ""
    sections: int = 0
    chunks: int = 0
    chunks_written: int = 0
    pages: int = 0
    ocr_pages: list[int] = field(default_factory=list)  # flagged as needing OCR
    ocr_applied: list[int] = field(default_factory=list)  # of those, read by Tesseract
    left_out: dict[int, str] = field(default_factory=dict)  # page → why nothing of it is indexed
    warnings: list[str] = field(default_factory=list)


@dataclass
class IngestReport:
    files: list[FileResult] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))
    garbage_collected: int = 0
    generation: int = 0

    @property
    def ok(self) -> bool:
        return all(f.status != "failed" for f in self.files)

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "failed"]


@dataclass
class Parsed:
    doc: DocInfo
    content: ParsedDraft | Transcript
    chunks: list[Chunk]


def _noop(file: str, stage: str, done: int, total: int) -> None:
    return None


def collect_files(inputs: list[Path]) -> list[Path]:
    """Expand folders into files; single files are kept as given so that an unsupported
    one is reported, not silently skipped. A folder with a manifest contributes exactly
    the files its manifest lists (sources and notes beside them stay out); a folder
    without one contributes every supported file under it."""
    out: list[Path] = []
    for p in inputs:
        if not p.is_dir():
            out.append(p)
            continue
        manifest = Manifest.find_for(p)
        if manifest.entries:
            out.extend(p / name for name in sorted(manifest.entries))
        else:
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in REPORTED))
    return out


def manifest_for(inputs: list[Path], explicit: Path | None) -> Manifest:
    if explicit is not None:
        return Manifest.load(explicit)
    folders = [p if p.is_dir() else p.parent for p in inputs]
    for folder in dict.fromkeys(folders):
        for candidate in (folder, *folder.parents[:2]):
            m = Manifest.find_for(candidate)
            if m.entries:
                return m
    return Manifest.empty()


def parse_file(
    path: Path, manifest: Manifest, settings: Settings, progress: ProgressFn = _noop,
    timings: dict[str, float] | None = None,
) -> Parsed:
    """Read, parse and chunk one file, touching no index. Raises IngestError."""
    timings = timings if timings is not None else {}
    name = path.name
    if not path.exists():
        raise IngestError("file not found")
    if not path.is_file():
        raise IngestError("not a regular file")
    size = path.stat().st_size
    if size == 0:
        raise IngestError("empty file (0 bytes)")
    if size > settings.max_file_mb * 1024 * 1024:
        raise IngestError(f"file too large ({size / 1e6:.0f} MB > RANG_MAX_FILE_MB={settings.max_file_mb})")
    named_kind = manifest.entry_for(path).kind
    kind = named_kind or kind_for(path)
    kind_fits_file(kind, path)
    doc = doc_info(path, manifest.entry_for(path), file_hash(path), settings_key=_settings_key(settings))
    t0 = time.perf_counter()
    progress(name, "extract", 0, 1)
    lead = ""  # the opening lines, for a kind guessed from the title
    if path.suffix.lower() == ".docx":
        word = read_docx(path)
        t1 = time.perf_counter()
        progress(name, "parse", 0, 1)
        if not word.paragraphs:
            raise IngestError("no text in the Word document")
        parsed = parse_draft(word.pages(), fallback_title=word.title_hint or path.stem)
        parsed.locator = "paragraph"
        parsed.warnings[:0] = word.warnings
        lead = "\n".join(word.paragraphs[:12])
    elif path.suffix.lower() == ".pdf":
        if not is_pdf(path):
            raise IngestError("not a PDF: the content does not start with %PDF")
        extracted = extract_pdf(path, ocr=settings.ocr is not False)
        t1 = time.perf_counter()
        progress(name, "parse", 0, 1)
        parsed: ParsedDraft | Transcript = parse_draft(extracted.pages, fallback_title=path.stem)
        lead = extracted.pages[0].text if extracted.pages else ""
        parsed.warnings[:0] = extracted.warnings
        if not any(p.text.strip() for p in extracted.pages):
            raise IngestError(
                f"no text on any of {len(extracted.pages)} pages (scanned?); "
                + ("OCR found nothing" if settings.ocr is not False else "set RANG_OCR=auto to OCR it")
            )
    else:
        t1 = time.perf_counter()
        progress(name, "parse", 0, 1)
        parsed = read_transcript(path)
    t2 = time.perf_counter()
    title = doc.title or parsed.title or path.stem
    kind = named_kind or guess_kind(path, doc.title or parsed.title, lead)
    doc = replace(doc, title=title, kind=kind, date=doc.date or getattr(parsed, "date", None))
    progress(name, "chunk", 0, 1)
    if isinstance(parsed, ParsedDraft):
        chunks = draft_chunks(parsed, doc, max_chars=settings.chunk_max_chars)
    else:
        chunks = transcript_chunks(parsed, doc, target_chars=settings.transcript_window_chars)
    if not chunks:
        raise IngestError("nothing to index: no text found")
    t3 = time.perf_counter()
    for stage, secs in (("extract", t1 - t0), ("parse", t2 - t1), ("chunk", t3 - t2)):
        timings[stage] = timings.get(stage, 0.0) + secs
    return Parsed(doc, parsed, chunks)


def _settings_key(settings: Settings) -> str:
    return f"{settings.chunk_max_chars}:{settings.transcript_window_chars}:{settings.ocr is not False}"


@contextlib.contextmanager
def ingest_lock(settings: Settings) -> Iterator[None]:
    """One ingest at a time per data dir (the CLI and the service's admin jobs share it)."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    with open(settings.data_dir / "ingest.lock", "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise IngestError(f"another ingest is running on {settings.data_dir}") from None
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def ingest_paths(
    paths: list[Path],
    settings: Settings,
    *,
    manifest: Manifest | None = None,
    embedder: Embedder | None = None,
    store: Store | None = None,
    progress: ProgressFn = _noop,
) -> IngestReport:
    files = collect_files(paths)
    manifest = manifest if manifest is not None else manifest_for(paths, None)
    embedder = embedder or build_embedder(settings)
    report = IngestReport()
    with ingest_lock(settings):
        store = store or Store(settings, embedder.identity)
        report.garbage_collected = store.collect_garbage()
        Originals(settings).collect_garbage(store.state().versions.values())
        for path in files:
            result = FileResult(path=path)
            report.files.append(result)
            try:
                _ingest_one(path, settings, manifest, embedder, store, result, report, progress)
            except IngestError as exc:
                result.status, result.reason = "failed", str(exc)
            except Exception as exc:  # a bug or a library failure must not stop the other files
                result.status, result.reason = "failed", f"{type(exc).__name__}: {exc}".splitlines()[0]
            progress(path.name, result.status, 1, 1)
        t = time.perf_counter()
        progress("index", "lexical", 0, 1)
        report.generation = sync_lexical(store, settings)
        report.seconds["lexical"] += time.perf_counter() - t
        progress("index", "lexical", 1, 1)
    return report


def _ingest_one(
    path: Path, settings: Settings, manifest: Manifest, embedder: Embedder, store: Store,
    result: FileResult, report: IngestReport, progress: ProgressFn,
) -> None:
    parsed = parse_file(path, manifest, settings, progress, report.seconds)
    doc, chunks = parsed.doc, parsed.chunks
    result.doc_key, result.version, result.kind = doc.key, doc.version, doc.kind
    result.chunks = len(chunks)
    if isinstance(parsed.content, ParsedDraft):
        result.sections = len(parsed.content.legal_sections)
        result.pages = parsed.content.page_count if parsed.content.locator == "page" else 0
        result.ocr_pages = list(parsed.content.ocr_pages)
        result.ocr_applied, result.left_out = list(parsed.content.ocr_applied), dict(parsed.content.left_out)
    else:
        result.sections = len(parsed.content.turns)
    result.warnings = list(parsed.content.warnings)
    stats = {
        "sections": result.sections,
        "chunks": len(chunks),
        "pages": result.pages,
        "ocr_pages": len(result.ocr_pages),
    }
    # the original is kept before its version is published and recorded after (ingest/originals.py)
    originals = Originals(settings)
    originals.put(path, doc.content_hash)
    try:
        written = write_parsed(doc, chunks, stats, settings, embedder, store, report.seconds,
                               lambda stage, done, total: progress(path.name, stage, done, total))
    except BaseException:
        originals.discard(doc.content_hash, path.suffix)
        raise
    named = manifest.entry_for(path)
    originals.record(Original(doc.key, doc.version, doc.content_hash, path.suffix.lower(), doc.source_file,
                              path.stat().st_size, title=named.title, date=doc.date, kind=named.kind))
    if written is None:
        result.status = "unchanged"
        return
    result.chunks_written = written
    result.status = "ingested"


def write_parsed(
    doc: DocInfo, chunks: list[Chunk], stats: dict[str, int], settings: Settings, embedder: Embedder,
    store: Store, seconds: dict[str, float], progress: Callable[[str, int, int], None] = lambda *a: None,
) -> int | None:
    """Embed, write and publish one version's chunks. None when that exact content is
    already published; otherwise the number of chunks written."""
    current = store.state().find(doc.key, doc.version)
    if current is not None and current.version_uid == doc.version_uid:
        if current.pipeline != PIPELINE_VERSION:
            # the uid includes the pipeline version, so this one built it; the record predates
            # the field: fill it in so the version is not reported as stale
            store.publish(doc, stats)
        return None
    t0 = time.perf_counter()
    existing = store.existing_ids([c.id for c in chunks])
    todo = [c for c in chunks if c.id not in existing]
    vectors = []
    batch = max(settings.embed_batch, 1)
    for i in range(0, len(todo), batch):
        progress("embed", i, len(todo))
        vectors.append(embedder.embed_passages([c.embed_text for c in todo[i : i + batch]]))
    progress("embed", len(todo), len(todo))
    t1 = time.perf_counter()
    try:
        if todo:
            store.write_chunks(todo, np.vstack(vectors))
        progress("write", len(todo), len(todo))
        t2 = time.perf_counter()
        replaced = store.publish(doc, stats)
    except BaseException:
        with contextlib.suppress(Exception):
            store.delete_uid(doc.version_uid)
        raise
    if replaced is not None:
        store.delete_uid(replaced.version_uid)
    t3 = time.perf_counter()
    seconds["embed"] = seconds.get("embed", 0.0) + t1 - t0
    seconds["write"] = seconds.get("write", 0.0) + t2 - t1
    seconds["publish"] = seconds.get("publish", 0.0) + t3 - t2
    return len(todo)


def lexical_text(text: str, meta: dict) -> str:
    """What BM25 sees for a chunk: its text plus the headings a user might search by."""
    parts = [str(meta.get("title", "")), str(meta.get("chapter_path", ""))]
    if meta.get("kind") in SESSION_KINDS:
        parts.append(str(meta.get("speakers", "")))
    return "\n".join([*parts, text])


def sync_lexical(store: Store, settings: Settings, *, force: bool = False) -> int:
    """Make the lexical index match the registry's generation; returns that generation."""
    state = store.state()
    root = settings.lexical_dir
    if not force and current_generation(root) == state.generation:
        return state.generation
    cache = load_token_cache(root)
    ids: list[str] = []
    tokens: list[list[str]] = []
    for cid, text, meta in store.iter_chunks(state.published_uids()):
        ids.append(cid)
        tokens.append(cache.get(cid) or tokenize(lexical_text(text, meta)))
    LexicalIndex.build(ids, tokens, state.generation).save(root, tokens)
    return state.generation


def delete_document(settings: Settings, doc_key: str, version: str | None = None,
                    embedder_identity: str | None = None) -> list[str]:
    """Remove a document or one version, chunks and lexical entries together."""
    with ingest_lock(settings):
        store = Store(settings, embedder_identity)
        gone = store.unpublish(doc_key, version)
        if not gone:
            raise IngestError(f"no such document{' version' if version else ''}: {doc_key}"
                              + (f" {version}" if version else ""))
        Originals(settings).forget(doc_key, [v.version for v in gone])
        sync_lexical(store, settings)
    return [v.version for v in gone]
