"""Small defects, through real HTTP over the demo index (no LLM configured)."""

from __future__ import annotations

from urllib.parse import quote

import httpx
import pytest

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
