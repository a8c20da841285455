"""Plain data types that flow through ingestion: pages → sections/turns → chunks.

Everything here is a frozen-ish dataclass with no behaviour beyond small helpers,
so the pure text functions (normalise, parse, chunk) stay easy to test.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

DocKind = Literal["draft", "act", "regulation", "transcript", "note"]  # see ingest/kinds.py
BlockKind = Literal["section", "memo", "preamble", "closing", "annex", "page", "turns"]
# what a block other than a section is called in citations and listings; an annex ("อัตราค่าธรรมเนียม",
# "บัญชีท้ายพระราชบัญญัติ" after the signature) is called by its own heading when it has one
BLOCK_LABELS = {"memo": "บันทึกหลักการและเหตุผล", "preamble": "ส่วนนำ", "closing": "ส่วนท้าย",
                "annex": "ท้ายพระราชบัญญัติ"}


def block_label(block: str, heading: str = "") -> str | None:
    """What a block other than a section is called: an annex by its own heading when it has one
    (its chapter path is that heading alone), the others by BLOCK_LABELS; None for any other block."""
    if block == "annex" and heading:
        return heading
    return BLOCK_LABELS.get(block)

UnitWord = Literal["มาตรา", "ข้อ"]  # what a document's citable units are called


class IngestError(Exception):
    """A file could not be ingested. The message is one line meant for a maintainer."""


@dataclass
class Page:
    """One PDF page after extraction and Thai normalisation (1-based number)."""

    number: int
    text: str
    needs_ocr: bool = False
    ocr_reason: str | None = None
    paragraph: bool = False  # one paragraph of a file without pages (Word): `number` counts paragraphs
    ocr_applied: bool = False  # the text is Tesseract's

    @property
    def left_out(self) -> bool:
        """Flagged, and neither its text layer nor OCR gave text to index."""
        return self.needs_ocr and not self.text.strip()


@dataclass
class ExtractedPdf:
    pages: list[Page]
    extractor: str  # "pypdfium2" | "pypdf"
    encrypted: bool = False
    warnings: list[str] = field(default_factory=list)

    @property
    def ocr_pages(self) -> list[int]:
        return [p.number for p in self.pages if p.needs_ocr]


@dataclass
class Section:
    """A unit of a draft: a มาตรา, or the memorandum/preamble, or a plain page.

    `number` is normalised (Arabic digits, "22/1", "3 ทวิ"); `number_printed` is
    exactly as the document printed it ("๒๒/๑"). Both are "" for non-section blocks.
    `text` starts with the printed heading ("มาตรา ๑๒ ...") for sections. `unit` names the
    kind of section: มาตรา in acts and drafts, ข้อ in regulations, announcements and orders.
    """

    block: BlockKind
    number: str
    number_printed: str
    chapter_path: list[str]
    page_start: int
    page_end: int
    text: str
    order: int = 0
    transitional: bool = False
    unit: UnitWord = "มาตรา"


@dataclass
class ParsedDraft:
    title: str
    year: str | None  # "...." while a draft, else the พ.ศ. year as printed
    sections: list[Section]
    page_count: int
    ocr_pages: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unit: UnitWord = "มาตรา"
    ocr_applied: list[int] = field(default_factory=list)  # flagged pages whose text is Tesseract's
    left_out: dict[int, str] = field(default_factory=dict)  # page → why nothing of it is indexed
    ocr_reasons: dict[int, str] = field(default_factory=dict)  # flagged page → why, and what was done
    locator: Literal["page", "paragraph"] = "page"  # what page_start/page_end count (Word: paragraphs)

    @property
    def memorandum(self) -> Section | None:
        return next((s for s in self.sections if s.block == "memo"), None)

    @property
    def legal_sections(self) -> list[Section]:
        return [s for s in self.sections if s.block == "section"]


@dataclass
class Turn:
    """One speaker turn of a transcript; times in seconds (None for untimed notes)."""

    speaker: str
    text: str
    start: float | None = None
    end: float | None = None
    index: int = 0


@dataclass
class Transcript:
    title: str
    date: str | None
    turns: list[Turn]
    fmt: str  # "vtt" | "srt" | "txt"
    warnings: list[str] = field(default_factory=list)


@dataclass
class Chunk:
    """What goes into the index: an id, the text shown to users, the text embedded,
    and flat metadata (str/int/float/bool only, as Chroma requires)."""

    id: str
    text: str
    embed_text: str
    metadata: dict[str, str | int | float | bool]


@dataclass(frozen=True)
class DocInfo:
    """Who a file is in the index: from the manifest, or defaults from its name.

    `version_uid` identifies one ingested content of one version (document key +
    version label + file hash); chunks carry it so a version is published in one step.
    """

    key: str
    title: str
    kind: DocKind
    version: str
    version_uid: str
    source_file: str
    date: str | None = None
    content_hash: str = ""
