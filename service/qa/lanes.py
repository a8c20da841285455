"""Question embeddings with a bounded, fair cost.

Embedding is nearly all of a question's CPU, and its cost grows faster than its length: about
30 ms for an ordinary question of 20–60 tokens, a second or more for the 512 tokens the model
reads at most. So every question is first cut to what the model reads (`ingest.embed.fit_query`),
and then:

- an ordinary question (at most RANG_EMBED_LONG_TOKENS tokens) waits for one of the
  RANG_EMBED_CONCURRENCY slots and is embedded on the request's own thread, as before;
- a long one goes to the long lane: one thread, outside the slots, at the lowest CPU priority
  (Linux nice 19), so it runs on whatever CPU the ordinary questions leave idle and can never
  hold a slot that they wait for. At most RANG_EMBED_LONG_QUEUE long questions wait for it; one
  more is refused (`EmbedBusy`, HTTP 429 with Retry-After) rather than hold a request thread.

docs/DECISIONS.md has the measurements (`bench/fairness.py`).
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from ingest.embed import Embedder, QueryText, embed_queries, fit_query
from service.ops.auth import ApiError

log = logging.getLogger("rang.qa")
LONG_NICE = 19


class EmbedBusy(ApiError):
    """The long lane's queue is full (→ 429 rate_limited with Retry-After)."""

    def __init__(self, retry_after_s: float) -> None:
        seconds = max(1, round(retry_after_s))
        super().__init__(429, "rate_limited",
                         f"too many long questions are waiting to be read: retry in {seconds} s, or ask a shorter one",
                         {"Retry-After": str(seconds)})
        self.retry_after_s = seconds


@dataclass
class QuestionVector:
    vector: np.ndarray
    fit: QueryText  # what was embedded
    long: bool  # went through the long lane
    wait_ms: float  # time spent waiting for a slot or the lane


class EmbedLanes:
    def __init__(self, embedder: Embedder, slots: int, long_tokens: int, long_queue: int) -> None:
        self.embedder = embedder
        self.long_tokens = long_tokens
        self.long_queue = long_queue
        self._slots = threading.BoundedSemaphore(max(slots, 1))
        self._lock = threading.Lock()
        self._long_pending = 0  # in the lane: waiting or running
        self._long_seconds = 1.0  # running mean of a long embedding, for Retry-After
        self._lane: ThreadPoolExecutor | None = None

    def embed(self, question: str) -> QuestionVector:
        fit = fit_query(self.embedder, question)
        if fit.truncated:
            log.info("question of %d characters cut to its first %d (%d tokens, the model's limit) for embedding",
                     fit.chars, len(fit.text), fit.tokens)
        t0 = time.perf_counter()
        if fit.tokens > self.long_tokens:
            return self._embed_long(fit, t0)
        with self._slots:
            waited = time.perf_counter() - t0
            vector = self.embedder.embed_query(fit.text)
        return QuestionVector(vector, fit, False, waited * 1000)

    def embed_with_parts(self, question: str, parts: list[str]) -> tuple[QuestionVector, np.ndarray]:
        """A long question and its parts (service/qa/long_questions.py), each cut to what the model
        reads, embedded in one batch: in the long lane when they hold more than RANG_EMBED_LONG_TOKENS
        tokens together, as one job however many parts. When every part was read whole, the model
        read all of the question, and the returned fit says it was not cut."""
        fit = fit_query(self.embedder, question)
        fits = [fit_query(self.embedder, p) for p in parts]
        texts = [fit.text] + [f.text for f in fits]
        t0 = time.perf_counter()
        if fit.tokens + sum(f.tokens for f in fits) > self.long_tokens:
            vectors, started = self._in_long_lane(texts)
            waited = started - t0
        else:
            with self._slots:
                waited = time.perf_counter() - t0
                vectors = embed_queries(self.embedder, texts)
        if fit.truncated and not any(f.truncated for f in fits):
            fit = QueryText(fit.text, fit.tokens, False, fit.chars)
        return QuestionVector(vectors[0], fit, True, waited * 1000), vectors[1:]

    @property
    def long_pending(self) -> int:
        """Long questions in the lane, waiting or being embedded."""
        return self._long_pending

    def _embed_long(self, fit: QueryText, t0: float) -> QuestionVector:
        vectors, started = self._in_long_lane([fit.text])
        return QuestionVector(vectors[0], fit, True, (started - t0) * 1000)

    def _in_long_lane(self, texts: list[str]) -> tuple[np.ndarray, float]:
        with self._lock:
            if self._long_pending > self.long_queue:  # one embedding plus long_queue waiting
                raise EmbedBusy(self._long_pending * self._long_seconds)
            self._long_pending += 1
            if self._lane is None:
                self._lane = ThreadPoolExecutor(1, "rang-long-question", initializer=_lower_priority)
            lane = self._lane
        try:
            return lane.submit(self._run, texts).result()
        finally:
            with self._lock:
                self._long_pending -= 1

    def _run(self, texts: list[str]) -> tuple[np.ndarray, float]:
        started = time.perf_counter()
        vectors = (self.embedder.embed_query(texts[0])[None, :] if len(texts) == 1
                   else embed_queries(self.embedder, texts))
        seconds = time.perf_counter() - started
        with self._lock:
            self._long_seconds = 0.8 * self._long_seconds + 0.2 * seconds
        return vectors, started


def _lower_priority() -> None:
    """Run this thread (and any OpenMP threads it starts, which inherit it) at the lowest CPU
    priority. Linux sets nice per thread; elsewhere the lane still bounds long questions to one
    at a time, at normal priority."""
    if not sys.platform.startswith("linux"):
        return
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), LONG_NICE)
    except OSError as exc:
        log.warning("long-question lane keeps normal CPU priority: %s", exc)


def truncation_notice(lang: str, fit: QueryText | None, question_chars: int) -> str | None:
    """The answer's notice when the model read only the beginning of the question."""
    if fit is None or not fit.truncated:
        return None
    used = min(len(fit.text), question_chars)
    if lang == "th":
        return (f"คำถามยาวเกินกว่าที่แบบจำลองอ่านได้ในครั้งเดียว การค้นหาตามความหมายจึงใช้เพียง {used:,} อักขระแรก "
                f"จาก {question_chars:,} อักขระ ส่วนการค้นหาตามคำใช้คำถามทั้งหมด")
    return (f"The question is longer than the embedding model reads at once: the search by meaning used its first "
            f"{used:,} of {question_chars:,} characters, the search by words all of them.")
