"""Errors in words, with a Retry button that re-sends the same question; feedback buttons."""

from __future__ import annotations

import json

import pytest

from tests.service.llm_server import free_port
from tests.widget.helpers import ask

pytestmark = pytest.mark.browser
QUESTION = "การทดสอบความปลอดภัยของระบบจัดเก็บเอกสาร"


def _host_page(page: object, base: str, attrs: str) -> object:
    """A page on the service's origin with one inline <rang-chat {attrs}> (script adds no launcher)."""
    html = (
        f'<!doctype html><html lang="th"><head><meta charset="utf-8"><title>t</title></head><body>'
        f'<rang-chat id="chat" placement="inline" {attrs}></rang-chat>'
        f'<script src="/widget.js" data-placement="none" defer></script></body></html>'
    )
    page.route(
        base + "/host.html",  # type: ignore[attr-defined]
        lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html),
    )
    page.goto(base + "/host.html")  # type: ignore[attr-defined]
    return page.locator("#chat")  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("lang", "message", "retry"),
    [
        ("th", "ติดต่อบริการไม่ได้", "ลองอีกครั้ง"),
        ("en", "Cannot reach the service", "Retry"),
    ],
    ids=["th", "en"],
)
def test_unreachable_service_shows_error_and_retry(
    page, shot, xss_service: str, lang: str, message: str, retry: str
) -> None:
    dead = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.post_data or "") if r.url == dead + "/v1/ask" else None)
    chat = _host_page(page, xss_service, f'endpoint="{dead}" lang="{lang}"')
    assert page.locator(".launcher").count() == 0  # data-placement="none": no floating button
    ask(chat, QUESTION)
    error = chat.locator(".err")
    error.wait_for()
    assert message in error.inner_text()
    button = chat.locator(".err .retry")
    assert button.is_visible() and button.inner_text() == retry
    shot(page)
    button.click()
    page.wait_for_function("() => document.querySelector('#chat').shadowRoot.querySelector('.err .retry')")
    chat.locator(".err .retry").wait_for()
    assert len(sent) == 2
    assert all(json.loads(body)["question"] == QUESTION for body in sent)
    assert chat.locator(".q").count() == 1  # a retry is the same turn, not a new question


@pytest.mark.parametrize(
    ("status", "headers", "message"),
    [
        (401, {}, "รหัสการใช้งาน (key) ของเว็บไซต์นี้ไม่ถูกต้อง"),
        (403, {}, "บริการไม่อนุญาตให้ใช้งานจากเว็บไซต์นี้"),
        (429, {"Retry-After": "2"}, "กรุณารอ 2 วินาที"),
        (500, {}, "บริการขัดข้องชั่วคราว"),
        (503, {}, "บริการขัดข้องชั่วคราว"),
    ],
    ids=["401", "403", "429", "500", "503"],
)
def test_http_errors_are_explained_and_retry_resends(
    page, shot, xss_service: str, status: int, headers: dict, message: str
) -> None:
    body = json.dumps({"error": {"code": "x", "message": "refused"}})
    asked: list[str] = []

    def fail_once(route: object) -> None:
        asked.append(route.request.post_data or "")  # type: ignore[attr-defined]
        if len(asked) == 1:
            route.fulfill(status=status, headers=headers, content_type="application/json", body=body)  # type: ignore[attr-defined]
        else:
            route.fallback()  # type: ignore[attr-defined]

    page.route("**/v1/ask", fail_once)
    chat = _host_page(page, xss_service, 'key="test-key"')
    ask(chat, QUESTION)
    error = chat.locator(".err")
    error.wait_for()
    assert message in error.inner_text()
    shot(page)
    retry = chat.locator(".err .retry")
    if status == 429:
        assert retry.is_disabled()  # until Retry-After has passed
        page.wait_for_timeout(2300)
    assert retry.is_enabled()
    with page.expect_request("**/v1/ask") as req:
        retry.click()
    assert req.value.headers.get("authorization") == "Bearer test-key"
    chat.locator(".a").wait_for()
    assert chat.locator(".err").count() == 0
    assert [json.loads(b)["question"] for b in asked] == [QUESTION, QUESTION]


def test_error_event_in_the_stream_is_a_service_error(page, xss_service: str) -> None:
    sse = (
        'event: meta\ndata: {"answer_id": "a", "language": "th", "citations": []}\n\n'
        'event: token\ndata: {"text": "ครึ่ง"}\n\n'
        'event: error\ndata: {"code": "internal_error", "message": "RuntimeError"}\n\n'
    )
    page.route(
        "**/v1/ask", lambda route: route.fulfill(status=200, content_type="text/event-stream", body=sse)
    )
    chat = _host_page(page, xss_service, "")
    ask(chat, QUESTION)
    chat.locator(".err").wait_for()
    assert "บริการขัดข้องชั่วคราว" in chat.locator(".err").inner_text()
    assert chat.locator(".err .retry").is_visible()


def test_feedback_posts_rating_and_ignores_a_missing_route(page, xss_service: str) -> None:
    chat = _host_page(page, xss_service, "")
    ask(chat, QUESTION)
    first = chat.locator(".a").nth(0)
    first.locator(".fb").wait_for()
    with page.expect_response("**/v1/feedback") as resp:
        first.locator(".fb button").nth(1).click()
    assert resp.value.ok, resp.value.status  # the real route
    sent = json.loads(resp.value.request.post_data)
    assert sent["rating"] == "down" and sent["answer_id"]
    first.locator(".thx", has_text="ขอบคุณ").wait_for()
    assert first.locator(".fb button").nth(1).get_attribute("aria-pressed") == "true"
    assert first.locator(".fb button").nth(0).is_disabled()

    # a service without the route (older deployment): the 404 is ignored quietly
    page.route(
        "**/v1/feedback", lambda route: route.fulfill(status=404, content_type="application/json", body="{}")
    )
    ask(chat, QUESTION + " อีกครั้ง")
    second = chat.locator(".a").nth(1)
    second.locator(".fb").wait_for()
    with page.expect_response("**/v1/feedback") as resp:
        second.locator(".fb button").nth(0).click()
    assert resp.value.status == 404
    page.wait_for_timeout(200)
    assert second.locator(".thx").inner_text() == ""
    assert chat.locator(".err").count() == 0
