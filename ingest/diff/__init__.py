"""Versions of a document compared: section alignment, Thai word diff, one-line summaries.

Pure functions over units (ingest.diff.units builds them from parsed sections or from the index's
chunks); the API (service.qa.changes) and the CLI (`python -m ingest diff`) both call them.
"""

from ingest.diff.compare import compare_units, diff_versions
from ingest.diff.export import diff_to_dict, unit_to_dict
from ingest.diff.model import (
    STATUSES,
    Change,
    DiffError,
    DocumentDiff,
    NotComparable,
    Unit,
    UnitDiff,
    UnknownDocument,
    UnknownVersion,
    VersionRef,
)
from ingest.diff.source import diff_document, diff_from_store, pick_versions

__all__ = [
    "STATUSES", "Change", "DiffError", "DocumentDiff", "NotComparable", "Unit", "UnitDiff", "UnknownDocument",
    "UnknownVersion", "VersionRef", "compare_units", "diff_document", "diff_from_store", "diff_to_dict",
    "diff_versions", "pick_versions", "unit_to_dict",
]
