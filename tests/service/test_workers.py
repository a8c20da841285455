"""`python -m service --workers 2` as a real process: both workers log, and both tell the same
story about a job, including one whose worker was killed.

The service runs the hashing embedder on an empty data dir (no model to load twice). Which worker
answers is the kernel's choice, so each request carries an `X-Request-ID` and the access log
(which names the process) says who answered it.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from ingest.pipeline import ingest_lock
from ingest.settings import Settings
from service.ops.auth import KeyStore
from service.ops.db import Database
from tests.conftest import PYTHON, ROOT, make_settings
from tests.service.llm_server import free_port

LINE = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) (\d+) ([A-Z]+) (\S+) (.*)$")
NOTE = "หัวข้อ: บันทึกทดสอบงานนำเข้า\nวันที่: 2025-05-01\n[00:00:05] คุณสมชาย: ทดสอบการนำเข้าเอกสารผ่านสองกระบวนการ\n"
WAITING = "waiting for the ingest lock"


@dataclass
class Workers:
    url: str
    settings: Settings
    admin: dict[str, str]
    log: Path
    proc: subprocess.Popen
    answered_by: dict[str, int] = field(default_factory=dict)

    def lines(self) -> list[str]:
        return self.log.read_text(encoding="utf-8").splitlines()

    def access(self) -> dict[str, tuple[str, int]]:
        """request id -> (time, process id) of its access line."""
        out = {}
        for line in self.lines():
            m = LINE.match(line)
            if m and m[4] == "rang.access":
                out[json.loads(m[5])["id"]] = (m[1], int(m[2]))
        return out

    def get_job(self, job_id: str) -> tuple[dict, str]:
        """The job as one worker sees it (a new connection each time), and the request id."""
        rid = uuid.uuid4().hex[:12]
        r = httpx.get(f"{self.url}/v1/jobs/{job_id}", headers=self.admin | {"X-Request-ID": rid}, timeout=30)
        assert r.status_code == 200, r.text
        return r.json(), rid

    def from_both(self, job_id: str, until: object, tries: int = 400) -> dict[int, list[dict]]:
        """Ask until two workers have each answered with a job for which `until(job)` holds;
        returns every answer by the process that gave it, in order."""
        answers: list[tuple[str, dict]] = []
        for _ in range(tries):
            job, rid = self.get_job(job_id)
            answers.append((rid, job))
            if until(job):  # type: ignore[operator]
                pids = self._pids(answers, until)
                if len(pids) >= 2:
                    return pids
            time.sleep(0.05)
        raise AssertionError(f"not answered by two workers: {self._pids(answers, until)}")

    def _pids(self, answers: list[tuple[str, dict]], until: object) -> dict[int, list[dict]]:
        deadline = time.monotonic() + 5  # the access line is written once the response is sent
        while True:
            logged = self.access()
            if all(rid in logged for rid, _ in answers) or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        by_pid: dict[int, list[dict]] = {}
        for rid, job in answers:
            by_pid.setdefault(logged[rid][1], []).append(job)
        return {pid: jobs for pid, jobs in by_pid.items() if until(jobs[-1])}  # type: ignore[operator]


@pytest.fixture(scope="module")
def workers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workers]:
    root = tmp_path_factory.mktemp("workers")
    settings = make_settings(root / "data", embed_backend="hash")
    admin = KeyStore(Database(settings.db_file)).create("admin", "test-admin")[1]
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("RANG_")} | {
        "RANG_EMBED_BACKEND": "hash", "RANG_OPEN_READS": "true"}
    log = root / "service.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([PYTHON, "-m", "service", "--workers", "2", "--port", str(port),
                                 "--data-dir", str(settings.data_dir)], cwd=ROOT, env=env, stdout=out,
                                stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while sum("Application startup complete" in line for line in log.read_text().splitlines()) < 2:
            assert proc.poll() is None and time.monotonic() < deadline, log.read_text()[-3000:]
            time.sleep(0.2)
        yield Workers(url, settings, {"Authorization": f"Bearer {admin}"}, log, proc)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _submit(w: Workers, name: str) -> str:
    r = httpx.post(f"{w.url}/v1/ingest", headers=w.admin, data={"document": name}, timeout=60,
                   files=[("files", (f"{name}-2025-05-01.txt", NOTE.encode(), "text/plain"))])
    assert r.status_code == 202, r.text
    return r.json()["job_id"]


def test_both_workers_write_timestamped_access_lines(workers: Workers) -> None:
    rids = []
    for _ in range(200):
        rid = uuid.uuid4().hex[:12]
        assert httpx.get(f"{workers.url}/healthz", headers={"X-Request-ID": rid}).status_code == 200
        rids.append(rid)
        logged = workers.access()
        if len({logged[r][1] for r in rids if r in logged}) == 2:
            break
    pids = {logged[r][1] for r in rids if r in logged}
    assert len(pids) == 2 and workers.proc.pid not in pids, pids
    started = [LINE.match(line) for line in workers.lines() if "Application startup complete" in line]
    assert all(started) and {int(m[2]) for m in started} >= pids, "uvicorn's own lines carry time and process"
    for rid in rids:
        if rid in logged:
            time.strptime(logged[rid][0].split(",")[0], "%Y-%m-%d %H:%M:%S")


def test_both_workers_agree_on_a_job_and_see_its_end(workers: Workers) -> None:
    with ingest_lock(workers.settings):  # the job waits for it: a state that holds still
        job_id = _submit(workers, "two-workers")
        waiting = workers.from_both(job_id, lambda j: j["state"] == "running" and j["stage"] == WAITING)
        for jobs in waiting.values():
            last = jobs[-1]
            assert (last["pid"], last["files"][0]["stage"]) == (waiting[min(waiting)][-1]["pid"], "queued")
    done = workers.from_both(job_id, lambda j: j["state"] in ("done", "failed"))
    finals = [jobs[-1] for jobs in done.values()]
    assert finals[0]["state"] == "done" and finals[0]["files"][0]["status"] == "ingested", finals[0]
    assert all(f == finals[0] for f in finals), "both workers show the same final record"


def test_metrics_count_every_workers_requests(workers: Workers) -> None:
    """Prometheus multiprocess mode: whichever worker answers /metrics, it counts both workers'
    requests, under this replica's name (host:port unless RANG_REPLICA_NAME is set)."""

    def healthz_total() -> tuple[float, set[str]]:
        lines = httpx.get(f"{workers.url}/metrics", headers=workers.admin).text.splitlines()
        hits = [line for line in lines if line.startswith("rang_http_requests_total{") and 'route="/healthz"' in line]
        return sum(float(line.split()[-1]) for line in hits), {line.split('replica="')[1].split('"')[0] for line in hits}

    before, _ = healthz_total()
    rids = [uuid.uuid4().hex[:12] for _ in range(40)]
    for rid in rids:
        assert httpx.get(f"{workers.url}/healthz", headers={"X-Request-ID": rid}).status_code == 200
    deadline = time.monotonic() + 5
    while not all(rid in (logged := workers.access()) for rid in rids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len({logged[rid][1] for rid in rids}) == 2, "both workers answered some"
    for _ in range(6):  # several /metrics answers, from either worker
        total, replicas = healthz_total()
        assert total == before + 40
        assert replicas == {f"{socket.gethostname()}:{workers.url.rsplit(':', 1)[1]}"}


def test_a_job_killed_with_its_worker_is_reported_failed(workers: Workers) -> None:
    with ingest_lock(workers.settings):
        job_id = _submit(workers, "killed")
        owner = workers.from_both(job_id, lambda j: j["stage"] == WAITING)
        pid = next(iter(owner.values()))[-1]["pid"]
        assert pid in owner, "the job runs in a worker process"
        os.kill(pid, signal.SIGKILL)
        failed = workers.from_both(job_id, lambda j: j["state"] == "failed")
    assert pid not in failed
    for jobs in failed.values():
        job = jobs[-1]
        assert job["error"] == f"interrupted: its worker process {pid} stopped during the job (at: {WAITING})", job
        assert job["finished_at"] and job["stage"] == ""
