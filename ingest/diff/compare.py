"""Two versions' units → one DocumentDiff, in the newer version's reading order."""

from __future__ import annotations

from ingest.diff.align import align, split_source
from ingest.diff.model import DocumentDiff, Unit, UnitDiff, VersionRef
from ingest.diff.summary import changed_figures, summarize
from ingest.diff.units import compare_key
from ingest.diff.words import word_changes


def compare_units(old: list[Unit], new: list[Unit]) -> list[UnitDiff]:
    """Every unit of either version once: aligned within its kind, word-diffed when amended,
    summarised, then put in reading order (a removed unit after what preceded it)."""
    out: list[UnitDiff] = []
    for kind in dict.fromkeys(u.kind for u in [*old, *new]):
        olds = [u for u in old if u.kind == kind]
        news = [u for u in new if u.kind == kind]
        for o, n, sim in align(olds, news):
            d = _unit_diff(o, n, sim)
            if kind == "section" and d.status == "added" and n:
                source = split_source(n, olds)
                d.related = source.label if source else ""
            elif kind == "section" and d.status == "removed" and o:
                target = split_source(o, news)
                d.related = target.label if target else ""
            d.summary = summarize(d)
            out.append(d)
    return _reading_order(out, old)


def diff_versions(document: str, title: str, old_ref: VersionRef, new_ref: VersionRef,
                  old: list[Unit], new: list[Unit]) -> DocumentDiff:
    return DocumentDiff(document, title, old_ref, new_ref, compare_units(old, new))


def _unit_diff(o: Unit | None, n: Unit | None, sim: float) -> UnitDiff:
    kind = (n or o).kind  # type: ignore[union-attr]
    if o is None:
        return UnitDiff(kind, "added", None, n, similarity=0.0)
    if n is None:
        return UnitDiff(kind, "removed", o, None, similarity=0.0)
    if compare_key(o.body) == compare_key(n.body):
        return UnitDiff(kind, "unchanged" if o.number == n.number else "renumbered", o, n)
    changes = word_changes(o.body, n.body, o.body_start, n.body_start)
    figures, _ = changed_figures(o.text, n.text, changes)
    return UnitDiff(kind, "amended", o, n, changes, figures, similarity=sim)


def _reading_order(diffs: list[UnitDiff], old: list[Unit]) -> list[UnitDiff]:
    """New units by their place; a removed one just after the new place of the old unit before it."""
    new_place = {d.old.order: d.new.order for d in diffs if d.old and d.new}
    after: dict[int, float] = {}
    last = -1.0
    for u in sorted(old, key=lambda u: u.order):
        last = new_place.get(u.order, last)
        after[u.order] = last

    def key(d: UnitDiff) -> tuple[float, int]:
        if d.new is not None:
            return (float(d.new.order), 0)
        return (after.get(d.old.order, -1.0) + 0.5, d.old.order)  # type: ignore[union-attr]

    return sorted(diffs, key=key)
