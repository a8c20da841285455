"""A DocumentDiff as plain data (the JSON of the API and the CLI), and the pieces every
rendering shares: Thai status words, Thai dates, text cut into changed and unchanged runs."""

from __future__ import annotations

from dataclasses import asdict

from ingest.diff.model import DocumentDiff, UnitDiff, VersionRef
from ingest.thai import to_thai_digits

STATUS_TH = {"amended": "แก้ไข", "added": "เพิ่มใหม่", "removed": "ตัดออก", "renumbered": "เปลี่ยนเลข",
             "unchanged": "คงเดิม"}
_MONTHS_TH = ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม",
              "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม")


def diff_to_dict(d: DocumentDiff, *, unchanged: bool = True) -> dict:
    """`counts` are of sections (มาตรา/ข้อ); `sections` also holds headings, the memorandum and the
    preamble, each with its `kind`. `unchanged=False` leaves out what did not change."""
    return {
        "document": d.document,
        "title": d.title,
        "from": _version(d.old),
        "to": _version(d.new),
        "counts": d.counts("section"),
        "sections": [unit_to_dict(u) for u in d.units if unchanged or u.changed],
    }


def _version(v: VersionRef) -> dict:
    return {"version": v.label, "date": v.date or None}


def unit_to_dict(u: UnitDiff) -> dict:
    o, n = u.old, u.new
    return {
        "kind": u.kind,
        "section": n.number if n else None,
        "old_section": o.number if o else None,
        "label": n.label if n else None,
        "old_label": o.label if o else None,
        "status": u.status,
        "old_text": o.text if o else None,
        "new_text": n.text if n else None,
        "changes": [asdict(c) for c in u.changes],
        "figures": [{"old": a, "new": b} for a, b in u.figures],
        "summary": u.summary,
        "related": u.related or None,
        "similarity": round(u.similarity, 3),
        "chapter_path": list(n.chapter_path) if n else None,
        "old_chapter_path": list(o.chapter_path) if o else None,
        "pages_old": [o.page_start, o.page_end] if o and o.page_start else None,
        "pages_new": [n.page_start, n.page_end] if n and n.page_start else None,
    }


def thai_date(iso: str) -> str:
    """'2025-06-16' → '๑๖ มิถุนายน ๒๕๖๘' (Buddhist era); anything else as given."""
    try:
        y, m, day = (int(x) for x in iso.split("-"))
        return to_thai_digits(f"{day} {_MONTHS_TH[m - 1]} {y + 543}")
    except (ValueError, IndexError):
        return iso


def version_line(v: VersionRef) -> str:
    return f"{v.label} ({thai_date(v.date)})" if v.date else v.label


def segments(u: UnitDiff, side: str) -> list[tuple[str, bool]]:
    """The old or new text as runs of (text, changed), from the word changes' offsets."""
    unit = u.old if side == "old" else u.new
    if unit is None:
        return []
    spans = sorted((c.old_start, c.old_end) if side == "old" else (c.new_start, c.new_end) for c in u.changes)
    out: list[tuple[str, bool]] = []
    pos = 0
    for start, end in spans:
        if end <= start or start < pos:
            continue
        if start > pos:
            out.append((unit.text[pos:start], False))
        out.append((unit.text[start:end], True))
        pos = end
    if pos < len(unit.text):
        out.append((unit.text[pos:], False))
    return out
