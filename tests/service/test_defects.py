"""Small defects, through real HTTP over the demo index (no LLM configured)."""

from __future__ import annotations

import json
from urllib.parse import quote

import httpx
import pytest

from service.api.middleware import error_response

DOC = "waste-act-draft"


@pytest.mark.parametrize(
    "section", ["22%2F1", "22/1", quote("๒๒/๑", safe=""), quote("๒๒/๑"), quote("มาตรา ๒๒/๑")]
)
def test_section_numbers_with_a_slash_and_thai_digits(client: httpx.Client, section: str) -> None:
    r = client.get(f"/v1/documents/{DOC}/sections/{section}")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["section"] == "22/1" and body["section_printed"] == "๒๒/๑"
    assert "นำกากอุตสาหกรรมเข้ามาในราชอาณาจักร" in body["text"]


def test_section_with_a_suffix_and_an_unknown_section(client: httpx.Client) -> None:
    r = client.get(f"/v1/documents/{DOC}/sections/{quote('๓๐ ทวิ')}")
    assert r.status_code == 200 and r.json()["section"] == "30 ทวิ"
    missing = client.get(f"/v1/documents/{DOC}/sections/99%2F9")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    assert "no section 99/9" in missing.json()["error"]["message"]
    bad = client.get(f"/v1/documents/{DOC}/sections/12/extra/part")
    assert bad.status_code == 404 and "not a section number" in bad.json()["error"]["message"]


@pytest.mark.parametrize("stream", [False, True])
def test_llm_mode_without_an_llm_is_a_400(client: httpx.Client, stream: bool) -> None:
    r = client.post(
        "/v1/ask", json={"question": "ผู้ก่อกากอุตสาหกรรมต้องขึ้นทะเบียนภายในกี่วัน", "mode": "llm", "stream": stream}
    )
    assert r.status_code == 400
    error = r.json()["error"]
    assert error["code"] == "llm_not_configured" and "RANG_LLM_BASE_URL" in error["message"]


def test_auto_mode_without_an_llm_is_extractive(client: httpx.Client) -> None:
    a = client.post("/v1/ask", json={"question": "ผู้ก่อกากอุตสาหกรรมต้องขึ้นทะเบียนภายในกี่วัน"}).json()
    assert a["mode"] == "extractive" and a["found"] is True and a["notice"] is None


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "<b></b> ?!",
        "<!-- x --><img src=x onerror=alert(1)>",
        "\u200b\u200c\u200d\ufeff",
        "\u2060 \u200b\n\u00ad",
        "\x00\x01\x1b",
        "\u200b\x7f\x00 \x08",
    ],
)
@pytest.mark.parametrize(("path", "field"), [("/v1/ask", "question"), ("/v1/search", "query")])
def test_markup_or_invisible_text_is_refused(client: httpx.Client, text: str, path: str, field: str) -> None:
    r = client.post(path, json={field: text})
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["code"] == "invalid_request"
    assert error["message"].startswith(f"{field}: ") and "no words to search" in error["message"]


def test_blank_text_is_still_called_empty(client: httpx.Client) -> None:
    r = client.post("/v1/ask", json={"question": "   "})
    assert r.status_code == 422 and r.json()["error"]["message"] == "question: Value error, question is empty"


def test_zero_width_characters_are_removed(client: httpx.Client) -> None:
    a = client.post("/v1/ask", json={"question": "มาตรา\u200b ๒๒/๑\u200c กำหนด\ufeffอะไร"})
    assert a.status_code == 200
    body = a.json()
    assert body["question"] == "มาตรา ๒๒/๑ กำหนดอะไร" and body["found"] is True
    assert body["citations"][0]["section"] == "22/1"
    s = client.post("/v1/search", json={"query": "\u200bใบอนุญาต\u200bมีอายุกี่ปี"}).json()
    assert s["query"] == "ใบอนุญาตมีอายุกี่ปี" and s["results"]


def test_a_question_with_markup_and_words_is_not_refused(client: httpx.Client) -> None:
    a = client.post("/v1/ask", json={"question": "<b>ใบอนุญาต</b> ตามมาตรา ๒๘ มีอายุกี่ปี"})
    assert a.status_code == 200 and a.json()["question"] == "<b>ใบอนุญาต</b> ตามมาตรา ๒๘ มีอายุกี่ปี"


def _post_raw(client: httpx.Client, path: str, body: str) -> httpx.Response:
    """JSON as written: httpx cannot encode a lone surrogate, but JSON text can spell one."""
    return client.post(path, content=body.encode(), headers={"Content-Type": "application/json"})


@pytest.mark.parametrize(
    ("path", "body", "where"),
    [
        ("/v1/ask", '{"question": "\\ud800"}', "question"),
        ("/v1/ask", '{"question": "มาตรา ๒๖ \\udc00"}', "question"),
        ("/v1/ask", '{"question": "มาตรา ๒๖", "document": "waste\\ud800"}', "document"),
        ("/v1/ask", '{"question": "มาตรา ๒๖", "document": ["waste-act-draft", "\\udfff"]}', "document[1]"),
        ("/v1/ask", '{"question": "มาตรา ๒๖", "version": "\\ud800", "stream": true}', "version"),
        ("/v1/ask", '{"question": "มาตรา ๒๖", "\\ud800": 1}', "a field name"),
        ("/v1/search", '{"query": "\\ud800x"}', "query"),
        ("/v1/search", '{"query": "มาตรา ๒๖", "version": "x\\ud800"}', "version"),
        ("/v1/feedback", '{"answer_id": "\\ud800", "rating": "up"}', "answer_id"),
        ("/v1/feedback", '{"answer_id": "abc", "rating": "up", "comment": "\\ud800"}', "comment"),
    ],
)
def test_a_lone_surrogate_is_a_422_not_a_500(client: httpx.Client, path: str, body: str, where: str) -> None:
    r = _post_raw(client, path, body)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/json")
    error = r.json()["error"]
    assert error["code"] == "invalid_request"
    assert error["message"].startswith(f"{where}: ") and "unpaired UTF-16 surrogate" in error["message"]


def test_a_surrogate_pair_is_a_character_not_an_error(client: httpx.Client) -> None:
    r = _post_raw(client, "/v1/search", '{"query": "\\ud83d\\udcc4 ใบอนุญาตมีอายุกี่ปี"}')
    assert r.status_code == 200 and r.json()["query"].startswith("\U0001f4c4")


def test_an_error_reply_that_echoes_a_surrogate_still_renders() -> None:
    body = json.loads(error_response(400, "unknown_filter", "unknown document: a\ud800b").body)
    assert body == {"error": {"code": "unknown_filter", "message": "unknown document: a\ufffdb"}}


def test_control_characters_in_a_question_become_spaces(client: httpx.Client) -> None:
    a = client.post("/v1/ask", json={"question": "มาตรา\x00๒๒/๑\x1bกำหนดอะไร"})
    assert a.status_code == 200, a.text
    assert a.json()["question"] == "มาตรา ๒๒/๑ กำหนดอะไร" and a.json()["citations"][0]["section"] == "22/1"


@pytest.mark.parametrize(
    ("filters", "message"),
    [({"document": "no-such-draft"}, "unknown document: no-such-draft"),
     ({"version": "ฉบับที่ ๙๙"}, "unknown version: ฉบับที่ ๙๙")],
)
def test_an_unknown_filter_is_a_400_streamed_or_not(client: httpx.Client, filters: dict, message: str) -> None:
    question = {"question": "ผู้ก่อกากอุตสาหกรรมต้องขึ้นทะเบียนภายในกี่วัน", **filters}
    plain = client.post("/v1/ask", json=question)
    streamed = client.post("/v1/ask", json=question | {"stream": True})
    for r in (plain, streamed):
        assert r.status_code == 400 and r.headers["content-type"].startswith("application/json"), r.text
        assert r.json() == {"error": {"code": "unknown_filter", "message": message}}


def test_a_stream_with_known_filters_still_streams(client: httpx.Client) -> None:
    r = client.post("/v1/ask", json={"question": "ใบอนุญาตมีอายุกี่ปี", "document": "waste-act-draft", "stream": True})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
    assert r.text.startswith("event: done\n") and "event: error" not in r.text
