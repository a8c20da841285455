"""What a comparison of two versions of a document is made of.

A version is read as a list of units in reading order: the preamble, headings (หมวด, ส่วน …), the
sections (มาตรา or ข้อ) and the memorandum (บันทึกหลักการและเหตุผล). Two versions compared give one
`UnitDiff` per unit of either: its status, the word changes inside it and a one-line summary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

UnitKind = Literal["section", "heading", "memo", "preamble", "annex", "page"]
Status = Literal["unchanged", "amended", "added", "removed", "renumbered"]
STATUSES: tuple[Status, ...] = ("amended", "added", "removed", "renumbered", "unchanged")
ChangeOp = Literal["replace", "insert", "delete"]


class DiffError(Exception):
    """Two versions cannot be compared; the message is one line meant for a user."""


class UnknownDocument(DiffError):
    pass


class UnknownVersion(DiffError):
    pass


class NotComparable(DiffError):
    """A transcript, or a document with a single version and no `from` given."""


@dataclass(frozen=True)
class Unit:
    """One citable or structural piece of a version.

    `number` is normalised and unique per kind within a version ("22/1", "หมวด 3 › ส่วนที่ 1", ""
    for the memorandum); `label` is what the document printed ("มาตรา ๒๒/๑", "หมวด ๓"). `text` is the
    whole text as shown; `body_start` is where the compared text begins (after "มาตรา ๒๒/๑"), so that
    a renumbered section's heading is not read as an amendment.
    """

    kind: UnitKind
    number: str
    label: str
    text: str
    body_start: int = 0
    chapter_path: tuple[str, ...] = ()
    page_start: int | None = None
    page_end: int | None = None
    order: int = 0

    @property
    def body(self) -> str:
        return self.text[self.body_start:]


@dataclass(frozen=True)
class Change:
    """One run of changed words. Offsets are into the old and the new unit's `text`; an insertion
    has `old_start == old_end` (where it goes in the old text), a deletion `new_start == new_end`."""

    op: ChangeOp
    old: str
    new: str
    old_start: int
    old_end: int
    new_start: int
    new_end: int


@dataclass
class UnitDiff:
    kind: UnitKind
    status: Status
    old: Unit | None
    new: Unit | None
    changes: list[Change] = field(default_factory=list)
    figures: list[tuple[str, str]] = field(default_factory=list)  # changed quantities, old → new
    summary: str = ""
    similarity: float = 1.0  # of the compared bodies, 0–1 (1 when the text is the same)
    related: str = ""  # another unit's label: the one an added unit was split from, a removed one merged into

    @property
    def number(self) -> str:
        unit = self.new or self.old
        return unit.number if unit else ""

    @property
    def changed(self) -> bool:
        return self.status != "unchanged" or self.moved

    @property
    def moved(self) -> bool:
        """Same text and number, under another heading."""
        return bool(self.old and self.new and self.kind == "section"
                    and self.old.chapter_path != self.new.chapter_path)


@dataclass(frozen=True)
class VersionRef:
    label: str
    date: str = ""
    title: str = ""


@dataclass
class DocumentDiff:
    document: str
    title: str
    old: VersionRef
    new: VersionRef
    units: list[UnitDiff]

    def counts(self, kind: UnitKind = "section") -> dict[str, int]:
        out = dict.fromkeys(STATUSES, 0)
        for u in self.units:
            if u.kind == kind:
                out[u.status] += 1
        return out

    def changed(self) -> list[UnitDiff]:
        return [u for u in self.units if u.changed]

    def section(self, number: str) -> UnitDiff | None:
        """The fate of one section: by its number in the new version, else (removed, or renumbered
        away) by its number in the old one."""
        for side in ("new", "old"):
            for u in self.units:
                unit = getattr(u, side)
                if u.kind == "section" and unit is not None and unit.number == number:
                    return u
        return None
