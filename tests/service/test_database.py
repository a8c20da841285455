"""The service's own tables on both databases: the same tests on a SQLite file and on a real
PostgreSQL (a throwaway cluster, tests/postgres.py). Two `Database` objects on one database stand
for two replicas."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import threading
import time
from pathlib import Path

import pytest

from service.ops.auth import KeyAdminError, KeyStore
from service.ops.db import Database
from service.ops.jobs import FileState, Job, JobQueue
from service.ops.jobstate import STALE_S
from service.ops.locks import ClusterLock, LockHeld
from service.ops.metrics import Metrics
from service.ops.migrations import LATEST, schema_version
from service.ops.ratelimit import SharedWindow
from service.ops.sql import SqlDatabase, _pg_placeholders
from tests.conftest import PYTHON, ROOT, make_settings
from tests.replicas import free_port


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> str | Path:
    if request.param == "sqlite":
        return tmp_path / "rang.sqlite3"
    return request.getfixturevalue("pg_url")


def test_placeholders_are_translated_outside_quotes() -> None:
    assert _pg_placeholders("SELECT ? WHERE a LIKE '5%?' AND \"q?\" = ? % 2") == \
        "SELECT %s WHERE a LIKE '5%%?' AND \"q?\" = %s %% 2"


def test_schema_is_migrated_once_and_rows_read_by_name_and_position(target: str | Path) -> None:
    a, b = Database(target, replica="a"), Database(target, replica="b")
    assert schema_version(a) == schema_version(b) == LATEST
    applied = a.query("SELECT version, name FROM schema_migrations ORDER BY version")
    assert [r["version"] for r in applied] == list(range(1, LATEST + 1))
    row = a.query("SELECT 1 AS one, 'x%' AS text, ? AS given", (7,))[0]
    assert (row["one"], row[1], row["given"], dict(row)) == (1, "x%", 7, {"one": 1, "text": "x%", "given": 7})


def test_an_old_sqlite_file_is_adopted(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    con = sqlite3.connect(path)  # the schema before versioned migrations, with a key in it
    con.executescript("""
        CREATE TABLE api_keys (id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL,
            origins TEXT NOT NULL DEFAULT '[]', hash TEXT NOT NULL, created_at REAL NOT NULL, last_used_at REAL,
            revoked_at REAL);
        CREATE TABLE asks (answer_id TEXT PRIMARY KEY, at REAL NOT NULL, key_name TEXT NOT NULL,
            question TEXT NOT NULL, norm TEXT NOT NULL, found INTEGER NOT NULL, chunk_ids TEXT NOT NULL,
            latency_ms REAL, mode TEXT NOT NULL);
        CREATE TABLE jobs (id TEXT PRIMARY KEY, created_at REAL NOT NULL, state TEXT NOT NULL, data TEXT NOT NULL);
        INSERT INTO api_keys VALUES ('abcdefgh', 'old', 'admin', '[]', 'h', 1.0, NULL, NULL);
        INSERT INTO asks VALUES ('q1', 1.0, 'old', 'คำถาม', 'คำถาม', 1, '[]', 2.0, 'extractive');
    """)
    con.close()
    db = Database(path)
    assert schema_version(db) == LATEST
    assert [k.name for k in KeyStore(db).list()] == ["old"]
    assert db.query("SELECT replica FROM asks")[0]["replica"] is None


def test_keys_are_shared_and_revocation_holds_everywhere(target: str | Path) -> None:
    a, b = KeyStore(Database(target)), KeyStore(Database(target))
    _, secret = a.create("reader", "shared")
    assert b.verify(secret).name == "shared"
    with pytest.raises(KeyAdminError, match="already named"):
        b.create("reader", "shared")
    b.revoke("shared")
    assert a.verify(secret) is None and b.verify(secret) is None
    assert a.create("reader", "shared")[0].name == "shared", "the name is free again once revoked"


def test_query_log_feedback_and_purge(target: str | Path) -> None:
    a, b = Database(target, replica="a"), Database(target, replica="b")
    now = time.time()
    a.log_ask("old", "k", "เก่า?", False, [], 5.0, "extractive", at=now - 91 * 86400)
    b.log_ask("new", "k", "ใหม่?", False, ["c1"], 5.0, "llm", at=now - 10)
    assert a.add_feedback("new", "k", "down", "ไม่ตอบ") and not a.add_feedback("nope", "k", "up", None)
    assert {r["replica"] for r in a.query("SELECT replica FROM asks")} == {"a", "b"}
    report = b.report(now - 3600)
    assert [(r.question, r.downvotes, r.comments) for r in report] == [("ใหม่?", 1, ["ไม่ตอบ"])]
    assert a.purge(90, now=now) == 1
    assert [r["answer_id"] for r in b.query("SELECT answer_id FROM asks")] == ["new"]


def test_a_job_whose_replica_stopped_beating_is_failed_once(target: str | Path, tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "data", embed_backend="hash")
    owner = JobQueue(settings, None, None, Database(target, replica="a"), Metrics())  # type: ignore[arg-type]
    reader = JobQueue(settings, None, None, Database(target, replica="b"), Metrics())  # type: ignore[arg-type]
    job = Job(Job.new_id(), "admin", [FileState("n.txt", "01/n.txt", 3)], state="running", stage="n.txt: embed 2/9",
              host="another-machine", pid=1, replica="a")
    owner._persist(job)
    assert reader.get(job.id)["state"] == "running", "a fresh heartbeat: still running"
    owner.db.execute("UPDATE jobs SET heartbeat_at = ? WHERE id = ?", (time.time() - STALE_S - 5, job.id))
    seen = reader.get(job.id)
    assert seen["state"] == "failed" and seen["finished_at"], seen
    assert seen["error"].startswith("interrupted: replica a (process 1 on another-machine) sent no heartbeat for 3")
    assert seen["error"].endswith("s during the job (at: n.txt: embed 2/9)")
    assert owner.get(job.id) == seen, "both replicas show the one verdict"


def test_ingest_lock_is_exclusive_and_names_its_holder(target: str | Path) -> None:
    a, b = ClusterLock(Database(target)), ClusterLock(Database(target))
    assert a.acquire("job 1 on replica a")
    assert not b.acquire("job 2 on replica b") and b.holder() == "job 1 on replica a"
    with pytest.raises(LockHeld, match="job 1 on replica a"), b.hold("job 3"):
        pass
    a.release()
    assert b.holder() is None
    with b.hold("job 2 on replica b"):
        assert not a.acquire("job 1 again")


def test_ingest_lock_goes_with_a_killed_holder(target: str | Path) -> None:
    code = ("import sys, time; from service.ops.db import Database; from service.ops.locks import ClusterLock\n"
            f"lock = ClusterLock(Database({str(target)!r})); assert lock.acquire('doomed'); print('held', flush=True)\n"
            "time.sleep(60)")
    with subprocess.Popen([PYTHON, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, text=True) as proc:
        try:
            assert proc.stdout.readline().strip() == "held"
            lock = ClusterLock(Database(target))
            assert not lock.acquire("me") and lock.holder() == "doomed"
            proc.kill()
            proc.wait()
            deadline = time.monotonic() + 10  # the server notices the closed connection
            while not lock.acquire("me"):
                assert time.monotonic() < deadline, "the lock outlived its holder"
                time.sleep(0.05)
            lock.release()
        finally:
            proc.kill()


def test_shared_rate_limit_is_exact_across_replicas_under_load(target: str | Path) -> None:
    now = [6000.0]  # the start of a window
    windows = [SharedWindow(Database(target), clock=lambda: now[0]) for _ in range(2)]
    allowed: list[float] = []

    def caller(i: int) -> None:
        for _ in range(10):
            allowed.append(windows[i % 2].hit("key:k", 25))

    threads = [threading.Thread(target=caller, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(1 for w in allowed if w == 0.0) == 25, "60 hits on two replicas, 25 allowed"
    assert all(0 < w <= 60 for w in allowed if w), allowed
    assert windows[0].hit("key:other", 25) == 0.0, "each bucket has its own budget"
    now[0] += 30
    assert windows[1].hit("key:k", 25) == pytest.approx(30.0), "the budget is spent until the window ends"
    now[0] += 60  # half way into the next window, half the previous still counts: 25 * 0.5, so 12 fit
    assert sum(1 for _ in range(20) if windows[1].hit("key:k", 25) == 0.0) == 12
    now[0] += 60  # a window later the weighted count is 12 * 0.5 = 6
    assert sum(1 for _ in range(30) if windows[0].hit("key:k", 25) == 0.0) == 19


def test_job_records_round_trip_between_replicas(target: str | Path, tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "data", embed_backend="hash")
    a = JobQueue(settings, None, None, Database(target, replica="a"), Metrics())  # type: ignore[arg-type]
    b = JobQueue(settings, None, None, Database(target, replica="b"), Metrics())  # type: ignore[arg-type]
    job = Job(Job.new_id(), "admin", [FileState("n.txt", "01/n.txt", 3, stage="embed", done=4, total=9)],
              state="running", stage="n.txt: embed 4/9", replica="a", started_at=time.time())
    a._persist(job)
    seen, mine = b.get(job.id), json.loads(json.dumps(job.to_dict()))
    for d in (seen, mine):
        d.pop("run_s")
    assert seen == mine
    assert [j["job_id"] for j in b.recent()] == [job.id]


def test_the_shared_limit_fails_open_without_its_database() -> None:
    gone = SharedWindow(SqlDatabase(f"postgresql://rang@127.0.0.1:{free_port()}/none"))
    assert gone.hit("ip:1.2.3.4", 1) == 0.0 and gone.hit("ip:1.2.3.4", 1) == 0.0
