"""Prometheus metrics on a per-app registry (several apps in one process never clash).

Every sample carries a `replica` label (RANG_REPLICA_NAME, default host:port), so the series of
several replicas behind one load balancer stay apart. With several uvicorn workers
(`python -m service --workers N`) the CLI sets PROMETHEUS_MULTIPROC_DIR before they start:
each worker writes its counters to files there and /metrics, whichever worker answers it,
sums every worker's (prometheus_client's multiprocess mode).
"""

from __future__ import annotations

import os
import socket

from fastapi import Request
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)


class Metrics:
    def __init__(self, replica: str = "local") -> None:
        self.replica = replica
        self.multiproc_dir = os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.requests = Counter("rang_http_requests", "HTTP requests by route and status",
                                ["method", "route", "status"], registry=r)
        self.latency = Histogram("rang_http_request_seconds", "time to the response headers, by route",
                                 ["method", "route"], buckets=LATENCY_BUCKETS, registry=r)
        self.asks = Counter("rang_asks", "answered questions by found", ["found"], registry=r)
        self.jobs = Counter("rang_ingest_jobs", "ingest jobs by the state they reached", ["state"], registry=r)
        self.db_statements = Counter("rang_db_statements", "database round trips (statements, BEGIN, COMMIT)",
                                     registry=r)
        snapshot = {"registry": r, "multiprocess_mode": "mostrecent"}  # the served snapshot, newest value
        self.chunks = Gauge("rang_index_chunks", "chunks in the served snapshot", **snapshot)
        self.documents = Gauge("rang_index_documents", "documents in the served snapshot", **snapshot)
        self.versions = Gauge("rang_index_versions", "published versions in the served snapshot", **snapshot)
        self.generation = Gauge("rang_index_generation", "registry generation of the served snapshot", **snapshot)
        self.reloads = Gauge("rang_index_reloads", "snapshot reloads since start (the most of any worker)",
                             registry=r, multiprocess_mode="max")
        self.info = Gauge("rang_replica_info", "1 per replica: its host", ["host"], registry=r,
                          multiprocess_mode="max")
        self.info.labels(socket.gethostname()).set(1)
        self.asks.labels("true")
        self.asks.labels("false")
        for state in ("queued", "running", "done", "failed"):
            self.jobs.labels(state)

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        self.requests.labels(method, route, str(status)).inc()
        self.latency.labels(method, route).observe(seconds)

    def render(self, holder: object) -> bytes:
        snap = holder.snapshot  # type: ignore[attr-defined]
        self.chunks.set(snap.chunk_count)
        self.documents.set(len(snap.state.documents()))
        self.versions.set(len(snap.state.versions))
        self.generation.set(snap.generation)
        self.reloads.set(getattr(holder, "reloads", 0))
        source: object = self.registry
        if self.multiproc_dir:
            source = MultiProcessCollector(CollectorRegistry(), self.multiproc_dir)
        out = CollectorRegistry(auto_describe=False)
        out.register(_Labelled(source, self.replica))  # type: ignore[arg-type]
        return generate_latest(out)


class _Labelled:
    """A collector that adds `replica` to every sample of another."""

    def __init__(self, source: object, replica: str) -> None:
        self.source, self.replica = source, replica

    def collect(self):  # type: ignore[no-untyped-def]
        for family in self.source.collect():  # type: ignore[attr-defined]
            family.samples = [s._replace(labels={"replica": self.replica, **s.labels}) for s in family.samples]
            yield family


def route_label(request: Request) -> str:
    """The matched route template (`/v1/jobs/{job_id}`), never the raw path, so label counts stay
    bounded; "other" for unknown paths and requests refused before routing."""
    route = request.scope.get("route")
    return str(getattr(route, "path", "other"))
