"""`python -m ingest --reindex`: after a (simulated) pipeline change every stale version is rebuilt from its
kept original under the new pipeline; after the index is lost, the originals alone bring it back."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

import ingest.cli
import ingest.manifest
import ingest.store
from ingest.cli import main
from ingest.originals import Originals
from ingest.pipeline import ingest_paths
from ingest.settings import Settings
from ingest.store import Store
from tests.conftest import CORPUS, make_settings
from tests.ingest.test_pipeline import _assert_consistent

NEW_PIPELINE = "2099.1.1"


def _published(settings: Settings) -> dict[tuple[str, str], tuple[str, int, str, str]]:
    st = Store(settings, None).state()
    return {(v.doc_key, v.version): (v.title, v.chunks, v.date, v.kind) for v in st.versions.values()}


@pytest.fixture
def indexed(tmp_path: Path) -> Settings:
    folder = tmp_path / "in"
    (folder / "t").mkdir(parents=True)
    shutil.copy(CORPUS / "transcripts" / "mind-meetup-2568-03-12.vtt", folder / "t" / "meetup.vtt")
    shutil.copy(CORPUS / "transcripts" / "mind-meetup-2568-04-note.txt", folder / "t" / "notes.txt")
    shutil.copy(CORPUS / "drafts" / "waste-act-draft-v1.pdf", folder / "draft.pdf")
    entries = {
        "t/meetup.vtt": {"key": "meetup", "version": "1", "title": "MIND Community Meet Up", "date": "2025-03-12"},
        "t/notes.txt": {"key": "notes", "version": "1", "kind": "note"},
        "draft.pdf": {"key": "waste", "version": "ฉบับที่ ๑", "date": "2025-03-03"},
    }
    (folder / "manifest.yaml").write_text(yaml.safe_dump({"documents": entries}, allow_unicode=True))
    settings = make_settings(tmp_path / "data", embed_backend="hash")
    assert ingest_paths([folder], settings).ok
    shutil.rmtree(folder)  # the files are gone: only the originals remain
    return settings


def test_reindex_after_a_pipeline_change(indexed: Settings, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    before = _published(indexed)
    uids = {(v.doc_key, v.version): v.version_uid for v in Store(indexed, None).state().versions.values()}
    for module in (ingest.manifest, ingest.store, ingest.cli):
        monkeypatch.setattr(module, "PIPELINE_VERSION", NEW_PIPELINE)
    st = Store(indexed, None).state()
    assert len(st.stale()) == 3

    monkeypatch.setenv("RANG_EMBED_BACKEND", "hash")
    assert main(["--reindex", "notes", "--data-dir", str(indexed.data_dir), "--quiet"]) == 0
    st = Store(indexed, None).state()
    assert [f"{v.doc_key}" for v in st.stale()] == ["waste", "meetup"]  # only the one named was rebuilt

    assert main(["--reindex", "--data-dir", str(indexed.data_dir), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "ingested" in out
    st = Store(indexed, None).state()
    assert st.stale() == [] and {v.pipeline for v in st.versions.values()} == {NEW_PIPELINE}
    assert all(v.version_uid != uids[v.doc_key, v.version] for v in st.versions.values())
    assert _published(indexed) == before  # same documents, labels, titles, dates, kinds and chunks
    _assert_consistent(indexed)
    assert len(list(Originals(indexed).files())) == 3 and len(Originals(indexed).records()) == 3


def test_the_originals_rebuild_a_lost_index(indexed: Settings, tmp_path: Path) -> None:
    before = _published(indexed)
    latest = Store(indexed, None).state().latest.keys()
    restored = make_settings(tmp_path / "restored", embed_backend="hash")
    shutil.copytree(indexed.data_dir / "originals", restored.data_dir / "originals")  # the index is lost

    from ingest.reindex import reindex

    report, todo = reindex(restored)
    assert report.ok and [f.status for f in report.files] == ["ingested"] * 3
    assert todo.missing == [] and todo.without_original == []
    assert _published(restored) == before
    assert Store(restored, None).state().latest.keys() == latest
    _assert_consistent(restored)
