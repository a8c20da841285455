"""The same code against a real Chroma server (`chroma run`), as past one machine."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from ingest.pipeline import ingest_paths
from ingest.store import Store
from tests.conftest import CORPUS, ROOT, make_settings
from tests.service.conftest import admin_headers, serve
from tests.service.llm_server import free_port


@pytest.fixture
def chroma_server(tmp_path: Path):
    exe = shutil.which("chroma") or str(ROOT / ".venv" / "bin" / "chroma")
    if not Path(exe).exists():
        pytest.skip("the chroma CLI is not installed")
    port = free_port()
    proc = subprocess.Popen([exe, "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1",
                             "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
                            env={**os.environ, "ANONYMIZED_TELEMETRY": "false"})
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("chroma run did not start")
    yield port
    proc.terminate()
    proc.wait(timeout=30)


def test_ingest_and_serve_through_a_chroma_server(tmp_path: Path, chroma_server: int) -> None:
    settings = make_settings(tmp_path / "local", embed_backend="hash", chroma_host="127.0.0.1",
                             chroma_port=chroma_server, refusal_min_probability=0.0)
    report = ingest_paths([CORPUS / "drafts" / "waste-act-draft-v2.pdf", CORPUS / "transcripts"], settings,
                          manifest=None)
    assert report.ok, [f.reason for f in report.failed]
    store = Store(settings, None)
    assert store.where().startswith("chroma://127.0.0.1")
    assert not (tmp_path / "local" / "chroma").exists(), "nothing embedded on disk in server mode"
    assert sum(v.chunks for v in store.state().versions.values()) == store.chunks.count()

    # a second service machine: its own empty data dir, same Chroma server; it rebuilds the lexical index
    other = settings.model_copy(update={"data_dir": tmp_path / "other-machine"})
    with serve(other) as url:
        r = httpx.post(f"{url}/v1/search", json={"query": "มาตรา 26"}, timeout=60).json()
        assert r["results"][0]["section"] == "26"
        assert httpx.get(f"{url}/readyz", headers=admin_headers(other)).json()["index"].startswith("chroma://")
    assert (tmp_path / "other-machine" / "lexical" / "CURRENT").exists()
