"""A citation's passage view links the statute's own references: อ้างถึง / ถูกอ้างโดย open that section."""

from __future__ import annotations

import pytest

from tests.widget.helpers import ask

pytestmark = [pytest.mark.browser, pytest.mark.slow]
INLINE = "rang-chat[placement=inline]"


def test_passage_view_links_referred_sections(page, demo_service: str) -> None:
    page.goto(demo_service + "/")
    chat = page.locator(INLINE)
    ask(chat, "ไม่เก็บรักษาเอกสารกำกับการขนส่งไว้สิบปี มีโทษอย่างไร")
    chat.locator(".a .chip").first.wait_for(timeout=60_000)
    chips = chat.locator(".a .chip")
    target = next(i for i in range(chips.count()) if "มาตรา ๗๒" in chips.nth(i).inner_text()
                  or "มาตรา ๒๖" in chips.nth(i).inner_text())
    chips.nth(target).click()
    links = chat.locator("dialog .pl")
    links.wait_for()
    if "มาตรา ๗๒" in chips.nth(target).inner_text():
        row = links.locator("[data-links=refers_to]")
        assert row.inner_text().startswith("อ้างถึง มาตรา"), row.inner_text()
        row.locator("button[data-section='26']").click()
        opened, text = "มาตรา ๒๖", "เก็บรักษาเอกสารกำกับการขนส่ง"
    else:
        row = links.locator("[data-links=referred_by]")
        assert row.inner_text().startswith("ถูกอ้างโดย มาตรา"), row.inner_text()
        assert row.locator("button[data-section='72']").inner_text() == "๗๒"
        row.locator("button[data-section='72']").click()
        opened, text = "มาตรา ๗๒", "ต้องระวางโทษ"
    # the section opened is shown as text, with its own links (72 names 26 and 26 is named by 72)
    chat.locator("dialog h3", has_text=opened).wait_for()
    assert text in chat.locator("dialog .pb").inner_text()
    assert chat.locator("dialog .pl button[data-section='72'], dialog .pl button[data-section='26']").count() == 1
    assert chat.locator("dialog .pb script, dialog .pb *:not(mark)").count() == 0  # text only
