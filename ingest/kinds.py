"""What kind of document a file is: draft, act, regulation, transcript or note.

The kind is a label a reader must see (a draft is not law in force) and a filter; how a file is
read depends on its type. PDF and Word files are legal texts (draft, act, regulation) or notes
read like them; .vtt/.srt/.txt are sessions: a transcript, or typed notes of one (note).
Chunks of a session carry `block: "turns"` whatever their kind.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import get_args

from ingest.models import DocKind, IngestError

KINDS: tuple[str, ...] = get_args(DocKind)
SESSION_KINDS = frozenset({"transcript", "note"})  # read as speaker turns (.vtt, .srt, .txt)
TEXT_KINDS = frozenset({"draft", "act", "regulation", "note"})  # read as a legal text (.pdf, .docx)
SESSION_EXT = frozenset({".vtt", ".srt", ".txt"})
TEXT_EXT = frozenset({".pdf", ".docx"})

# A title opens with what it is, after an optional "ร่าง" / "(ร่าง)" that makes it a draft:
# "ประกาศกระทรวง... ตามพระราชบัญญัติโรงงาน" is a regulation, "พระราชบัญญัติโรงงาน (ฉบับที่ ๒)" an act.
_TYPE_WORDS = {
    "พระราชบัญญัติ": "act",
    "พ.ร.บ.": "act",
    "พระราชกำหนด": "act",
    "ประมวลกฎหมาย": "act",
    "พระราชกฤษฎีกา": "regulation",
    "กฎกระทรวง": "regulation",
    "ระเบียบ": "regulation",
    "ประกาศ": "regulation",
    "คำสั่ง": "regulation",
    "ข้อบังคับ": "regulation",
}
_TYPES = "|".join(re.escape(w) for w in sorted(_TYPE_WORDS, key=len, reverse=True))
_TITLE_RE = re.compile(rf"^(\(\s*ร่าง\s*\)|ร่าง)?\s*({_TYPES})(?!วาระ|ใช้)")
_MEMO_OF_DRAFT_RE = re.compile(rf"ประกอบ\s*ร่าง\s*(?:{_TYPES})")


def check_kind(kind: str, where: str) -> str:
    if kind not in KINDS:
        raise IngestError(f"{where}: kind must be one of {', '.join(KINDS)} (got {kind!r})")
    return kind


def guess_kind(path: Path, title: str = "", lead: str = "") -> DocKind:
    """The kind of a file whose manifest (or upload form) names none.

    Sessions (.vtt, .srt, .txt) are transcripts, as before (typed notes are `note` only when
    named so). A PDF or Word file is judged by the type word its title opens with, else the
    first of its opening lines (`lead`) that opens with one: "ร่าง" or "(ร่าง)" before it →
    draft; พระราชบัญญัติ/พระราชกำหนด/ประมวลกฎหมาย → act; กฎกระทรวง/ระเบียบ/ประกาศ/คำสั่ง (and
    พระราชกฤษฎีกา, ข้อบังคับ) → regulation; a memorandum "ประกอบร่าง..." → draft; nothing → draft,
    the kind every document had before kinds were told apart.
    """
    ext = path.suffix.lower()
    if ext in SESSION_EXT:
        return "transcript"
    if ext not in TEXT_EXT:
        raise IngestError(f"unsupported file type {ext or '(none)'}: expected .pdf, .docx, .vtt, .srt or .txt")
    for text in (title, lead):
        found = _from_text(text)
        if found is not None:
            return found
    return "draft"


def _from_text(text: str) -> DocKind | None:
    """The kind named by the first line that opens with a type word (a lone "ร่าง" line joins the next)."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if line]
    for i, line in enumerate(lines[:12]):
        if re.fullmatch(r"\(?\s*ร่าง\s*\)?", line) and i + 1 < len(lines):
            line = f"{line} {lines[i + 1]}"
        if m := _TITLE_RE.match(line):
            return "draft" if m.group(1) else _TYPE_WORDS[m.group(2)]  # type: ignore[return-value]
        if _MEMO_OF_DRAFT_RE.search(line):  # a memorandum first: "...ประกอบร่างพระราชบัญญัติ..."
            return "draft"
    return None


def kind_fits_file(kind: str, path: Path) -> None:
    """A session file cannot be a legal text, nor a PDF or Word file a transcript."""
    ext = path.suffix.lower()
    if ext in SESSION_EXT and kind not in SESSION_KINDS:
        raise IngestError(f"{ext} files are sessions (kind transcript or note); the manifest says kind {kind}")
    if ext in TEXT_EXT and kind not in TEXT_KINDS:
        raise IngestError(f"a {ext} file is read as a document (kind draft, act, regulation or note), "
                          f"not as kind {kind}")
