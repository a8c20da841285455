"""A question about a chapter, over real HTTP on the demo index: the chapter's own sections answer,
led by its heading and the sections it holds, in the version asked about."""

from __future__ import annotations

import re

import httpx

from tests.conftest import CORPUS
from tests.service.test_diff_api import DRAFT, V1, V2


def ask(client: httpx.Client, question: str) -> dict:
    r = client.post("/v1/ask", json={"question": question})
    assert r.status_code == 200, r.text
    return r.json()


def sections_of_chapter(source: str, chapter: str) -> list[str]:
    """The section numbers printed under "หมวด <chapter>" in a draft's source text."""
    text = (CORPUS / "src" / source).read_text(encoding="utf-8")
    rest = text[text.index(f"## หมวด {chapter}\n") + 1:]
    end = re.search(r"\n## (?:หมวด |บทเฉพาะกาล)", rest)
    body = rest[:end.start()] if end else rest
    return re.findall(r"^มาตรา ([๐-๙]+(?:/[๐-๙]+)?(?: ทวิ)?)\s", body, re.M)


def test_a_chapter_is_answered_by_its_sections_and_led_by_its_heading(client: httpx.Client) -> None:
    numbers = sections_of_chapter("draft-v2.txt", "๓")
    a = ask(client, "หมวด 3 ว่าด้วยเรื่องอะไร")
    assert a["found"] and a["citations"][0]["document"] == DRAFT
    assert (a["citations"][0]["version"], a["citations"][0]["section"]) == (V2, "20")
    first = a["answer"].splitlines()[0]
    assert first == f"หมวด ๓ การขนส่งกากอุตสาหกรรม: มาตรา {numbers[0]} ถึงมาตรา {numbers[-1]} (๙ มาตรา) [1]"
    assert len(numbers) == 9


def test_a_chapter_of_the_version_named_and_in_english(client: httpx.Client) -> None:
    v1 = ask(client, "ร่างฉบับแรก หมวด ๕ ว่าด้วยอะไร")
    assert (v1["citations"][0]["version"], v1["citations"][0]["section"]) == (V1, "37")
    assert f"({len(sections_of_chapter('draft-v1.txt', '๕'))}".translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")) \
        in v1["answer"].splitlines()[0]  # the first draft's chapter still had มาตรา ๔๓
    en = ask(client, "What is chapter 9 of the draft about?")
    assert en["answer"].splitlines()[0] == "หมวด ๙ พนักงานเจ้าหน้าที่: sections 61 to 64 (4 sections) [1]"
