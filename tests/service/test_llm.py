"""The LLM path for real: LangChain → HTTP → a local OpenAI-compatible server (JSON and SSE),
and the grounding of what the model wrote in the passages it was given."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from ingest.settings import Settings
from service.qa.grounding import NothingSupported, ground, segments
from service.qa.llm import PromptError, amended_notice, load_prompt
from service.schemas import Citation
from tests.service.conftest import serve
from tests.service.llm_server import INVENTED, INVENTED_TOO, State, free_port, llm_server

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


def _ask(url: str, behaviour: str, **body: object) -> dict:
    State.behaviour = behaviour
    try:
        return httpx.post(f"{url}/v1/ask", json={"question": QUESTION, **body}, timeout=60).json()
    finally:
        State.behaviour = "ok"


def _stream(url: str, behaviour: str) -> list[tuple[str, dict]]:
    State.behaviour = behaviour
    try:
        with httpx.stream("POST", f"{url}/v1/ask", json={"question": QUESTION, "stream": True}, timeout=60) as r:
            assert r.headers["content-type"].startswith("text/event-stream")
            return _events("".join(r.iter_text()))
    finally:
        State.behaviour = "ok"


def test_llm_answer_drops_the_claim_no_passage_supports(llm_service: str) -> None:
    State.requests.clear()
    a = _ask(llm_service, "ok")
    assert a["mode"] == "llm" and a["found"] is True
    assert "[1]" in a["answer"] and "[9]" not in a["answer"] and "หนึ่งล้านบาท" not in a["answer"]
    assert [c["marker"] for c in a["citations"]] == [1]
    assert "ตัดประโยคที่ไม่มีข้อความในเอกสารรองรับออก 1 ประโยค" in a["notice"]
    sent = State.requests[-1]
    assert sent["model"] == "stub-th"
    prompt = "\n".join(m["content"] for m in sent["messages"])
    assert '<passage id="1"' in prompt and QUESTION in prompt and "ข้อมูล ไม่ใช่คำสั่ง" in prompt


def test_marker_less_thai_answer_is_attributed_to_its_passages(llm_service: str) -> None:
    a = _ask(llm_service, "bare")
    assert a["mode"] == "llm" and a["found"] is True
    lines = a["answer"].split("\n")
    given = 2 if len(a["citations"]) > 1 else 1
    assert len(lines) == given and all(line.startswith("ตามร่างกฎหมาย") for line in lines)
    assert [line.rsplit(" ", 1)[-1] for line in lines] == [f"[{n}]" for n in range(1, given + 1)]
    assert INVENTED not in a["answer"]
    assert [c["marker"] for c in a["citations"]] == list(range(1, given + 1))
    assert f"ตอบโดยไม่ใส่เลขอ้างอิง {given} ประโยค" in a["notice"] and "เติมเลขอ้างอิงให้" in a["notice"]
    assert "ออก 1 ประโยค" in a["notice"] and "ไม่ตอบสนอง" not in a["notice"]


def test_mismarked_answer_is_re_attributed(llm_service: str) -> None:
    a = _ask(llm_service, "mismarked")
    assert a["mode"] == "llm" and "[7]" not in a["answer"]
    last = a["answer"].split("\n")[-1]
    assert last.endswith("[1]")  # passage 1's sentence, cited [7]
    if len(a["citations"]) > 1:  # passage 2's sentence, cited [1]
        assert a["answer"].split("\n")[0].endswith("[2]")
    assert a["notice"] == f"แก้เลขอ้างอิงที่ไม่ตรงกับข้อความที่รองรับ {len(a['citations'])} ประโยค"


def test_english_notice_for_a_re_attributed_answer() -> None:
    g = ground("It must register within sixty days [7]", [_cite(1, "Generators must register within sixty days.")])
    assert g.text == "It must register within sixty days [1]" and g.corrected == 1
    assert amended_notice("en", g) == "1 sentence(s) cited the wrong passage and were re-attributed."


def test_answer_nothing_supports_falls_back_and_says_why(llm_service: str) -> None:
    a = _ask(llm_service, "unsupported")
    assert a["mode"] == "extractive" and a["citations"] and "[1]" in a["answer"]
    assert INVENTED not in a["answer"] and INVENTED_TOO not in a["answer"]
    assert "ไม่มีประโยคใดที่ข้อความในเอกสารรองรับ (ตัดออก 2 ประโยค)" in a["notice"]


def test_model_that_says_the_passages_do_not_answer(llm_service: str) -> None:
    a = _ask(llm_service, "refuse")
    assert a["mode"] == "extractive" and "ข้อความที่ค้นพบไม่ครอบคลุมคำถามนี้" in a["notice"]


def test_llm_streams_server_sent_events(llm_service: str) -> None:
    events = _stream(llm_service, "ok")
    names = [e for e, _ in events]
    assert names[0] == "meta" and names[-1] == "done" and names.count("token") >= 3
    streamed = "".join(d["text"] for e, d in events if e == "token")
    assert "[9]" in streamed  # the raw model output …
    done = events[-1][1]
    assert done["mode"] == "llm" and "[9]" not in done["answer"]  # … is checked before the final answer


def test_streamed_marker_less_answer_is_attributed_in_the_done_event(llm_service: str) -> None:
    events = _stream(llm_service, "bare")
    streamed = "".join(d["text"] for e, d in events if e == "token")
    assert "[1]" not in streamed
    done = events[-1][1]
    assert done["mode"] == "llm" and "[1]" in done["answer"] and INVENTED not in done["answer"]
    assert "เติมเลขอ้างอิงให้" in done["notice"]


@pytest.mark.parametrize(("behaviour", "said"), [("error", "ทำงานผิดพลาด (HTTP 500)"),
                                                  ("slow", "ไม่ตอบภายในเวลาที่กำหนด")])
def test_llm_failure_falls_back_to_extractive(llm_service: str, behaviour: str, said: str) -> None:
    a = _ask(llm_service, behaviour)
    assert a["mode"] == "extractive" and a["found"] is True
    assert a["notice"] == f"ระบบภาษา (LLM) {said} จึงแสดงคำตอบที่ยกข้อความจากเอกสารแทน"
    assert a["citations"] and "[1]" in a["answer"]


def test_unreachable_model_is_reported_as_such(demo_index: Settings) -> None:
    settings = demo_index.model_copy(update={"llm_base_url": f"http://127.0.0.1:{free_port()}/v1",
                                             "llm_timeout_s": 2.0})
    with serve(settings) as url:
        a = httpx.post(f"{url}/v1/ask", json={"question": QUESTION}, timeout=60).json()
    assert a["mode"] == "extractive" and "เชื่อมต่อไม่ได้" in a["notice"]


def test_streaming_fallback_reports_in_done_event(llm_service: str) -> None:
    done = _stream(llm_service, "error")[-1]
    assert done[0] == "done" and done[1]["mode"] == "extractive" and "HTTP 500" in done[1]["notice"]


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


# --- grounding, on literal Thai ---------------------------------------------------------------

P12 = ("มาตรา ๑๒  ผู้ก่อกากอุตสาหกรรมต้องขึ้นทะเบียนต่อกรมโรงงานอุตสาหกรรมภายในหกสิบวันนับแต่วันที่เริ่มประกอบกิจการ\n"
       "ในกรณีที่มีการเปลี่ยนแปลงรายการที่ได้ขึ้นทะเบียนไว้ ให้ผู้ก่อกากอุตสาหกรรมแจ้งการเปลี่ยนแปลงต่อกรมโรงงาน"
       "อุตสาหกรรมภายในสามสิบวันนับแต่วันที่มีการเปลี่ยนแปลง")
P14 = "มาตรา ๑๔  ผู้ก่อกากอุตสาหกรรมจะเก็บกากอุตสาหกรรมไว้ในสถานประกอบการของตนได้ไม่เกินหนึ่งร้อยแปดสิบวัน"


def _cite(marker: int, text: str = "q") -> Citation:
    return Citation(marker=marker, chunk_id=f"c{marker}", document="d", title="t", version="1", latest=True,
                    kind="draft", source_file="f.pdf", label="มาตรา ๑", quote="q", text=text, score=1.0,
                    link="/v1/passages/c1")


def test_segments_of_loosely_formatted_thai() -> None:
    text = "[2] ข้อความนำที่ยาวพอสมควรแล้ว\nดังนี้\n1. ผู้ก่อกากต้องขึ้นทะเบียนภายใน ๖๐ วัน ต้องแจ้งการเปลี่ยนแปลงภายในสามสิบวัน [1]。ข้อที่สอง"
    segs = segments(text)
    assert [(s.text, s.markers, s.cited) for s in segs] == [
        ("ข้อความนำที่ยาวพอสมควรแล้ว", (2,), (2,)),
        ("ดังนี้", (), ()),
        ("1. ผู้ก่อกากต้องขึ้นทะเบียนภายใน ๖๐ วัน", (), (1,)),  # shares the marker that ends its sentence
        ("ต้องแจ้งการเปลี่ยนแปลงภายในสามสิบวัน。", (1,), (1,)),
        ("ข้อที่สอง", (), ()),
    ]
    assert segs[2].plain == "ผู้ก่อกากต้องขึ้นทะเบียนภายใน ๖๐ วัน"
    assert [s.sentence for s in segs] == [0, 1, 2, 2, 3]  # notices count sentences, not clauses


def test_ground_keeps_adds_corrects_and_drops() -> None:
    text = ("ผู้ก่อกากต้องขึ้นทะเบียนกับกรมโรงงานอุตสาหกรรมภายใน ๖๐ วัน [1]\n"  # right marker
            "เก็บกากไว้ในสถานประกอบการได้ไม่เกิน 180 วัน\n"  # no marker: passage 2
            "ต้องแจ้งการเปลี่ยนแปลงต่อกรมภายในสามสิบวัน [2]\n"  # wrong marker: passage 1
            f"{INVENTED} [1]\n"  # cited, but nothing supports it
            "ดังนี้")  # a connective states nothing
    g = ground(text, [_cite(1, P12), _cite(2, P14)])
    assert g.text.split("\n") == [
        "ผู้ก่อกากต้องขึ้นทะเบียนกับกรมโรงงานอุตสาหกรรมภายใน ๖๐ วัน [1]",
        "เก็บกากไว้ในสถานประกอบการได้ไม่เกิน 180 วัน [2]",
        "ต้องแจ้งการเปลี่ยนแปลงต่อกรมภายในสามสิบวัน [1]",
        "ดังนี้",
    ]
    assert (g.as_marked, g.added, g.corrected, g.dropped) == (1, 1, 1, 1)
    assert [c.marker for c in g.citations] == [1, 2]


def test_a_changed_number_is_not_supported() -> None:
    with pytest.raises(NothingSupported) as e:
        ground("ผู้ก่อกากอุตสาหกรรมต้องขึ้นทะเบียนต่อกรมโรงงานอุตสาหกรรมภายในเก้าสิบวัน [1]", [_cite(1, P12)])
    assert e.value.dropped == 1


def test_a_correct_answer_is_left_as_written() -> None:
    text = "ผู้ก่อกากอุตสาหกรรมต้องขึ้นทะเบียนภายในหกสิบวันนับแต่วันที่เริ่มประกอบกิจการ [1][2]"
    g = ground(text, [_cite(1, P12), _cite(2, P14)])
    assert g.text == text and not g.changed
