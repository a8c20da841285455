"""The answerer: scope → retrieve → decide found → compose a cited answer.

Extractive by default (no LLM). With an LLM configured, `service.llm` writes the
answer from the same passages, and this module checks its citation markers; if the
LLM fails, the extractive answer is returned with a notice.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

from ingest.settings import Settings
from ingest.thai import normalize_text
from service.citations import citation
from service.extractive import best_units
from service.index import IndexHolder, Snapshot
from service.retrieve import Hit, Retrieval, Retriever
from service.schemas import Answer, AskRequest, Citation, SearchRequest, SearchResponse

log = logging.getLogger("rang.answer")
NOT_FOUND = {
    "th": "เอกสารที่มีอยู่ไม่ครอบคลุมเรื่องนี้ จึงตอบจากเอกสารไม่ได้",
    "en": "The documents do not cover this, so it cannot be answered from them.",
}
RELATED = {"th": "ข้อความที่อาจเกี่ยวข้อง:", "en": "Possibly related passages:"}
_HEADING = re.compile(r"^มาตรา\s*[0-9๐-๙]+(?:/[0-9๐-๙]+)?(?:\s*(?:ทวิ|ตรี|จัตวา))?\s+")
_THAI_CHAR = re.compile(r"[\u0e01-\u0e5b]")
_LATIN = re.compile(r"[A-Za-z]")


def language_of(text: str) -> str:
    thai = len(_THAI_CHAR.findall(text))
    latin = len(_LATIN.findall(text))
    return "th" if thai >= latin * 0.5 or thai > 8 else "en"


@dataclass
class Decision:
    found: bool
    confidence: float
    supporting: list[Hit]


class Answerer:
    def __init__(self, settings: Settings, holder: IndexHolder, retriever: Retriever, llm=None) -> None:
        self.settings = settings
        self.holder = holder
        self.retriever = retriever
        self.llm = llm  # service.llm.LLMAnswerer | None

    def warm_up(self) -> None:
        """One query through every stage before the service reports ready: the first call
        otherwise pays for building the segmenter's dictionary (~1 s) and the model's first pass."""
        try:
            self.search(SearchRequest(query="กากอุตสาหกรรมคืออะไร"))
        except Exception as exc:  # an empty or broken index still starts; /readyz reports it
            log.warning("warm-up query failed: %s", exc)

    # --- search -------------------------------------------------------------------------------
    def search(self, req: SearchRequest) -> SearchResponse:
        snap = self.holder.snapshot
        query = normalize_text(req.query)
        uids = self.retriever.scope(snap, req.documents(), req.version, req.kind, query)
        r = self.retriever.retrieve(snap, query, uids, req.top_k)
        results = self._citations(snap, r.hits, r)
        return SearchResponse(query=req.query, results=results, timings_ms=_round(r.timings_ms))

    # --- ask -------------------------------------------------------------------------------------
    def prepare(self, req: AskRequest) -> tuple[Snapshot, str, str, Retrieval, Decision]:
        snap = self.holder.snapshot
        question = normalize_text(req.question)
        lang = language_of(question)
        uids = self.retriever.scope(snap, req.documents(), req.version, req.kind, question)
        r = self.retriever.retrieve(snap, question, uids, max(req.top_k, 5))
        return snap, question, lang, r, self.decide(snap, r, req.top_k, lang)

    def decide(self, snap: Snapshot, r: Retrieval, top_k: int, lang: str = "th") -> Decision:
        """Found when the best passage is close enough to the question (calibrated on
        answerable vs unanswerable questions, see bench/calibrate.py) or was named."""
        if not r.hits:
            return Decision(False, 0.0, [])
        for h in r.hits:
            h.dense = max(h.dense, snap.similarity(h.rows, r.query_vector))
        top = r.hits[0]
        confidence = 1.0 if top.named else max(h.dense for h in r.hits[:3])
        threshold = self.settings.refusal_threshold_en if lang == "en" else self.settings.refusal_threshold
        found = confidence >= threshold
        if not found:
            return Decision(False, confidence, r.hits[: min(3, top_k)])
        support = [top]
        for h in r.hits[1:top_k]:
            if len(support) >= 3:
                break
            if h.named or h.dense >= top.dense - 0.02:
                support.append(h)
        return Decision(True, confidence, support)

    def ask(self, req: AskRequest) -> Answer:
        t0 = time.perf_counter()
        snap, question, lang, r, d = self.prepare(req)
        if not self._use_llm(d, req):
            text, cites = self.extractive(snap, lang, d, r)
            return self._answer(req, snap, lang, d, r, t0, text, cites, "extractive")
        given = self._citations(snap, d.supporting, r)
        try:
            text, cites = self.llm.answer(question, lang, given)
        except Exception as exc:  # endpoint down, timeout, bad output: fall back, say so
            return self._fallback(req, snap, lang, d, r, t0, exc)
        return self._answer(req, snap, lang, d, r, t0, text, cites, "llm")

    def stream(self, req: AskRequest) -> Iterator[tuple[str, dict]]:
        """Server-sent events: `meta` (citations), `token`* (LLM text), `done` (final answer)."""
        t0 = time.perf_counter()
        snap, question, lang, r, d = self.prepare(req)
        if not self._use_llm(d, req):
            text, cites = self.extractive(snap, lang, d, r)
            yield "done", self._answer(req, snap, lang, d, r, t0, text, cites, "extractive").model_dump()
            return
        answer_id = uuid.uuid4().hex
        cites = self._citations(snap, d.supporting, r)
        yield "meta", {"answer_id": answer_id, "language": lang, "citations": [c.model_dump() for c in cites]}
        try:
            parts: list[str] = []
            for token in self.llm.stream(question, lang, cites):
                parts.append(token)
                yield "token", {"text": token}
            text, kept = self.llm.check("".join(parts), cites, lang)
            ans = self._answer(req, snap, lang, d, r, t0, text, kept, "llm", answer_id=answer_id)
        except Exception as exc:
            ans = self._fallback(req, snap, lang, d, r, t0, exc, answer_id=answer_id)
        yield "done", ans.model_dump()

    def _use_llm(self, d: Decision, req: AskRequest) -> bool:
        return d.found and self.llm is not None and req.mode != "extractive"

    def _citations(self, snap: Snapshot, hits: list[Hit], r: Retrieval) -> list[Citation]:
        return [citation(snap, h, i + 1, self._quote(snap, h, r)) for i, h in enumerate(hits)]

    def _fallback(self, req: AskRequest, snap: Snapshot, lang: str, d: Decision, r: Retrieval, t0: float,
                  exc: Exception, answer_id: str | None = None) -> Answer:
        text, cites = self.extractive(snap, lang, d, r)
        return self._answer(req, snap, lang, d, r, t0, text, cites, "extractive", notice=_llm_notice(lang, exc),
                            answer_id=answer_id)

    def _answer(self, req: AskRequest, snap: Snapshot, lang: str, d: Decision, r: Retrieval, t0: float,
                text: str, cites: list[Citation], mode: str, *, notice: str | None = None,
                answer_id: str | None = None) -> Answer:
        return Answer(
            answer_id=answer_id or uuid.uuid4().hex,
            question=req.question,
            language=lang,  # type: ignore[arg-type]
            found=d.found,
            answer=text,
            mode=mode,  # type: ignore[arg-type]
            citations=cites,
            related=[] if d.found else self._citations(snap, d.supporting, r),
            notice=notice,
            timings_ms=_round(dict(r.timings_ms, total=(time.perf_counter() - t0) * 1000, confidence=d.confidence)),
        )

    # --- extractive composition -----------------------------------------------------------
    def extractive(self, snap: Snapshot, lang: str, d: Decision, r: Retrieval) -> tuple[str, list[Citation]]:
        if not d.found:
            return NOT_FOUND[lang], []
        cites: list[Citation] = []
        lines: list[str] = []
        for c in self._citations(snap, d.supporting, r):
            cites.append(c)
            lines.append(f"{_lead(c, lang, first=c.marker == 1)} “{c.quote}” [{c.marker}]")
        return "\n".join(lines), cites

    def _quote(self, snap: Snapshot, hit: Hit, r: Retrieval) -> str:
        """The passage's best unit, verbatim, without a leading "มาตรา N" the label already gives."""
        passage = snap.passage(hit.key)
        units = best_units(r.query_tokens, passage, n=1)
        quote = units[0].text if units and len(units[0].text) >= 15 else passage.text.split("\n", 1)[0]
        if len(quote) > 400:
            quote = quote[:400].rsplit(" ", 1)[0]
        bare = _HEADING.sub("", quote, count=1)
        return bare if len(bare) >= 15 else quote


def _lead(c: Citation, lang: str, *, first: bool) -> str:
    version = c.version.strip()
    if c.kind == "transcript":
        who = c.speakers[0] if c.speakers else ("ผู้พูด" if lang == "th" else "a speaker")
        when = c.start or ""
        if lang == "th":
            return f"{'ใน' if first else 'และใน'}{c.title} ({when}) {who} กล่าวว่า"
        return f"In {c.title} ({when}), {who} said:"
    section = c.section_printed or c.section
    title = f"{c.title} ({version})" if version and version != "1" else c.title
    if lang == "th":
        doc = title if first else "และ"
        if c.section:
            return f"{doc} มาตรา {section} กำหนดว่า"
        return f"{doc} {c.label} ระบุว่า"
    num = c.section or ""
    where = f"section {num}" if num else c.label
    return f"{title}, {where}:" if first else f"Also {where}:"


def _llm_notice(lang: str, exc: Exception) -> str:
    reason = type(exc).__name__
    if lang == "th":
        return f"ระบบภาษา (LLM) ไม่ตอบสนอง ({reason}) จึงแสดงคำตอบที่ยกข้อความจากเอกสารแทน"
    return f"The language model did not respond ({reason}); showing the extractive answer instead."


def _round(d: dict[str, float]) -> dict[str, float]:
    return {k: round(float(v), 3) for k, v in d.items()}
