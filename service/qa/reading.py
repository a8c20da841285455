"""What a question asks and what retrieval found, read together (`Reading`), and the signals of the
found / not-found decision drawn from it (service.qa.refusal fits and applies the model)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ingest.lexical import segment, tokenize
from ingest.thai import to_arabic
from service.qa.actors import Act, actor, opens_with_act
from service.qa.extractive import Choice, asked_the_room, choose, coverage
from service.qa.index import Snapshot
from service.qa.leads import lead_facts
from service.qa.links import applied_section
from service.qa.penalties import linked_penalty
from service.qa.question import (
    DELEGATION,
    NUMBER,
    OTHER,
    PENALTY,
    PENALTY_KINDS,
    REASON,
    SPEAKER,
    WHO,
    YESNO,
    Ask,
    Fact,
    asks_section,
    asks_status,
    attribute_text,
    find_facts,
    named_laws,
    rate_by_cue,
    thai_number,
)
from service.qa.question_hints import defined_terms, names_other_law
from service.qa.refusal import Signals
from service.qa.retrieve import Hit, Retrieval, section_refs
from service.qa.session_questions import only_what_they_said, said_most_of_it, said_none_of_it
from service.qa.words import question_words

THEIR_SHARE = 0.5  # of a question's words beyond a named speaker and speaking, their turn must hold to answer it
PENALTY_SAID = 0.5  # a penalty clause that holds this share of the question states the penalty asked itself
PENALTY_FOUND = 0.35  # …and one that holds this share answers the question (found), though a duty it names may be cited too


@dataclass
class Reading:
    """Everything the answer is built from: what is asked, what was retrieved, the unit chosen
    in each hit, and the signals of the found decision."""

    question: str
    lang: str
    ask: Ask
    retrieval: Retrieval
    words: list[str]
    weights: dict[str, float]
    doc_freq: dict[str, int]
    choices: dict[str, Choice | None] = field(default_factory=dict)
    order: list[Hit] = field(default_factory=list)  # the hits, the answering one first
    signals: Signals | None = None
    # answered by a pair cited together: a penalty clause and the duty it names, or a rule applied
    # "โดยอนุโลม" and the clause applying it (the second explains the first)
    linked: bool = False
    retold: bool = False  # the section a session retold by its number answers (`retold_section`); cited alone
    through_named: bool = False  # linked to the section the question names: its own penalty clause answers
    removed: list[str] = field(default_factory=list)  # "มาตรา ๑๗ ถูกตัดออกในฉบับที่ ๒" (service.qa.versions)
    said: bool = False  # the question asks what was said in a session (service.qa.session_questions.about_session)
    unseen: float = 0.0  # the share of the question's word weight the index has never seen
    act: Act | None = None  # a "who" question: the act asked about (service.qa.actors)


def signals_of(snap: Snapshot, reading: Reading) -> Signals:
    """The signals of the found decision (service.qa.refusal) for the hit that answers first."""
    hits = reading.retrieval.hits
    first = reading.order[0]
    choice = reading.choices.get(first.key)
    dense = sorted((h.dense for h in hits), reverse=True)
    passage_cov = max((c.passage_coverage for c in reading.choices.values() if c), default=0.0)
    missing = fact_missing(reading, choice)
    other_law = _other_law(snap, reading.question)
    unit_text = choice.quote if choice else ""
    return Signals(
        dense=max(h.dense for h in hits[:3]),
        unit_cov=choice.coverage if choice else 0.0,
        passage_cov=passage_cov,
        attr_cov=_attribute_coverage(reading, choice),
        fact_missing=float(missing),
        delegated=float(missing and bool(DELEGATION.search(unit_text))),
        unseen=reading.unseen,
        other_law=float(other_law),
        margin=dense[0] - dense[1] if len(dense) > 1 else dense[0],
        en=float(reading.lang == "en"),
        wants_fact=float(reading.ask.wants_fact),
        yesno=float(reading.ask.type == YESNO),
        open=float(reading.ask.type == OTHER),
        session=float(bool(first.best.transcript)),
        # a named section answers, unless it lacks the very fact asked ("มาตรา ๒๒/๑ มีอายุกี่ปี")
        # and so do the law's own clause for what is asked of it (its start, its minister, its purpose) and
        # the definition of the term asked about, unless the question speaks of another law's term
        named=(bool(first.named or reading.through_named or first.about_law or (first.defines and not other_law))
        and not missing) or reading.retrieval.chapter is not None or _their_own_turn(reading, choice),
        other_party=not first.named and _other_party(snap, reading, first, unit_text),
        # (a question for a fact about the speaker, "คุณธนากรที่ถามเรื่อง… อยู่หน่วยงานไหน", is not about their words)
        unsaid=bool(choice and reading.retrieval.speakers and choice.unit.speaker and not reading.ask.wants_fact
                    and said_none_of_it(reading.words, reading.retrieval.speakers, choice.unit.text)),
    )

def _their_own_turn(reading: Reading, choice: Choice | None) -> bool:
    """The question names a speaker and asks only what they said, and the answering unit is their turn."""
    speakers = reading.retrieval.speakers
    return bool(speakers and choice is not None and choice.unit.spoken_by(speakers)
                and (only_what_they_said(reading.words, speakers)
                     or said_most_of_it(reading.weights, speakers, choice.unit.text, THEIR_SHARE)))


def _attribute_coverage(reading: Reading, choice: Choice | None) -> float:
    words = question_words(tokenize(attribute_text(reading.question, reading.ask), subwords=False))
    if not words or choice is None:
        return choice.coverage if choice else 0.0
    folded = to_arabic(choice.quote.lower())
    return sum(w in folded for w in words) / len(words)

def _other_party(snap: Snapshot, reading: Reading, first: Hit, unit_text: str) -> bool:
    """The question asks about a party the law defines and the answering unit speaks of one other only:
    "ทะเบียนผู้ก่อกากต้องต่ออายุทุกกี่ปี" answered by the transporter's three-year certificate. Only a
    section's own document's parties count, and not when the question asks who."""
    if reading.ask.type == WHO or not first.meta.get("section"):
        return False
    parties = _parties(snap, first.key.split("|", 1)[0])
    if len(parties) < 2:
        return False
    asked = to_arabic((reading.retrieval.searched or reading.question).lower())
    passage = to_arabic("\n".join(r.text for r in first.rows).lower())
    unit = to_arabic(unit_text.lower())

    def names(text: str) -> set[str]:
        return {term for term, forms in parties.items() if any(f in text for f in forms)}

    in_question = names(asked)
    in_unit = names(unit)
    # a rule for several parties may name the one asked in other words ("producer" for ผู้ก่อกาก)
    return bool(in_question) and len(in_unit) == 1 and not in_question & in_unit and not in_question & names(passage)


def _parties(snap: Snapshot, uid: str) -> dict[str, tuple[str, ...]]:
    """The persons a document defines ("“ผู้ก่อกากอุตสาหกรรม” หมายความว่า …") → the ways a text names
    them: the term, and the term without its last word when three words or more remain ("ผู้ก่อกาก")."""
    def build() -> dict[str, tuple[str, ...]]:
        out: dict[str, tuple[str, ...]] = {}
        for term in defined_terms(snap, uid):
            if not term.startswith("ผู้"):
                continue
            words = segment(to_arabic(term.lower()))
            forms = {to_arabic(term.lower())}
            if len(words) >= 4:
                forms.add("".join(words[:-1]))
            out[term] = tuple(sorted(forms))
        return out

    return snap.derived(("parties", uid), build)  # type: ignore[no-any-return]


def _other_law(snap: Snapshot, question: str) -> bool:
    """The question names a law (พ.ร.บ.โรงงาน, the Basel Convention) no indexed document is titled after."""
    if not named_laws(question):
        return False
    titles = snap.derived(("titles",), lambda: " ".join(v.title for v in snap.state.versions.values()).lower())
    return names_other_law(question, titles)


def states_asked(reading: Reading, choice: Choice | None) -> bool:
    """The chosen unit states a fact of the kind, and in the unit, the question asks for."""
    return choice is not None and any(reading.ask.fits(f) for f in choice.facts)


# a penalty question asked as yes or no, and a unit that says there is none
_ASKS_IF = re.compile(r"ไหม|หรือไม่|หรือเปล่า|มั้ย|บ้างไหม|\b(?:is|are|does|do|can|will)\b", re.I)
_NO_PENALTY = re.compile(r"ไม่(?:ได้)?(?:กำหนด|มี)\S{0,30}โทษ|ไม่ต้อง(?:รับ|ระวาง)?โทษ|ไม่(?:เป็น|มี)ความผิด")


def fact_missing(reading: Reading, choice: Choice | None) -> bool:
    """The question asks for a kind of fact that the answering unit does not state; for a
    penalty, no penalty clause names the duty found and the unit found does not set one for it."""
    if reading.ask.type == PENALTY:
        if choice is not None and _ASKS_IF.search(reading.question) and _NO_PENALTY.search(choice.quote):
            return False  # "…มีโทษอะไรไหม" is answered by "ร่างนี้ไม่ได้กำหนดหน้าที่หรือโทษให้ครัวเรือนเลย"
        return not (reading.linked or reading.retold) and not (
            states_asked(reading, choice) and choice.coverage >= PENALTY_FOUND)
    if reading.ask.type == SPEAKER:  # only a session's turn says who said it
        return not (choice is not None and choice.unit.speaker)
    return reading.ask.wants_fact and not (states_asked(reading, choice) and _at_rate_asked(reading, choice))


def _at_rate_asked(reading: Reading, choice: Choice | None) -> bool:
    """A question that asks a rate ("ปีละกี่ชั่วโมง") is answered by a figure at that rate, not by a deadline
    of the same unit ("ภายในยี่สิบสี่ชั่วโมง")."""
    ask = reading.ask
    if not ask.per or not rate_by_cue(reading.question, ask.cue):
        return True
    return choice is not None and any(ask.fits(f) and ask.at_rate(choice.quote, f) for f in choice.facts)


def states_penalty(reading: Reading) -> bool:
    """The passage that answers first is a penalty clause that holds enough of the question to say
    what it punishes itself (it is cited alone, not linked to a duty)."""
    first = reading.choices.get(reading.order[0].key)
    return first is not None and states_asked(reading, first) and first.coverage >= PENALTY_SAID


def reply_window(snap: Snapshot, h: Hit, reading: Reading) -> Hit | None:
    """A session window whose chosen words are a question put to the room at its very end: the reply
    opens the next window (which repeats that turn), so the next window answers in its place."""
    c = reading.choices.get(h.key)
    units = snap.passage(h.key).units if c else ()
    if not (c and h.best.transcript and units and c.unit == units[-1] and asked_the_room(c.unit)):
        return None
    if c.unit.spoken_by(reading.retrieval.speakers):
        return None  # the question is about what this person asked, not the reply
    uid, order = str(h.meta.get("version_uid", "")), int(h.meta.get("section_order", -1))
    windows = snap.derived(("windows", uid), lambda: {
        int(rows[0].meta.get("section_order", -1)): key for key, rows in snap.groups.items()
        if rows[0].transcript and rows[0].meta.get("version_uid") == uid})
    rows = snap.groups.get(windows.get(order + 1, ""))
    if not rows:
        return None
    nxt = Hit(rows[0].group, rows, rows[0], h.score, max(h.dense, snap.similarity(rows, reading.retrieval.query_vector)),
              h.lexical)
    reading.choices[nxt.key] = choose(snap.passage(nxt.key), reading.weights, reading.ask)
    return nxt


def applied_rule(snap: Snapshot, reading: Reading) -> tuple[Hit, Choice, Choice] | None:
    """The section that the answering section applies "โดยอนุโลม" with its unit, and the answering
    section's clause that applies it, when that unit states the fact asked and the two hold more of the
    question than the unit chosen: "รถขนกากคว่ำ ผู้ขนส่งต้องแจ้งใคร" is answered by มาตรา ๑๘ (whom to notify,
    within 24 hours), which มาตรา ๒๒ applies to transporters."""
    first = reading.order[0]
    choice = reading.choices.get(first.key)
    if not reading.ask.wants_fact or choice is None or not first.meta.get("section"):
        return None
    number, unit = next(((n, u) for u in snap.passage(first.key).units if (n := applied_section(u.text))), (None, None))
    rows = snap.groups.get(f"{first.key.split('|', 1)[0]}|s|{number}") if number else None
    if unit is None or not rows or rows[0].group == first.key:
        return None
    hit = _hit_of(snap, reading, rows, first.score)
    applied = choose(snap.passage(hit.key), reading.weights, reading.ask)
    if applied is None or not states_asked(reading, applied):
        return None
    if coverage(reading.weights, to_arabic(f"{unit.text} {applied.quote}".lower())) <= choice.coverage:
        return None
    return hit, applied, replace(choice, unit=unit, quote=unit.text, facts=[])


def retold_section(snap: Snapshot, reading: Reading) -> tuple[Hit, Choice] | None:
    """A session that retells a section by its number ("หมวด 10 … ที่หนักสุดคือมาตรา 67 ลักลอบทิ้ง …
    จำคุกไม่เกินห้าปี") is not the authority: the section it names answers, from the same document as the
    legal passages retrieved, when its own unit states the fact asked (for "may one …?", when it also holds
    as much of the question as the retelling). Not for a question about the session, a why-question or one
    about progress (the session is the answer there)."""
    first = reading.order[0]
    choice = reading.choices.get(first.key)
    if not first.best.transcript or choice is None or reading.said or reading.ask.type == REASON:
        return None
    yesno = reading.ask.type == YESNO
    if asks_status(reading.question) or not (reading.ask.wants_fact or reading.ask.type == PENALTY or yesno):
        return None
    legal = next((h for h in reading.retrieval.hits if not h.best.transcript), None)
    if legal is None:
        return None
    uid = legal.key.split("|", 1)[0]
    kinds = PENALTY_KINDS if reading.ask.type == PENALTY else reading.ask.facts
    spoken = choice.unit.text
    for number in section_refs(spoken):
        rows = snap.groups.get(f"{uid}|s|{number}")
        if not rows:
            continue
        hit = _hit_of(snap, reading, rows, first.score)
        told = choose(snap.passage(hit.key), reading.weights, reading.ask)
        # the section states the asked fact, and a figure of it is one the session says ("ร้อยละสี่สิบของความเห็น
        # …ตามมาตรา 14" is about the comments, not the period มาตรา ๑๔ sets)
        if told is None or not states_asked(reading, told):
            continue
        # …and for "may one …?" the section's own rule holds as much of the question as the retelling
        if _figures(told.quote, kinds) & _figures(spoken, kinds) or (yesno and told.coverage >= choice.coverage):
            return hit, told
    return None


def _hit_of(snap: Snapshot, reading: Reading, rows: list, score: float) -> Hit:
    """The hit of a section: retrieval's own when it ranked it, else a new one with its similarity."""
    return next((h for h in reading.retrieval.hits if h.key == rows[0].group), None) or Hit(
        rows[0].group, rows, rows[0], score, snap.similarity(rows, reading.retrieval.query_vector))


_NUMBER = re.compile(NUMBER)


def _figures(text: str, kinds: tuple[str, ...]) -> set[int]:
    """The numbers of the facts of these kinds a text states ("จำคุกไม่เกินห้าปี" → {5})."""
    return {v for f in find_facts(text, kinds) for m in _NUMBER.finditer(f.text) if (v := thai_number(m.group(0)))}


def settle_pairs(snap: Snapshot, reading: Reading) -> None:
    """After the answering hit is chosen: the section a session retold answers instead (cited alone); a
    penalty the answering duty carries is put first with its duty; a rule applied "โดยอนุโลม" first, with
    the clause applying it (each pair cited together)."""
    r = reading.retrieval
    if (told := retold_section(snap, reading)) is not None:
        reading.choices[told[0].key] = told[1]
        reading.order = [told[0]] + [h for h in reading.order if h.key != told[0].key]
        reading.retold = True
    elif reading.ask.type == PENALTY and not states_penalty(reading):
        # a section the question names ("ฝ่าฝืนมาตรา ๒๒ โทษเท่าไหร่") is the duty: only its own penalty answers
        named = [h for h in reading.order if h.named]
        link = linked_penalty(snap, named[:1] or reading.order, reading.weights)
        if link is not None:  # the penalty clause first, then the duty it punishes
            penalty, choice, duty = link
            penalty.dense = max(penalty.dense, snap.similarity(penalty.rows, r.query_vector))
            reading.choices[penalty.key] = choice
            reading.order = [penalty, duty] + [h for h in reading.order if h.key not in (penalty.key, duty.key)]
            reading.linked = True
            reading.through_named = bool(named)
    elif reading.ask.type != PENALTY and (rule := applied_rule(snap, reading)) is not None:
        applied, choice, clause = rule  # "ให้นำมาตรา ๑๘ มาใช้บังคับ…โดยอนุโลม": the rule first, the clause applying it second
        first = reading.order[0]
        reading.choices[applied.key], reading.choices[first.key] = choice, clause
        reading.order = [applied, first] + [h for h in reading.order if h.key not in (applied.key, first.key)]
        reading.linked = True


def lead_of_form(reading: Reading, cites: list, main: Choice | None = None) -> list[Fact]:
    """A lead the question's form decides: a chapter asked about leads with its heading and the sections
    it holds; "ใครถาม…" with the speaker of the words quoted; "ใครเป็นคนพิจารณา…" with the subject of that
    act in the answering unit (service.qa.actors)."""
    if (chapter := reading.retrieval.chapter) is not None:
        return [Fact(0, 0, chapter.lead(reading.lang), "chapter")]
    if reading.ask.type == SPEAKER and cites and cites[0].turn is not None and cites[0].speakers:
        who = cites[0].speakers[0]
        return [Fact(0, len(who), who, "speaker")]
    if asks_section(reading.question) and cites and cites[0].section:  # "…อยู่มาตราไหน": the section first
        c = cites[0]
        label = (f"{c.unit or 'มาตรา'} {c.section_printed or c.section}" if reading.lang == "th"
                 else f"{'Clause' if c.unit == 'ข้อ' else 'Section'} {c.section}")
        # "ผิดข้อไหน โทษหนักแค่ไหน" asks for the penalty too
        more = lead_facts(main, reading.words, reading.ask, weights=reading.weights) if main and reading.ask.wants_fact else []
        return [Fact(0, len(label), label, "section"), *more]
    if reading.ask.type == WHO and main is not None and cites and cites[0].speakers and opens_with_act(main, reading.act):
        who = cites[0].speakers[0]  # "ใครเป็นคนเปิดการประชุม": the speaker whose turn opens with the act did it
        return [Fact(0, len(who), who, "speaker")]
    if main is not None and (subject := actor(main.quote, reading.act)) is not None:
        return [subject]
    return []

