"""Opening the index while another process holds Chroma's SQLite for a moment."""

from __future__ import annotations

from pathlib import Path

import chromadb
import pytest
from chromadb.api.client import SharedSystemClient

from ingest import store
from ingest.settings import Settings


@pytest.mark.parametrize("message", [
    "Query error: Database error: error returned from database: (code: 5) database is locked",
    "error returned from database: (code: 1) table collections already exists",  # both ran the migrations
])
def test_a_locked_index_is_opened_once_the_lock_is_gone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        message: str) -> None:
    # two workers starting on one folder at the same instant: one of them was told "database is locked"
    # or, on a new folder, that the table its migration creates already exists, and the service failed
    # to start (seen under load in test_workers); the race cannot be forced here, so the first open is
    # made to fail the way Chroma does
    settings = Settings(data_dir=tmp_path)
    real = chromadb.PersistentClient
    calls = []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:  # as Chroma does: the system is registered under the folder, then fails to start
            SharedSystemClient._identifier_to_system[str(settings.chroma_dir)] = object()
            raise chromadb.errors.InternalError(message)
        return real(*args, **kwargs)

    monkeypatch.setattr(chromadb, "PersistentClient", flaky)
    monkeypatch.setattr(store.time, "sleep", lambda s: None)
    client = store.make_client(settings)
    assert len(calls) == 2 and client.heartbeat() > 0
    client.get_or_create_collection("probe")  # the second open is a working client, not the half-made one


def test_any_other_failure_to_open_is_not_retried(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def broken(*args, **kwargs):
        calls.append(1)
        raise chromadb.errors.InternalError("no such table: collections")

    monkeypatch.setattr(chromadb, "PersistentClient", broken)
    with pytest.raises(chromadb.errors.InternalError, match="no such table"):
        store.make_client(Settings(data_dir=tmp_path))
    assert len(calls) == 1
