"""Which two versions to compare, and their units as the index holds them."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ingest.diff.compare import diff_versions
from ingest.diff.model import DocumentDiff, NotComparable, Unit, UnknownDocument, UnknownVersion, VersionRef
from ingest.diff.units import blocks_from_chunks, units_of
from ingest.kinds import SESSION_KINDS
from ingest.store import RegistryState, Store, VersionInfo

ChunkReader = Callable[[str], Iterable[tuple[str, dict]]]  # version_uid -> its chunks' (text, metadata)


def pick_versions(state: RegistryState, key: str, old: str | None = None,
                  new: str | None = None) -> tuple[VersionInfo, VersionInfo]:
    """The versions named by label; by default the latest and the version before it (in the
    registry's order: manifest date, then ingest order). `old` alone compares it with the latest."""
    versions = state.versions_of(key)
    if not versions:
        raise UnknownDocument(f"no such document: {key}")
    if versions[0].kind in SESSION_KINDS:
        raise NotComparable(f"{key} is a session's {versions[0].kind}: only legal texts have sections to compare")
    latest = state.versions.get(state.latest.get(key, ""), versions[-1])
    to = _find(versions, key, new) if new else latest
    if old:
        return _find(versions, key, old), to
    before = [v for v in versions if v.sort_key() < to.sort_key()]
    if not before:
        labels = ", ".join(v.version for v in versions)
        raise NotComparable(f"{key} has no version before {to.version} to compare with (versions: {labels})")
    return before[-1], to


def _find(versions: list[VersionInfo], key: str, label: str) -> VersionInfo:
    found = next((v for v in versions if v.version == label), None)
    if found is None:
        labels = ", ".join(v.version for v in versions)
        raise UnknownVersion(f"{key} has no version {label!r} (versions: {labels})")
    return found


def ref(v: VersionInfo) -> VersionRef:
    return VersionRef(v.version, v.date or "", v.title)


def version_units(read: ChunkReader, uid: str) -> list[Unit]:
    return units_of(blocks_from_chunks(read(uid)))


def diff_document(state: RegistryState, read: ChunkReader, key: str, old: str | None = None,
                  new: str | None = None) -> DocumentDiff:
    """Two versions of a document compared, their chunks read through `read` (the Store, or a
    service snapshot that already holds them)."""
    a, b = pick_versions(state, key, old, new)
    old_units, new_units = version_units(read, a.version_uid), version_units(read, b.version_uid)
    if not old_units and not new_units:
        raise NotComparable(f"{key} has no sections to compare (a session's notes?)")
    return diff_versions(key, b.title or a.title, ref(a), ref(b), old_units, new_units)


def diff_from_store(store: Store, key: str, old: str | None = None, new: str | None = None) -> DocumentDiff:
    def read(uid: str) -> Iterable[tuple[str, dict]]:
        return ((text, meta) for _, text, meta in store.iter_chunks([uid]))

    return diff_document(store.state(), read, key, old, new)
