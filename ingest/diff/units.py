"""A version as units in reading order, from parsed sections or from the index's chunks.

Headings are not stored as units of their own: each section carries its chapter path. A heading
unit is made where a path first shows it, numbered by its place in the path ("หมวด 3 › ส่วนที่ 1",
since a ส่วน's number restarts in every หมวด) and compared on its title.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from ingest.diff.model import Unit
from ingest.kinds import SESSION_KINDS
from ingest.models import Section, block_label
from ingest.thai import SECTION_SUFFIXES, to_arabic

PATH_SEP = " › "  # how ingest.chunks joins a chapter path into one metadata string
_CONT_LINE = re.compile(r"^[^\n]*\(ต่อ\)[^\n]*\n")  # "มาตรา ๒๑ (ต่อ)" opening parts 2+ of a long section
_SUFFIX = "|".join(sorted(SECTION_SUFFIXES, key=len, reverse=True))
_UNIT_HEAD = re.compile(rf"^\s*(มาตรา|ข้อ)\s*[0-9๐-๙]+(?:\s*/\s*[0-9๐-๙]+)?(?:\s*(?:{_SUFFIX})(?![ก-๛]))?\s*")
_HEADING = re.compile(r"^(ภาค|บรรพ|ลักษณะ|หมวด|ส่วนที่|ส่วน|ตอนที่|ตอน)\s*([0-9๐-๙]+(?:/[0-9๐-๙]+)?)\s*(.*)$", re.S)
_MAP = {"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", **{d: str(i) for i, d in enumerate("๐๑๒๓๔๕๖๗๘๙")}}
_MAPPED = re.compile(f"[{''.join(_MAP)}]")
_DROP = re.compile("[\\s\u200b-\u200d\ufeff]+")  # whitespace (NBSP included) and zero-width characters
_BLOCK_KIND = {"section": "section", "memo": "memo", "preamble": "preamble", "annex": "annex", "page": "page"}


@dataclass(frozen=True)
class Block:
    """The parts of a section that the diff needs, from a parsed Section or from chunk metadata."""

    block: str
    number: str
    number_printed: str
    chapter_path: tuple[str, ...]
    page_start: int | None
    page_end: int | None
    text: str
    order: int
    unit: str = ""  # what the document calls its sections: มาตรา, ข้อ ("" = read it from the text)


@functools.lru_cache(maxsize=16384)
def compare_key(text: str) -> str:
    """What two texts must share to be the same: NFC, Arabic digits, straight quotes, no zero-width
    characters and no whitespace at all (a Thai line break carries no space, extractors differ in
    where they put spaces, and a maiyamok ๆ is printed with or without one before it)."""
    text = _DROP.sub("", unicodedata.normalize("NFC", text))
    return _MAPPED.sub(lambda m: _MAP[m.group(0)], text)  # a regex scan: str.translate is 10x slower here


def blocks_from_sections(sections: Iterable[Section]) -> list[Block]:
    return [Block(s.block, s.number, s.number_printed, tuple(s.chapter_path), s.page_start, s.page_end, s.text,
                  s.order, getattr(s, "unit", "")) for s in sections]


def blocks_from_chunks(records: Iterable[tuple[str, dict]]) -> list[Block]:
    """One version's chunks, (text, metadata), put back together into its sections (a session's
    windows of speaker turns have none)."""
    parts: dict[int, list[tuple[int, str, dict]]] = {}
    for text, meta in records:
        if meta.get("block") == "turns" or meta.get("kind") in SESSION_KINDS:
            continue
        parts.setdefault(int(meta.get("section_order", 0)), []).append((int(meta.get("part", 0)), text, meta))
    out = []
    for order in sorted(parts):
        rows = sorted(parts[order], key=lambda r: r[0])
        meta = rows[0][2]
        texts = [t if i == 0 else _CONT_LINE.sub("", t, count=1) for i, (_, t, _) in enumerate(rows)]
        path = str(meta.get("chapter_path", ""))
        start, end = int(meta.get("page_start", -1)), int(meta.get("page_end", -1))
        out.append(Block(
            block=str(meta.get("block", "section")), number=str(meta.get("section", "")),
            number_printed=str(meta.get("section_printed", "")),
            chapter_path=tuple(path.split(PATH_SEP)) if path else (),
            page_start=start if start > 0 else None, page_end=end if end > 0 else None,
            text="\n".join(t.strip("\n") for t in texts), order=order, unit=str(meta.get("unit", "")),
        ))
    return out


def units_of(blocks: Iterable[Block]) -> list[Unit]:
    """Units in reading order: each heading where it first appears, then the block."""
    out: list[Unit] = []
    seen_path: tuple[str, ...] = ()
    for b in sorted(blocks, key=lambda b: b.order):
        if b.block == "section" and b.chapter_path != seen_path:
            for depth, heading in enumerate(b.chapter_path):
                if depth < len(seen_path) and seen_path[depth] == heading:
                    continue
                out.append(_heading_unit(b.chapter_path[: depth + 1], b, len(out)))
            seen_path = b.chapter_path
        out.append(_block_unit(b, len(out)))
    return _unique_numbers(out)


def _block_unit(b: Block, order: int) -> Unit:
    kind = _BLOCK_KIND.get(b.block, "section")
    if kind == "section":
        m = _UNIT_HEAD.match(b.text)
        word = b.unit or (m.group(1) if m else "มาตรา")
        label = f"{word} {b.number_printed}".strip()
        body_start = m.end() if m else 0
        if not m and b.number_printed and b.text.startswith(b.number_printed):  # "บัญชีอัตราอากรแสตมป์ 1"
            label, body_start = b.number_printed, len(b.number_printed)
        number = b.number
    elif kind == "page":
        label, body_start, number = f"หน้า {b.page_start}", 0, str(b.page_start)
    else:  # the memorandum, the preamble; a schedule after the signature by its heading ("อัตราค่าธรรมเนียม")
        label, body_start, number = block_label(kind, PATH_SEP.join(b.chapter_path)) or kind, 0, ""
    return Unit(kind, number, label, b.text, body_start, b.chapter_path, b.page_start, b.page_end, order)  # type: ignore[arg-type]


def _heading_unit(path: tuple[str, ...], b: Block, order: int) -> Unit:
    """A heading numbered by its path ("หมวด 3 › ส่วนที่ 1") and compared on its title."""
    names = []
    for heading in path:
        m = _HEADING.match(heading.strip())
        names.append(f"{m.group(1)} {to_arabic(m.group(2))}" if m else heading.strip())
    text = path[-1].strip()
    m = _HEADING.match(text)
    body_start = len(text) - len(m.group(3)) if m and m.group(3) else (len(text) if m else 0)
    return Unit("heading", PATH_SEP.join(names), text[:body_start].strip() or text, text, body_start,
                path[:-1], b.page_start, b.page_start, order)


def _unique_numbers(units: list[Unit]) -> list[Unit]:
    """A number printed twice in one version (a parser slip, or a real duplicate) keeps both units
    apart: the second becomes "12#2"."""
    seen: dict[tuple[str, str], int] = {}
    out = []
    for u in units:
        key = (u.kind, u.number)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            u = Unit(u.kind, f"{u.number}#{seen[key]}", u.label, u.text, u.body_start, u.chapter_path,
                     u.page_start, u.page_end, u.order)
        out.append(u)
    return out
