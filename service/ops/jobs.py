"""Admin ingest jobs: one worker thread runs one job at a time through
`ingest.pipeline.ingest_paths`, the same code as the CLI.

A job's files are already saved and checked (service/ops/uploads.py). The worker builds a
Manifest from the request's fields, runs the pipeline with the service's embedder, then
swaps the served snapshot once (`IndexHolder.writing`). Job state is kept in the SQLite
file so that `GET /v1/jobs/{id}` works from any worker process and after a restart.
"""

from __future__ import annotations

import json
import logging
import os
import queue
import shutil
import socket
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field
from typing import Any

from ingest.embed import Embedder
from ingest.manifest import Manifest, ManifestEntry
from ingest.models import IngestError
from ingest.pipeline import IngestReport, ingest_lock, ingest_paths
from ingest.settings import Settings
from ingest.store import Store
from service.ops.db import Database
from service.ops.metrics import Metrics
from service.qa.index import IndexHolder

log = logging.getLogger("rang.jobs")
LOCK_WAIT_S = 600.0
PERSIST_EVERY_S = 1.0


@dataclass
class FileState:
    name: str
    stored_as: str
    bytes: int
    stage: str = "queued"
    done: int = 0
    total: int = 0
    status: str = "pending"  # pending | ingested | unchanged | failed
    reason: str = ""
    document: str = ""
    version: str = ""
    kind: str = ""
    sections: int = 0
    chunks: int = 0
    chunks_written: int = 0
    pages: int = 0
    warnings: list[str] = field(default_factory=list)


@dataclass
class Job:
    id: str
    key_name: str
    files: list[FileState]
    entries: dict[str, dict[str, str]] = field(default_factory=dict)
    state: str = "queued"  # queued | running | done | failed
    created_at: float = field(default_factory=time.time)
    started_at: float | None = None
    finished_at: float | None = None
    stage: str = ""
    error: str = ""
    seconds: dict[str, float] = field(default_factory=dict)
    generation: int | None = None
    reloaded: bool = False
    pid: int = field(default_factory=os.getpid)
    host: str = field(default_factory=socket.gethostname)

    @staticmethod
    def new_id() -> str:
        return uuid.uuid4().hex[:16]

    def manifest(self) -> Manifest:
        return Manifest({name: ManifestEntry(**fields) for name, fields in self.entries.items()}, None)  # type: ignore[arg-type]

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["job_id"] = d.pop("id")
        end = self.finished_at or time.time()
        d["queued_s"] = round((self.started_at or end) - self.created_at, 3)
        d["run_s"] = round(end - self.started_at, 3) if self.started_at else None
        d["seconds"] = {k: round(v, 3) for k, v in self.seconds.items()}
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Job:
        d = dict(d)
        d["id"] = d.pop("job_id")
        for extra in ("queued_s", "run_s"):
            d.pop(extra, None)
        d["files"] = [FileState(**f) for f in d.get("files", [])]
        return cls(**{k: v for k, v in d.items() if k in cls.__dataclass_fields__})


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

    def start(self) -> None:
        self._mark_interrupted()
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._queue.put(None)
        self._thread.join(timeout)

    @property
    def busy(self) -> bool:
        with self._lock:
            return any(j.state in ("queued", "running") for j in self._live.values())

    def submit(self, job: Job) -> None:
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
        rows = self.db.query("SELECT data FROM jobs WHERE id = ?", (job_id,))
        return self._settle(json.loads(rows[0]["data"])) if rows else None

    def recent(self, limit: int = 20) -> list[dict[str, Any]]:
        rows = self.db.query("SELECT id, data FROM jobs ORDER BY created_at DESC LIMIT ?", (limit,))
        with self._lock:
            live = {r["id"]: self._live[r["id"]].to_dict() for r in rows if r["id"] in self._live}
        return [live.get(r["id"]) or self._settle(json.loads(r["data"])) for r in rows]

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
            job.state, job.started_at, job.stage = "running", time.time(), "waiting for the ingest lock"
        self.metrics.jobs.labels("running").inc()
        self._persist(job)
        if not self._wait_for_lock():
            self._finish(job, "failed", f"another ingest held {self.settings.data_dir} for {LOCK_WAIT_S:.0f} s")
            return
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
                with self.db.tx() as con:
                    con.execute("INSERT OR REPLACE INTO jobs VALUES (?, ?, ?, ?)",
                                (job.id, job.created_at, job.state, data))
                return True
            except Exception as exc:  # progress is informative; a busy database must not fail the job
                log.warning("could not save job %s: %s", job.id, exc)
                return False

    def _settle(self, d: dict[str, Any]) -> dict[str, Any]:
        """A stored job that another process left queued or running: if that process is gone,
        the job will never finish, so it is failed (and saved) now rather than shown as running."""
        if d.get("state") not in ("queued", "running"):
            return d
        job = Job.from_dict(d)
        if not _orphaned(job):
            return d
        stage = f" (at: {job.stage})" if job.stage else ""
        job.state, job.finished_at, job.stage = "failed", time.time(), ""
        job.error = f"interrupted: its worker process {job.pid} stopped during the job{stage}"
        self._write(job)
        shutil.rmtree(self.settings.uploads_dir / job.id, ignore_errors=True)
        log.warning("job %s failed: worker process %d is gone", job.id, job.pid)
        return job.to_dict()

    def _mark_interrupted(self) -> None:
        """Jobs left queued/running by a process that is gone will never finish."""
        for row in self.db.query("SELECT data FROM jobs WHERE state IN ('queued', 'running')"):
            self._settle(json.loads(row["data"]))


def _orphaned(job: Job) -> bool:
    """Its process is gone. Only judged on the host that ran it (a pid means nothing elsewhere);
    records from before `host` was kept count as this host's."""
    if job.host and job.host != socket.gethostname():
        return False
    return job.pid != os.getpid() and not _alive(job.pid)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True

