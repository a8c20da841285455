"""The maintainer console: its page at `/admin` and its scripts (service/static/console/), and the one API
call it needs that the CLI had alone: `POST /v1/ingest/dry-run`, the parsed structure of uploaded files
before they are published. Everything else the console does goes through the same API as curl."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse
from starlette.concurrency import run_in_threadpool

from ingest.cli import structure_dict
from ingest.manifest import slug
from ingest.models import IngestError, ParsedDraft
from ingest.pipeline import parse_file
from ingest.settings import Settings
from ingest.store import RegistryState
from service.api.console_schemas import DryRunFile, DryRunOut
from service.ops.auth import ApiError, Principal, authorize
from service.ops.jobs import Job
from service.ops.uploads import receive_upload
from service.schemas import ErrorResponse

router = APIRouter()
CONSOLE = Path(__file__).resolve().parents[1] / "static" / "console"
_ASSET = re.compile(r"^[a-z][a-z0-9-]*\.(js|css)$")
_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorResponse} for code in (400, 401, 403, 413, 415, 422, 429)
}
Admin = Annotated[Principal, Depends(authorize("admin"))]
_NO_STORE = {"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
             "X-Frame-Options": "DENY"}


@router.get("/admin", include_in_schema=False)
def console_page() -> FileResponse:
    """The page itself holds nothing: the admin key is typed into it, and every call it makes needs one."""
    return FileResponse(CONSOLE / "index.html", media_type="text/html; charset=utf-8", headers=_NO_STORE)


@router.get("/admin/{name}", include_in_schema=False)
def console_asset(name: str) -> FileResponse:
    path = CONSOLE / name
    if not _ASSET.match(name) or not path.is_file():
        raise ApiError(404, "not_found", f"no such console file: {name}")
    kind = "text/javascript" if name.endswith(".js") else "text/css"
    return FileResponse(path, media_type=f"{kind}; charset=utf-8", headers=_NO_STORE)


@router.post("/v1/ingest/dry-run", response_model=DryRunOut, responses=_ERRORS, tags=["operations"],
             openapi_extra={"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
                 "type": "object", "required": ["files"], "description": "the same form as POST /v1/ingest",
                 "properties": {
                     "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
                     **{name: {"type": "string"} for name in ("document", "title", "version", "date", "kind")},
                     "manifest": {"type": "string", "description": "JSON {file name: {document, title, version, "
                                                                   "date, kind}}"},
                 }}}}}})
async def dry_run(request: Request, who: Admin) -> Any:
    """What `POST /v1/ingest` would publish for the same form, without touching the index: each file's
    document, version and kind, what publishing it would do, and its parsed structure (sections with
    their chapter path and pages, or a session's turns), or why it would fail."""
    svc = request.app.state.services
    job = await receive_upload(request, svc.settings, who.name)
    try:
        files = await run_in_threadpool(_parse_all, job, svc.settings, svc.holder.snapshot.state)
    finally:
        shutil.rmtree(svc.settings.uploads_dir / job.id, ignore_errors=True)
    return DryRunOut(files=files)


def _parse_all(job: Job, settings: Settings, state: RegistryState) -> list[DryRunFile]:
    manifest = job.manifest()
    out = []
    for f in job.files:
        path = settings.uploads_dir / job.id / f.stored_as
        try:
            parsed = parse_file(path, manifest, settings)
        except IngestError as exc:
            out.append(DryRunFile(name=f.name, ok=False, error=str(exc)))
            continue
        except Exception as exc:  # a library failure on a strange file is this file's error
            out.append(DryRunFile(name=f.name, ok=False, error=f"{type(exc).__name__}: {exc}".splitlines()[0]))
            continue
        doc, c = parsed.doc, parsed.content
        named = bool(job.entries.get(f.name, {}).get("key"))
        # named on the form: that; else a published document of the same title; else one made from the title
        suggested = doc.key if named else _same_title(state, doc.title) or (slug(doc.title) if doc.title else doc.key)
        structure = structure_dict(path, parsed)
        structure["file"] = f.name  # not the upload folder's path
        draft = isinstance(c, ParsedDraft)
        out.append(DryRunFile(
            name=f.name, ok=True, document=doc.key, suggested_document=suggested, title=doc.title,
            version=doc.version, date=doc.date, kind=doc.kind, action=_action(state, doc.key, doc.version,
                                                                             doc.version_uid),
            unit=c.unit if draft else None, sections=len(c.legal_sections) if draft else len(c.turns),
            chunks=len(parsed.chunks), pages=c.page_count if draft and c.locator == "page" else 0,
            warnings=list(c.warnings), structure=structure,
        ))
    return out


def _same_title(state: RegistryState, title: str) -> str | None:
    """A published document whose latest version has this title: a new version of it, most likely."""
    for key, uid in state.latest.items():
        if title and state.versions[uid].title == title:
            return key
    return None


def _action(state: RegistryState, key: str, version: str, uid: str) -> str:
    current = state.find(key, version)
    if current is not None:
        return "unchanged" if current.version_uid == uid else "replaces"
    return "new_version" if key in state.latest else "new_document"
