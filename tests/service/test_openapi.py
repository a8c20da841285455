"""The OpenAPI document is the contract: the Bearer scheme the service really checks, typed
responses that the real responses match, the event stream of /v1/ask, and docs served offline.
A real service over a small transcript index (hashing embedder: fast), a real admin key."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import httpx
import pytest
from pydantic import BaseModel

from ingest.settings import Settings
from service.ops.auth import KeyStore
from service.ops.db import Database
from service.schemas import Deleted, Health, IngestAccepted, Job, JobFile, JobList, Readiness
from tests.conftest import make_settings
from tests.service.conftest import serve

NOTE = "หัวข้อ: บันทึกสัญญา\nวันที่: 2025-06-02\n[00:00:05] คุณสมชาย: การตรวจสอบสัญญาต้องทำทุกไตรมาส\n"
FIRST = "หัวข้อ: บันทึกงบประมาณ\nวันที่: 2025-06-01\n[00:00:05] คุณวิภา: งบประมาณโครงการต้องรายงานทุกเดือน\n"


@pytest.fixture(scope="module")
def svc(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    from ingest.pipeline import ingest_paths

    folder = tmp_path_factory.mktemp("openapi")
    path = folder / "budget-notes-2025-06-01.txt"
    path.write_text(FIRST, encoding="utf-8")
    settings: Settings = make_settings(folder / "data", embed_backend="hash", open_reads=False,
                                       refusal_min_probability=0.0)
    assert ingest_paths([path], settings).ok
    _, admin = KeyStore(Database(settings.db_file)).create("admin", "openapi-admin")
    _, reader = KeyStore(Database(settings.db_file)).create("reader", "openapi-reader")
    with serve(settings) as url, httpx.Client(base_url=url, timeout=60) as c:
        yield {"c": c, "spec": c.get("/openapi.json").json(),
               "admin": {"Authorization": f"Bearer {admin}"}, "reader": {"Authorization": f"Bearer {reader}"}}


def _ref(spec: dict, path: str, method: str, status: str) -> str:
    schema = spec["paths"][path][method]["responses"][status]["content"]["application/json"]["schema"]
    return schema["$ref"].rsplit("/", 1)[-1]


def test_bearer_scheme_on_every_operation_that_checks_a_key(svc: dict) -> None:
    spec = svc["spec"]
    scheme = spec["components"]["securitySchemes"]["bearer"]
    assert scheme["type"] == "http" and scheme["scheme"] == "bearer"
    keyed = {(p, m): op.get("security") for p, ops in spec["paths"].items() for m, op in ops.items()
             if p.startswith("/v1/") or p == "/metrics"}
    assert len(keyed) >= 11
    assert all(sec == [{"bearer": []}] for sec in keyed.values()), keyed
    assert "security" not in spec["paths"]["/healthz"]["get"]
    assert spec["paths"]["/readyz"]["get"]["security"] == [{}, {"bearer": []}]  # optional: admins see more


def test_typed_responses(svc: dict) -> None:
    spec = svc["spec"]
    assert _ref(spec, "/v1/ingest", "post", "202") == "IngestAccepted"
    assert _ref(spec, "/v1/jobs", "get", "200") == "JobList"
    assert _ref(spec, "/v1/jobs/{job_id}", "get", "200") == "Job"
    assert _ref(spec, "/v1/documents/{key}", "delete", "200") == "Deleted"
    assert _ref(spec, "/healthz", "get", "200") == "Health"
    assert _ref(spec, "/readyz", "get", "200") == _ref(spec, "/readyz", "get", "503") == "Readiness"
    readiness = spec["components"]["schemas"]["Readiness"]
    assert readiness["required"] == ["status"] and "index" in readiness["properties"]
    job = spec["components"]["schemas"]["Job"]
    assert {"job_id", "state", "files", "created_at"} <= set(job["required"])
    assert spec["components"]["schemas"]["JobFile"]["properties"]["status"]["enum"] == [
        "pending", "ingested", "unchanged", "failed"]


def test_ask_documents_its_event_stream(svc: dict) -> None:
    content = svc["spec"]["paths"]["/v1/ask"]["post"]["responses"]["200"]["content"]
    assert content["application/json"]["schema"]["$ref"].endswith("/Answer")
    stream = content["text/event-stream"]
    assert {"meta", "token", "done", "error"} <= set(re.findall(r"`(\w+)`", stream["schema"]["description"]))
    r = svc["c"].post("/v1/ask", json={"question": "งบประมาณโครงการ", "stream": True}, headers=svc["reader"])
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
    assert re.findall(r"^event: (\w+)$", r.text, re.M) == ["done"]  # extractive: the whole answer at once


def _matches(model: type[BaseModel], body: dict, spec: dict) -> None:
    """The body validates against the model, and every key it has is documented in the spec."""
    model.model_validate(body)
    documented = set(spec["components"]["schemas"][model.__name__]["properties"])
    assert set(body) <= documented, f"{model.__name__}: undocumented {set(body) - documented}"


def test_real_responses_match_their_models(svc: dict) -> None:
    c, spec, admin = svc["c"], svc["spec"], svc["admin"]
    _matches(Health, c.get("/healthz").json(), spec)
    short = c.get("/readyz")  # without a key: at least the status
    assert short.status_code == 200 and short.json()["status"] == "ready"
    _matches(Readiness, short.json(), spec)
    full = c.get("/readyz", headers=admin).json()
    _matches(Readiness, full, spec)
    assert full["index"] and full["chunks"] > 0

    r = c.post("/v1/ingest", headers=admin, files=[("files", ("contract-notes-2025-06-02.txt", NOTE.encode(),
                                                               "text/plain"))])
    assert r.status_code == 202, r.text
    accepted = r.json()
    _matches(IngestAccepted, accepted, spec)
    deadline = time.time() + 120
    while (job := c.get(accepted["status"], headers=admin).json())["state"] not in ("done", "failed"):
        assert time.time() < deadline, job
        time.sleep(0.1)
    _matches(Job, job, spec)
    for f in job["files"]:
        _matches(JobFile, f, spec)
    assert job["state"] == "done" and job["files"][0]["status"] == "ingested", job
    listed = c.get("/v1/jobs", headers=admin).json()
    _matches(JobList, listed, spec)
    assert listed["jobs"][0]["job_id"] == accepted["job_id"]

    gone = c.delete(f"/v1/documents/{job['files'][0]['document']}", headers=admin).json()
    _matches(Deleted, gone, spec)
    assert gone["deleted_versions"]


def test_docs_are_served_without_a_cdn(svc: dict) -> None:
    c = svc["c"]
    html = c.get("/docs").text
    sources = re.findall(r"""(?:src|href)=["']([^"']+)""", html) + re.findall(r"url: *['\"]([^'\"]+)", html)
    assert sources and all(s.startswith("/") for s in sources), sources
    for src in sources:
        assert c.get(src).status_code == 200, src
    assert "/docs-assets/swagger-ui-bundle.js" in sources
    assert c.get("/redoc").status_code == 404  # its bundle fetches a logo from a CDN: not served
