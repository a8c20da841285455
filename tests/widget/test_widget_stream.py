"""Token streaming from the real service with an LLM configured (the test model server in tests/service)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect

from tests.conftest import make_settings
from tests.service.llm_server import State, llm_server
from tests.widget.helpers import HASH_FOUND, XSS_TRANSCRIPT, ask

pytestmark = pytest.mark.browser
QUESTION = "การทดสอบความปลอดภัยของระบบจัดเก็บเอกสาร"
# counts text appended to the answer while it streams (characterData mutations in the shadow root)
WATCH = """() => {
  const root = document.querySelector('#chat').shadowRoot;
  window.__streamed = [];
  new MutationObserver((records) => {
    for (const r of records) {
      const busy = r.target.parentElement && r.target.parentElement.closest('.a[aria-busy=true]');
      if (r.type === 'characterData' && busy) window.__streamed.push(r.target.data);
    }
  }).observe(root, {subtree: true, characterData: true});
}"""


@pytest.fixture(scope="module")
def llm_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from ingest.pipeline import ingest_paths
    from tests.service.conftest import serve

    folder: Path = tmp_path_factory.mktemp("stream")
    path = folder / "xss-notes-2025-04-09.txt"
    # a plain title: the test model finds passages by their <passage ...> tag, which a title with ">" breaks
    path.write_text(
        XSS_TRANSCRIPT.replace(XSS_TRANSCRIPT.split("\n", 1)[0], "หัวข้อ: บันทึกการประชุมทดสอบ"), encoding="utf-8"
    )
    with llm_server() as llm_url:
        settings = make_settings(
            folder / "data", embed_backend="hash", llm_base_url=llm_url, llm_timeout_s=5, **HASH_FOUND
        )
        assert ingest_paths([path], settings).ok
        with serve(settings) as url:
            yield url


def _open(page: object, base: str) -> object:
    html = (
        '<!doctype html><html lang="th"><head><meta charset="utf-8"><title>t</title></head><body>'
        '<rang-chat id="chat" placement="inline"></rang-chat>'
        '<script src="/widget.js" data-placement="none" defer></script></body></html>'
    )
    page.route(
        base + "/host.html",  # type: ignore[attr-defined]
        lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html),
    )
    page.goto(base + "/host.html")  # type: ignore[attr-defined]
    page.wait_for_function("() => document.querySelector('#chat').shadowRoot")  # type: ignore[attr-defined]
    return page.locator("#chat")  # type: ignore[attr-defined]


def _done_answer(sse: str) -> dict:
    blocks = [b for b in sse.split("\n\n") if b.startswith("event: done")]
    assert blocks, sse[:500]
    return json.loads(blocks[-1].split("data: ", 1)[1])


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_llm_answer_streams_token_by_token(page, shot, llm_service: str) -> None:
    State.behaviour = "ok"
    chat = _open(page, llm_service)
    page.evaluate(WATCH)
    ask(chat, QUESTION)
    chat.locator(".a .fb").wait_for()  # the final answer (the feedback row comes with `done`)
    # the same question again, outside the browser (Chromium keeps no copy of a streamed body)
    sse = httpx.post(
        llm_service + "/v1/ask", json={"question": QUESTION, "stream": True, "top_k": 5}, timeout=60
    ).text
    tokens = sse.count("event: token")
    assert tokens >= 2, sse[:500]
    streamed = page.evaluate("() => window.__streamed")
    assert len(streamed) >= 2, "the answer was not rendered token by token"
    assert streamed[-1].startswith("สรุปจากเอกสาร"), streamed
    # then `done` replaces the streamed text: markers become buttons, citations become chips
    done = _done_answer(sse)
    shown = chat.locator(".a .txt").inner_text()
    assert _flat(shown) == _flat(re.sub(r"\[(\d+)\]", r"\1", done["answer"]))
    assert chat.locator(".a .chip").count() == len(done["citations"]) >= 1
    expect(chat.locator("[aria-live=polite]")).to_have_text(re.compile("^คำตอบ: "))
    shot(page)
    chat.locator(".a .chip").first.click()
    chat.locator("dialog mark").wait_for()
    page.keyboard.press("Escape")
    assert page.evaluate("() => window.__pwned") is None


def test_llm_failure_shows_the_notice(page, llm_service: str) -> None:
    State.behaviour = "error"
    try:
        chat = _open(page, llm_service)
        ask(chat, QUESTION)
        note = chat.locator(".a .note")
        note.wait_for()
        assert note.inner_text().startswith("หมายเหตุ: ")
        assert chat.locator(".a .chip").count() >= 1
    finally:
        State.behaviour = "ok"
