"""Request and response models of the HTTP API (they are also the OpenAPI schema)."""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Kind = Literal["draft", "transcript"]


class Filters(BaseModel):
    model_config = ConfigDict(extra="forbid")

    document: str | list[str] | None = Field(None, description="document key(s); default all")
    version: str | None = Field(None, description="version label; default the latest of each document; 'all'")
    kind: Kind | None = None

    def documents(self) -> list[str] | None:
        if self.document is None:
            return None
        return [self.document] if isinstance(self.document, str) else list(self.document)


_MARKUP = re.compile(r"<(script|style)\b[^>]*>.*?(?:</\1\s*>|$)|<!--.*?(?:-->|$)|</?[A-Za-z][^>]*>", re.S | re.I)


def _visible(value: str, what: str) -> str:
    """Drop zero-width and other format characters (U+200B, U+FEFF, bidi marks …); refuse a text
    with nothing to search once markup is set aside ('<script>alert(1)</script>', only U+200B)."""
    if not value.strip():
        raise ValueError(f"{what} is empty")
    value = "".join(ch for ch in value if unicodedata.category(ch) != "Cf")
    if not any(ch.isalnum() for ch in _MARKUP.sub(" ", value)):
        raise ValueError(f"{what} has no words to search (only markup, invisible characters or punctuation)")
    return value


class AskRequest(Filters):
    question: str = Field(..., description="Thai or English, 1–2,000 characters")
    top_k: int = Field(5, ge=1, le=20)
    stream: bool = False
    mode: Literal["auto", "extractive", "llm"] = "auto"

    @field_validator("question")
    @classmethod
    def _not_blank(cls, v: str) -> str:
        return _visible(v, "question")


class SearchRequest(Filters):
    query: str = Field(..., description="Thai or English, 1–2,000 characters")
    top_k: int = Field(10, ge=1, le=50)

    @field_validator("query")
    @classmethod
    def _not_blank(cls, v: str) -> str:
        return _visible(v, "query")


class Citation(BaseModel):
    marker: int = Field(..., description="the n of [n] in the answer text")
    chunk_id: str
    document: str
    title: str
    version: str
    latest: bool
    kind: Kind
    source_file: str
    chapter_path: list[str] = []
    section: str | None = Field(None, description="normalised section number, e.g. 22/1")
    section_printed: str | None = Field(None, description="as printed, e.g. ๒๒/๑")
    label: str = Field(..., description="ready-made display label, e.g. มาตรา ๒๑ · หน้า ๗")
    page_start: int | None = None
    page_end: int | None = None
    speakers: list[str] = []
    start: str | None = Field(None, description="transcript start time hh:mm:ss")
    end: str | None = None
    start_s: float | None = None
    turn: int | None = Field(None, description="session: 1-based number of the quoted turn in the session")
    quote: str = Field(..., description="verbatim span of the passage that supports the answer")
    text: str = Field(..., description="the passage (all parts of the section)")
    score: float
    link: str = Field(..., description="API path that returns the whole passage")


class Answer(BaseModel):
    answer_id: str
    question: str
    language: Literal["th", "en"]
    found: bool
    answer: str
    mode: Literal["extractive", "llm"]
    citations: list[Citation]
    related: list[Citation] = Field([], description="possibly related passages when found is false")
    notice: str | None = Field(None, description="e.g. LLM unavailable, fell back to extractive")
    timings_ms: dict[str, float] = {}


class SearchResponse(BaseModel):
    query: str
    results: list[Citation]
    timings_ms: dict[str, float] = {}


class VersionOut(BaseModel):
    version: str
    version_uid: str
    latest: bool
    date: str | None
    source_file: str
    sections: int
    chunks: int
    pages: int
    ingested_at: float
    pipeline: str = Field(description="version of the ingest pipeline that built it; see /readyz stale_versions")


class DocumentOut(BaseModel):
    document: str
    title: str
    kind: Kind
    versions: list[VersionOut]


class DocumentsResponse(BaseModel):
    documents: list[DocumentOut]
    generation: int


class SectionOut(BaseModel):
    document: str
    title: str
    version: str
    latest: bool
    kind: Kind
    section: str
    section_printed: str
    label: str
    chapter_path: list[str]
    page_start: int | None
    page_end: int | None
    speakers: list[str] = []
    start: str | None = None
    end: str | None = None
    text: str


class ErrorBody(BaseModel):
    code: str
    message: str


class ErrorResponse(BaseModel):
    error: ErrorBody
