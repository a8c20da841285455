"""A section's lists: a paragraph that introduces items ("…ดังต่อไปนี้", "…เกิดจาก") and its items.

An item alone ("(๑) เหตุสุดวิสัย") does not say what it is an item of, and its lead-in alone
does not say the asked fact; the answer is the two together, quoted as one verbatim span of
the passage from the end of the lead-in to the item. A question may also name an item itself
("ข้อ (๔)", "อนุมาตรา (๒)", "item 3"): that item is what it asks about.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.thai import to_arabic

ITEM_START = re.compile(r"^\((?:[0-9๐-๙]{1,3}|[ก-ฮ])\)\s")
# "ข้อ (๔)", "อนุมาตรา ๒", "มาตรา ๑๖ (๔)", "item 3"; a bare "ข้อ ๓" is a clause of a regulation (its
# section), not an item
_NAMED_ITEM = re.compile(r"\(([0-9๐-๙]{1,3})\)|(?:อนุ(?:มาตรา)?|\bitem|\bsub-?section)\s*\(?([0-9๐-๙]{1,3})(?![0-9๐-๙])",
                         re.I)


@dataclass(frozen=True)
class Span:
    """Where a unit lies in its passage's text, and the item it belongs to (None outside a list)."""

    start: int
    end: int
    item: str | None  # the item's number in Arabic digits, for every piece of a long item
    lead: int | None  # the index of the unit that introduces the list this unit is an item of


def layout(text: str, units: Sequence[str]) -> list[Span] | None:
    """Each unit's place in `text` and its list; None when a unit cannot be found verbatim."""
    spans: list[Span] = []
    pos = 0
    item: str | None = None
    lead: int | None = None
    for i, unit in enumerate(units):
        start = text.find(unit, pos)
        if start < 0:
            return None
        gap = text[pos:start] if i else ""
        m = ITEM_START.match(unit)
        if m:
            if item is None:  # a list starts: the unit before it introduces it
                lead = _root(spans, i - 1)
            item = to_arabic(m.group(0)[1:-2])
        elif "\n" in gap:  # a new paragraph ends the list; a piece of a long item stays in it
            item, lead = None, None
        spans.append(Span(start, start + len(unit), item, lead if item is not None else None))
        pos = start + len(unit)
    return spans


def _root(spans: list[Span], i: int) -> int | None:
    """The unit that introduces a list: the last piece of the paragraph before the first item,
    unless that paragraph is itself an item of an earlier list."""
    if i < 0 or spans[i].item is not None:
        return None
    return i


def named_items(question: str) -> set[str]:
    """The item numbers (Arabic digits) a question names: "ข้อ (๔)" → {"4"}."""
    return {to_arabic(m.group(1) or m.group(2)) for m in _NAMED_ITEM.finditer(question)}
