"""What staff asked, for the maintainer console: `GET /v1/insights` (JSON), `/v1/insights/charts/{name}.svg`
(server-rendered charts) and `/v1/insights/export.csv`. Admin keys only."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from ingest.models import block_label
from service.api.console_schemas import InsightsOut
from service.ops import charts, insights
from service.ops.auth import ApiError, Principal, authorize
from service.ops.insights import CitedSection
from service.schemas import ErrorResponse

router = APIRouter(tags=["insights"])
_ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ErrorResponse} for code in (400, 401, 403, 422, 429)}
Admin = Annotated[Principal, Depends(authorize("admin"))]
Days = Annotated[int, Query(ge=1, le=insights.MAX_DAYS, description="the last N calendar days, today included")]
Tz = Annotated[str, Query(description="IANA time zone the days are counted in")]
SVG = "image/svg+xml"
CSV = "text/csv; charset=utf-8"


def _window(days: int, tz: str) -> tuple[float, float, ZoneInfo]:
    try:
        return insights.window(days, tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise ApiError(400, "unknown_timezone", f"not an IANA time zone: {tz!r} (e.g. Asia/Bangkok)") from None


def _resolver(request: Request) -> insights.Resolve:
    """A chunk id of the log → the section it belongs to in the served index (None: re-ingested or deleted)."""
    by_id = request.app.state.services.holder.snapshot.by_id

    def resolve(cid: str) -> CitedSection | None:
        row = by_id.get(cid)
        if row is None:
            return None
        return CitedSection(str(row.meta.get("doc_key", "")), str(row.meta.get("title", "")),
                            str(row.meta.get("version", "")), section_label(row.meta))

    return resolve


def section_label(meta: dict) -> str:
    block = meta.get("block")
    if block == "section":
        return f"{meta.get('unit') or 'มาตรา'} {meta.get('section_printed') or meta.get('section')}"
    if block == "turns":
        return f"ช่วง {meta.get('start_ts') or meta.get('turn_start') or ''}".strip()
    return block_label(str(block), str(meta.get("chapter_path") or "")) or str(block)


def _build(request: Request, days: int, tz: str) -> insights.Insights:
    since, until, zone = _window(days, tz)
    return insights.build(request.app.state.services.db, since, until, zone, _resolver(request))


@router.get("/v1/insights", response_model=InsightsOut, responses=_ERRORS)
def get_insights(request: Request, who: Admin, days: Days = 30, tz: Tz = insights.DEFAULT_TZ) -> Any:
    """What staff asked in the last `days` days: questions per day, the share answered, the unanswered and
    down-voted questions grouped by similar wording, the most-cited sections and the feedback comments."""
    return Response(json.dumps(_build(request, days, tz).to_dict(), ensure_ascii=False),
                    media_type="application/json")


@router.get("/v1/insights/charts/{name}.svg", response_class=Response, responses={
    **_ERRORS, 200: {"content": {SVG: {"schema": {"type": "string"}}}, "description": "an SVG image"}})
def chart(name: Literal["days", "answered", "sections"], request: Request, who: Admin, days: Days = 30,
          tz: Tz = insights.DEFAULT_TZ) -> Response:
    """A chart of the same figures as `/v1/insights`: `days` (questions per day, answered or not),
    `answered` (the share answered per day) or `sections` (the most-cited sections)."""
    data = _build(request, days, tz)
    svg = {"days": lambda: charts.days_chart(data.days), "answered": lambda: charts.share_chart(data.days),
           "sections": lambda: charts.sections_chart(data.sections)}[name]()
    return Response(svg, media_type=SVG, headers={"Cache-Control": "no-store"})


Table = Literal["questions", "days", "groups", "sections", "comments"]


@router.get("/v1/insights/export.csv", response_class=Response, responses={
    **_ERRORS, 200: {"content": {"text/csv": {"schema": {"type": "string"}}}, "description": "CSV (UTF-8, BOM)"}})
def export(request: Request, who: Admin, table: Table = "questions", days: Days = 30,
           tz: Tz = insights.DEFAULT_TZ) -> Response:
    """CSV for a spreadsheet: every logged `questions` (local time, question, answered, rating, comment, cited
    sections), or one of the console's tables: `days`, `groups`, `sections`, `comments`."""
    since, until, zone = _window(days, tz)
    out = io.StringIO()
    w = _Writer(out)
    if table == "questions":
        resolve = _resolver(request)
        w.writerow(["time", "question", "answered", "mode", "rating", "comment", "key", "latency_ms", "cited"])
        for r in insights.asks(request.app.state.services.db, since, until):
            cited = [resolve(str(c)) for c in _ids(r.get("chunk_ids"))]
            w.writerow([_local(r["at"], zone), r["question"], int(bool(r["found"])), r["mode"], r.get("rating") or "",
                        r.get("comment") or "", r["key_name"], r.get("latency_ms") or "",
                        "; ".join(dict.fromkeys(f"{c.document} {c.version} {c.label}" for c in cited if c))])
    else:
        data = insights.build(request.app.state.services.db, since, until, zone, _resolver(request))
        rows: list[list[Any]] = {
            "days": lambda: [["date", "asked", "answered"]] + [[d.date, d.asked, d.answered] for d in data.days],
            "groups": lambda: [["question", "asked", "unanswered", "downvotes", "upvotes", "last_asked", "variants",
                                "comments"]] + [[g.question, g.asked, g.unanswered, g.downvotes, g.upvotes,
                                                 _local(g.last_asked, zone), " | ".join(g.variants),
                                                 " | ".join(g.comments)] for g in data.groups],
            "sections": lambda: [["document", "title", "version", "section", "cited"]]
            + [[s.document, s.title, s.version, s.label, s.cited] for s in data.sections],
            "comments": lambda: [["time", "rating", "comment", "question", "answered"]]
            + [[_local(c.at, zone), c.rating, c.comment, c.question, int(bool(c.found))] for c in data.comments],
        }[table]()
        w.writerows(rows)
    stamp = dt.datetime.now(zone).strftime("%Y%m%d")
    return Response("\ufeff" + out.getvalue(), media_type=CSV, headers={
        "Content-Disposition": f'attachment; filename="rang-{table}-{stamp}.csv"', "Cache-Control": "no-store"})


class _Writer:
    """csv.writer whose text cells cannot start a spreadsheet formula (a question may begin with '=')."""

    def __init__(self, out: io.StringIO) -> None:
        self.w = csv.writer(out)

    def writerow(self, row: list[Any]) -> None:
        self.w.writerow(["'" + c if isinstance(c, str) and c[:1] in ("=", "+", "-", "@", "\t", "\r") else c
                         for c in row])

    def writerows(self, rows: list[list[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def _local(at: float, zone: ZoneInfo) -> str:
    return dt.datetime.fromtimestamp(float(at), zone).strftime("%Y-%m-%d %H:%M:%S")


def _ids(raw: object) -> list[str]:
    try:
        ids = json.loads(str(raw or "[]"))
    except ValueError:
        return []
    return [str(i) for i in ids] if isinstance(ids, list) else []
