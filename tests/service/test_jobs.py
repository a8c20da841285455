"""Job state in the SQLite file, as another worker process reads it (no HTTP, no model)."""

from __future__ import annotations

import json
import subprocess
import time

from ingest.settings import Settings
from service.ops.db import Database
from service.ops.jobs import FileState, Job, JobQueue
from service.ops.metrics import Metrics
from tests.conftest import PYTHON


def _queue(settings: Settings) -> JobQueue:
    """A queue on the settings' database; its worker thread is never started (nothing is ingested)."""
    return JobQueue(settings, None, None, Database(settings.db_file), Metrics())  # type: ignore[arg-type]


def _job(**fields: object) -> Job:
    return Job(Job.new_id(), "test-admin", [FileState("note.txt", "01/note.txt", 10)], **fields)  # type: ignore[arg-type]


def _stored(settings: Settings, job_id: str) -> dict:
    (row,) = Database(settings.db_file).query("SELECT data FROM jobs WHERE id = ?", (job_id,))
    return json.loads(row["data"])


def _dead_pid() -> int:
    proc = subprocess.Popen([PYTHON, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_a_burst_of_progress_leaves_the_last_update_saved(hash_settings: Settings) -> None:
    owner, other = _queue(hash_settings), _queue(hash_settings)
    job = _job(state="running", stage="waiting for the ingest lock")
    owner._persist(job)
    for i in range(1, 51):  # far more updates than one a second
        job.stage = job.files[0].stage = f"note.txt: embed {i}/50"
        job.files[0].done, job.files[0].total = i, 50
        owner._persist(job, throttle=True)
    deadline = time.monotonic() + 10
    while (seen := other.get(job.id))["stage"] != "note.txt: embed 50/50" and time.monotonic() < deadline:
        time.sleep(0.05)
    assert seen["stage"] == "note.txt: embed 50/50", seen
    assert seen["files"][0]["done"] == 50 and seen["state"] == "running"


def test_a_job_whose_worker_died_is_reported_failed(hash_settings: Settings) -> None:
    writer, reader = _queue(hash_settings), _queue(hash_settings)
    dead = _job(state="running", stage="note.txt: embed 3/9", started_at=time.time(), pid=_dead_pid())
    queued = _job(state="queued", pid=dead.pid)
    elsewhere = _job(state="running", pid=dead.pid, host="another-machine")
    for job in (dead, queued, elsewhere):
        writer._persist(job)

    seen = reader.get(dead.id)
    assert seen["state"] == "failed" and seen["finished_at"] and seen["stage"] == "", seen
    assert seen["error"] == f"interrupted: its worker process {dead.pid} stopped during the job (at: note.txt: embed 3/9)"
    assert _stored(hash_settings, dead.id)["state"] == "failed", "the verdict is saved for every worker"
    by_id = {j["job_id"]: j for j in reader.recent()}
    assert by_id[queued.id]["state"] == "failed"
    assert by_id[elsewhere.id]["state"] == "running", "a pid on another machine says nothing here"


def test_a_job_of_a_live_worker_keeps_running(hash_settings: Settings) -> None:
    writer, reader = _queue(hash_settings), _queue(hash_settings)
    with subprocess.Popen([PYTHON, "-c", "import time; time.sleep(60)"]) as proc:
        try:
            job = _job(state="running", stage="note.txt: embed", pid=proc.pid)
            writer._persist(job)
            assert reader.get(job.id)["state"] == "running"
            reader._mark_interrupted()
            assert _stored(hash_settings, job.id)["state"] == "running"
        finally:
            proc.kill()
    reader._mark_interrupted()  # what a restarted worker does at start
    assert _stored(hash_settings, job.id)["state"] == "failed"
