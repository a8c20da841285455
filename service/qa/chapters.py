"""A question about a chapter ("หมวด ๓ ว่าด้วยเรื่องอะไร", "หมวด 6 มีกี่มาตรา", "what is chapter 9 about"):
answered by the chapter's own sections, first in its order, and led by its heading and the sections it
holds ("หมวด ๓ การขนส่งกากอุตสาหกรรม: มาตรา ๒๐ ถึงมาตรา ๒๖ (๘ มาตรา)"). Chapters are read once per version
and snapshot from each section's `chapter_path`, as ingest recorded it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.thai import to_arabic, to_thai_digits
from service.qa.index import Snapshot

_CHAPTER = re.compile(r"หมวด\s*(?:ที่\s*)?([0-9]+)|\bchapter\s+([0-9]+)", re.IGNORECASE)
_HEADING = re.compile(r"หมวด\s*([0-9๐-๙]+)")
SHOWN = 3  # the chapter's first sections put first (the rest follow in retrieval's order)


@dataclass
class Chapter:
    heading: str  # "หมวด ๓ การขนส่งกากอุตสาหกรรม", as printed
    keys: list[str] = field(default_factory=list)  # its sections' hit keys, in the chapter's order
    sections: list[str] = field(default_factory=list)  # their numbers ("20", "22/1")

    def lead(self, lang: str) -> str:
        first, last, n = self.sections[0], self.sections[-1], len(self.sections)
        if lang == "en":
            span = f"section {first}" if n == 1 else f"sections {first} to {last}"
            return f"{self.heading}: {span} ({n} section{'s' if n > 1 else ''})"
        span = f"มาตรา {first}" if n == 1 else f"มาตรา {first} ถึงมาตรา {last}"
        return f"{self.heading}: {to_thai_digits(span)} ({to_thai_digits(str(n))} มาตรา)"


def chapters_of(snap: Snapshot, uid: str) -> dict[str, Chapter]:
    """Chapter number (Arabic digits) → the chapter, for one version."""

    def build() -> dict[str, Chapter]:
        out: dict[str, Chapter] = {}
        prefix = f"{uid}|s|"
        groups = sorted((g for g in snap.groups if g.startswith(prefix)),
                        key=lambda g: int(snap.groups[g][0].meta.get("section_order", 0) or 0))
        for group in groups:
            meta = snap.groups[group][0].meta
            top = str(meta.get("chapter_path", "")).split(" › ")[0].strip()
            m = _HEADING.match(top)
            if not m:
                continue
            chapter = out.setdefault(to_arabic(m.group(1)), Chapter(top))
            chapter.keys.append(group)
            chapter.sections.append(str(meta.get("section")))
        return out

    return snap.derived(("chapters", uid), build)  # type: ignore[no-any-return]


def chapter_named(snap: Snapshot, uids: list[str], question: str, ranked: list) -> Chapter | None:
    """The chapter a question names; of several documents with that chapter, the one whose section
    retrieval ranks best."""
    m = _CHAPTER.search(to_arabic(question))
    if not m:
        return None
    number = m.group(1) or m.group(2)
    found = [c for uid in uids if (c := chapters_of(snap, uid).get(number)) is not None]
    if len(found) > 1:
        rank = {h.key: i for i, h in enumerate(ranked)}
        found.sort(key=lambda c: min((rank.get(k, len(ranked)) for k in c.keys), default=len(ranked)))
    return found[0] if found else None


def chapter_first(snap: Snapshot, ranked: list, chapter: Chapter, make_hit) -> list:
    """The chapter's first sections first, marked as named (the question named them), then the rest."""
    by_key = {h.key: h for h in ranked}
    top = ranked[0].score if ranked else 1.0
    first = []
    for key in chapter.keys[:SHOWN]:
        hit = by_key.pop(key, None) or make_hit(key, snap.groups[key])
        hit.named, hit.score = True, top + 1.0
        first.append(hit)
    return first + [h for h in ranked if h.key in by_key]
