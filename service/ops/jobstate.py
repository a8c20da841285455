"""An ingest job's record (what `GET /v1/jobs/{id}` shows) and when a stored one is dead."""

from __future__ import annotations

import os
import socket
import time
import uuid
from dataclasses import asdict, dataclass, field
from typing import Any

from ingest.manifest import Manifest, ManifestEntry

STALE_S = 30.0  # six missed heartbeats (service/ops/jobs.py beats every 5 s): the owning replica is gone


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
    replica: str = ""

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


def interrupted(job: Job, heartbeat_at: float | None, now: float | None = None) -> str | None:
    """Why a queued or running job will never finish, or None. A pid is only judged on the host
    that ran it (it means nothing elsewhere; records from before `host` was kept count as this
    host's); anywhere, a heartbeat older than STALE_S means the owning replica is gone."""
    same_host = not job.host or job.host == socket.gethostname()
    if same_host and job.pid != os.getpid() and not _alive(job.pid):
        return f"its worker process {job.pid} stopped"
    age = (now or time.time()) - heartbeat_at if heartbeat_at is not None else 0.0
    if age > STALE_S and job.pid != os.getpid():
        where = job.replica or job.host
        return f"replica {where} (process {job.pid} on {job.host}) sent no heartbeat for {age:.0f} s"
    return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True

