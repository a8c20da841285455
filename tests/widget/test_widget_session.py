"""A session quote in the widget names the person who said it and the cue's time (real browser).

The passage a session citation points to is a window of several cues; the widget used to show the
window's first speaker, who often did not say the quoted words. The expected speaker is derived
twice: from the API's own answer, and independently from the Zoom VTT file (the cue holding the quote).
"""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import expect

from ingest.transcripts import read_transcript
from tests.conftest import CORPUS
from tests.widget.helpers import ask, shadow_eval

pytestmark = [pytest.mark.browser, pytest.mark.slow]
# the floating chat searches every document (the inline box on the demo page only the draft act)
FLOATING = "rang-chat[placement=floating]"
QUESTION = "แอปที่คนขับรถขนกากใช้สแกนตอนรับส่งกากชื่ออะไร"
VTT_FILE = "mind-meetup-2568-03-12.vtt"
VTT = read_transcript(CORPUS / "transcripts" / VTT_FILE)
# what the corpus says (corpus/qa.jsonl): the tracking app "ตามกาก", in สุภัตรา's cue at 00:13:57
EXPECTED_SPEAKER = "สุภัตรา วงศ์ไพศาล"
EXPECTED_START = "00:13:57"


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _hms(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def _names_in(text: str, names: set[str]) -> set[str]:
    return {n for n in names if n in text}


def test_session_citation_shows_the_speaker_and_time_of_the_quoted_cue(page, shot, demo_service: str) -> None:
    # the API's answer, asked as the floating widget asks (all documents, five passages)
    answer = httpx.post(demo_service + "/v1/ask", json={"question": QUESTION, "top_k": 5}, timeout=120).json()
    assert answer["found"] is True, answer
    cite = next(c for c in answer["citations"] if c["kind"] == "transcript" and c.get("source_file") == VTT_FILE)
    assert "ตามกาก" in cite["quote"], cite

    # independently: the cue of the VTT file whose words are quoted
    cues = [t for t in VTT.turns if _flat(cite["quote"]) in _flat(t.text)]
    assert len(cues) == 1, [c.text for c in cues]
    cue = cues[0]
    speaker, start = cue.speaker, _hms(cue.start)
    assert (speaker, start) == (EXPECTED_SPEAKER, EXPECTED_START)
    assert cite["speakers"] == [speaker] and cite["start"] == start
    assert speaker in cite["label"] and start in cite["label"]

    # the cited passage is a window of cues in which someone else speaks first: their name and time
    # must not be shown for the quote
    others = {t.speaker for t in VTT.turns if t.speaker and t.speaker != speaker}
    window = sorted((t for t in VTT.turns if t.text.strip() and _flat(t.text) in _flat(cite["text"])),
                    key=lambda t: t.start)
    first = window[0]
    assert first.speaker != speaker and _hms(first.start) != start, (
        "this test needs a window opened by another speaker; the chunking changed",
        first,
    )
    assert _names_in(cite["label"], others) == set()

    # the widget, in Chromium
    page.goto(demo_service + "/")
    chat = page.locator(FLOATING)
    chat.locator(".launcher").click()
    ask(chat, QUESTION)
    marker = cite["marker"]
    chip = chat.locator(".a .chip", has_text=f"[{marker}]").first
    chip.wait_for(timeout=60_000)
    expect(chat.locator("[aria-live=polite]")).to_have_text(re.compile("^คำตอบ: "))
    said = chat.locator(".a .txt").inner_text()
    assert "ตามกาก" in said and f"{speaker} กล่าวว่า" in said, said

    chip_text = chip.inner_text()
    assert speaker in chip_text and start in chip_text, chip_text
    assert _names_in(chip_text, others) == set(), chip_text
    assert _hms(first.start) not in chip_text, chip_text
    assert chip.get_attribute("title") and speaker in chip.get_attribute("title")
    # the [n] marker in the answer names the same person for a screen reader and on hover
    ref = chat.locator(".a .txt .ref", has_text=str(marker)).first
    ref_label = ref.get_attribute("aria-label") or ""
    assert speaker in ref_label and start in ref_label, ref_label
    assert _names_in(ref_label + (ref.get_attribute("title") or ""), others) == set(), ref_label
    shot(page, "answer")

    # the passage viewer: the title and the meta line name the quote's speaker, after the full
    # passage (whose own label is the window's: its first speaker and time) has been fetched
    with page.expect_response(lambda r: "/v1/passages/" in r.url) as passage:
        chip.click()
    dialog = chat.locator("dialog")
    dialog.wait_for()
    passage.value.finished()
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50)))")
    mark = chat.locator("dialog mark")
    mark.wait_for()
    assert _flat(mark.inner_text()) == _flat(cite["quote"])
    assert _flat(mark.inner_text()) in _flat(cue.text)

    title = chat.locator("dialog h3").inner_text()
    assert speaker in title and start in title, title
    assert _names_in(title, others) == set() and _hms(first.start) not in title, title
    meta = chat.locator("dialog .pm")
    assert meta.is_visible()
    meta_text = meta.inner_text()
    assert speaker in meta_text.split(" · "), meta_text
    # the March session came before ฉบับที่ ๒: the viewer says which draft its speakers discussed
    assert cite["discussed_version"] == "ฉบับรับฟังความคิดเห็น ครั้งที่ ๑"
    assert "ขณะนั้นพิจารณาร่างฉบับรับฟังความคิดเห็น ครั้งที่ ๑" in meta_text.split(" · "), meta_text
    assert _names_in(meta_text, others) == set(), meta_text

    # in the passage body, the nearest turn heading before the highlighted quote is the speaker's
    before = shadow_eval(
        page, FLOATING, "root => { const m = root.querySelector('dialog .pb mark'); "
        "return m.previousSibling ? m.previousSibling.textContent : ''; }"
    )
    heads = re.findall(r"(?m)^(.+?) \[\d\d:\d\d:\d\d\]:", str(before))
    assert heads and heads[-1] == speaker, heads
    shot(page, "passage")
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
