"""HTTP routes: validate, call a plain object, shape the response."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse
from pydantic import BaseModel

from ingest.manifest import PIPELINE_VERSION
from ingest.thai import normalize_section_number
from service.api.admin import record_answer
from service.ops.auth import ApiError, authorize, identify
from service.ops.ratelimit import limit_asks
from service.qa.citations import section_out, unit_word
from service.schemas import (
    Answer,
    AskRequest,
    DocumentOut,
    DocumentsResponse,
    ErrorResponse,
    Health,
    Readiness,
    SearchRequest,
    SearchResponse,
    SectionOut,
    VersionOut,
)

STATIC = Path(__file__).resolve().parents[1] / "static"
_SECTION_WORD = re.compile(r"^(?:(มาตรา|ม\.|section|s\.)|(ข้อ|clause))\s*", re.I)
_ITEM = re.compile(r"\s*\(\s*[0-9๐-๙ก-ฮ]{1,3}\s*\)$")  # "ข้อ ๓ (๒)": the item is read within ข้อ ๓
router = APIRouter()
_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorResponse} for code in (400, 401, 403, 404, 422, 429)
}
_STREAM = {  # /v1/ask with "stream": true (the JSON answer is the same 200's application/json)
    "description": 'The answer; with `"stream": true`, Server-Sent Events instead of JSON',
    "content": {"text/event-stream": {
        "schema": {"type": "string", "description": (
            "Events, each `event: NAME` and `data: JSON` then a blank line: `meta` {answer_id, language, "
            "citations: [Citation]} before an LLM answer, `token` {text}* as the LLM writes, then `done` "
            "with the whole Answer (the only event of an extractive answer), or `error` {code, message}.")},
        "example": 'event: token\ndata: {"text": "ต้องเก็บไว้"}\n\nevent: done\ndata: {"answer_id": "…", '
                   '"found": true, "answer": "…", "citations": […]}\n\n',
    }},
}
ASKING = [Depends(authorize("ask")), Depends(limit_asks)]
READING = [Depends(authorize("read"))]
PASSAGE = [Depends(authorize("passage"))]


async def services(request: Request) -> Any:
    return request.app.state.services


Services = Annotated[Any, Depends(services)]


def _check_length(text: str, limit: int) -> None:
    if len(text) > limit:
        raise _Invalid(f"question: at most {limit} characters (got {len(text)})")


class _Invalid(HTTPException):
    def __init__(self, message: str) -> None:
        super().__init__(422, message)


class _Refused(HTTPException):
    """An error with its own `code` in the JSON body (service.api.app renders `exc.code`)."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(status, message)
        self.code = code


@router.post("/v1/ask", response_model=Answer, responses={**_ERRORS, 200: _STREAM}, tags=["answers"],
             dependencies=ASKING)
def ask(body: AskRequest, request: Request, svc: Services) -> Any:
    """Answer a question with citations; `"stream": true` streams Server-Sent Events."""
    _check_length(body.question, svc.settings.max_question_chars)
    if body.mode == "llm" and svc.answerer.llm is None:
        raise _Refused(400, "llm_not_configured",
                       'mode "llm": this service has no LLM configured (RANG_LLM_BASE_URL); ask with "auto" or "extractive"')
    if body.stream:
        events = svc.answerer.stream(body)
        # the first event comes after retrieval: an unknown filter (or any failure up to there) is an
        # ordinary HTTP error, the same as without streaming, not an in-band event after a 200
        first = next(events, None)
        events = itertools.chain([first] if first is not None else [], events)
        return StreamingResponse(_sse(events, request), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
    answer = svc.answerer.ask(body)
    request.state.hits = len(answer.citations) + len(answer.related)
    request.state.found = answer.found
    request.state.answer = answer
    record_answer(request, answer)
    return _json(answer)


def _sse(events: Iterator[tuple[str, dict]], request: Request) -> Iterator[str]:
    try:
        for name, data in events:
            if name == "done":
                request.state.found = data.get("found")
                record_answer(request, data)
            yield f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"
    except Exception as exc:  # headers are gone: report in-band, never a traceback
        yield f"event: error\ndata: {json.dumps({'code': 'internal_error', 'message': type(exc).__name__})}\n\n"


@router.post("/v1/search", response_model=SearchResponse, responses=_ERRORS, tags=["answers"], dependencies=ASKING)
def search(body: SearchRequest, request: Request, svc: Services) -> Any:
    """Ranked passages with the same citation fields as /v1/ask."""
    _check_length(body.query, svc.settings.max_question_chars)
    res = svc.answerer.search(body)
    request.state.hits = len(res.results)
    return _json(res)


def _json(model: BaseModel) -> Response:
    """The model, serialised once: it was built from validated parts, so FastAPI's second
    validation pass against `response_model` (which still documents the schema) is skipped."""
    return Response(model.model_dump_json(), media_type="application/json")


@router.get("/v1/documents", response_model=DocumentsResponse, responses=_ERRORS, tags=["documents"],
            dependencies=READING)
def documents(svc: Services) -> Any:
    snap = svc.holder.snapshot
    st = snap.state
    out = []
    for key in st.documents():
        versions = st.versions_of(key)
        latest = st.versions[st.latest[key]] if key in st.latest else versions[-1]
        out.append(
            DocumentOut(
                document=key,
                title=latest.title,
                kind=latest.kind,  # type: ignore[arg-type]
                versions=[
                    VersionOut(
                        version=v.version, version_uid=v.version_uid, latest=v.version_uid == latest.version_uid,
                        date=v.date or None, source_file=v.source_file, sections=v.sections, chunks=v.chunks,
                        pages=v.pages, ingested_at=v.ingested_at, pipeline=v.pipeline,
                    )
                    for v in versions
                ],
            )
        )
    return DocumentsResponse(documents=out, generation=snap.generation)


@router.get("/v1/documents/{key}/sections/{section:path}", response_model=SectionOut, responses=_ERRORS,
            tags=["documents"], dependencies=READING)
def get_section(key: str, section: str, svc: Services, version: Annotated[str | None, Query()] = None) -> Any:
    """One section in full (all its parts), from the latest version unless `version` is given.
    `section` as printed or not: `22/1`, `๒๒/๑` (URL-encoded, with or without `%2F`), `3 ทวิ`, `มาตรา 12`;
    in a regulation, announcement or order, its ข้อ: `ข้อ 3`, `ข้อ ๓ (๒)` (the whole ข้อ ๓)."""
    snap = svc.holder.snapshot
    st = snap.state
    if key not in st.latest:
        raise HTTPException(404, f"no such document: {key}")
    if version:
        v = st.find(key, version)
        if v is None:
            raise HTTPException(404, f"no such version of {key}: {version}")
        uid = v.version_uid
    else:
        uid = st.latest[key]
    word = _SECTION_WORD.match(section.strip())
    try:
        number = normalize_section_number(_ITEM.sub("", section.strip()[word.end() if word else 0 :]))
    except ValueError:
        raise HTTPException(404, f"not a section number: {section}") from None
    rows = snap.section_rows(key, uid, number)
    if not rows:
        raise HTTPException(404, f"{key} ({st.versions[uid].version}) has no section {section}")
    asked = "ข้อ" if word and word.group(2) else "มาตรา" if word else None
    if asked and asked != (have := unit_word(rows[0].meta)):
        raise HTTPException(404, f"{key} is cut into {have}, not {asked}: ask for {have} {number}")
    return section_out(snap, rows)


@router.get("/v1/passages/{chunk_id}", response_model=SectionOut, responses=_ERRORS, tags=["documents"],
            dependencies=PASSAGE)
def get_passage(chunk_id: str, svc: Services) -> Any:
    """The whole passage a citation points to (a full section, or a transcript window)."""
    snap = svc.holder.snapshot
    row = snap.by_id.get(chunk_id)
    if row is None:
        raise HTTPException(404, "no such passage (the document may have been re-ingested)")
    return section_out(snap, snap.groups[row.group])


@router.get("/healthz", response_model=Health, tags=["operations"])
def healthz() -> dict:
    return {"status": "ok"}


@router.get("/readyz", response_model=Readiness, tags=["operations"],
            responses={503: {"model": Readiness, "description": "Not ready: nothing is indexed yet"}},
            openapi_extra={"security": [{}, {"bearer": []}]})  # a key is optional: admins see more
def readyz(request: Request, svc: Services) -> Any:
    """200 `{"status": "ready"}` or 503 `{"status": "empty"}` for a load balancer, without a key.
    With an admin key: also the index location, model, counts, pipeline and reload state."""
    snap = svc.holder.snapshot
    st = snap.state
    status = 200 if snap.chunk_count else 503
    if not _is_admin(request, svc):
        return JSONResponse({"status": "ready" if snap.chunk_count else "empty"}, status_code=status)
    body = {
        "status": "ready" if snap.chunk_count else "empty",
        "generation": snap.generation,
        "documents": len(snap.state.documents()),
        "versions": len(snap.state.versions),
        "chunks": snap.chunk_count,
        "embedder": svc.embedder.identity,
        "index": snap.store.where(),
        "llm": svc.settings.llm_model if svc.settings.llm_base_url else None,
        "pipeline": PIPELINE_VERSION,
        # built by another pipeline version: re-ingest their files (python -m ingest --list shows them)
        "stale_versions": [f"{v.doc_key} ({v.version})" for v in st.stale()],
        "reloads": svc.holder.reloads,
        "last_reload_error": svc.holder.last_error,
    }
    return JSONResponse(body, status_code=status)


def _is_admin(request: Request, svc: Any) -> bool:
    """Whether the caller sent an admin key; anything else (none, invalid, another role) is not
    an error here, only the short answer."""
    try:
        request.state.principal = identify(request, svc.keys, "admin", False, False)
    except ApiError:
        return False
    return True


@router.get("/widget.js", include_in_schema=False)
def widget() -> FileResponse:
    return FileResponse(STATIC / "widget.js", media_type="text/javascript; charset=utf-8",
                        headers={"Cache-Control": "public, max-age=300"})


@router.get("/", include_in_schema=False)
def demo_page() -> FileResponse:
    return FileResponse(STATIC / "demo.html", media_type="text/html; charset=utf-8")
