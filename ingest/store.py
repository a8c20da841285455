"""The one owner of the index: Chroma collections, the version registry, the lexical index.

Layout in Chroma (embedded folder or a `chroma run` server, same code):
- `<collection>`: one record per chunk, our vectors, flat citation metadata, and
  `version_uid` naming the ingested content it belongs to.
- `<collection>_registry`: small records with a 1-d dummy vector: one per published
  version (`v:<doc>:<version>`), one per document (`d:<doc>`, pointing at its latest
  version), and `state` (generation counter, embedder identity).

Publishing protocol (crash-safe, readers never see half a version): chunks are written
under a fresh `version_uid`; only then is the registry updated in one upsert. Readers
only look at chunks whose `version_uid` is registered, so chunks left by a crash are
invisible and are deleted by `collect_garbage` at the next ingest.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from ingest.manifest import PIPELINE_VERSION
from ingest.models import Chunk, DocInfo
from ingest.settings import Settings

SCHEMA = 1
_PAGE = 2000  # records per get/upsert call (Chroma servers cap batch sizes)


class IndexMismatchError(RuntimeError):
    """The index was built with another embedding model."""


class IndexMissingError(RuntimeError):
    """There is no index where the settings point."""


@dataclass
class VersionInfo:
    doc_key: str
    title: str
    kind: str
    version: str
    version_uid: str
    source_file: str
    date: str = ""
    content_hash: str = ""
    sections: int = 0
    chunks: int = 0
    pages: int = 0
    ocr_pages: int = 0
    seq: int = 0
    ingested_at: float = 0.0
    pipeline: str = ""  # PIPELINE_VERSION that built it ("" before the field existed)

    @property
    def stale(self) -> bool:
        """Built by another pipeline version: re-ingesting its file rebuilds it."""
        return self.pipeline != PIPELINE_VERSION

    def sort_key(self) -> tuple[str, int]:
        return (self.date or "", self.seq)


@dataclass
class RegistryState:
    generation: int = 0
    embedder: str = ""
    versions: dict[str, VersionInfo] = field(default_factory=dict)  # by version_uid
    latest: dict[str, str] = field(default_factory=dict)  # doc_key -> version_uid

    def published_uids(self) -> list[str]:
        return list(self.versions)

    def versions_of(self, doc_key: str) -> list[VersionInfo]:
        vs = [v for v in self.versions.values() if v.doc_key == doc_key]
        return sorted(vs, key=VersionInfo.sort_key)

    def find(self, doc_key: str, version: str) -> VersionInfo | None:
        return next((v for v in self.versions.values() if v.doc_key == doc_key and v.version == version), None)

    def documents(self) -> list[str]:
        return sorted({v.doc_key for v in self.versions.values()})

    def stale(self) -> list[VersionInfo]:
        """Versions an older (or newer) pipeline built, oldest first."""
        return sorted((v for v in self.versions.values() if v.stale), key=VersionInfo.sort_key)


OPEN_ATTEMPTS = 6  # 0.2 s, doubling: about 6 s in all
_OPEN_RACE = re.compile(r"database is locked|table \S+ already exists")


def make_client(settings: Settings, *, fresh: bool = False) -> Any:
    """Chroma client for the configured mode. `fresh` drops the in-process cache so an
    embedded reader sees writes made by another process (Chroma caches segments)."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_host:
        return chromadb.HttpClient(
            host=settings.chroma_host, port=settings.chroma_port, ssl=settings.chroma_ssl, settings=chroma_settings
        )
    if fresh:
        from chromadb.api.client import SharedSystemClient

        SharedSystemClient.clear_system_cache()
    settings.chroma_dir.mkdir(parents=True, exist_ok=True)
    # two workers (or a worker and an ingest) opening the same folder at the same instant: Chroma's
    # SQLite answers "database is locked" to one of them, or, on a new folder, both run its migrations
    # and one finds "table … already exists"; a moment later the folder opens as it should
    for attempt in range(OPEN_ATTEMPTS):
        try:
            return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)
        except Exception as exc:
            if not _OPEN_RACE.search(str(exc)) or attempt == OPEN_ATTEMPTS - 1:
                raise
            from chromadb.api.client import SharedSystemClient

            # the failed start left its half-made system registered under the folder: forget only that one
            getattr(SharedSystemClient, "_identifier_to_system", {}).pop(str(settings.chroma_dir), None)
            time.sleep(0.2 * 2**attempt)
    raise AssertionError("unreachable")


class Store:
    def __init__(self, settings: Settings, embedder_identity: str | None, *, fresh: bool = False) -> None:
        """Open (or create) the index. With `embedder_identity=None` the index must exist
        and is opened with whatever model built it (listing and deleting need no model)."""
        self.settings = settings
        self.client = make_client(settings, fresh=fresh)
        name = settings.chroma_collection
        if embedder_identity is None:
            try:
                existing = self.client.get_collection(name, embedding_function=None)
            except Exception as exc:
                raise IndexMissingError(f"no index at {self.where()} (collection {name!r})") from exc
            embedder_identity = str((existing.metadata or {}).get("embedder", ""))
        self.embedder_identity = embedder_identity
        self.chunks = self.client.get_or_create_collection(
            name,
            embedding_function=None,
            metadata={"hnsw:space": "cosine", "embedder": embedder_identity, "schema": SCHEMA},
        )
        self.registry = self.client.get_or_create_collection(
            f"{name}_registry", embedding_function=None, metadata={"schema": SCHEMA}
        )
        built_with = (self.chunks.metadata or {}).get("embedder")
        if built_with and built_with != embedder_identity:
            raise IndexMismatchError(
                f"index in {self.where()} was built with {built_with}, not {embedder_identity}: "
                "use another RANG_DATA_DIR/collection or delete the index and ingest again"
            )

    def where(self) -> str:
        s = self.settings
        return f"chroma://{s.chroma_host}:{s.chroma_port}" if s.chroma_host else str(s.chroma_dir)

    # --- read side ------------------------------------------------------------------------
    def state(self) -> RegistryState:
        got = self.registry.get(include=["metadatas"])
        st = RegistryState()
        for rid, meta in zip(got["ids"], got["metadatas"] or [], strict=False):
            meta = dict(meta or {})
            if rid == "state":
                st.generation = int(meta.get("generation", 0))
                st.embedder = str(meta.get("embedder", ""))
            elif rid.startswith("v:"):
                info = VersionInfo(**{k: meta[k] for k in VersionInfo.__dataclass_fields__ if k in meta})
                st.versions[info.version_uid] = info
            elif rid.startswith("d:"):
                st.latest[str(meta["doc_key"])] = str(meta["latest_uid"])
        # a doc pointer to a version that is gone (crash mid-delete) is ignored
        st.latest = {k: u for k, u in st.latest.items() if u in st.versions}
        return st

    def generation(self) -> int:
        got = self.registry.get(ids=["state"], include=["metadatas"])
        return int(got["metadatas"][0].get("generation", 0)) if got["ids"] else 0

    def iter_chunks(self, uids: list[str] | None = None) -> Iterator[tuple[str, str, dict]]:
        """(id, text, metadata) for chunks of the given versions (all when None)."""
        where = _uid_filter(uids)
        if uids is not None and not uids:
            return
        offset = 0
        while True:
            got = self.chunks.get(where=where, include=["documents", "metadatas"], limit=_PAGE, offset=offset)
            ids = got["ids"]
            yield from zip(ids, got["documents"] or [], got["metadatas"] or [], strict=False)
            if len(ids) < _PAGE:
                return
            offset += _PAGE

    def get_chunks(self, ids: list[str]) -> dict[str, tuple[str, dict]]:
        out: dict[str, tuple[str, dict]] = {}
        for batch in _batches(ids, _PAGE):
            got = self.chunks.get(ids=batch, include=["documents", "metadatas"])
            out.update({i: (d, m) for i, d, m in zip(got["ids"], got["documents"], got["metadatas"], strict=False)})
        return out

    def get_vectors(self, ids: list[str]) -> np.ndarray:
        """Embeddings in the order of `ids` (zeros for an id that vanished meanwhile)."""
        found: dict[str, np.ndarray] = {}
        for batch in _batches(ids, _PAGE):
            got = self.chunks.get(ids=batch, include=["embeddings"])
            for cid, vec in zip(got["ids"], got["embeddings"], strict=False):
                found[cid] = np.asarray(vec, dtype=np.float32)
        dim = len(next(iter(found.values()))) if found else 0
        return np.stack([found.get(cid, np.zeros(dim, np.float32)) for cid in ids]) if ids else np.zeros((0, 0))

    def dense_query(self, vector: np.ndarray, n: int, where: dict | None) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) best first."""
        res = self.chunks.query(query_embeddings=[vector.tolist()], n_results=n, where=where, include=["distances"])
        return [(cid, 1.0 - float(d)) for cid, d in zip(res["ids"][0], res["distances"][0], strict=False)]

    def chunk_ids_by_uid(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        offset = 0
        while True:
            got = self.chunks.get(include=["metadatas"], limit=_PAGE, offset=offset)
            for cid, meta in zip(got["ids"], got["metadatas"] or [], strict=False):
                out.setdefault(str((meta or {}).get("version_uid", "")), []).append(cid)
            if len(got["ids"]) < _PAGE:
                return out
            offset += _PAGE

    # --- write side (ingest only) ------------------------------------------------------------
    def existing_ids(self, ids: list[str]) -> set[str]:
        found: set[str] = set()
        for batch in _batches(ids, _PAGE):
            found.update(self.chunks.get(ids=batch, include=[])["ids"])
        return found

    def write_chunks(self, chunks: list[Chunk], vectors: np.ndarray) -> None:
        for start in range(0, len(chunks), _PAGE):
            part = chunks[start : start + _PAGE]
            self.chunks.upsert(
                ids=[c.id for c in part],
                embeddings=vectors[start : start + len(part)].tolist(),
                documents=[c.text for c in part],
                metadatas=[c.metadata for c in part],
            )

    def delete_uid(self, uid: str) -> None:
        self.chunks.delete(where={"version_uid": uid})

    def publish(self, doc: DocInfo, stats: dict[str, int]) -> VersionInfo | None:
        """Register a fully written version and make the document's latest pointer right,
        in a single registry upsert. Returns the replaced version (same label) if any."""
        st = self.state()
        replaced = st.find(doc.key, doc.version)
        seq = replaced.seq if replaced else max((v.seq for v in st.versions.values()), default=0) + 1
        info = VersionInfo(
            doc_key=doc.key,
            title=doc.title,
            kind=doc.kind,
            version=doc.version,
            version_uid=doc.version_uid,
            source_file=doc.source_file,
            date=doc.date or "",
            content_hash=doc.content_hash,
            seq=seq,
            ingested_at=time.time(),
            pipeline=PIPELINE_VERSION,
            **{k: int(v) for k, v in stats.items() if k in ("sections", "chunks", "pages", "ocr_pages")},
        )
        others = [v for v in st.versions_of(doc.key) if v.version != doc.version]
        latest = max([*others, info], key=VersionInfo.sort_key)
        records = [
            (_vid(doc.key, doc.version), asdict(info)),
            (f"d:{doc.key}", {"doc_key": doc.key, "latest_uid": latest.version_uid}),
            ("state", self._state_meta(st.generation + 1)),
        ]
        self._upsert_registry(records)
        return replaced if replaced and replaced.version_uid != doc.version_uid else None

    def unpublish(self, doc_key: str, version: str | None = None) -> list[VersionInfo]:
        """Remove a document (or one version) from the registry, then its chunks."""
        st = self.state()
        gone = [v for v in st.versions_of(doc_key) if version is None or v.version == version]
        if not gone:
            return []
        remaining = [v for v in st.versions_of(doc_key) if v not in gone]
        if remaining:
            latest = max(remaining, key=VersionInfo.sort_key)
            self._upsert_registry(
                [
                    (f"d:{doc_key}", {"doc_key": doc_key, "latest_uid": latest.version_uid}),
                    ("state", self._state_meta(st.generation + 1)),
                ]
            )
            self.registry.delete(ids=[_vid(v.doc_key, v.version) for v in gone])
        else:
            self.registry.delete(ids=[f"d:{doc_key}", *(_vid(v.doc_key, v.version) for v in gone)])
            self._upsert_registry([("state", self._state_meta(st.generation + 1))])
        for v in gone:
            self.delete_uid(v.version_uid)
        return gone

    def collect_garbage(self) -> int:
        """Delete chunks whose version is not published (left by a crash or a failed file)."""
        live = set(self.state().versions)
        removed = 0
        for uid, ids in self.chunk_ids_by_uid().items():
            if uid not in live:
                for batch in _batches(ids, _PAGE):
                    self.chunks.delete(ids=batch)
                removed += len(ids)
        return removed

    def _state_meta(self, generation: int) -> dict:
        return {"generation": generation, "embedder": self.embedder_identity, "schema": SCHEMA}

    def _upsert_registry(self, records: list[tuple[str, dict]]) -> None:
        self.registry.upsert(
            ids=[r[0] for r in records],
            embeddings=[[0.0] for _ in records],
            metadatas=[r[1] for r in records],
        )


def _vid(doc_key: str, version: str) -> str:
    return f"v:{doc_key}:{version}"


def _uid_filter(uids: list[str] | None) -> dict | None:
    if uids is None:
        return None
    if len(uids) == 1:
        return {"version_uid": uids[0]}
    return {"version_uid": {"$in": list(uids)}}


def _batches(items: list, size: int) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
