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
from service.qa.question import PENALTY_KINDS, find_facts
from service.qa.retrieve import Hit

_REF = re.compile(r"มาตรา\s*([0-9๐-๙]+(?:\s*/\s*[0-9๐-๙]+)?(?:\s*(?:ทวิ|ตรี|จัตวา))?)")
DUTY_SHARE = 0.3  # a retrieved penalty clause answers when a duty it names holds this share of the question


def penalty_clauses(snap: Snapshot, uid: str) -> dict[str, list[tuple[str, int]]]:
    """section number → [(section group, unit index)] of the penalty clauses that name it."""

    def build() -> dict[str, list[tuple[str, int]]]:
        out: dict[str, list[tuple[str, int]]] = {}
        prefix = f"{uid}|s|"
        for group in (g for g in snap.groups if g.startswith(prefix)):
            own = group.rsplit("|", 1)[1]
            for i, unit in enumerate(snap.passage(group).units):
                for number in named_sections(unit.text, own):
                    out.setdefault(number, []).append((group, i))
        return out

    return snap.derived(("penalties", uid), build)  # type: ignore[no-any-return]


def named_sections(text: str, own: str) -> list[str]:
    """The sections a penalty clause names ("ผู้ใดไม่ปฏิบัติตามมาตรา ๓๐ หรือมาตรา ๓๑ ต้องระวางโทษ…"),
    not its own heading; none when the text sets no penalty."""
    if not find_facts(text, PENALTY_KINDS):
        return []
    out = []
    for m in _REF.finditer(text):
        try:
            number = normalize_section_number(m.group(1))
        except ValueError:
            continue
        if number != own and number not in out:
            out.append(number)
    return out


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
        return _penalty_found(snap, hits, weights)
    cov, _, group, i, duty = best
    return _hit(snap, hits, group), _clause(snap.passage(group).units[i], cov), duty


def _penalty_found(snap: Snapshot, hits: list[Hit], weights: dict[str, float]) -> tuple[Hit, Choice, Hit] | None:
    """Retrieval found the penalty clause itself: it answers when a duty it names says what the
    question describes (the duty's passage holds at least DUTY_SHARE of the question's words)."""
    best: tuple[float, Hit, int, str] | None = None
    for penalty in hits[:3]:
        m = penalty.meta
        if m.get("block") != "section":
            continue
        uid, own = str(m.get("version_uid", "")), str(m.get("section"))
        for i, unit in enumerate(snap.passage(penalty.key).units):
            for number in named_sections(unit.text, own):
                group = f"{uid}|s|{number}"
                if group not in snap.groups:
                    continue
                cov = coverage(weights, snap.passage(group).whole)
                if cov >= DUTY_SHARE and (best is None or cov > best[0]):
                    best = (cov, penalty, i, group)
    if best is None:
        return None
    _, penalty, i, group = best
    clause = snap.passage(penalty.key)
    return penalty, _clause(clause.units[i], coverage(weights, clause.folded[i])), _hit(snap, hits, group)


def _hit(snap: Snapshot, hits: list[Hit], group: str) -> Hit:
    """The retrieved hit of a section, or one made for it when retrieval did not bring it."""
    rows = snap.groups[group]
    return next((h for h in hits if h.key == group), None) or Hit(group, rows, rows[0], 0.0)


def _clause(unit: Unit, cov: float) -> Choice:
    """A penalty clause, quoted whole, as the unit that answers."""
    return Choice(unit, unit.text, cov, cov, find_facts(unit.text, PENALTY_KINDS), cov + FACT_BONUS)
