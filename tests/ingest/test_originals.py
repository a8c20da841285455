"""Originals kept by content hash (ingest/originals.py) through the real pipeline and a real Chroma:
the same bytes are kept once, a failed file keeps nothing, a deleted version takes its bytes with it
unless another version uses them, and a crash's leftovers are cleaned up."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
import yaml

from ingest.originals import RECORDS, Originals
from ingest.pipeline import delete_document, ingest_paths
from ingest.settings import Settings
from ingest.store import Store
from tests.conftest import CORPUS

NOTE = CORPUS / "transcripts" / "mind-meetup-2568-04-note.txt"
VTT = CORPUS / "transcripts" / "mind-meetup-2568-03-12.vtt"


def _kept(settings: Settings) -> list[Path]:
    return sorted(Originals(settings).files())


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _folder(tmp_path: Path, files: dict[str, Path], entries: dict) -> Path:
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    for name, src in files.items():
        shutil.copy(src, folder / name)
    (folder / "manifest.yaml").write_text(yaml.safe_dump({"documents": entries}, allow_unicode=True))
    return folder


def test_same_file_twice_is_kept_once(tmp_path: Path, hash_settings: Settings) -> None:
    folder = _folder(tmp_path, {"a.txt": NOTE, "b.txt": NOTE}, {
        "a.txt": {"key": "notes", "version": "1", "title": "บันทึก", "kind": "note"},
        "b.txt": {"key": "notes-copy", "version": "ก", "date": "2025-04-10"},
    })
    report = ingest_paths([folder], hash_settings)
    assert report.ok and [f.status for f in report.files] == ["ingested", "ingested"]
    kept = Originals(hash_settings)
    (only,) = _kept(hash_settings)
    assert only == kept.path(_sha(NOTE), ".txt") and only.read_bytes() == NOTE.read_bytes()
    recs = {(r.document, r.version): r for r in kept.records()}
    assert set(recs) == {("notes", "1"), ("notes-copy", "ก")}
    assert recs["notes", "1"].title == "บันทึก" and recs["notes", "1"].kind == "note"
    assert recs["notes-copy", "ก"].date == "2025-04-10" and recs["notes-copy", "ก"].source_file == "b.txt"

    again = ingest_paths([folder], hash_settings)  # unchanged: nothing new kept, nothing recorded twice
    assert [f.status for f in again.files] == ["unchanged", "unchanged"]
    assert _kept(hash_settings) == [only] and len(kept.records()) == 2

    delete_document(hash_settings, "notes")  # the other version still uses the bytes
    assert _kept(hash_settings) == [only] and [r.document for r in kept.records()] == ["notes-copy"]
    delete_document(hash_settings, "notes-copy", "ก")
    assert _kept(hash_settings) == [] and kept.records() == []


def test_a_failed_file_keeps_nothing(tmp_path: Path, hash_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "broken.vtt"
    bad.write_text("WEBVTT\n\nnot a cue at all\n", encoding="utf-8")
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    report = ingest_paths([bad, empty], hash_settings)
    assert [f.status for f in report.files] == ["failed", "failed"]
    assert _kept(hash_settings) == [] and Originals(hash_settings).records() == []

    def refuse(*args: object, **kwargs: object) -> None:
        raise RuntimeError("registry unavailable")

    monkeypatch.setattr(Store, "publish", refuse)  # parsed, embedded and written, then publishing fails
    report = ingest_paths([VTT], hash_settings)
    assert report.files[0].status == "failed" and "registry unavailable" in report.files[0].reason
    assert _kept(hash_settings) == [] and Originals(hash_settings).records() == []


def test_replacing_a_version_drops_its_old_bytes(tmp_path: Path, hash_settings: Settings) -> None:
    folder = _folder(tmp_path, {"s.txt": NOTE}, {"s.txt": {"key": "s", "version": "1"}})
    ingest_paths([folder], hash_settings)
    shutil.copy(VTT, folder / "s.vtt")
    (folder / "s.txt").unlink()
    (folder / "manifest.yaml").write_text(yaml.safe_dump({"documents": {"s.vtt": {"key": "s", "version": "1"}}}))
    assert ingest_paths([folder], hash_settings).ok
    assert _kept(hash_settings) == [Originals(hash_settings).path(_sha(VTT), ".vtt")]
    (rec,) = Originals(hash_settings).records()
    assert (rec.document, rec.version, rec.ext, rec.source_file) == ("s", "1", ".vtt", "s.vtt")


def test_a_crash_leaves_nothing_after_the_next_ingest(tmp_path: Path, hash_settings: Settings) -> None:
    kept = Originals(hash_settings)
    assert ingest_paths([VTT], hash_settings).ok
    orphan, _ = kept.put(NOTE, _sha(NOTE))  # copied in, then the process died before publishing
    (kept.root / RECORDS).unlink()  # and a version published before a crash was never recorded
    assert ingest_paths([VTT], hash_settings).files[0].status == "unchanged"
    assert not orphan.exists()
    (rec,) = kept.records()
    assert rec.sha256 == _sha(VTT) and rec.document == Store(hash_settings, None).state().documents()[0]

