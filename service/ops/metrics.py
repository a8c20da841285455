"""Prometheus metrics on a per-app registry (several apps in one process never clash)."""

from __future__ import annotations

from fastapi import Request
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.requests = Counter("rang_http_requests", "HTTP requests by route and status",
                                ["method", "route", "status"], registry=r)
        self.latency = Histogram("rang_http_request_seconds", "time to the response headers, by route",
                                 ["method", "route"], buckets=LATENCY_BUCKETS, registry=r)
        self.asks = Counter("rang_asks", "answered questions by found", ["found"], registry=r)
        self.jobs = Counter("rang_ingest_jobs", "ingest jobs by the state they reached", ["state"], registry=r)
        self.chunks = Gauge("rang_index_chunks", "chunks in the served snapshot", registry=r)
        self.documents = Gauge("rang_index_documents", "documents in the served snapshot", registry=r)
        self.versions = Gauge("rang_index_versions", "published versions in the served snapshot", registry=r)
        self.generation = Gauge("rang_index_generation", "registry generation of the served snapshot", registry=r)
        self.reloads = Gauge("rang_index_reloads", "snapshot reloads since start", registry=r)
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
        return generate_latest(self.registry)


def route_label(request: Request) -> str:
    """The matched route template (`/v1/jobs/{job_id}`), never the raw path, so label counts stay
    bounded; "other" for unknown paths and requests refused before routing."""
    route = request.scope.get("route")
    return str(getattr(route, "path", "other"))
