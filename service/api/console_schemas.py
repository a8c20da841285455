"""Response models of the maintainer console's API calls (the dry run and what staff asked); the rest of
the contract is service/schemas.py."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

Action = Literal["new_document", "new_version", "replaces", "unchanged"]


class DryRunFile(BaseModel):
    name: str = Field(description="the uploaded file's display name")
    ok: bool = Field(description="false: the file would fail; `error` says why")
    error: str = ""
    document: str = Field("", description="the document key it would go in as")
    suggested_document: str = Field("", description="a published document with the same title, else `document`")
    title: str = ""
    version: str = ""
    date: str | None = None
    kind: str = ""
    action: Action | None = Field(None, description="what publishing it would do: a new document, a new version, "
                                  "replace the version of that label, or nothing (the same content is published)")
    unit: str | None = Field(None, description="มาตรา or ข้อ (drafts, acts, regulations); null for a session")
    sections: int = Field(0, description="sections (มาตรา/ข้อ) or, for a session, turns")
    chunks: int = 0
    pages: int = 0
    warnings: list[str] = []
    structure: dict[str, Any] = Field({}, description="the parsed structure, as `python -m ingest --dry-run --json` "
                                      "prints it: sections with their chapter path, pages and first words; turns")


class DryRunOut(BaseModel):
    files: list[DryRunFile]


class InsightDay(BaseModel):
    date: str = Field(description="YYYY-MM-DD in the time zone asked for")
    asked: int
    answered: int


class InsightGroup(BaseModel):
    question: str = Field(description="the wording asked most often")
    variants: list[str] = Field(description="other wordings grouped with it (similar characters, same numbers)")
    asked: int
    unanswered: int
    downvotes: int
    upvotes: int
    last_asked: float
    comments: list[str]


class InsightSection(BaseModel):
    document: str
    title: str
    version: str
    label: str = Field(description="e.g. มาตรา ๑๒; a session's window: ช่วง 00:12:30")
    cited: int = Field(description="answers that cited it")


class InsightComment(BaseModel):
    at: float
    rating: Literal["up", "down"]
    comment: str
    question: str
    found: bool | None


class InsightsOut(BaseModel):
    since: float = Field(description="epoch seconds: midnight of the first day, in `tz`")
    until: float = Field(description="epoch seconds: midnight after today, in `tz`")
    tz: str
    asked: int
    answered: int
    share_answered: float | None = Field(description="answered / asked; null when nothing was asked")
    days: list[InsightDay]
    groups: list[InsightGroup] = Field(description="unanswered or down-voted questions, grouped by similar wording")
    sections: list[InsightSection] = Field(description="the most-cited sections")
    comments: list[InsightComment] = Field(description="feedback comments, newest first")
