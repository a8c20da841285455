"""Penalties are set apart from the duties they punish: "ผู้ใดไม่ปฏิบัติตามมาตรา ๒๖ ต้องระวางโทษ…".

For a question about a penalty, retrieval finds the duty (มาตรา ๒๖); the answer is the penalty
clause that names it. Each version's penalty clauses are indexed by the sections they name,
once per snapshot. No clause naming the duty means the draft sets no penalty for it.
"""

from __future__ import annotations

import re

from ingest.thai import normalize_section_number, to_arabic
from service.qa.extractive import FACT_BONUS, Choice, Unit, coverage
from service.qa.index import Snapshot
from service.qa.question import PENALTY_KINDS, find_facts
from service.qa.retrieve import Hit

_REF = re.compile(r"มาตรา\s*([0-9๐-๙]+(?:\s*/\s*[0-9๐-๙]+)?(?:\s*(?:ทวิ|ตรี|จัตวา))?)")
LINK_DEPTH = 3  # the top hits a penalty is linked through
DUTY_SHARE = 0.3  # a retrieved penalty clause answers when a duty it names holds this share of the question


def penalty_clauses(snap: Snapshot, uid: str) -> dict[str, list[tuple[str, int, int]]]:
    """section number → [(section group, first unit, last unit)] of the penalty clauses that name it.
    A clause is usually one unit; when the duty named and the penalty fall in two (a printed line
    that starts "(๕) หรือ (๘) หรือประกาศ… ต้องระวางโทษ…" is read as an item), it runs from the unit
    that names the section to the next that sets the penalty."""

    def build() -> dict[str, list[tuple[str, int, int]]]:
        out: dict[str, list[tuple[str, int, int]]] = {}
        prefix = f"{uid}|s|"
        for group in (g for g in snap.groups if g.startswith(prefix)):
            own = group.rsplit("|", 1)[1]
            units = snap.passage(group).units
            penal = [i for i, unit in enumerate(units) if find_facts(unit.text, PENALTY_KINDS)]
            for i, unit in enumerate(units):
                last = next((j for j in penal if j >= i), None)
                if last is None:
                    break
                for number in _refs(unit.text, own):
                    out.setdefault(number, []).append((group, i, last))
        return out

    return snap.derived(("penalties", uid), build)  # type: ignore[no-any-return]


def named_sections(text: str, own: str) -> list[str]:
    """The sections a penalty clause names ("ผู้ใดไม่ปฏิบัติตามมาตรา ๓๐ หรือมาตรา ๓๑ ต้องระวางโทษ…"),
    not its own heading; none when the text sets no penalty."""
    return _refs(text, own) if find_facts(text, PENALTY_KINDS) else []


def _refs(text: str, own: str) -> list[str]:
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
    """The penalty clause that punishes what the question describes: (penalty hit, its clause as
    the choice, the duty hit), or None.

    Candidates come two ways: a clause that names one of the top sections retrieved (the duty), and
    a penalty clause retrieved itself with a duty it names that holds at least DUTY_SHARE of the
    question's words. Each is scored by the question's words in the duty plus those in the clause:
    the act is described in the duty, the clause often says only "ผู้ใดฝ่าฝืนมาตรา ๑๘" (the clause's
    words alone chose a clause whose duty was a worse match); the higher-ranked on a tie."""
    best: tuple[float, int, str, tuple[int, int], str] | None = None

    def consider(score: float, rank: int, group: str, i: tuple[int, int], duty: str) -> None:
        nonlocal best
        if best is None or (score, -rank) > (best[0], -best[1]):
            best = (score, rank, group, i, duty)

    for rank, hit in enumerate(hits[:LINK_DEPTH]):
        m = hit.meta
        if m.get("block") != "section":  # a session has no sections
            continue
        uid, own = str(m.get("version_uid", "")), str(m.get("section"))
        duty_cov = coverage(weights, snap.passage(hit.key).whole)
        for group, i, last in penalty_clauses(snap, uid).get(own, []):  # the hit is a duty
            if group != hit.key:
                text = snap.passage(group).stretch(i, last)
                consider(duty_cov + coverage(weights, to_arabic(text.lower())), rank, group, (i, last), hit.key)
        clause = snap.passage(hit.key)
        for i, unit in enumerate(clause.units):  # the hit is a penalty clause
            for number in named_sections(unit.text, own):
                duty = f"{uid}|s|{number}"
                if duty not in snap.groups:
                    continue
                cov = coverage(weights, snap.passage(duty).whole)
                if cov >= DUTY_SHARE:
                    consider(cov + coverage(weights, clause.folded[i]), rank, hit.key, (i, i), duty)
    if best is None:
        return None
    _, _, group, (i, last), duty = best
    clause = snap.passage(group)
    unit = clause.units[i] if i == last else Unit(clause.stretch(i, last), clause.units[i].order)
    return _hit(snap, hits, group), _clause(unit, coverage(weights, to_arabic(unit.text.lower()))), _hit(snap, hits, duty)


def _hit(snap: Snapshot, hits: list[Hit], group: str) -> Hit:
    """The retrieved hit of a section, or one made for it when retrieval did not bring it."""
    rows = snap.groups[group]
    return next((h for h in hits if h.key == group), None) or Hit(group, rows, rows[0], 0.0)


def _clause(unit: Unit, cov: float) -> Choice:
    """A penalty clause, quoted whole, as the unit that answers."""
    return Choice(unit, unit.text, cov, cov, find_facts(unit.text, PENALTY_KINDS), cov + FACT_BONUS)
