"""Which retrieved passage answers first: retrieval's order weighed against how well each passage's best
unit states what is asked, a session against the draft it retells, a named speaker's own turn."""

from __future__ import annotations

from service.qa.extractive import asked_the_room
from service.qa.question import REASON, asks_status
from service.qa.reading import Reading, states_asked
from service.qa.retrieve import Hit

CANDIDATES = 5  # hits whose best unit may answer (the first one that states the asked fact wins)
RANK_PRIOR = 2.0  # weight of the retrieval rank against the unit's fit when choosing among them
SESSION_RANK_PRIOR = 0.5  # the same among session windows only (they overlap, and rank alike)
CROSS_KIND = 0.3  # a passage of the other kind answers when it fits the question this much better
CROSS_UNIT = 0.25  # …or its own unit states this much more of it, and the first does not state the fact
CROSS_FAR = 0.4  # …or its own unit fits this much better, whatever the first states
DRAFT_FIRST = 0.1  # a draft passage near the top answers before a session that retells it, unless it fits this much worse
NEAR = 0.03  # a lower hit may answer only when its similarity is within this of the best


def answer_first(reading: Reading) -> list[Hit]:
    """The hits in the order the answer cites them: the one whose unit best states what is asked first,
    among those near the top in similarity and of the kind retrieval put first (a session or a document),
    unless the question asks why, about a session, or what a named speaker said."""
    hits = reading.retrieval.hits
    said = reading.said
    if said and any(h.best.transcript for h in hits):
        # "what did the speaker say about มาตรา ๑๔": the session's words, not the section's
        hits = [h for h in hits if h.best.transcript] + [h for h in hits if not h.best.transcript]
    elif hits[0].named or hits[0].defines or hits[0].about_law:  # the section named, the term's definition, the law's own clause
        return hits
    top = hits[0]

    def unit_fit(h: Hit) -> float:
        c = reading.choices.get(h.key)
        return c.score if c else 0.0

    # among passages of the kind retrieval put first (it already weighed draft against session),
    # unless the question asks why or about a session: reasons are given in sessions, not in the draft
    either = reading.ask.type == REASON or said or asks_status(reading.question)
    # overlapping session windows rank alike: among them the turn that says it counts for more
    prior = SESSION_RANK_PRIOR if top.best.transcript and not either else RANK_PRIOR

    def fit(h: Hit) -> float:
        return unit_fit(h) + prior * h.score / (top.score or 1.0)

    near = [h for h in hits[:CANDIDATES] if h.dense >= top.dense - NEAR]
    # what a speaker said is answered by the session, never by the section it was about
    spoken = said and top.best.transcript
    pool = [h for h in near if (either and not spoken) or h.best.transcript == top.best.transcript]
    pool = [h for h in pool if _spoken_by(reading, h)] or pool  # a named speaker's own turn answers
    if reading.ask.asker:  # "who asked …": a turn that puts a question to the room, not the reply to it
        pool = [h for h in pool if _asks(reading, h)] or pool
    if reading.ask.type == REASON:  # "why …": a unit that gives a reason ("เหตุผลคือ…", "เพราะ…"), not one that restates the change
        pool = [h for h in pool if _gives_reason(reading, h)] or pool
    best = max(pool, key=fit)
    if best.meta.get("block") == "memo" and reading.ask.type != REASON:
        # the memorandum retells the change ("ขยาย…จากเก้าสิบวันเป็นหนึ่งร้อยแปดสิบวัน"); the section states the rule
        rule = max((h for h in pool if h.meta.get("block") == "section"), key=fit, default=None)
        if rule is not None and unit_fit(rule) >= unit_fit(best) - DRAFT_FIRST:
            best = rule
    other = None if spoken else max((h for h in near if h not in pool), key=fit, default=None)
    if other is not None and (fit(other) > fit(best) + CROSS_KIND or unit_fit(other) > unit_fit(best) + CROSS_FAR or (
            unit_fit(other) > unit_fit(best) + CROSS_UNIT
            and not (reading.ask.wants_fact and states_asked(reading, reading.choices.get(best.key))))):
        best = other
    elif other is not None and not either and best.best.transcript and not other.best.transcript:
        # a session retells the draft in everyday words; the draft's own text states the rule
        mine, theirs = reading.choices.get(best.key), reading.choices.get(other.key)
        if mine and theirs and theirs.score >= mine.score - DRAFT_FIRST:
            best = other
    return [best] + [h for h in hits if h is not best]


def _gives_reason(reading: Reading, h: Hit) -> bool:
    c = reading.choices.get(h.key)
    return bool(c and any(f.kind == "reason" for f in c.facts))


def _asks(reading: Reading, h: Hit) -> bool:
    c = reading.choices.get(h.key)
    return bool(c and asked_the_room(c.unit))


def _spoken_by(reading: Reading, h: Hit) -> bool:
    c = reading.choices.get(h.key)
    return bool(c and c.unit.spoken_by(reading.retrieval.speakers))
