"""Maintainer routes (ingest jobs, deletes, metrics), feedback, and the request guard
(browser-origin check, per-address rate limit, request metrics)."""

from __future__ import annotations

import logging
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST
from pydantic import BaseModel, Field

from ingest.models import IngestError
from ingest.pipeline import delete_document
from ingest.store import Store
from service.ops.auth import ANONYMOUS, ApiError, Principal, authorize
from service.ops.uploads import receive_upload
from service.schemas import Deleted, ErrorResponse, IngestAccepted, Job, JobList, UnicodeBody

log = logging.getLogger("rang.admin")
router = APIRouter()
_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorResponse} for code in (401, 403, 404, 409, 413, 415, 422, 429)
}


def _services(request: Request) -> Any:
    return request.app.state.services


Svc = Annotated[Any, Depends(_services)]
Admin = Annotated[Principal, Depends(authorize("admin"))]


class FeedbackRequest(UnicodeBody):
    answer_id: str = Field(..., min_length=1, max_length=64)
    rating: Literal["up", "down"]
    comment: str | None = Field(None, max_length=2000)


class FeedbackOut(BaseModel):
    answer_id: str
    rating: Literal["up", "down"]


@router.post("/v1/feedback", response_model=FeedbackOut, responses=_ERRORS, tags=["answers"])
def feedback(body: FeedbackRequest, svc: Svc,
             who: Annotated[Principal, Depends(authorize("feedback"))]) -> Any:
    """Thumbs up or down (and an optional comment) on an answer, by its `answer_id`."""
    if not svc.db.add_feedback(body.answer_id, who.name, body.rating, (body.comment or "").strip()):
        raise ApiError(404, "not_found", "no such answer_id (answers are kept for RANG_LOG_RETENTION_DAYS)")
    return FeedbackOut(answer_id=body.answer_id, rating=body.rating)


@router.post("/v1/ingest", status_code=202, response_model=IngestAccepted, responses=_ERRORS,
             tags=["operations"],
             openapi_extra={"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
                 "type": "object", "required": ["files"], "properties": {
                     "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
                     "document": {"type": "string"}, "title": {"type": "string"},
                     "version": {"type": "string"}, "date": {"type": "string", "format": "date"},
                     "kind": {"type": "string", "enum": ["draft", "act", "regulation", "transcript", "note"],
                              "description": "unset: guessed from the title (ร่าง… draft, พระราชบัญญัติ… act, "
                                             "กฎกระทรวง/ระเบียบ/ประกาศ/คำสั่ง… regulation; .vtt/.srt/.txt transcript)"},
                     "manifest": {"type": "string",
                                  "description": "JSON {file name: {document, title, version, date, kind}}"},
                 }}}}}})
async def ingest(request: Request, svc: Svc, who: Admin) -> Any:
    """Queue new files (or new versions) for ingestion; poll `GET /v1/jobs/{job_id}`."""
    job = await receive_upload(request, svc.settings, who.name)
    svc.jobs.submit(job)
    return {"job_id": job.id, "state": job.state, "files": [f.name for f in job.files],
            "status": f"/v1/jobs/{job.id}"}


@router.get("/v1/jobs", response_model=JobList, responses=_ERRORS, tags=["operations"])
def jobs(svc: Svc, who: Admin, limit: Annotated[int, Query(ge=1, le=200)] = 20) -> Any:
    """Recent ingest jobs, newest first."""
    return {"jobs": svc.jobs.recent(limit)}


@router.get("/v1/jobs/{job_id}", response_model=Job, responses=_ERRORS, tags=["operations"])
def job(job_id: str, svc: Svc, who: Admin) -> Any:
    """One job: state, per-file stage and progress, per-file result, timings."""
    found = svc.jobs.get(job_id)
    if found is None:
        raise ApiError(404, "not_found", f"no such job: {job_id}")
    return found


@router.delete("/v1/documents/{key}", response_model=Deleted, responses=_ERRORS, tags=["documents"])
def delete(key: str, svc: Svc, who: Admin, version: Annotated[str | None, Query()] = None) -> Any:
    """Remove a document, or one version of it (`?version=LABEL`); the next latest takes over."""
    state = svc.holder.snapshot.state
    if key not in state.latest or (version and state.find(key, version) is None):
        raise ApiError(404, "not_found", f"no such document{' version' if version else ''}: {key}"
                       + (f" {version}" if version else ""))
    try:
        with svc.jobs.exclusive(f"delete of {key} by {who.name}"), svc.holder.writing():
            Store(svc.settings, svc.embedder.identity, fresh=True)  # delete_document reuses this fresh Chroma system
            gone = delete_document(svc.settings, key, version, svc.embedder.identity)
    except IngestError as exc:
        status, code = (409, "busy") if "another ingest" in str(exc) else (404, "not_found")
        raise ApiError(status, code, str(exc)) from None
    log.info("deleted %s %s by %s", key, gone, who.name)
    return {"document": key, "deleted_versions": gone, "generation": svc.holder.snapshot.generation}


@router.get("/metrics", tags=["operations"], response_class=Response)
def metrics(svc: Svc, who: Annotated[Principal, Depends(authorize("metrics"))]) -> Response:
    """Prometheus text format: requests, latency, found ratio, jobs, index size."""
    return Response(svc.metrics.render(svc.holder), media_type=CONTENT_TYPE_LATEST)


def record_answer(request: Request, answer: Any) -> None:
    """Log one answered question (never the key, only its name) and count found/not found."""
    svc = request.app.state.services
    data = answer if isinstance(answer, dict) else answer.model_dump(include={
        "answer_id", "question", "found", "citations", "timings_ms", "mode"})
    principal = getattr(request.state, "principal", ANONYMOUS)
    found = bool(data.get("found"))
    svc.metrics.asks.labels("true" if found else "false").inc()
    try:
        svc.db.log_ask(str(data.get("answer_id")), principal.name, str(data.get("question", "")), found,
                       [str(c.get("chunk_id")) for c in data.get("citations") or []],
                       (data.get("timings_ms") or {}).get("total"), str(data.get("mode", "extractive")))
    except Exception as exc:  # the answer matters more than its log line
        log.warning("query log write failed: %s", exc)
