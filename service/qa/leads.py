"""The fact an answer leads with: which of the answering unit's facts the question asks for, placed by
the question's words (a figure is said after what it is of, in the same clause), and how the clause joins
the figures it gives together ("จำคุกไม่เกินหนึ่งปี หรือปรับไม่เกินห้าแสนบาท หรือทั้งจำทั้งปรับ")."""

from __future__ import annotations

import math
import re

from ingest.facts import NAMES
from ingest.thai import to_arabic
from service.qa.extractive import Choice
from service.qa.question import CLOCK, COUNT, PENALTY, PENALTY_KINDS, PERCENT, WHO, Ask, Fact, find_facts

# a question whose first cue asks for one kind of figure is led by a figure of that kind when the quote has one
OWN_KINDS = {PERCENT: ("percent",), COUNT: ("count", "share"), CLOCK: ("clock",)}


def lead_facts(choice: Choice, words: list[str], ask: Ask | None = None, limit: int = 2,
               weights: dict[str, float] | None = None, join: bool = True) -> list[Fact]:
    """The facts of the quote nearest to where the question's words occur in it (in the asked
    unit, when the question names one and the quote has such a fact).
    - With `weights`, only the heavier half of the question's words in the quote place it: "ประธาน"
      says where the chair is named, "กรรมการ" occurs all over the clause.
    - With `join`, facts that the quote says together are one span of it, with their "หรือ" (an
      English lead renders each figure: service.qa.compose).
    - None when the question names a unit, or asks for a penalty, and the quote has no such fact:
      "ทุกสองปี" does not lead an answer to "กี่ชั่วโมง", nor a duty's deadline one to "โดนปรับเท่าไหร่".
    - A figure the question gives itself is not the one it asks for ("ครบ 180 วันแล้ว ขอขยายได้อีกกี่วัน"),
      unless the quote has no other."""
    if not choice.facts:
        return []
    fitting = [f for f in choice.facts if ask.fits(f)] if ask else []
    if ask is not None and ask.given:
        fitting = [f for f in fitting if not ask.gives(f)] or fitting
    fitting = [f for f in fitting if ask and ask.agrees(f)] or fitting  # "ภายในกี่วัน" leads with "ภายใน…"
    if ask is not None and ask.type in OWN_KINDS:  # "ร้อยละเท่าไหร่" leads with the share, not the years beside it
        fitting = [f for f in fitting if f.kind in OWN_KINDS[ask.type]] or fitting
    if ask is not None and ask.per:  # "ปรับรายวันอีกเท่าไหร่" leads with the daily fine ("วันละ…"), not the first one
        # (a penalty clause's facts are its fines and terms: the daily sum is money)
        kinds = tuple(dict.fromkeys((*ask.facts, "money")))
        fitting = [f for f in find_facts(choice.quote, kinds) if ask.at_rate(choice.quote, f)] or fitting
    if ask is not None and ask.type == WHO and fitting:  # "ใครแต่งตั้งพนักงานเจ้าหน้าที่" is not answered "พนักงานเจ้าหน้าที่"
        fitting = [f for f in fitting if f.text.lower() not in words]
        if not fitting:
            return []
    if not fitting and ask is not None and ask.type == PENALTY:
        # the unit asked may be another part's ("ภายในกี่วัน แล้วโดนปรับเท่าไหร่"), and a surcharge is a
        # share ("ร้อยละยี่สิบ"); a deadline or a bare "ต้อง" is the duty's, not its penalty
        fitting = ([f for f in choice.facts if f.kind in PENALTY_KINDS]
                   or [f for f in choice.facts if f.kind in ("money", "percent", "count")])
    if not fitting and ask is not None and ((ask.unit and not ask.implied_unit) or ask.type == PENALTY):
        return []
    facts = fitting or choice.facts
    folded = to_arabic(choice.quote.lower())
    if weights:
        present = sorted((w for w in words if w in folded), key=lambda w: (-weights.get(w, 0.0), w))
        if present:  # the heavier half, and any word as heavy as the last of it
            last = weights.get(present[max(1, len(present) // 2) - 1], 0.0)
            words = [w for w in present if weights.get(w, 0.0) >= last - 1e-9]
    if ask is not None and ask.type == WHO:  # a name may hold the question's word ("ผู้รับโอน" for "โอน")
        starts = [m.start() for w in words for m in re.finditer(re.escape(w), folded)]

        def distance(f: Fact) -> float:
            return min((min(abs(a - f.start), abs(a - f.end)) for a in starts), default=math.inf)
    else:
        bounds = _word_bounds(folded)  # "ยก" is not in "โดย|กอง"; "ขอ" is in "คำขอ"
        # a word inside a fact ("ความเห็น" of "๔๓๕ ความเห็น", the unit asked) says nothing of which fact is meant
        by_word = [[m.span() for m in re.finditer(re.escape(w), folded)
                    if (m.start() in bounds or m.end() in bounds) and not any(f.start <= m.start() < f.end for f in facts)]
                   for w in words]
        by_word = [spans for spans in by_word if spans]

        def distance(f: Fact) -> float:
            # each word's nearest place, bounded: the figure of the clause that holds more of the question is nearer
            gaps = [min(_gap(a, f, folded) for a in spans) for spans in by_word]
            return sum(min(g, FAR) for g in gaps) if gaps else math.inf

    kinds_seen: set[str] = set()
    picked: list[Fact] = []
    for f in sorted(facts, key=distance):
        kind = "name" if f.kind in NAMES else f.kind  # an office and a person both answer "who": one of them
        if kind in kinds_seen and len(picked) >= 1:
            continue
        kinds_seen.add(kind)
        picked.append(f)
        if len(picked) >= limit:
            break
    picked.sort(key=lambda f: f.start)
    return _joined(choice.quote, picked) if join else picked


def _gap(a: tuple[int, int], f: Fact, folded: str) -> float:
    """How far a question word (at `a`) stands from a fact: a figure is said after what it is of
    ("…ระบบกลางทางกฎหมาย ๔๓๕ ความเห็น"), in the same clause (Thai puts a space between clauses, and
    around numbers), so one
    before the word, or a clause away, counts further."""
    if a[1] <= f.start:
        return f.start - a[1] + CLAUSE_GAP * len(_SPACES.findall(folded, a[1], f.start))
    if a[0] >= f.end:
        return (a[0] - f.end + CLAUSE_GAP * len(_SPACES.findall(folded, f.end, a[0]))) * BEHIND
    return math.inf


def _word_bounds(text: str) -> set[int]:
    """Where the words of a text (newmm) begin and end."""
    from ingest.lexical import segment

    out, pos = set(), 0
    for w in segment(text):
        at = text.find(w, pos)
        if at >= 0:
            pos = at + len(w)
            out.update((at, pos))
    return out


_SPACES = re.compile(r"(?<=[^\s0-9])\s+(?=[^\s0-9(])")  # between clauses, not around a number ("มาตรา ๒๘ ภายใน")
CLAUSE_GAP = 30  # characters a space between clauses counts as, when a lead is placed (lead_facts)
FAR = 120  # a question word further than this from a figure counts no further (lead_facts)
BEHIND = 2  # how much further a fact before the question's words counts than one after them
JOIN_WORDS = ("หรือ", "และ", ",")  # how a clause joins the figures it gives together
BOTH = "ทั้งจำทั้งปรับ"  # "…หรือทั้งจำทั้งปรับ": or both
_JOINER = re.compile(rf"\s*(?:{'|'.join(JOIN_WORDS)})?\s*")
_BOTH = re.compile(rf"\s*หรือ{BOTH}")


def _joined(quote: str, facts: list[Fact]) -> list[Fact]:
    """Facts next to each other in the quote, read as the quote says them: "จำคุกไม่เกินหนึ่งปี หรือ
    ปรับไม่เกินห้าแสนบาท หรือทั้งจำทั้งปรับ", not two figures side by side (which reads as both)."""
    out: list[Fact] = []
    for f in facts:
        if out and _JOINER.fullmatch(quote[out[-1].end:f.start]):
            out[-1] = Fact(out[-1].start, f.end, quote[out[-1].start:f.end], out[-1].kind)
        else:
            out.append(f)
    for i, f in enumerate(out):
        if f.kind in PENALTY_KINDS and (m := _BOTH.match(quote, f.end)):
            out[i] = Fact(f.start, m.end(), quote[f.start:m.end()], f.kind)
    return out
