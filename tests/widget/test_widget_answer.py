"""The demo page against the real service over the demo corpus (real embedding model)."""

from __future__ import annotations

import json
import re

import httpx
import pytest
from playwright.sync_api import expect

from ingest.thai import to_thai_digits
from tests.conftest import CORPUS
from tests.widget.helpers import ask, shadow_eval

pytestmark = [pytest.mark.browser, pytest.mark.slow]
INLINE = "rang-chat[placement=inline]"
FLOATING = "rang-chat[placement=floating]"
QUESTION = "ผู้ก่อกากอุตสาหกรรมต้องเก็บเอกสารกำกับการขนส่งไว้กี่ปี"


def _qa(qid: str) -> dict:
    """One row of the demo corpus's QA set (corpus/qa.jsonl)."""
    for line in (CORPUS / "qa.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line) if line.strip() else {}
        if row.get("id") == qid:
            return row
    raise LookupError(qid)


# q020 asks the same thing in other words ("ต้องเก็บใบกำกับการขนส่งกากไว้นานแค่ไหน"): มาตรา 26, ten years
# in the latest draft. The widget must show the number as the document prints it: Thai digits.
SECTION = to_thai_digits(_qa("q020")["gold"][0]["section"])
OUT_OF_SCOPE = "อัตราภาษีมูลค่าเพิ่ม (VAT) ปัจจุบันเป็นร้อยละเท่าไร"  # the corpus has no tax law


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _active(page: object, host: str) -> dict:
    return shadow_eval(
        page,
        host,
        """root => { const a = root.activeElement;
        return a ? {cls: a.className, tag: a.tagName, label: a.getAttribute('aria-label') || a.textContent} : null; }""",
    )


def test_demo_answer_cites_the_section_and_opens_the_passage(page, shot, demo_service: str) -> None:
    page.goto(demo_service + "/")
    chat = page.locator(INLINE)
    ask(chat, QUESTION)
    chip = chat.locator(".a .chip", has_text=f"มาตรา {SECTION}").first
    chip.wait_for(timeout=60_000)
    label = chip.inner_text()
    assert "ร่าง พ.ร.บ." in label and "หน้า" in label, label
    assert "สิบปี" in chat.locator(".a .txt").inner_text()  # the latest draft (ฉบับที่ ๒) answers
    expect(chat.locator("[aria-live=polite]")).to_have_text(re.compile("^คำตอบ: "))
    shot(page, "answer")

    # the same citation through the API: its quote is what must be highlighted
    answer = httpx.post(
        demo_service + "/v1/ask", json={"question": QUESTION, "document": "waste-act-draft"}, timeout=60
    ).json()
    cite = next(c for c in answer["citations"] if f"มาตรา {SECTION}" in c["label"])

    chip.click()
    dialog = chat.locator("dialog")
    dialog.wait_for()
    assert dialog.get_attribute("role") == "dialog" and dialog.get_attribute("aria-modal") == "true"
    mark = chat.locator("dialog mark")
    mark.wait_for()
    assert _flat(mark.inner_text()) == _flat(cite["quote"])
    assert f"มาตรา {SECTION}" in chat.locator("dialog .pb").inner_text()
    body_box = chat.locator("dialog .pb").bounding_box()
    mark_box = mark.bounding_box()
    assert body_box and mark_box
    assert body_box["y"] <= mark_box["y"] < body_box["y"] + body_box["height"]  # scrolled into view
    assert _active(page, INLINE)["label"] == "ปิด"  # focus moved into the dialog
    shot(page, "passage")
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    assert "chip" in _active(page, INLINE)["cls"]  # focus back on the chip that opened it

    # a [n] marker in the answer opens the same viewer
    chat.locator(".a .txt .ref").first.click()
    dialog.wait_for()
    chat.locator("dialog button[aria-label='ปิด']").click()
    assert not dialog.is_visible()


def test_out_of_scope_question_is_not_found(page, shot, demo_service: str) -> None:
    page.goto(demo_service + "/")
    chat = page.locator(FLOATING)
    chat.locator(".launcher").click()
    ask(chat, OUT_OF_SCOPE)
    nf = chat.locator(".a.nf")
    nf.wait_for(timeout=60_000)
    assert "ไม่พบคำตอบในเอกสาร" in nf.inner_text()
    expect(chat.locator("[aria-live=polite]")).to_contain_text("ไม่พบคำตอบในเอกสาร")
    assert chat.locator(".a.nf .chip").count() >= 1  # "possibly related" passages
    assert "เนื้อหาที่อาจเกี่ยวข้อง" in nf.inner_text()
    style = shadow_eval(
        page, FLOATING, "root => getComputedStyle(root.querySelector('.a.nf')).borderLeftWidth"
    )
    assert style == "5px"  # the distinct not-found style
    shot(page)
    chat.locator(".a.nf .chip").first.click()  # related passages open like citations
    chat.locator("dialog .pb").wait_for()
    page.keyboard.press("Escape")


def test_keyboard_only(page, shot, demo_service: str) -> None:
    page.goto(demo_service + "/")
    for _ in range(60):
        page.keyboard.press("Tab")
        active = page.evaluate(
            "() => document.activeElement && document.activeElement.getAttribute('placement')"
        )
        if active == "floating" and "launcher" in (_active(page, FLOATING) or {}).get("cls", ""):
            break
    else:
        pytest.fail("Tab never reached the chat button")
    launcher = page.locator(FLOATING).locator(".launcher")
    assert launcher.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Enter")
    assert launcher.get_attribute("aria-expanded") == "true"
    assert _active(page, FLOATING)["tag"] == "TEXTAREA"
    page.keyboard.type("บรรทัดแรก")
    page.keyboard.press("Shift+Enter")  # a new line, not a send
    page.keyboard.type("บรรทัดสอง")
    chat = page.locator(FLOATING)
    assert chat.locator("textarea").input_value() == "บรรทัดแรก\nบรรทัดสอง"
    assert chat.locator(".q").count() == 0
    page.keyboard.press("Control+A")
    page.keyboard.type(QUESTION)
    page.keyboard.press("Enter")
    chat.locator(".a .chip").first.wait_for(timeout=60_000)
    # Tab onward from the question box reaches the send button
    page.keyboard.press("Tab")
    assert "send" in _active(page, FLOATING)["cls"]
    focus_ring = shadow_eval(page, FLOATING, "root => getComputedStyle(root.activeElement).outlineStyle")
    assert focus_ring == "solid"  # visible focus
    shot(page, "open")
    page.keyboard.press("Escape")
    assert not chat.locator(".box").is_visible()
    assert launcher.get_attribute("aria-expanded") == "false"
    assert "launcher" in _active(page, FLOATING)["cls"]
    assert page.evaluate("() => document.activeElement.getAttribute('placement')") == "floating"
    shot(page, "closed")


def test_history_survives_a_reload(page, demo_service: str) -> None:
    page.goto(demo_service + "/")
    chat = page.locator(INLINE)
    ask(chat, QUESTION)
    chat.locator(".a .chip").first.wait_for(timeout=60_000)
    answer = chat.locator(".a .txt").inner_text()
    page.reload()
    chat = page.locator(INLINE)
    chat.locator(".a .chip").first.wait_for()
    assert chat.locator(".q").inner_text().endswith(QUESTION)
    assert chat.locator(".a .txt").inner_text() == answer
    assert page.locator(FLOATING).locator(".q").count() == 0  # the other widget keeps its own history
    chat.locator(".a .chip").first.click()  # restored citations still open their passage
    chat.locator("dialog mark").wait_for()
    page.keyboard.press("Escape")
    chat.locator("button[aria-label='เริ่มบทสนทนาใหม่']").click()
    assert chat.locator(".q").count() == 0
    page.reload()
    page.locator(INLINE).locator("textarea").wait_for()
    assert page.locator(INLINE).locator(".q").count() == 0
