"""`GET /v1/documents/{key}/versions/{label}/file`: a version's original file, as it was ingested
(ingest/originals.py). Whoever may read a cited passage may read the file it was cut from."""

from __future__ import annotations

import re
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse

from ingest.originals import Originals
from service.ops.auth import ApiError, authorize
from service.schemas import ErrorResponse

router = APIRouter()
_ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ErrorResponse} for code in (401, 403, 404, 429)}
TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".vtt": "text/vtt; charset=utf-8",
    ".srt": "application/x-subrip",
    ".txt": "text/plain; charset=utf-8",
}
_FILE = {200: {"description": "the original file (PDF, Word, WebVTT, SRT or text), with its ingested name",
               "content": {t.split(";")[0]: {"schema": {"type": "string", "format": "binary"}}
                           for t in TYPES.values()}}}


async def _services(request: Request) -> Any:
    return request.app.state.services


@router.get("/v1/documents/{key}/versions/{label:path}/file", response_class=FileResponse,
            responses={**_ERRORS, **_FILE}, tags=["documents"], dependencies=[Depends(authorize("passage"))])
def original_file(key: str, label: str, svc: Annotated[Any, Depends(_services)]) -> FileResponse:
    """Download the file a version was ingested from. A PDF opens at a cited page with `#page=N`."""
    version = svc.holder.snapshot.state.find(key, label)
    if version is None:
        raise ApiError(404, "not_found", f"no such document version: {key} {label}")
    ext = "." + version.source_file.rsplit(".", 1)[-1].lower() if "." in version.source_file else ""
    try:
        path = Originals(svc.settings).path(version.content_hash, ext)
    except ValueError:
        path = None
    if path is None or not path.is_file():
        raise ApiError(404, "original_not_kept",
                       f"the original of {key} {label} is not kept (ingested before originals were kept?): "
                       "ingest its file again")
    name = version.source_file or f"{key}{ext}"
    ascii_name = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_") or f"original{ext}"
    return FileResponse(path, media_type=TYPES.get(ext, "application/octet-stream"), headers={
        "Content-Disposition": f"inline; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}",
        "Cache-Control": "private, max-age=300", "X-Content-Type-Options": "nosniff"})
