"""A CLI ingest in another process while the service answers: the service serves the new
index without a restart and every query during the switch succeeds."""

from __future__ import annotations

import os
import subprocess
import threading
import time
from pathlib import Path

import httpx

from ingest.pipeline import ingest_paths
from tests.conftest import CORPUS, PYTHON, ROOT, make_settings
from tests.service.conftest import admin_headers, serve


def test_new_version_served_without_restart(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "data", embed_backend="hash", reload_interval_s=0.2)
    assert ingest_paths([CORPUS / "transcripts"], settings).ok

    failures: list[str] = []
    sent = 0
    stop = threading.Event()

    admin = admin_headers(settings)
    with serve(settings) as url:
        before = httpx.get(f"{url}/readyz", headers=admin).json()

        def hammer() -> None:
            nonlocal sent
            with httpx.Client(base_url=url, timeout=30) as c:
                while not stop.is_set():
                    for path, body in (("/v1/search", {"query": "เอกสารกำกับการขนส่ง"}),
                                       ("/v1/ask", {"question": "ต้องเก็บเอกสารกำกับการขนส่งไว้กี่ปี"})):
                        r = c.post(path, json=body)
                        sent += 1
                        if r.status_code != 200:
                            failures.append(f"{path} {r.status_code} {r.text[:200]}")

        threads = [threading.Thread(target=hammer) for _ in range(3)]
        for t in threads:
            t.start()
        env = {k: v for k, v in os.environ.items() if not k.startswith("RANG_")}
        env |= {"RANG_DATA_DIR": str(settings.data_dir), "RANG_EMBED_BACKEND": "hash"}
        done = subprocess.run([PYTHON, "-m", "ingest", "--quiet", str(CORPUS / "drafts" / "waste-act-draft-v2.pdf"),
                               "--manifest", str(CORPUS / "manifest.yaml")],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
        deadline = time.time() + 30
        while time.time() < deadline:
            ready = httpx.get(f"{url}/readyz", headers=admin).json()
            if ready["generation"] > before["generation"]:
                break
            time.sleep(0.1)
        time.sleep(0.5)
        stop.set()
        for t in threads:
            t.join()

        assert ready["generation"] > before["generation"] and ready["documents"] == before["documents"] + 1
        assert sent > 20 and failures == []
        top = httpx.post(f"{url}/v1/search", json={"query": "มาตรา 26", "document": "waste-act-draft"}).json()
        assert top["results"][0]["section"] == "26" and top["results"][0]["version"] == "ฉบับที่ ๒"
