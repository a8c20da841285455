"""The answerer: scope → retrieve → choose the answering units → decide found → compose.

Extractive by default (no LLM): the asked fact first, then verbatim quotes with their
citations (service.qa.compose). With an LLM configured, `service.qa.llm` writes the answer from the
same passages after the same found decision, and this module checks its citation markers;
if the LLM fails, the extractive answer is returned with a notice.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

from ingest.lexical import tokenize
from ingest.settings import Settings
from ingest.thai import normalize_text
from service.qa.actors import act_of
from service.qa.answer_first import CANDIDATES, answer_first
from service.qa.citations import citation
from service.qa.compose import NOT_FOUND, answer_text
from service.qa.extractive import Choice, Unit, adds, choose
from service.qa.glossary import language_of
from service.qa.index import IndexHolder, Snapshot
from service.qa.lanes import truncation_notice
from service.qa.law_clauses import anchored
from service.qa.leads import lead_facts
from service.qa.question import DEFINITION, REASON, asks_why, classify
from service.qa.question_hints import defining
from service.qa.reading import (
    Reading,
    lead_of_form,
    reply_window,
    settle_pairs,
    signals_of,
    states_asked,
)
from service.qa.refusal import RefusalModel
from service.qa.retrieve import Hit, Retrieval, Retriever
from service.qa.romanized import thai_skeleton
from service.qa.session_questions import about_session
from service.qa.version_refs import asks_change, names_latest, without_version_words
from service.qa.versions import (
    Changed,
    change_status,
    changed_text,
    quote_near,
    removed_lead,
    removed_sections,
    section_hit,
    what_changed,
)
from service.qa.words import weigh
from service.schemas import Answer, AskRequest, Citation, SearchRequest, SearchResponse

log = logging.getLogger("rang.answer")
_HEADING = re.compile(r"^(?:มาตรา|ข้อ)\s*[0-9๐-๙]+(?:/[0-9๐-๙]+)?(?:\s*(?:ทวิ|ตรี|จัตวา))?\.?\s+")
RETOLD_NEW = 0.05  # another passage is cited only if its quote holds this much of the question the main quote lacks
SUPPORT_NEAR, SUPPORT_SHARE = 0.01, 1.0  # another passage is cited only if about as close and as fitting


@dataclass
class Decision:
    found: bool
    confidence: float
    supporting: list[Hit]


class Answerer:
    def __init__(self, settings: Settings, holder: IndexHolder, retriever: Retriever, llm=None,
                 refusal: RefusalModel | None = None) -> None:
        self.settings = settings
        self.holder = holder
        self.retriever = retriever
        self.llm = llm  # service.qa.llm.LLMAnswerer | None
        self.refusal = refusal or RefusalModel.load()

    def warm_up(self) -> None:
        """One query through every stage before the service reports ready: the first call
        otherwise pays for building the segmenter's dictionary (~1 s) and the model's first pass."""
        try:
            self.ask(AskRequest(question="กากอุตสาหกรรมคืออะไร"))
            thai_skeleton("กาก")  # loads the romaniser that reads Thai names in English questions (~0.5 s)
        except Exception as exc:  # an empty or broken index still starts; /readyz reports it
            log.warning("warm-up query failed: %s", exc)

    # --- search -------------------------------------------------------------------------------
    def search(self, req: SearchRequest) -> SearchResponse:
        snap = self.holder.snapshot
        query = normalize_text(req.query)
        uids = self.retriever.scope(snap, req.documents(), req.version, req.kind, query)
        r = self.retriever.retrieve(snap, query, uids, req.top_k)
        results = self._citations(snap, r.hits, self._reading(snap, query, r))  # quotes only: no decision
        return SearchResponse(query=req.query, results=results, timings_ms=_round(r.timings_ms))

    # --- ask -------------------------------------------------------------------------------------
    def prepare(self, req: AskRequest) -> tuple[Snapshot, Reading, Decision]:
        snap = self.holder.snapshot
        question = normalize_text(req.question)
        uids = self.retriever.scope(snap, req.documents(), req.version, req.kind, question)
        query = question
        if req.version is None and (names_latest(question) or set(uids) != set(
                self.retriever.scope(snap, req.documents(), None, req.kind))):
            query = without_version_words(question)  # the question named the version it is scoped to
        r = self.retriever.retrieve(snap, query, uids, max(req.top_k, 5))
        # a removed section asked about, not a session's discussion of its removal ("ทำไมตัดมาตรา 17")
        plain = req.version is None and not about_session(question) and not asks_why(question)
        gone = removed_sections(snap, question, uids) if plain else []
        old = [h for h in (section_hit(snap, v, u.old.number, r.hits[0].score + 1.0 if r.hits else 1.0)
                           for u, v, _ in gone if u.old) if h is not None]
        if old:  # the removed section's older text answers
            r.hits = old + [h for h in r.hits if not h.named]
        reading = self.read(snap, question, r)
        reading.removed = [removed_lead(u, latest, reading.lang) for u, _, latest in gone]
        return snap, reading, self.decide(reading, req.top_k)

    @staticmethod
    def _reading(snap: Snapshot, question: str, r: Retrieval) -> Reading:
        """What is asked and how much each of its words weighs, before any unit is read."""
        translated = frozenset(tokenize(" ".join(r.translated), subwords=False)) if r.translated else frozenset()
        q = weigh(r.query_tokens, snap.lexical.doc_freq, snap.chunk_count, r.token_weights, translated)
        return Reading(question, language_of(question), classify(question), r, q.words, q.weights, q.doc_freq,
                       said=about_session(question) or bool(r.speakers), unseen=q.unseen)

    def read(self, snap: Snapshot, question: str, r: Retrieval) -> Reading:
        """Choose the answering unit of each top hit and put the hit that best states what is
        asked first; then the signals of the found decision."""
        reading = self._reading(snap, question, r)
        if not r.hits:
            return reading
        reading.act = act_of(question, reading.ask, self.retriever.glossary)
        for h in r.hits:
            h.dense = max(h.dense, snap.similarity(h.rows, r.query_vector))
        for i, h in enumerate(r.hits[:max(CANDIDATES, 3)]):
            weights = (anchored(reading.weights, h.about_law) if h.about_law
                       else defining(reading.weights, h.defines) if h.defines else reading.weights)
            reading.choices[h.key] = choose(snap.passage(h.key), weights, reading.ask, r.speakers)
            if (reply := reply_window(snap, h, reading)) is not None:  # the question's answer is next
                r.hits[i] = reply
        r.hits = list({h.key: h for h in r.hits}.values())
        reading.order = answer_first(reading)
        settle_pairs(snap, reading)
        reading.signals = signals_of(snap, reading)
        return reading

    def decide(self, reading: Reading, top_k: int) -> Decision:
        """Found when the calibrated model (service.qa.refusal) says the passages answer the
        question, or the question names a section. Cited: the answering hit and the others
        that say the same thing about as well (never padding)."""
        if not reading.order or reading.signals is None:
            return Decision(False, 0.0, [])
        confidence = self.refusal.probability(reading.signals)
        threshold = self.settings.refusal_min_probability
        if threshold is None:
            threshold = self.refusal.threshold
        if confidence < threshold:
            return Decision(False, confidence, reading.order[: min(3, top_k)])
        first = reading.order[0]
        if reading.retold:  # the session only retold it
            return Decision(True, confidence, [first])
        if reading.linked:
            return Decision(True, confidence, reading.order[:2])
        if first.about_law:  # the act's own clause says it all; sections that mention its start or its minister do not support it
            return Decision(True, confidence, [first])
        main = reading.choices.get(first.key)
        retold = not first.best.transcript and not (reading.ask.type == REASON or reading.said)
        support = [first]
        quoted = {_quote_key(first, main)}
        for h in reading.order[1:top_k]:
            if len(support) >= 3:
                break
            c = reading.choices.get(h.key)
            if _quote_key(h, c) in quoted:  # overlapping session windows hold the same turn
                continue
            # another passage saying the same thing is a second source, not support: it is cited when it holds
            # some of the question that the main quote lacks; a session retelling a section that states the
            # asked fact is not cited at all
            if not h.named and main and c and (adds(reading.weights, main.quote, c.quote) <= RETOLD_NEW or (
                    retold and h.best.transcript and states_asked(reading, main))):
                continue
            # a definition question is supported only by another definition, not by the sections using the term
            if h.named or (c and main and h.dense >= first.dense - SUPPORT_NEAR
                           and c.coverage >= SUPPORT_SHARE * main.coverage
                           and (states_asked(reading, c) or not (reading.ask.wants_fact or reading.ask.type == DEFINITION))):
                support.append(h)
                quoted.add(_quote_key(h, c))
        return Decision(True, confidence, support)

    def ask(self, req: AskRequest) -> Answer:
        t0 = time.perf_counter()
        if (changed := self.changes(req, t0)) is not None:
            return changed
        snap, reading, d = self.prepare(req)
        if not self._use_llm(d, req):
            text, cites = self.extractive(snap, reading, d)
            return self._answer(req, snap, reading, d, t0, text, cites, "extractive")
        given = self._citations(snap, d.supporting, reading)
        try:
            text, cites, notice = self.llm.answer(reading.question, reading.lang, given)
        except Exception as exc:  # endpoint down, timeout, bad output: fall back, say so
            return self._fallback(req, snap, reading, d, t0, exc)
        return self._answer(req, snap, reading, d, t0, text, cites, "llm", notice=notice)

    def stream(self, req: AskRequest) -> Iterator[tuple[str, dict]]:
        """Server-sent events: `meta` (citations), `token`* (LLM text), `done` (final answer)."""
        t0 = time.perf_counter()
        if (changed := self.changes(req, t0)) is not None:
            yield "done", changed.model_dump()
            return
        snap, reading, d = self.prepare(req)
        if not self._use_llm(d, req):
            text, cites = self.extractive(snap, reading, d)
            yield "done", self._answer(req, snap, reading, d, t0, text, cites, "extractive").model_dump()
            return
        answer_id = uuid.uuid4().hex
        lang = reading.lang
        cites = self._citations(snap, d.supporting, reading)
        yield "meta", {"answer_id": answer_id, "language": lang, "citations": [c.model_dump() for c in cites]}
        try:
            parts: list[str] = []
            for token in self.llm.stream(reading.question, lang, cites):
                parts.append(token)
                yield "token", {"text": token}
            text, kept, notice = self.llm.check("".join(parts), cites, lang)
            ans = self._answer(req, snap, reading, d, t0, text, kept, "llm", notice=notice, answer_id=answer_id)
        except Exception as exc:
            ans = self._fallback(req, snap, reading, d, t0, exc, answer_id=answer_id)
        yield "done", ans.model_dump()

    def _use_llm(self, d: Decision, req: AskRequest) -> bool:
        return d.found and self.llm is not None and req.mode != "extractive"

    def _citations(self, snap: Snapshot, hits: list[Hit], reading: Reading) -> list[Citation]:
        out = []
        for i, h in enumerate(hits):
            if h.key in reading.choices:
                choice = reading.choices[h.key]
            else:
                choice = choose(snap.passage(h.key), reading.weights, reading.ask, reading.retrieval.speakers)
            quote, unit = _quote(snap, h, choice)
            out.append(_with_status(snap, citation(snap, h, i + 1, quote, unit)))
        return out

    def changes(self, req: AskRequest, t0: float) -> Answer | None:
        """A "what changed" question, answered from the diff of two versions (service.qa.versions);
        None for any other question. With an LLM, it writes from the same cited passages."""
        question = normalize_text(req.question)
        if req.version is not None or not asks_change(question):
            return None
        snap, lang = self.holder.snapshot, language_of(question)
        ch: Changed | None = what_changed(self, snap, question, req.documents(), lang)
        if ch is None or not ch.hits:
            return None
        cites = []
        for i, (h, near) in enumerate(ch.hits):
            quote, unit = quote_near(snap, h, near, ch.weights)
            bare = _HEADING.sub("", quote, count=1)
            cites.append(_with_status(snap, citation(snap, h, i + 1, bare if len(bare) >= 15 else quote, unit)))
        text, mode, notice = changed_text(ch, cites, lang), "extractive", None
        if self.llm is not None and req.mode != "extractive":
            try:
                text, cites, notice = self.llm.answer(question, lang, cites)
                mode = "llm"
            except Exception as exc:
                notice = _llm_notice(lang, exc)
        return Answer(answer_id=uuid.uuid4().hex, question=req.question, language=lang,  # type: ignore[arg-type]
                      found=True, answer=text, mode=mode, citations=cites, notice=notice,  # type: ignore[arg-type]
                      timings_ms=_round({"total": (time.perf_counter() - t0) * 1000}))

    def _fallback(self, req: AskRequest, snap: Snapshot, reading: Reading, d: Decision, t0: float,
                  exc: Exception, answer_id: str | None = None) -> Answer:
        text, cites = self.extractive(snap, reading, d)
        return self._answer(req, snap, reading, d, t0, text, cites, "extractive",
                            notice=_llm_notice(reading.lang, exc), answer_id=answer_id)

    def _answer(self, req: AskRequest, snap: Snapshot, reading: Reading, d: Decision, t0: float,
                text: str, cites: list[Citation], mode: str, *, notice: str | None = None,
                answer_id: str | None = None) -> Answer:
        r = reading.retrieval
        removed = " ".join(reading.removed) if mode == "llm" and d.found else None  # the LLM is not told
        notices = (notice, removed, truncation_notice(reading.lang, r.embedded, len(reading.question)))
        return Answer(
            answer_id=answer_id or uuid.uuid4().hex,
            question=req.question,
            language=reading.lang,  # type: ignore[arg-type]
            found=d.found,
            answer=text,
            mode=mode,  # type: ignore[arg-type]
            citations=cites,
            related=[] if d.found else self._citations(snap, d.supporting, reading),
            notice=" ".join(n for n in notices if n) or None,
            timings_ms=_round(dict(r.timings_ms, total=(time.perf_counter() - t0) * 1000, confidence=d.confidence)),
        )

    # --- extractive composition -----------------------------------------------------------
    def extractive(self, snap: Snapshot, reading: Reading, d: Decision) -> tuple[str, list[Citation]]:
        if not d.found:
            return NOT_FOUND[reading.lang], []
        cites = self._citations(snap, d.supporting, reading)
        first = d.supporting[0]
        main = reading.choices.get(first.key)
        words, weights = reading.words, reading.weights
        if first.about_law:  # the law's clause is read by its own words: "รักษาการ" places the minister
            weights = anchored(weights, first.about_law)
            words = sorted(weights)
        lead = lead_of_form(reading, cites, main) or (
            lead_facts(main, words, reading.ask, weights=weights) if main and reading.ask.wants_fact else [])
        text = answer_text(cites, lead, reading.lang)
        if reading.removed and cites:  # "มาตรา ๑๗ ถูกตัดออกในฉบับที่ ๒ [1]", then the older text
            text = f"{' '.join(reading.removed)} [{cites[0].marker}]\n{text}"
        return text, cites


def _with_status(snap: Snapshot, c: Citation) -> Citation:
    """A cited section of a document with several versions says how it fared in the latest."""
    c.status, c.changed_in = change_status(snap, c.document, c.version, c.section)  # type: ignore[assignment]
    return c


def _quote_key(hit: Hit, choice: Choice | None) -> tuple:
    return (hit.meta.get("doc_key"), choice.quote if choice else hit.key)


def _quote(snap: Snapshot, hit: Hit, choice: Choice | None) -> tuple[str, Unit | None]:
    """The chosen unit, verbatim, without a leading "มาตรา N" the label already gives; a
    passage none of whose units shares a word with the question is quoted from its start."""
    if choice is not None and choice.coverage > 0 and len(choice.quote) >= 15:
        quote, unit = choice.quote, choice.unit
    else:
        units = snap.passage(hit.key).units
        unit = units[0] if units else None
        quote = unit.text if unit else snap.passage(hit.key).text.split("\n", 1)[0]
        if len(quote) > 400:
            quote = quote[:400].rsplit(" ", 1)[0]
    bare = _HEADING.sub("", quote, count=1)
    return (bare if len(bare) >= 15 else quote), unit


def _llm_notice(lang: str, exc: Exception) -> str:
    """Why the LLM answer could not be used: refused, unsupported, timed out, unreachable."""
    from service.qa.llm import notice  # only reached with an LLM configured, so service.qa.llm is loaded

    return notice(lang, exc)


def _round(d: dict[str, float]) -> dict[str, float]:
    return {k: round(float(v), 3) for k, v in d.items()}
