"""The widget and a document with two versions (the demo draft): the version selector, the change
badge on a citation, and the comparison table it opens, against the real service."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from tests.widget.helpers import ask

pytestmark = [pytest.mark.browser, pytest.mark.slow]
INLINE = "rang-chat[placement=inline]"
V1, V2 = "ฉบับรับฟังความคิดเห็น ครั้งที่ ๑", "ฉบับที่ ๒"
QUESTION = "ผู้ก่อกากเก็บกากไว้ในโรงงานได้กี่วัน"


def test_version_selector_badge_and_comparison_table(page, demo_service: str, tmp_path: Path) -> None:
    asked: list[dict] = []
    page.on("request", lambda r: asked.append(json.loads(r.post_data or "{}")) if r.url.endswith("/v1/ask") else None)
    page.goto(demo_service + "/")
    chat = page.locator(INLINE)
    select = chat.locator(".vbar select")
    select.wait_for()
    options = select.locator("option").all_inner_texts()
    assert options == [f"ฉบับล่าสุด ({V2})", V1, V2, "ทุกฉบับ"], options

    # the older version asked on purpose: its text answers, its chip says it changed since
    select.select_option(label=V1)
    ask(chat, QUESTION)
    chip = chat.locator(".a .chip").first
    chip.wait_for(timeout=60_000)
    assert asked[-1]["document"] == "waste-act-draft" and asked[-1]["version"] == V1
    assert "ไม่เกินเก้าสิบวัน" in chat.locator(".a .txt").inner_text()
    assert "ไม่ใช่ฉบับล่าสุด" in chip.inner_text()
    badge = chat.locator(".a .chg").first
    assert badge.inner_text() == f"แก้ไขใน{V2}"

    # the badge opens that section's comparison: old | new | what changed, the changed words marked
    badge.click()
    table = chat.locator("dialog table.cmp")
    table.wait_for()
    rows = table.locator("tbody tr")
    assert rows.count() == 1
    assert "ไม่เกินเก้าสิบวัน → ไม่เกินหนึ่งร้อยแปดสิบวัน" in rows.nth(0).locator("td").nth(2).inner_text()
    assert "เก้าสิบ" in rows.nth(0).locator("td").nth(0).locator("del").all_inner_texts()[0]
    assert "หนึ่งร้อยแปดสิบ" in rows.nth(0).locator("td").nth(1).locator("ins").all_inner_texts()[0]
    assert f"{V1} → {V2}" in chat.locator("dialog .pm").inner_text()
    section_shot = tmp_path / "comparison-section.png"
    page.screenshot(path=str(section_shot))
    chat.locator("dialog .ph button").click()

    # the latest version again (the default): its answer, and the whole draft's comparison
    select.select_option(value="")
    ask(chat, QUESTION)
    chat.locator(".a").nth(1).locator(".chip").first.wait_for(timeout=60_000)
    assert "version" not in asked[-1]
    assert "ไม่เกินหนึ่งร้อยแปดสิบวัน" in chat.locator(".a").nth(1).locator(".txt").inner_text()
    chat.locator(".vbar .cbtn").click()
    table.wait_for()
    diff = httpx.get(demo_service + "/v1/documents/waste-act-draft/diff?unchanged=false", timeout=60).json()
    assert rows.count() == len(diff["sections"])
    statuses = rows.evaluate_all("rs => rs.map(r => r.dataset.status)")
    assert statuses.count("removed") == diff["counts"]["removed"] == 2
    whole_shot = tmp_path / "comparison-draft.png"
    page.screenshot(path=str(whole_shot))
    assert section_shot.stat().st_size > 10_000 and whole_shot.stat().st_size > 10_000
