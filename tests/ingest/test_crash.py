"""kill -9 during an ingest, at several moments, then ingest again: the index ends
consistent (no orphan chunks, no duplicates, no half version served)."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from ingest.store import Store
from tests.conftest import CORPUS, PYTHON, ROOT, make_settings
from tests.ingest.test_pipeline import _assert_consistent


def _run_ingest(env: dict, kill_after: float | None) -> int:
    proc = subprocess.Popen(
        [PYTHON, "-m", "ingest", "--quiet", str(CORPUS)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    if kill_after is None:
        return proc.wait(timeout=600)
    time.sleep(kill_after)
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    return proc.wait(timeout=60)


@pytest.mark.slow
def test_kill_minus_nine_at_any_moment_then_reingest(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith("RANG_")}
    env |= {"RANG_DATA_DIR": str(data), "RANG_EMBED_BACKEND": "hash", "RANG_EMBED_BATCH": "8"}

    t0 = time.perf_counter()
    assert _run_ingest(env | {"RANG_DATA_DIR": str(tmp_path / "probe")}, None) == 0
    full = time.perf_counter() - t0

    killed = 0
    for fraction in (0.3, 0.55, 0.8, 0.95):
        if _run_ingest(env, full * fraction) == -signal.SIGKILL:
            killed += 1
        settings = make_settings(data, embed_backend="hash")
        if (data / "chroma").exists():
            # whatever the kill left, readers only see published versions, each complete
            try:
                store = Store(settings, None)
            except Exception:
                continue
            st = store.state()
            by_uid = store.chunk_ids_by_uid()
            for uid, v in st.versions.items():
                assert len(by_uid.get(uid, [])) == v.chunks
    assert killed >= 2, "the kills should land while the ingest is running"

    assert _run_ingest(env, None) == 0
    settings = make_settings(data, embed_backend="hash")
    _assert_consistent(settings)
    st = Store(settings, None).state()
    probe = Store(make_settings(tmp_path / "probe", embed_backend="hash"), None).state()
    assert sorted((v.doc_key, v.version, v.chunks) for v in st.versions.values()) == sorted(
        (v.doc_key, v.version, v.chunks) for v in probe.versions.values()
    )
