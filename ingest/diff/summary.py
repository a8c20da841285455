"""One line per changed unit, in Thai, naming the figures that moved ("ห้าปี → สิบปี")."""

from __future__ import annotations

import re

from ingest.diff.model import Change, Unit, UnitDiff
from ingest.diff.units import compare_key
from ingest.diff.words import words
from ingest.facts import Fact, find_facts
from ingest.thai import to_thai_digits

FIGURE_KINDS = ("time", "money", "count", "percent")  # quantities with a unit (ingest.facts)
_CLIP = 40
_SPACE = re.compile(r"\s+")
_REFERENCE = re.compile(r"(?:มาตรา|หมวด|วรรค|ข้อ)$")
_PARTS_MAX = 4  # figures and word changes named in one summary


def changed_figures(old: str, new: str, changes: list[Change]) -> tuple[list[tuple[str, str]], set[int]]:
    """Quantities that a replacement changed, paired old → new by kind, and the indexes of the
    changes they account for. A figure inside added or deleted words is not a changed figure: the
    words are named instead ("เพิ่ม “ผู้แทน…อย่างน้อยหนึ่งคน”")."""
    old_facts, new_facts = _figures(old), _figures(new)
    figures: list[tuple[str, str]] = []
    covered: set[int] = set()
    for k, c in enumerate(changes):
        if c.op != "replace":
            continue
        was = [f for f in old_facts if _touches(f, c.old_start, c.old_end)]
        now = [f for f in new_facts if _touches(f, c.new_start, c.new_end)]
        for a, b in _pair(was, now):
            if compare_key(a) != compare_key(b):
                covered.add(k)
                if (a, b) not in figures:
                    figures.append((a, b))
    return figures, covered


def _figures(text: str) -> list[Fact]:
    """Quantities of a text, without references that read like counts ("วรรคสอง มาตรา ๒๓")."""
    return [f for f in find_facts(text, FIGURE_KINDS)
            if not _REFERENCE.search(f.text) and not text[:f.start].rstrip().endswith("วรรค")]


def _touches(f: Fact, start: int, end: int) -> bool:
    if start == end:  # an insertion point: inside the figure, not at its edge
        return f.start < start < f.end
    return f.start < end and f.end > start


def _pair(was: list[Fact], now: list[Fact]) -> list[tuple[str, str]]:
    """Old and new figures of one change, each old one with the first new one of its kind; a
    figure with no counterpart is left to the words that changed."""
    free = list(now)
    out = []
    for a in was:
        b = next((f for f in free if f.kind == a.kind), None)
        if b is not None:
            free.remove(b)
        if b is not None:
            out.append((a.text, b.text))
    return out


def summarize(d: UnitDiff) -> str:
    o, n = d.old, d.new
    if d.status == "added" and n:
        lead = f" (แยกจาก{d.related} เดิม)" if d.related else f": {clip(n.body)}"
        return f"เพิ่ม{_name(n)}{lead}"
    if d.status == "removed" and o:
        return f"ตัด{_name(o)} ออก" + (f" (รวมเข้ากับ{d.related})" if d.related else "")
    if not (o and n):
        return ""
    if d.status == "renumbered":
        return f"{o.label} เดิม เปลี่ยนเป็น{n.label} ข้อความไม่เปลี่ยน"
    if d.status == "unchanged":
        return f"ย้ายจาก{_path(o)} ไป{_path(n)}" if d.moved else ""
    parts = [f"{o.label} เดิม"] if o.number != n.number else []
    if d.kind == "heading":
        return "; ".join([*parts, f"ชื่อ{n.label}: “{clip(o.body)}” → “{clip(n.body)}”"])
    _, covered = changed_figures(o.text, n.text, d.changes)
    rest = [c for k, c in enumerate(d.changes) if k not in covered]
    room = _PARTS_MAX - len(parts) - len(d.figures)
    if len(rest) > room:  # name the biggest changes (in text order), count the others
        room = max(room - 1, 0)
        keep = set(sorted(range(len(rest)), key=lambda k: -len(rest[k].old + rest[k].new))[:room])
        more = len(rest) - len(keep)
        rest = [c for k, c in enumerate(rest) if k in keep]
    else:
        more = 0
    named = [f"{a} → {b}" for a, b in d.figures] + [_change(c) for c in rest]
    if more:
        named.append(f"และแก้ไขอีก {to_thai_digits(str(more))} แห่ง")
    return "; ".join(parts + named) or "แก้ไขถ้อยคำ"


def _name(u: Unit) -> str:
    return u.text.strip() if u.kind == "heading" else u.label


def _path(u: Unit) -> str:
    return u.chapter_path[-1] if u.chapter_path else "ต้นร่าง"


def _change(c: Change) -> str:
    if c.op == "insert":
        return f"เพิ่ม “{clip(c.new)}”"
    if c.op == "delete":
        return f"ตัด “{clip(c.old)}”"
    return f"“{clip(c.old)}” → “{clip(c.new)}”"


def clip(text: str, limit: int = _CLIP) -> str:
    """One line of at most about `limit` characters, cut between words."""
    text = _SPACE.sub(" ", text).strip()
    if len(text) <= limit:
        return text
    cut = max((end for _, _, end in words(text) if end <= limit), default=limit)
    return text[:cut].rstrip() + "…"
