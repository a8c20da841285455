"""Versions compared, from the snapshot the service already holds (no Chroma reads).

`document_diff` is what the diff endpoint shows; `section_change` is the fate of one section
between two versions, for answers and citations that need to say "แก้ไขในฉบับที่ ๒". Both are
computed once per snapshot and pair of versions.
"""

from __future__ import annotations

from collections.abc import Iterator

from ingest.diff import DocumentDiff, UnitDiff, diff_document, pick_versions
from service.qa.index import Snapshot


def document_diff(snap: Snapshot, key: str, old: str | None = None, new: str | None = None) -> DocumentDiff:
    """Raises ingest.diff's UnknownDocument, UnknownVersion or NotComparable."""
    a, b = pick_versions(snap.state, key, old, new)

    def build() -> DocumentDiff:
        return diff_document(snap.state, lambda uid: _chunks(snap, uid), key, a.version, b.version)

    return snap.derived(("diff", key, a.version_uid, b.version_uid), build)  # type: ignore[no-any-return]


def section_change(snap: Snapshot, key: str, number: str, old: str | None = None,
                   new: str | None = None) -> UnitDiff | None:
    """The status of one section (normalised number, e.g. "17" or "22/1") between two versions
    (default: the version before the latest → the latest); None when neither version has it."""
    return document_diff(snap, key, old, new).section(number)


def _chunks(snap: Snapshot, uid: str) -> Iterator[tuple[str, dict]]:
    for i in snap.uid_rows.get(uid, []):
        row = snap.rows[int(i)]
        yield row.text, row.meta
