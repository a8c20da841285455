"""Two service replicas as real processes (two ports, two data dirs) on one `chroma run` server and
one PostgreSQL (a throwaway cluster): they agree on keys, jobs, limits and the query log, run one
ingest at a time between them, and both serve what either published, without a restart."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import httpx
import pytest

from ingest.pipeline import ingest_lock
from service.ops.auth import KeyStore
from service.ops.db import Database
from service.ops.jobs import WAITING
from tests.conftest import make_settings
from tests.postgres import Cluster
from tests.replicas import PYTHON, ROOT, Replica, clean_env, replica_ready, start_chroma, start_replica

NOTE = "หัวข้อ: บันทึกการประชุม{n}\nวันที่: 2025-05-0{n}\n[00:00:05] คุณสมชาย: ทดสอบการนำเข้าผ่านสองเครื่อง ครั้งที่ {n}\n"
ASKS_PER_MINUTE = 5


@dataclass
class Pair:
    a: Replica
    b: Replica
    url: str  # the shared database
    admin: dict[str, str]

    def keys(self, *args: str) -> subprocess.CompletedProcess:
        """`python -m service keys ...` against the shared database, as an operator runs it."""
        return subprocess.run([PYTHON, "-m", "service", "keys", *args], cwd=ROOT, capture_output=True, text=True,
                              env=clean_env(database_url=self.url), timeout=60, check=False)


@pytest.fixture(scope="module")
def pair(pg_cluster: Cluster, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pair]:
    root = tmp_path_factory.mktemp("replicas")
    url = pg_cluster.create_database("rang_replicas")
    admin = KeyStore(Database(url)).create("admin", "ops")[1]
    chroma, port = start_chroma(root / "chroma")
    common = {"embed_backend": "hash", "chroma_host": "127.0.0.1", "chroma_port": str(port), "database_url": url,
              "reload_interval_s": "0.3", "rate_ask_per_minute": str(ASKS_PER_MINUTE),
              "rate_ip_per_minute": "100000", "refusal_min_probability": "0"}
    a = start_replica("a", root / "a" / "data", wait=False, **common)
    b = start_replica("b", root / "b" / "data", wait=False, **common)
    try:
        replica_ready(a)
        replica_ready(b)
        yield Pair(a, b, url, {"Authorization": f"Bearer {admin}"})
    finally:
        a.stop()
        b.stop()
        chroma.terminate()
        chroma.wait(30)


def _until(what: str, check: Callable[[], object], timeout: float = 60) -> object:
    deadline = time.monotonic() + timeout
    while not (got := check()):
        assert time.monotonic() < deadline, f"timed out: {what}"
        time.sleep(0.1)
    return got


def _job(r: Replica, job_id: str, admin: dict[str, str]) -> dict:
    got = httpx.get(f"{r.url}/v1/jobs/{job_id}", headers=admin, timeout=30)
    assert got.status_code == 200, got.text
    job = got.json()
    job.pop("run_s")  # the time since it started, as of the reading
    return job


def _post(r: Replica, n: int, admin: dict[str, str]) -> str:
    got = httpx.post(f"{r.url}/v1/ingest", headers=admin, data={"document": f"meeting-{n}"}, timeout=60,
                     files=[("files", (f"meeting-{n}-2025-05-0{n}.txt", NOTE.format(n=n).encode(), "text/plain"))])
    assert got.status_code == 202, got.text
    return got.json()["job_id"]


def test_a_key_made_for_one_works_on_both_and_its_revocation_too(pair: Pair) -> None:
    made = pair.keys("create", "--role", "reader", "--name", "clerk")
    assert made.returncode == 0, made.stderr
    bearer = {"Authorization": f"Bearer {made.stdout.strip()}"}
    assert [httpx.get(f"{r.url}/v1/documents", headers=bearer).status_code for r in (pair.a, pair.b)] == [200, 200]
    assert pair.keys("revoke", "clerk").returncode == 0
    refused = [httpx.get(f"{r.url}/v1/documents", headers=bearer) for r in (pair.a, pair.b)]
    assert [r.status_code for r in refused] == [401, 401]
    assert refused[1].json()["error"] == {"code": "unauthorized", "message": "invalid or revoked API key"}


def test_one_ingest_at_a_time_across_replicas_and_both_serve_the_result(pair: Pair) -> None:
    before = httpx.get(f"{pair.b.url}/readyz", headers=pair.admin).json()["generation"]
    with ingest_lock(make_settings(pair.a.data_dir)):  # A's job takes the cluster lock, then waits here
        first = _post(pair.a, 1, pair.admin)
        on_a = _until("A's job waits", lambda: (j := _job(pair.a, first, pair.admin))["stage"] == WAITING and j)
        assert _job(pair.b, first, pair.admin) == on_a, "B shows A's job with the same progress"
        assert on_a["state"] == "running" and on_a["replica"] == "a"
        second = _post(pair.b, 2, pair.admin)
        waiting = _until("B's job names A's", lambda: "holds it" in (j := _job(pair.b, second, pair.admin))["stage"]
                         and j)
        assert waiting["stage"] == f"{WAITING}: job {first} on a (process {pair.a.proc.pid}) holds it", waiting
        time.sleep(1.5)  # B keeps waiting while A holds the lock
        assert _job(pair.a, second, pair.admin)["stage"] == waiting["stage"]
    done = {j: _until(f"job {j} ends", lambda j=j: (x := _job(pair.b, j, pair.admin))["state"] in ("done", "failed")
                      and x) for j in (first, second)}
    assert [done[j]["state"] for j in (first, second)] == ["done", "done"], done
    assert done[second]["started_at"] < done[first]["finished_at"] < done[second]["finished_at"]
    assert done[first]["generation"] < done[second]["generation"]

    def served(r: Replica) -> dict | None:
        ready = httpx.get(f"{r.url}/readyz", headers=pair.admin).json()
        return ready if ready["generation"] == done[second]["generation"] else None

    for r in (pair.a, pair.b):  # each rebuilds its own lexical index from Chroma, without a restart
        assert _until(f"{r.name} serves the new generation", lambda r=r: served(r), 30)["generation"] > before
        docs = httpx.get(f"{r.url}/v1/documents", headers=pair.admin).json()["documents"]
        assert {"meeting-1", "meeting-2"} <= {d["document"] for d in docs}
        hits = httpx.post(f"{r.url}/v1/search", headers=pair.admin, json={"query": "ทดสอบการนำเข้าผ่านสองเครื่อง"})
        assert {h["document"] for h in hits.json()["results"]} >= {"meeting-1", "meeting-2"}, hits.text
    assert (pair.b.data_dir / "lexical" / "CURRENT").exists() and (pair.a.data_dir / "lexical" / "CURRENT").exists()


def test_one_key_has_one_budget_across_replicas(pair: Pair) -> None:
    made = pair.keys("create", "--role", "reader", "--name", "limited")
    bearer = {"Authorization": f"Bearer {made.stdout.strip()}"}
    statuses = []
    for i in range(2 * ASKS_PER_MINUTE):
        r = (pair.a, pair.b)[i % 2]
        statuses.append(httpx.post(f"{r.url}/v1/search", headers=bearer, json={"query": "มาตรา ๕"}).status_code)
    assert statuses == [200] * ASKS_PER_MINUTE + [429] * ASKS_PER_MINUTE, statuses


def test_the_query_log_holds_both_replicas_questions(pair: Pair) -> None:
    asked = {}
    for r in (pair.a, pair.b):
        got = httpx.post(f"{r.url}/v1/ask", headers=pair.admin, json={"question": f"ใครพูดในการประชุม {r.name}"})
        assert got.status_code == 200, got.text
        asked[got.json()["answer_id"]] = r.name
    rows = Database(pair.url).query(
        f"SELECT answer_id, replica, question FROM asks WHERE answer_id IN ({', '.join('?' for _ in asked)})",
        tuple(asked))
    assert {r["answer_id"]: r["replica"] for r in rows} == asked
    by_a = next(answer_id for answer_id, name in asked.items() if name == "a")
    voted = httpx.post(f"{pair.b.url}/v1/feedback", headers=pair.admin,
                       json={"answer_id": by_a, "rating": "down", "comment": "ไม่ตรงคำถาม"})
    assert voted.status_code == 200, "feedback on B about A's answer"
    log = subprocess.run([PYTHON, "-m", "service", "log", "--since", "1h", "--json"], cwd=ROOT, capture_output=True,
                         text=True, env=clean_env(database_url=pair.url), timeout=60, check=True)
    flagged = {q["question"]: q for q in json.loads(log.stdout)}
    assert flagged["ใครพูดในการประชุม a"]["comments"] == ["ไม่ตรงคำถาม"]


def test_metrics_name_the_replica(pair: Pair) -> None:
    for r in (pair.a, pair.b):
        lines = httpx.get(f"{r.url}/metrics", headers=pair.admin).text.splitlines()
        samples = [line for line in lines if not line.startswith("#")]
        assert samples and all(f'replica="{r.name}"' in line for line in samples), "every sample names its replica"
        assert any(line.startswith("rang_replica_info{") for line in samples)
        statements = next(line for line in samples if line.startswith("rang_db_statements_total"))
        assert float(statements.split()[-1]) > 0


def test_a_job_of_a_killed_replica_is_reported_failed_by_the_other(pair: Pair) -> None:
    with ingest_lock(make_settings(pair.a.data_dir)):
        job_id = _post(pair.a, 3, pair.admin)
        _until("A's job waits", lambda: _job(pair.b, job_id, pair.admin)["stage"] == WAITING)
        pair.a.stop(signal.SIGKILL)
        failed = _until("B fails it", lambda: (j := _job(pair.b, job_id, pair.admin))["state"] == "failed" and j)
    assert failed["error"] == f"interrupted: its worker process {pair.a.proc.pid} stopped during the job (at: {WAITING})"
    probe = httpx.post(f"{pair.b.url}/v1/ingest", headers=pair.admin, data={"document": "meeting-4"}, timeout=60,
                       files=[("files", ("meeting-4-2025-05-04.txt", NOTE.format(n=4).encode(), "text/plain"))])
    job = _until("B ingests after A died", lambda: (j := _job(pair.b, probe.json()["job_id"], pair.admin))["state"]
                 in ("done", "failed") and j)
    assert job["state"] == "done", "the dead replica's lock went with its database connection"
