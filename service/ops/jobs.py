"""Admin ingest jobs: one worker thread runs one job at a time through
`ingest.pipeline.ingest_paths`, the same code as the CLI.

A job's files are already saved and checked (service/ops/uploads.py). The worker builds a
Manifest from the request's fields, runs the pipeline with the service's embedder, then
swaps the served snapshot once (`IndexHolder.writing`). Job state is kept in the database so
that `GET /v1/jobs/{id}` works from any worker process, any replica, and after a restart.

Across replicas: a job runs where it was uploaded (its files are on that replica's disk), under
the cluster-wide ingest lock (service/ops/locks.py), so at most one ingest runs at a time; a job
waiting for it says whose job holds it. The owner writes a heartbeat every HEARTBEAT_S; a queued
or running job whose heartbeat is older than STALE_S (or, on the same host, whose process is
gone) is failed with the reason by whichever replica reads it next.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import queue
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

from ingest.embed import Embedder
from ingest.models import IngestError
from ingest.pipeline import IngestReport, ingest_lock, ingest_paths
from ingest.settings import Settings
from ingest.store import Store
from service.ops.auth import ApiError
from service.ops.db import Database
from service.ops.jobstate import FileState, Job, interrupted
from service.ops.locks import ClusterLock
from service.ops.metrics import Metrics
from service.ops.sql import upsert
from service.qa.index import IndexHolder

__all__ = ["FileState", "Job", "JobQueue"]
log = logging.getLogger("rang.jobs")
LOCK_WAIT_S = 600.0
PERSIST_EVERY_S = 1.0
HEARTBEAT_S = 5.0
WAITING = "waiting for the ingest lock"
JOB_COLUMNS = ("id", "created_at", "state", "data", "replica", "heartbeat_at")


class JobQueue:
    """Accepts jobs from request threads and runs them one by one in a daemon thread."""

    def __init__(self, settings: Settings, embedder: Embedder, holder: IndexHolder, db: Database,
                 metrics: Metrics) -> None:
        self.settings, self.embedder, self.holder, self.db, self.metrics = settings, embedder, holder, db, metrics
        self._queue: queue.Queue[Job | None] = queue.Queue()
        self._live: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._work, name="rang-ingest", daemon=True)
        self._last_persist: dict[str, float] = {}  # job id -> when it was last written (monotonic)
        self._trailing: dict[str, threading.Timer] = {}  # job id -> the one write owed after a throttled update
        self._write_lock = threading.Lock()  # serialises writes, so a later write holds a later state
        self.replica = getattr(db, "replica", None) or socket.gethostname()
        self._stopped = threading.Event()
        self._beat = threading.Thread(target=self._heartbeat, name="rang-job-heartbeat", daemon=True)

    def start(self) -> None:
        self._mark_interrupted()
        self._thread.start()
        self._beat.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stopped.set()
        self._queue.put(None)
        self._thread.join(timeout)

    @property
    def busy(self) -> bool:
        with self._lock:
            return any(j.state in ("queued", "running") for j in self._live.values())

    def submit(self, job: Job) -> None:
        job.replica = job.replica or self.replica
        with self._lock:
            self._live[job.id] = job
        self._persist(job)
        self.metrics.jobs.labels("queued").inc()
        self._queue.put(job)

    def get(self, job_id: str) -> dict[str, Any] | None:
        with self._lock:
            job = self._live.get(job_id)
            if job is not None:
                return job.to_dict()
        rows = self.db.query("SELECT data, heartbeat_at FROM jobs WHERE id = ?", (job_id,))
        return self._settle(json.loads(rows[0]["data"]), rows[0]["heartbeat_at"]) if rows else None

    def recent(self, limit: int = 20) -> list[dict[str, Any]]:
        rows = self.db.query("SELECT id, data, heartbeat_at FROM jobs ORDER BY created_at DESC LIMIT ?", (limit,))
        with self._lock:
            live = {r["id"]: self._live[r["id"]].to_dict() for r in rows if r["id"] in self._live}
        return [live.get(r["id"]) or self._settle(json.loads(r["data"]), r["heartbeat_at"]) for r in rows]

    @contextlib.contextmanager
    def exclusive(self, what: str) -> Iterator[None]:
        """Hold the ingest lock for a short write (a delete), or refuse with 409 at once."""
        if self.busy:
            raise ApiError(409, "busy", "an ingest job is queued or running; retry when it ends", {"Retry-After": "10"})
        lock = ClusterLock(self.db)
        if not lock.acquire(f"{what} on {self.replica} (process {os.getpid()})"):
            raise ApiError(409, "busy", f"an ingest runs on another replica ({lock.holder() or 'holder unknown'}); "
                           "retry when it ends", {"Retry-After": "10"})
        try:
            yield
        finally:
            lock.release()

    # --- the worker ----------------------------------------------------------------------------
    def _work(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            try:
                self._run(job)
            except Exception as exc:  # never let one job kill the worker
                log.exception("job %s crashed", job.id)
                self._finish(job, "failed", f"{type(exc).__name__}: {exc}".splitlines()[0])
            finally:
                with self._lock:
                    self._live.pop(job.id, None)
                    self._last_persist.pop(job.id, None)
                shutil.rmtree(self.settings.uploads_dir / job.id, ignore_errors=True)

    def _run(self, job: Job) -> None:
        with self._lock:
            job.state, job.started_at, job.stage = "running", time.time(), WAITING
        self.metrics.jobs.labels("running").inc()
        self._persist(job)
        lock = self._cluster_lock(job)
        if lock is None:
            self._finish(job, "failed", f"another ingest held the ingest lock for {LOCK_WAIT_S:.0f} s "
                                        f"({ClusterLock(self.db).holder() or 'holder unknown'})")
            return
        try:
            if not self._wait_for_lock():
                self._finish(job, "failed", f"another ingest held {self.settings.data_dir} for {LOCK_WAIT_S:.0f} s")
                return
            with self._lock:
                job.stage = "starting"
            self._ingest(job)
        finally:
            lock.release()

    def _cluster_lock(self, job: Job) -> ClusterLock | None:
        """The cluster-wide ingest lock, waited for up to LOCK_WAIT_S; the job's stage names the holder."""
        deadline = time.monotonic() + LOCK_WAIT_S
        lock = ClusterLock(self.db)
        me = f"job {job.id} on {self.replica} (process {os.getpid()})"
        while not lock.acquire(me):
            if time.monotonic() > deadline:
                return None
            holder = lock.holder()
            stage = f"{WAITING}: {holder} holds it" if holder else WAITING
            if stage != job.stage:
                with self._lock:
                    job.stage = stage
                self._persist(job)
            time.sleep(1.0)
        if job.stage != WAITING:
            with self._lock:
                job.stage = WAITING
        return lock

    def _ingest(self, job: Job) -> None:
        by_name = {f.name: f for f in job.files}
        paths = [self.settings.uploads_dir / job.id / f.stored_as for f in job.files]

        def progress(name: str, stage: str, done: int, total: int) -> None:
            with self._lock:
                f = by_name.get(name)
                if f is None:
                    job.stage = stage
                elif stage in ("ingested", "unchanged", "failed"):
                    f.stage = "finished"
                else:
                    job.stage, f.stage, f.done, f.total = f"{name}: {stage}", stage, done, total
            self._persist(job, throttle=True)

        with self.holder.writing():
            store = Store(self.settings, self.embedder.identity, fresh=True)
            report = ingest_paths(paths, self.settings, manifest=job.manifest(), embedder=self.embedder,
                                  store=store, progress=progress)
        self._record(job, report)

    def _record(self, job: Job, report: IngestReport) -> None:
        by_name = {f.name: f for f in job.files}
        for r in report.files:
            f = by_name.get(r.path.name)
            if f is None:
                continue
            f.status, f.reason, f.document, f.version, f.kind = r.status, r.reason, r.doc_key, r.version, r.kind
            f.sections, f.chunks, f.chunks_written, f.pages = r.sections, r.chunks, r.chunks_written, r.pages
            f.warnings = list(r.warnings)[:20]
        job.seconds = dict(report.seconds)
        job.generation = report.generation
        job.reloaded = self.holder.snapshot.generation == report.generation
        failed = len(report.failed)
        if failed == len(report.files):
            self._finish(job, "failed", "no file went in: " + "; ".join(f"{f.path.name}: {f.reason}" for f in report.failed))
        else:
            self._finish(job, "done", f"{failed} of {len(report.files)} files failed" if failed else "")

    def _finish(self, job: Job, state: str, error: str) -> None:
        with self._lock:
            job.state, job.error, job.finished_at, job.stage = state, error, time.time(), ""
        self.metrics.jobs.labels(state).inc()
        for attempt in range(3):  # the last state must reach the file, or other workers show it running
            if self._persist(job):
                break
            time.sleep(1.0 + attempt)
        log.info("job %s %s in %.1f s%s", job.id, state, job.finished_at - (job.started_at or job.created_at),
                 f": {error}" if error else "")

    def _wait_for_lock(self) -> bool:
        deadline = time.monotonic() + LOCK_WAIT_S
        while True:
            try:
                with ingest_lock(self.settings):
                    return True
            except IngestError:
                if time.monotonic() > deadline:
                    return False
                time.sleep(1.0)

    def _persist(self, job: Job, *, throttle: bool = False) -> bool:
        """Save the job's current state. A throttled update within PERSIST_EVERY_S of the job's last
        write is not dropped: one trailing write saves whatever the state is when the second is up."""
        with self._lock:
            if throttle:
                wait = self._last_persist.get(job.id, 0.0) + PERSIST_EVERY_S - time.monotonic()
                if wait > 0:
                    if job.id not in self._trailing:
                        timer = threading.Timer(wait, self._flush, (job,))
                        self._trailing[job.id] = timer
                        timer.daemon = True
                        timer.start()
                    return True
            owed = self._trailing.pop(job.id, None)
            if owed is not None:  # this write carries the newer state
                owed.cancel()
            self._last_persist[job.id] = time.monotonic()
        return self._write(job)

    def _flush(self, job: Job) -> None:
        """The trailing write, unless a write since it was scheduled already saved a newer state."""
        with self._lock:
            if self._trailing.get(job.id) is not threading.current_thread():
                return
            del self._trailing[job.id]
            self._last_persist[job.id] = time.monotonic()
        self._write(job)

    def _write(self, job: Job) -> bool:
        with self._write_lock:
            with self._lock:
                data = json.dumps(job.to_dict(), ensure_ascii=False)
            try:
                self.db.execute(upsert("jobs", JOB_COLUMNS, ("id",)),
                                (job.id, job.created_at, job.state, data, job.replica, time.time()))
                return True
            except Exception as exc:  # progress is informative; a busy database must not fail the job
                log.warning("could not save job %s: %s", job.id, exc)
                return False

    def _settle(self, d: dict[str, Any], heartbeat_at: float | None = None) -> dict[str, Any]:
        """A stored job that another process left queued or running: if that process is gone (or its
        replica stopped beating), the job will never finish, so it is failed (and saved) now rather
        than shown as running. Only one reader's verdict is saved (a conditional update)."""
        if d.get("state") not in ("queued", "running"):
            return d
        job = Job.from_dict(d)
        why = interrupted(job, heartbeat_at)
        if why is None:
            return d
        stage = f" (at: {job.stage})" if job.stage else ""
        job.state, job.finished_at, job.stage = "failed", time.time(), ""
        job.error = f"interrupted: {why} during the job{stage}"
        data = json.dumps(job.to_dict(), ensure_ascii=False)
        changed = self.db.execute("UPDATE jobs SET state = ?, data = ?, heartbeat_at = ? WHERE id = ? "
                                  "AND state IN ('queued', 'running')", (job.state, data, time.time(), job.id))
        if not changed:  # another reader (or the owner) saved a state first: show that one
            rows = self.db.query("SELECT data FROM jobs WHERE id = ?", (job.id,))
            return json.loads(rows[0]["data"]) if rows else job.to_dict()
        shutil.rmtree(self.settings.uploads_dir / job.id, ignore_errors=True)
        log.warning("job %s failed: %s", job.id, why)
        return job.to_dict()

    def _mark_interrupted(self) -> None:
        """Jobs left queued/running by a process that is gone will never finish."""
        for row in self.db.query("SELECT data, heartbeat_at FROM jobs WHERE state IN ('queued', 'running')"):
            self._settle(json.loads(row["data"]), row["heartbeat_at"])

    def _heartbeat(self) -> None:
        """Every HEARTBEAT_S: this process's queued and running jobs are alive."""
        while not self._stopped.wait(HEARTBEAT_S):
            with self._lock:
                ids = [j.id for j in self._live.values() if j.state in ("queued", "running")]
            if not ids:
                continue
            try:
                self.db.execute(f"UPDATE jobs SET heartbeat_at = ? WHERE id IN ({', '.join('?' for _ in ids)})",
                                (time.time(), *ids))
            except Exception as exc:  # the next beat may get through; STALE_S allows several misses
                log.warning("job heartbeat failed: %s", exc)
