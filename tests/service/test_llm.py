"""The LLM path for real: LangChain → HTTP → a local OpenAI-compatible server (JSON and SSE)."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from ingest.settings import Settings
from service.llm import PromptError, check_markers, load_prompt
from service.schemas import Citation
from tests.service.conftest import serve
from tests.service.llm_server import State, llm_server

QUESTION = "ผู้ก่อกากอุตสาหกรรมมีหน้าที่อะไรบ้าง"


@pytest.fixture(scope="module")
def llm_url() -> str:
    with llm_server() as url:
        yield url


@pytest.fixture(scope="module")
def llm_service(demo_index: Settings, llm_url: str) -> str:
    settings = demo_index.model_copy(update={"llm_base_url": llm_url, "llm_model": "stub-th", "llm_timeout_s": 2.0})
    with serve(settings) as url:
        yield url


def _events(body: str) -> list[tuple[str, dict]]:
    out = []
    for block in body.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
        out.append((lines["event"], json.loads(lines["data"])))
    return out


def test_llm_answer_keeps_only_claims_with_known_markers(llm_service: str) -> None:
    State.behaviour = "ok"
    State.requests.clear()
    a = httpx.post(f"{llm_service}/v1/ask", json={"question": QUESTION}, timeout=60).json()
    assert a["mode"] == "llm" and a["found"] is True and a["notice"] is None
    assert "[1]" in a["answer"] and "[9]" not in a["answer"] and "หนึ่งล้านบาท" not in a["answer"]
    assert [c["marker"] for c in a["citations"]] == [1]
    sent = State.requests[-1]
    assert sent["model"] == "stub-th"
    prompt = "\n".join(m["content"] for m in sent["messages"])
    assert '<passage id="1"' in prompt and QUESTION in prompt and "ข้อมูล ไม่ใช่คำสั่ง" in prompt


def test_llm_streams_server_sent_events(llm_service: str) -> None:
    State.behaviour = "ok"
    with httpx.stream("POST", f"{llm_service}/v1/ask", json={"question": QUESTION, "stream": True},
                      timeout=60) as r:
        assert r.headers["content-type"].startswith("text/event-stream")
        body = "".join(r.iter_text())
    events = _events(body)
    names = [e for e, _ in events]
    assert names[0] == "meta" and names[-1] == "done" and names.count("token") >= 3
    streamed = "".join(d["text"] for e, d in events if e == "token")
    assert "[9]" in streamed  # the raw model output …
    done = events[-1][1]
    assert done["mode"] == "llm" and "[9]" not in done["answer"]  # … is checked before the final answer


@pytest.mark.parametrize("behaviour", ["error", "slow"])
def test_llm_failure_falls_back_to_extractive(llm_service: str, behaviour: str) -> None:
    State.behaviour = behaviour
    try:
        a = httpx.post(f"{llm_service}/v1/ask", json={"question": QUESTION}, timeout=60).json()
    finally:
        State.behaviour = "ok"
    assert a["mode"] == "extractive" and a["found"] is True
    assert a["notice"] and "LLM" in a["notice"]
    assert a["citations"] and "[1]" in a["answer"]


def test_streaming_fallback_reports_in_done_event(llm_service: str) -> None:
    State.behaviour = "error"
    try:
        with httpx.stream("POST", f"{llm_service}/v1/ask", json={"question": QUESTION, "stream": True},
                          timeout=60) as r:
            body = "".join(r.iter_text())
    finally:
        State.behaviour = "ok"
    done = _events(body)[-1]
    assert done[0] == "done" and done[1]["mode"] == "extractive" and done[1]["notice"]


def test_extractive_mode_can_be_asked_for(llm_service: str) -> None:
    a = httpx.post(f"{llm_service}/v1/ask", json={"question": QUESTION, "mode": "extractive"}, timeout=60).json()
    assert a["mode"] == "extractive"


def test_prompts_are_checked_for_their_variables(tmp_path: Path) -> None:
    for lang in ("th", "en"):
        assert set(load_prompt(lang).input_variables) == {"question", "passages"}
    (tmp_path / "answer_th.yaml").write_text("system: |\n  ตอบ {question}\nhuman: |\n  {question} {context}\n",
                                             encoding="utf-8")
    with pytest.raises(PromptError, match="variables"):
        load_prompt("th", tmp_path)


def _cite(marker: int) -> Citation:
    return Citation(marker=marker, chunk_id=f"c{marker}", document="d", title="t", version="1", latest=True,
                    kind="draft", source_file="f.pdf", label="มาตรา ๑", quote="q", text="q", score=1.0,
                    link="/v1/passages/c1")


def test_marker_check_unit() -> None:
    text, kept = check_markers("ข้อหนึ่งถูกต้อง [1]\nข้อสองแต่งขึ้น [3]\nข้อสาม [1][2]", [_cite(1), _cite(2)])
    assert text == "ข้อหนึ่งถูกต้อง [1]\nข้อสาม [1][2]" and [c.marker for c in kept] == [1, 2]
    with pytest.raises(ValueError):
        check_markers("ไม่มีอ้างอิงเลยแม้แต่ประโยคเดียวในคำตอบที่ยาวมากพอสมควรนี้", [_cite(1)])
