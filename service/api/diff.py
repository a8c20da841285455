"""GET /v1/documents/{key}/diff: two versions compared, as JSON, a printable HTML comparison table
(ตารางเปรียบเทียบ) or the same table as a Word file."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import Response

from ingest.diff import DiffError, UnknownDocument, UnknownVersion, diff_to_dict
from service.api.routes import READING, Services
from service.qa.changes import document_diff
from service.schemas import DocumentDiffOut, ErrorResponse

router = APIRouter()
_ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ErrorResponse} for code in (400, 401, 403, 404, 422, 429)}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_FORMATS = {
    200: {"description": "JSON; with `format=html` a printable HTML page, with `format=docx` a Word file",
          "content": {"text/html": {"schema": {"type": "string"}},
                      DOCX: {"schema": {"type": "string", "format": "binary"}}}},
}


class _Refused(HTTPException):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(status, message)
        self.code = code  # service.api.app puts it in the JSON error body


@router.get("/v1/documents/{key}/diff", response_model=DocumentDiffOut, responses={**_ERRORS, **_FORMATS},
            tags=["documents"], dependencies=READING)
def diff(
    key: str,
    svc: Services,
    old: Annotated[str | None, Query(alias="from", description="older version label; default: the "
                                     "version before `to`")] = None,
    new: Annotated[str | None, Query(alias="to", description="newer version label; default: the latest")] = None,
    format: Annotated[Literal["json", "html", "docx"], Query(description="json, html or docx")] = "json",
    unchanged: Annotated[bool | None, Query(description="also list units that did not change (default: "
                                            "yes for JSON, no for the HTML and Word tables)")] = None,
) -> Any:
    """What changed between two versions of a document, section by section: each section of the newer
    version matched to the older one by number and content (unchanged, amended, added, removed,
    renumbered), headings and the memorandum too; word changes and a one-line summary of each."""
    try:
        d = document_diff(svc.holder.snapshot, key, old, new)
    except UnknownDocument as exc:
        raise _Refused(404, "not_found", str(exc)) from None
    except UnknownVersion as exc:
        raise _Refused(400, "unknown_version", str(exc)) from None
    except DiffError as exc:  # a transcript, or no version before the one asked for
        raise _Refused(400, "not_comparable", str(exc)) from None
    everything = unchanged if unchanged is not None else format == "json"
    if format == "html":
        from ingest.diff.html_table import render_html

        return Response(render_html(d, unchanged=everything), media_type="text/html; charset=utf-8")
    if format == "docx":
        from ingest.diff.word_file import render_docx

        name = f"{key}-{d.old.label}-{d.new.label}.docx"
        ascii_name = re.sub(r"[^A-Za-z0-9._-]+", "_", f"{key}-diff.docx")
        return Response(render_docx(d, unchanged=everything), media_type=DOCX, headers={
            "Content-Disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"})
    body = DocumentDiffOut.model_validate(diff_to_dict(d, unchanged=everything))
    return Response(body.model_dump_json(by_alias=True), media_type="application/json")
