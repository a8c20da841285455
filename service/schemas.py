"""Request and response models of the HTTP API (they are also the OpenAPI schema)."""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

# a draft is not law in force; act = an enacted law; regulation = กฎกระทรวง, ระเบียบ, ประกาศ, คำสั่ง;
# transcript and note = what was said or noted in a session (ingest/kinds.py)
Kind = Literal["draft", "act", "regulation", "transcript", "note"]
Unit = Literal["มาตรา", "ข้อ"]
_SURROGATE = re.compile(r"[\ud800-\udfff]")


class UnicodeBody(BaseModel):
    """A JSON body whose text must be valid Unicode: JSON may spell a lone UTF-16 surrogate
    ("\\ud800"), which no UTF-8 encoder (the embedder, SQLite, the reply) accepts."""

    @model_validator(mode="before")
    @classmethod
    def _no_lone_surrogates(cls, data: Any) -> Any:
        where = _surrogate_at(data, "")
        if where is not None:
            raise PydanticCustomError(
                "unpaired_surrogate",
                "{where}: text contains an unpaired UTF-16 surrogate (\\ud800-\\udfff); send valid Unicode",
                {"where": where or "body"})
        return data


def _surrogate_at(value: Any, path: str) -> str | None:
    """The path of the first string (or object key) holding a lone surrogate, or None."""
    if isinstance(value, str):
        return path if _SURROGATE.search(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            name = f"{path}.{key}" if path else str(key)
            if isinstance(key, str) and _surrogate_at(key, "") is not None:
                return path or "a field name"
            if (found := _surrogate_at(item, name)) is not None:
                return found
    elif isinstance(value, list):
        for i, item in enumerate(value):
            if (found := _surrogate_at(item, f"{path}[{i}]")) is not None:
                return found
    return None


class Filters(UnicodeBody):
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
    """Drop zero-width and other format characters (U+200B, U+FEFF, bidi marks …), turn control
    characters into spaces; refuse a text with nothing to search once markup is set aside
    ('<script>alert(1)</script>', only U+200B, only NUL or ESC)."""
    if not value.strip():
        raise ValueError(f"{what} is empty")
    value = "".join(" " if cat == "Cc" and ch not in "\t\n\r" else ch
                    for ch in value if (cat := unicodedata.category(ch)) != "Cf")
    if not any(ch.isalnum() for ch in _MARKUP.sub(" ", value)):
        raise ValueError(f"{what} has no words to search (only markup, invisible or control characters, or punctuation)")
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
    kind: Kind = Field(..., description="draft (not law in force), act, regulation, transcript or note")
    source_file: str
    chapter_path: list[str] = []
    section: str | None = Field(None, description="normalised section number, e.g. 22/1")
    section_printed: str | None = Field(None, description="as printed, e.g. ๒๒/๑")
    unit: Unit | None = Field(None, description="what the section is called: มาตรา (acts, drafts) or ข้อ "
                              "(regulations, announcements, orders)")
    label: str = Field(..., description="ready-made display label, e.g. มาตรา ๒๑ · หน้า ๗ or ข้อ ๓ · หน้า ๒; "
                       "a Word document has no pages: มาตรา ๒๑ · ย่อหน้า ๓๔")
    page_start: int | None = None
    page_end: int | None = None
    paragraph_start: int | None = Field(None, description="Word documents: 1-based number of the first paragraph "
                                        "(non-empty paragraphs in reading order, table cells included)")
    paragraph_end: int | None = None
    speakers: list[str] = []
    start: str | None = Field(None, description="transcript start time hh:mm:ss")
    end: str | None = None
    start_s: float | None = None
    turn: int | None = Field(None, description="session: 1-based number of the quoted turn in the session")
    quote: str = Field(..., description="verbatim span of the passage that supports the answer")
    text: str = Field(..., description="the passage (all parts of the section)")
    score: float
    link: str = Field(..., description="API path that returns the whole passage")
    refers_to: list[str] = Field([], description="sections of the same version this section names ('ตามมาตรา ๔๐'), "
                                 "then the definition section (บทนิยาม) of each defined term it uses; normalised "
                                 "numbers, each opens with /v1/documents/{document}/sections/{n}")
    referred_by: list[str] = Field([], description="sections of the same version that name this one")
    status: Literal["unchanged", "amended", "added", "removed", "renumbered"] | None = Field(
        None, description="a section of a document with several versions: how it fared between its version and "
        "the latest (removed: the latest no longer has it); null otherwise")
    changed_in: str | None = Field(None, description="the latest version's label when the section changed "
                                   "(the widget shows 'แก้ไขในฉบับที่ ๒'); null when unchanged")
    discussed_version: str | None = Field(
        None, description="a session held before a draft's latest version: the label of the version that was "
        "current on the session's date (what the speakers were discussing); null otherwise")


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
    unit: Unit | None = None
    label: str
    chapter_path: list[str]
    page_start: int | None
    page_end: int | None
    paragraph_start: int | None = None
    paragraph_end: int | None = None
    speakers: list[str] = []
    start: str | None = None
    end: str | None = None
    text: str
    refers_to: list[str] = Field([], description="as on a citation: the sections this one names, then the "
                                 "definition sections of the defined terms it uses")
    referred_by: list[str] = Field([], description="sections of the same version that name this one")


class ErrorBody(BaseModel):
    code: str
    message: str


class ErrorResponse(BaseModel):
    error: ErrorBody


# --- operations: ingest jobs, deletes, health -------------------------------------------------
JobState = Literal["queued", "running", "done", "failed"]


class IngestAccepted(BaseModel):
    job_id: str
    state: JobState
    files: list[str] = Field(description="the uploaded files' display names, in upload order")
    status: str = Field(description="the path to poll: /v1/jobs/{job_id}")


class JobFile(BaseModel):
    """One uploaded file of a job: its stage while running, its result once done."""

    model_config = ConfigDict(extra="allow")

    name: str = Field(description="display name (the sanitised upload name; becomes source_file)")
    stored_as: str
    bytes: int
    stage: str = Field("queued", description="queued, the pipeline stage under way, or finished")
    done: int = 0
    total: int = 0
    status: Literal["pending", "ingested", "unchanged", "failed"] = "pending"
    reason: str = Field("", description="why the file failed")
    document: str = ""
    version: str = ""
    kind: str = ""
    sections: int = 0
    chunks: int = 0
    chunks_written: int = 0
    pages: int = 0
    warnings: list[str] = []


class Job(BaseModel):
    model_config = ConfigDict(extra="allow")

    job_id: str
    key_name: str = Field(description="name of the admin key that submitted it")
    state: JobState
    files: list[JobFile]
    entries: dict[str, dict[str, str]] = Field({}, description="per-file document, title, version, date given")
    created_at: float
    started_at: float | None = None
    finished_at: float | None = None
    stage: str = Field("", description="what the running job is doing now")
    error: str = Field("", description="why the job failed")
    seconds: dict[str, float] = Field({}, description="time per pipeline stage")
    generation: int | None = Field(None, description="index generation the job published")
    reloaded: bool = Field(False, description="the serving process already answers from that generation")
    queued_s: float | None = None
    run_s: float | None = None
    pid: int | None = Field(None, description="the worker process that ran it")
    host: str | None = Field(None, description="the machine of that process")
    replica: str | None = Field(None, description="the replica that accepted and runs it (RANG_REPLICA_NAME)")


class JobList(BaseModel):
    jobs: list[Job] = Field(description="newest first")


class Deleted(BaseModel):
    document: str
    deleted_versions: list[str]
    generation: int = Field(description="index generation now served")


class Health(BaseModel):
    status: Literal["ok"]


class Readiness(BaseModel):
    """`ready` (200) once the index has chunks, `empty` (503) before the first ingest. Only `status`
    without an admin key; the rest is for admins."""

    status: Literal["ready", "empty"]
    generation: int | None = None
    documents: int | None = None
    versions: int | None = None
    chunks: int | None = None
    embedder: str | None = Field(None, description="the embedding model's identity; the index must be built with it")
    index: str | None = Field(None, description="where the index lives (a Chroma folder or server)")
    llm: str | None = Field(None, description="the LLM model name, or null when none is configured")
    pipeline: str | None = Field(None, description="version of the ingest pipeline this service runs")
    stale_versions: list[str] | None = Field(None, description="versions built by another pipeline version: re-ingest them")
    reloads: int | None = None
    last_reload_error: str | None = None


# --- versions compared (GET /v1/documents/{key}/diff; ingest.diff.export writes the same JSON) -----------
DiffStatus = Literal["unchanged", "amended", "added", "removed", "renumbered"]


class DiffVersion(BaseModel):
    version: str = Field(description="version label")
    date: str | None = Field(None, description="ISO date of the version (the manifest's)")


class DiffCounts(BaseModel):
    """Sections (มาตรา/ข้อ) by status; headings, the memorandum and the preamble are not counted."""

    amended: int
    added: int
    removed: int
    renumbered: int
    unchanged: int


class DiffChange(BaseModel):
    """One run of changed words (PyThaiNLP newmm words). Offsets are into `old_text` and `new_text`;
    an insertion has old_start == old_end (where it goes), a deletion new_start == new_end."""

    op: Literal["replace", "insert", "delete"]
    old: str
    new: str
    old_start: int
    old_end: int
    new_start: int
    new_end: int


class DiffFigure(BaseModel):
    old: str = Field(description="a quantity as the old text states it, e.g. ไม่น้อยกว่าห้าปี")
    new: str = Field(description="what replaced it, e.g. ไม่น้อยกว่าสิบปี")


class SectionDiff(BaseModel):
    kind: Literal["section", "heading", "memo", "preamble", "annex", "page"] = Field(
        description="section (มาตรา/ข้อ), heading (หมวด, ส่วน …), memo (บันทึกหลักการและเหตุผล), preamble, "
                    "annex (a schedule after the signature, e.g. อัตราค่าธรรมเนียม), page")
    section: str | None = Field(description="number in the newer version (normalised: 22/1; a heading: หมวด 3); "
                                "null when removed")
    old_section: str | None = Field(description="number in the older version; null when added")
    label: str | None = Field(description="as printed in the newer version, e.g. มาตรา ๒๒/๑")
    old_label: str | None
    status: DiffStatus
    old_text: str | None
    new_text: str | None
    changes: list[DiffChange] = Field(description="word changes of an amended unit, in text order")
    figures: list[DiffFigure] = Field(description="quantities that changed (durations, amounts, counts, percentages)")
    summary: str = Field(description="one line in Thai, e.g. ไม่น้อยกว่าห้าปี → ไม่น้อยกว่าสิบปี")
    related: str | None = Field(None, description="an added section: the old one it was split from; a removed "
                                "one: the new one it was merged into")
    similarity: float = Field(description="word similarity of the two texts, 0–1")
    chapter_path: list[str] | None = None
    old_chapter_path: list[str] | None = None
    pages_old: list[int] | None = Field(None, description="[first, last] page in the older version")
    pages_new: list[int] | None = Field(None, description="[first, last] page in the newer version")


class DocumentDiffOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    document: str
    title: str
    from_: DiffVersion = Field(alias="from", description="the older version")
    to: DiffVersion = Field(description="the newer version")
    counts: DiffCounts
    sections: list[SectionDiff] = Field(description="every unit of either version in the newer one's reading "
                                        "order (a removed unit where it was)")
