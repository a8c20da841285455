"""Extractive answers: the unit of a passage that states what the question asks, quoted verbatim.

Thai legal text has no sentence punctuation, so a passage is cut on its own units:
paragraphs (วรรค), items ((๑), (๒) …) and, for long runs, the spaces that separate
clauses. A session window is cut on its turns first, so that a unit (and so a quote)
belongs to one speaker at one time. Units are scored by the question's words they
contain, weighted by how rare each word is in the index, plus a bonus when the unit
holds the kind of fact asked (service.qa.question). Deterministic and fast: no model call.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from dataclasses import dataclass, field

from ingest.thai import to_arabic
from service.qa.lists import Span, layout
from service.qa.question import Ask, Fact

# an item "(๑) " starts a unit, but not a reference to one ("มาตรา ๑๖ (๔) …")
_ITEM = re.compile(r"(?<![0-9๐-๙] )(?=\((?:[0-9๐-๙]{1,3}|[ก-ฮ])\)\s)")
_PREFIX = re.compile(r"^(?:[^:：\[\]()<>\n]{1,60}?\s*)?(?:\[\d{2}:\d{2}:\d{2}\])?\s*:\s")
MAX_UNIT = 400
MIN_UNIT = 25
QUOTE_MAX = 360
PAIR_QUOTE_MAX = 600  # two paragraphs quoted together (_with_next)
PAIR_GAIN = 0.08  # how much more of the question two paragraphs must hold than the best alone
REPLY_SHARE = 0.8  # how much of a session question's match its reply inherits (and the question loses)
_ASKING = re.compile(r"(?:ไหม|มั้ย|หรือเปล่า|รึเปล่า|หรือยัง|เหรอ|หรอ|หรือไม่|ยังไง|อย่างไร|อะไร|เมื่อไ(?:หร่|ร)|ที่ไหน|ใคร|เท่าไ(?:หร่|ร)|\?)"
                     r"\s*(?:ครับ|คะ|ค่ะ|นะคะ|นะครับ|ครับผม)?\s*[?]?\s*$")
FACT_BONUS = 0.35  # a unit that holds the asked kind of fact beats one that only shares words
BOUND_SHARE = 0.5  # of the fact bonus, for a fact bounded the other way than the question asks
KIND_BONUS = 0.1  # a definition or a duty/permission clause for a definition or yes/no question
BONUS_SHARE = 0.5  # the bonus is whole for a unit with at least this share of the best unit's words
OWN_WORDS = 0.05  # an item's own words decide between items that share a lead-in
NAMED_ITEM_BONUS = 0.5  # the item a question names ("ข้อ (๔)") is what it asks about


@dataclass(frozen=True)
class Unit:
    """A quotable span of a passage; for a session, the turn it comes from."""

    text: str
    order: int
    speaker: str | None = None
    start_s: float | None = None
    turn: int | None = None

    def spoken_by(self, speakers: list[str]) -> bool:
        """A session turn by one of these speakers (given names, as the question named them)."""
        return bool(self.speaker) and self.speaker.split()[0] in speakers  # type: ignore[union-attr]


def split_units(text: str) -> list[str]:
    units: list[str] = []
    for para in (p.strip() for p in text.split("\n")):
        if not para:
            continue
        for item in (s.strip() for s in _ITEM.split(para)):
            if not item:
                continue
            if len(item) <= MAX_UNIT:
                units.append(item)
                continue
            units.extend(_split_clauses(item))
    return units


def _split_clauses(text: str, limit: int = MAX_UNIT) -> list[str]:
    """Cut a long run at spaces (Thai clause boundaries) into the fewest pieces of about equal
    length (≤ limit where the spaces allow): packed greedily, a 410-character paragraph became
    a stub of its subject and a piece that had lost it."""
    if len(text) <= limit:
        return [text]
    n = math.ceil(len(text) / limit)
    spaces = [i for i, ch in enumerate(text) if ch == " "]
    cuts: list[int] = []
    for k in range(1, n):
        goal = k * len(text) / n
        fit = [i for i in spaces if i > (cuts[-1] if cuts else 0) + MIN_UNIT and len(text) - i > MIN_UNIT]
        if fit:
            cuts.append(min(fit, key=lambda i: abs(i - goal)))
    bounds = [0, *cuts, len(text)]
    return [text[a:b].strip() for a, b in itertools.pairwise(bounds) if text[a:b].strip()]


def _turn_units(text: str, lines_meta: str) -> list[Unit]:
    """A session window's units: each rendered line is one turn ("Name [hh:mm:ss]: words");
    the prefix is metadata, not part of any quote. `lines_meta` (from ingest) gives each line's
    turn number, speaker, start and prefix length; without it the prefix is found by pattern."""
    try:
        lines_info = json.loads(lines_meta) if lines_meta else []
    except ValueError:
        lines_info = []
    units: list[Unit] = []
    for i, line in enumerate(text.split("\n")):
        if not line.strip():
            continue
        info = lines_info[i] if i < len(lines_info) else None
        if info:
            turn, speaker, start, cut, cues = info
            body = line[int(cut):]
        else:
            m = _PREFIX.match(line)
            speaker, body, cues = None, line[m.end():] if m else line, [[0, -1, None]]
        # one cue (a Zoom caption, a line of a typed note) at a time: a quote names its own start
        bounds = [int(c[0]) for c in cues] + [len(body)]
        for k, (_, start, turn) in enumerate(cues):
            for piece in split_units(body[bounds[k]:bounds[k + 1]]):
                units.append(Unit(piece, len(units), speaker or None,
                                  None if start is None or start < 0 else start, turn))
    return units


@dataclass(frozen=True)
class Passage:
    """A passage cut into units once, with the case- and digit-folded forms that matching
    needs; the service keeps one per retrieved section (Snapshot.passage)."""

    text: str
    units: tuple[Unit, ...]
    folded: tuple[str, ...]  # lower case, Thai digits as Arabic
    whole: str = field(default="", repr=False)  # the folded passage
    spans: tuple[Span, ...] = ()  # where each unit lies and the list it is an item of (not for sessions)

    @classmethod
    def of(cls, text: str, lines_meta: str | None = None) -> Passage:
        spans: tuple[Span, ...] = ()
        if lines_meta is not None:
            units = tuple(_turn_units(text, lines_meta))
        else:
            units = tuple(Unit(u, i) for i, u in enumerate(split_units(text)))
            spans = tuple(layout(text, [u.text for u in units]) or ())
        folded = tuple(to_arabic(u.text.lower()) for u in units)
        return cls(text, units, folded, to_arabic(text.lower()), spans)

    def stretch(self, first: int, last: int) -> str:
        """Units first..last as one verbatim stretch of the passage's text (a session's turns have no
        spans: the first unit alone)."""
        if first == last or not self.spans:
            return self.units[first].text
        return self.text[self.spans[first].start:self.spans[last].end]


@dataclass
class Choice:
    """The unit chosen to answer from, the verbatim quote cut from it, and how well it fits."""

    unit: Unit
    quote: str
    coverage: float  # weighted share of the question's words in the unit
    passage_coverage: float  # the same over the whole passage
    facts: list[Fact]  # facts of the asked kind in the quote
    score: float


def coverage(weights: dict[str, float], folded: str, words: set[str] | None = None) -> float:
    """Weighted share of the question's words (or of `words` among them) that a folded text contains."""
    total = sum(weights.values()) or 1.0
    # fsum: `words` is often a set, whose order changes with the process's hash seed; a plain sum
    # then differed in its last bit between runs and flipped ties between units
    return math.fsum(weights[w] for w in (weights if words is None else words) if w in folded) / total


def adds(weights: dict[str, float], main: str, other: str) -> float:
    """The weighted share of the question's words that quote `other` holds and quote `main` does not."""
    mine, theirs = to_arabic(main.lower()), to_arabic(other.lower())
    return coverage(weights, theirs, {w for w in weights if w in theirs and w not in mine})


def asked_the_room(unit: Unit) -> bool:
    """A session turn that ends in a question ("…ทีมยกร่างคิดไว้ยังไงครับ"): its reply answers it."""
    return bool(unit.speaker) and _ASKING.search(unit.text) is not None


def choose(passage: Passage, weights: dict[str, float], ask: Ask | None = None,
           speakers: list[str] | None = None) -> Choice | None:
    """The unit that contains the most of the question's words (rarer words weigh more) and,
    when the question asks for a kind of fact, states one; None if the passage has no units.
    When the question names session speakers (given names), a window's turns by them answer."""
    units = passage.units
    if not units:
        return None
    present = {w for w in weights if w in passage.whole}
    passage_cov = coverage(weights, passage.whole, present)
    covs = [coverage(weights, folded, present) for folded in passage.folded]
    for i, unit in enumerate(units):
        # in a session, a question put to the room is answered by the next speaker's reply (which
        # may open the next window: then this passage does not hold the answer)
        # unless the question asks who asked: then the question is the answer, and a reply that holds
        # its words passes them back to it ("who asked about the ministerial regulations")
        if not asked_the_room(unit):
            continue
        replied = i + 1 < len(units) and units[i + 1].speaker != unit.speaker
        if ask and ask.asker:
            if replied:
                covs[i] = max(covs[i], REPLY_SHARE * covs[i + 1])
                covs[i + 1] *= 1 - REPLY_SHARE
        elif replied:
            covs[i + 1] = max(covs[i + 1], REPLY_SHARE * covs[i])
            covs[i] *= 1 - REPLY_SHARE
        elif i + 1 == len(units):
            covs[i] *= 1 - REPLY_SHARE
    # a named speaker's own turns (a hair for theirs: a question of nothing but their name still picks one)
    theirs = [u.spoken_by(speakers) for u in units] if speakers else []
    if any(theirs):
        covs = [c + 1e-9 if mine else 0.0 for c, mine in zip(covs, theirs, strict=True)]
    top = max(covs)
    named = set(ask.items) if ask else set()

    def scored(cov: float, text: str) -> tuple[float, list[Fact]]:
        facts = ask.facts_in(text) if ask and ask.facts else []
        bonus = 0.0
        if facts and ask:
            if not ask.wants_fact:
                bonus = KIND_BONUS
            else:  # "กี่ปี" is not answered by a count of days: a fact in another unit earns nothing
                fit = [f for f in facts if ask.fits(f) and not ask.gives(f)]  # not the figure the question gives
                # half for a figure bounded the other way than asked ("ไม่น้อยกว่า" for "ภายในกี่วัน")
                bonus = FACT_BONUS if any(ask.agrees(f) for f in fit) else FACT_BONUS * BOUND_SHARE if fit else 0.0
            bonus *= min(1.0, cov / (BONUS_SHARE * top)) if top > 0 else 1.0
        return (cov + bonus if cov > 0 else 0.0), facts

    best: tuple[float, int, float, list[Fact]] | None = None
    for i, cov in enumerate(covs):
        score, facts = scored(cov, units[i].text)
        if named and passage.spans and passage.spans[i].item in named:
            score += NAMED_ITEM_BONUS
        if best is None or score > best[0]:
            best = (score, i, cov, facts)
    assert best is not None
    score, i, cov, facts = best
    unit = units[i]
    text, folded = unit.text, passage.folded[i]
    lead_in = _with_lead(passage, present, weights, covs, scored, named)
    if lead_in is not None and lead_in[0] > score + 1e-9:
        score, unit, cov, facts, text, folded = lead_in
    limit = QUOTE_MAX
    pair = _with_next(passage, present, weights, covs, scored, i)
    # quoted together; ranked by the best alone. A yes/no question's "ห้าม"/"ต้อง" in the other paragraph
    # is no reason to pair them: only the question's words are
    gain = pair[0] - score if pair is not None and ask is not None and ask.wants_fact else (
        pair[2] - cov if pair is not None else 0.0)
    if pair is not None and gain > PAIR_GAIN:
        _, unit, _, facts, text, folded = pair
        limit = PAIR_QUOTE_MAX
    quote, facts = _narrow(text, folded, present, weights, facts, limit, per_fact=bool(ask and ask.wants_fact))
    return Choice(unit, quote, cov, passage_cov, facts, score)


def _with_next(passage: Passage, present: set[str], weights: dict[str, float], covs: list[float],
               scored, i: int) -> tuple | None:
    """The best unit of a section read with the paragraph before or after it, when the two hold
    clearly more of the question than the unit alone: "ผู้เสียหายเสียชีวิตแล้ว ใครยื่นขอเงินเยียวยา
    แทนได้" is answered by a วรรค that names the heirs and the one before it that says what they
    claim and where. Quoted as one verbatim span; never in a session (a quote is one turn)."""
    if not passage.spans:
        return None
    best = None
    for a in (i - 1, i):
        b = a + 1
        if a < 0 or b >= len(passage.units) or passage.spans[a].item or passage.spans[b].item:
            continue
        text = passage.stretch(a, b)
        folded = to_arabic(text.lower())
        cov = coverage(weights, folded, present)
        score, facts = scored(cov, text)
        if best is None or score > best[0]:
            best = (score, Unit(text, passage.units[a].order), cov, facts, text, folded)
    return best


def _with_lead(passage: Passage, present: set[str], weights: dict[str, float], covs: list[float],
               scored, named: set[str]) -> tuple | None:
    """The best item read with its lead-in, when the two together hold more of the question's
    words than either alone; between items that tie so (their lead-in's words are the same),
    the one with more words of its own. Quoted from the lead-in's end to the item when the item
    is the list's first; otherwise the item alone (a quote is one verbatim span, and the items
    between do not answer)."""
    best = None
    for i, span in enumerate(passage.spans):
        if span.lead is None:
            continue
        union = coverage(weights, f"{passage.folded[span.lead]} {passage.folded[i]}", present)
        if union <= max(covs[i], covs[span.lead]) + 1e-9 and span.item not in named:
            continue
        cov = union
        lead = passage.spans[span.lead]
        first = i == span.lead + 1
        text = passage.text[lead.start:span.end] if first else passage.units[i].text
        score, facts = scored(cov, text)
        score += OWN_WORDS * covs[i] + (NAMED_ITEM_BONUS if span.item in named else 0.0)
        if best is None or score > best[0]:
            unit = Unit(text, passage.units[span.lead if first else i].order)
            best = (score, unit, cov, facts, text, to_arabic(text.lower()))
    return best


def _narrow(text: str, folded: str, present: set[str], weights: dict[str, float],
            facts: list[Fact], limit: int = QUOTE_MAX, per_fact: bool = True) -> tuple[str, list[Fact]]:
    """A long unit is cut to the run of clauses that holds the asked fact and most of the
    question's words, ≤ `limit` characters; returns the quote and the facts inside it. A fact of the
    kind a yes/no question looks for ("ห้าม", "ต้อง") counts once, not once for each: a run of
    prohibitions does not outweigh the clause that holds the question's words."""
    if len(text) <= limit:
        return text, facts
    clauses = _split_clauses(text, limit // 3)
    offsets, pos = [], 0
    for c in clauses:
        start = text.find(c, pos)
        offsets.append((start, start + len(c)))
        pos = start + len(c)
    best: tuple[float, int, int] | None = None
    for a in range(len(clauses)):
        for b in range(a, len(clauses)):
            lo, hi = offsets[a][0], offsets[b][1]
            if hi - lo > limit and b > a:
                break
            part = folded[lo:hi]
            score = math.fsum(weights[w] for w in present if w in part)
            inside = sum(1.0 for f in facts if lo <= f.start and f.end <= hi)
            score += (inside if per_fact else min(inside, 1.0)) * (max(weights.values(), default=1))
            if best is None or score > best[0] + 1e-9 or (score > best[0] - 1e-9 and hi - lo > best[2] - best[1]):
                best = (score, lo, hi)  # on a tie, the longer run reads better
    assert best is not None
    _, lo, hi = best
    inside = [Fact(f.start - lo, f.end - lo, f.text, f.kind) for f in facts if lo <= f.start and f.end <= hi]
    return text[lo:hi], inside
