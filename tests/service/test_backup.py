"""Backups as docs/OPERATIONS.md says to take them: a copied data folder restored into a fresh service answers
as the original did (keys, query log and originals included); from the originals alone, `--reindex` brings
the index back."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
from pathlib import Path

import httpx

from ingest.pipeline import ingest_paths
from service.ops.auth import KeyStore
from service.ops.db import Database
from tests.conftest import CORPUS, PYTHON, ROOT, make_settings
from tests.service.conftest import serve
from tests.widget.helpers import HASH_FOUND

QUESTION = "ผู้ก่อกากอุตสาหกรรมต้องเก็บเอกสารกำกับการขนส่งไว้กี่ปี"
V2 = CORPUS / "drafts" / "waste-act-draft-v2.pdf"


def _ask(url: str, key: str) -> tuple[dict, bytes, int]:
    auth = {"Authorization": f"Bearer {key}"}
    with httpx.Client(base_url=url, timeout=60) as http:
        answer = http.post("/v1/ask", json={"question": QUESTION}, headers=auth).json()
        pdf = http.get("/v1/documents/waste-act-draft/versions/ฉบับที่ ๒/file", headers=auth).content
        asked = len(http.get("/v1/insights/export.csv", headers=auth).text.splitlines()) - 1
    return answer, pdf, asked


def _cited(answer: dict) -> list[tuple[str, str, str]]:
    return [(c["document"], c["version"], c["label"]) for c in answer["citations"]]


def test_a_copied_data_folder_serves_in_a_fresh_service(tmp_path: Path) -> None:
    live = make_settings(tmp_path / "live" / "data", embed_backend="hash", open_reads=False, **HASH_FOUND)
    assert ingest_paths([CORPUS], live).ok
    key = KeyStore(Database(live.db_file)).create("admin", "backup-admin")[1]
    with serve(live) as url:
        before, pdf, asked = _ask(url, key)
        # the backup, as docs/OPERATIONS.md says: the whole data folder, with no ingest running (the lock held)
        backup = tmp_path / "backup" / "data"
        backup.parent.mkdir()
        subprocess.run(["flock", str(live.data_dir / "ingest.lock"), "cp", "-a", str(live.data_dir), str(backup)],
                       check=True)
    assert before["found"] and pdf == V2.read_bytes() and asked == 1

    restored = make_settings(tmp_path / "restored" / "data", embed_backend="hash", open_reads=False, **HASH_FOUND)
    shutil.copytree(backup, restored.data_dir)
    shutil.rmtree(restored.data_dir / "lexical")  # a cache: the service rebuilds it from Chroma
    with serve(restored) as url:
        after, pdf_after, asked_after = _ask(url, key)  # the same key: the database came along
    assert _cited(after) == _cited(before) and after["answer"] == before["answer"]
    assert pdf_after == pdf and asked_after == 2  # the query log came along too

    # only the originals and the database survived: rebuild the index from the originals, then serve
    rebuilt = make_settings(tmp_path / "rebuilt" / "data", embed_backend="hash", open_reads=False, **HASH_FOUND)
    rebuilt.data_dir.mkdir(parents=True)
    shutil.copytree(backup / "originals", rebuilt.data_dir / "originals")
    with sqlite3.connect(backup / "rang.sqlite3") as src, sqlite3.connect(rebuilt.db_file) as dst:
        src.backup(dst)  # as `sqlite3 rang.sqlite3 ".backup …"` does: the WAL's pages included
    run = subprocess.run([PYTHON, "-m", "ingest", "--reindex", "--data-dir", str(rebuilt.data_dir), "--quiet"],
                         cwd=ROOT, capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", "RANG_EMBED_BACKEND": "hash"})
    assert run.returncode == 0, run.stderr
    with serve(rebuilt) as url:
        again, pdf_again, _ = _ask(url, key)
    assert _cited(again) == _cited(before) and hashlib.sha256(pdf_again).digest() == hashlib.sha256(pdf).digest()
