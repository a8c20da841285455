"""Penalties are set apart from the duties they punish: "ผู้ใดไม่ปฏิบัติตามมาตรา ๒๖ ต้องระวางโทษ…".

For a question about a penalty, retrieval finds the duty (มาตรา ๒๖); the answer is the penalty
clause that names it. Each version's penalty clauses are indexed by the sections they name,
once per snapshot. No clause naming the duty means the draft sets no penalty for it.
"""

from __future__ import annotations

import re

from ingest.thai import normalize_section_number
from service.qa.extractive import FACT_BONUS, Choice, Unit, coverage
from service.qa.index import Snapshot
from service.qa.question import find_facts
from service.qa.retrieve import Hit

_REF = re.compile(r"มาตรา\s*([0-9๐-๙]+(?:\s*/\s*[0-9๐-๙]+)?(?:\s*(?:ทวิ|ตรี|จัตวา))?)")
PENALTY_FACTS = ("jail", "fine")


def penalty_clauses(snap: Snapshot, uid: str) -> dict[str, list[tuple[str, int]]]:
    """section number → [(section group, unit index)] of the penalty clauses that name it."""

    def build() -> dict[str, list[tuple[str, int]]]:
        out: dict[str, list[tuple[str, int]]] = {}
        prefix = f"{uid}|s|"
        for group in (g for g in snap.groups if g.startswith(prefix)):
            passage = snap.passage(group)
            for i, unit in enumerate(passage.units):
                if not find_facts(unit.text, PENALTY_FACTS):
                    continue
                for m in _REF.finditer(unit.text):
                    try:
                        number = normalize_section_number(m.group(1))
                    except ValueError:
                        continue
                    out.setdefault(number, []).append((group, i))
        return out

    return snap.derived(("penalties", uid), build)  # type: ignore[no-any-return]


def linked_penalty(snap: Snapshot, hits: list[Hit], weights: dict[str, float]) -> tuple[Hit, Choice, Hit] | None:
    """The penalty clause that names one of the top duty sections and shares the most of the
    question's words (the higher-ranked duty on a tie): (penalty hit, its clause as the choice,
    the duty hit), or None."""
    best: tuple[float, int, str, int, Hit] | None = None
    for rank, duty in enumerate(hits[:3]):
        m = duty.meta
        if m.get("block") != "section":  # a session has no sections
            continue
        for group, i in penalty_clauses(snap, str(m.get("version_uid", ""))).get(str(m.get("section")), []):
            if group == duty.key:
                continue
            cov = coverage(weights, snap.passage(group).folded[i])
            if best is None or (cov, -rank) > (best[0], -best[1]):
                best = (cov, rank, group, i, duty)
    if best is None:
        return None
    cov, _, group, i, duty = best
    rows = snap.groups[group]
    hit = next((h for h in hits if h.key == group), None) or Hit(group, rows, rows[0], 0.0)
    unit: Unit = snap.passage(group).units[i]
    return hit, Choice(unit, unit.text, cov, cov, find_facts(unit.text, PENALTY_FACTS), cov + FACT_BONUS), duty
