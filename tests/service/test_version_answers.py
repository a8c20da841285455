"""Answers that know versions, over real HTTP on the demo index (two versions of the draft):
a version named in words, a section the latest version removed, "what changed" questions answered
from the diff, and the change status of every cited section."""

from __future__ import annotations

import httpx
import pytest

from tests.service.test_diff_api import DRAFT, V1, V2, gold_changes


def ask(client: httpx.Client, question: str) -> dict:
    r = client.post("/v1/ask", json={"question": question})
    assert r.status_code == 200, r.text
    return r.json()


def cited(ans: dict) -> list[tuple[str, str | None]]:
    return [(c["version"], c["section"]) for c in ans["citations"] if c["document"] == DRAFT]


def test_a_version_named_in_words_answers_from_that_version(client: httpx.Client) -> None:
    for question, version, fact in (
        ("ร่างเดิมให้เก็บกากไว้ในโรงงานได้กี่วัน", V1, "ไม่เกินเก้าสิบวัน"),
        ("ฉบับรับฟังความคิดเห็นให้เก็บกากไว้ในโรงงานได้กี่วัน", V1, "ไม่เกินเก้าสิบวัน"),
        ("ร่างครั้งที่ ๑ ให้เก็บกากไว้ในโรงงานได้กี่วัน", V1, "ไม่เกินเก้าสิบวัน"),
        ("ร่างล่าสุดให้เก็บกากไว้ในโรงงานได้กี่วัน", V2, "ไม่เกินหนึ่งร้อยแปดสิบวัน"),
    ):
        ans = ask(client, question)
        assert ans["found"], question
        assert cited(ans)[0] == (version, "14"), (question, cited(ans))
        assert ans["answer"].splitlines()[0].startswith(fact), (question, ans["answer"])


def test_a_removed_section_says_so_and_cites_the_older_text(client: httpx.Client) -> None:
    ans = ask(client, "มาตรา ๑๗ ว่าอย่างไร")
    assert ans["found"]
    lines = ans["answer"].splitlines()
    assert lines[0] == "มาตรา ๑๗ ถูกตัดออกในฉบับที่ ๒ [1]"
    assert "แผนการลดปริมาณกากอุตสาหกรรมระยะห้าปี" in lines[1] and lines[1].endswith("[1]")
    first = ans["citations"][0]
    assert (first["version"], first["section"], first["status"], first["changed_in"]) == (V1, "17", "removed", V2)
    assert not first["latest"]


def test_what_changed_in_general_lists_every_change_from_the_diff(client: httpx.Client) -> None:
    ans = ask(client, "ร่างฉบับที่ ๒ แก้ไขอะไรบ้าง")
    assert ans["found"] and "โดยสรุปดังนี้" not in ans["answer"]
    lines = ans["answer"].splitlines()
    assert lines[0].startswith("ฉบับที่ ๒ เทียบกับฉบับรับฟังความคิดเห็น ครั้งที่ ๑")
    gold = gold_changes()
    by_section = {c["section"]: c for c in ans["citations"]}
    assert set(by_section) == set(gold)
    for number, status in gold.items():
        c = by_section[number]
        assert (c["status"], c["changed_in"]) == (status, V2), number
        assert c["version"] == (V1 if status == "removed" else V2), number
    assert "ไม่เกินเก้าสิบวัน → ไม่เกินหนึ่งร้อยแปดสิบวัน" in ans["answer"]
    assert "ไม่เกินสองแสนบาท → ไม่เกินห้าแสนบาท" in ans["answer"]
    only_removed = ask(client, "ฉบับที่ ๒ ตัดมาตราไหนออกบ้าง")
    assert sorted(cited(only_removed)) == [(V1, "17"), (V1, "43")]


def test_what_changed_in_a_section_cites_both_versions(client: httpx.Client) -> None:
    ans = ask(client, "มาตรา ๓๐ ต่างจากฉบับก่อนอย่างไร")
    assert ans["found"]
    assert cited(ans) == [(V1, "30"), (V2, "30")]
    lines = ans["answer"].splitlines()
    assert lines[0] == "มาตรา ๓๐ แก้ไขในฉบับที่ ๒: ห้าปี → สามปี [1][2]"
    assert "อายุห้าปี" in lines[1] and V1 in lines[1] and lines[1].endswith("[1]")
    assert "อายุสามปี" in lines[2] and V2 in lines[2] and lines[2].endswith("[2]")


def test_what_changed_on_a_topic(client: httpx.Client) -> None:
    ans = ask(client, "โทษปรับเปลี่ยนไปอย่างไร")
    assert ans["found"]
    assert {(V1, "66"), (V2, "66")} <= set(cited(ans))
    assert "ไม่เกินสองแสนบาท → ไม่เกินห้าแสนบาท" in ans["answer"]
    assert all(c["status"] == "amended" for c in ans["citations"])
    # in everyday words: "เกินกำหนด" is read as the law's "เกินระยะเวลา" (prompts/thai_terms.yaml)
    everyday = ask(client, "ค่าปรับเก็บกากเกินกำหนดในร่างแรกกับร่างสองต่างกันยังไง")
    assert everyday["found"] and {(V1, "66"), (V2, "66")} <= set(cited(everyday))
    unchanged = ask(client, "เรื่องรัฐมนตรีผู้รักษาการ ร่างฉบับที่ ๒ เปลี่ยนไปไหม")
    first = unchanged["citations"][0]
    assert unchanged["found"] and first["version"] == V2 and first["section"] not in gold_changes()
    assert first["status"] == "unchanged" and first["changed_in"] is None
    assert "ไม่มีการแก้ไขในฉบับที่ ๒" in unchanged["answer"]


def test_whether_something_was_new_is_answered_from_the_diff(client: httpx.Client) -> None:
    # unchanged: the older text is cited first, it shows the words were there already
    kept = ask(client, "มาตรา ๒๒ เพิ่งเพิ่มเข้ามาในฉบับที่ ๒ หรือเปล่า")
    assert kept["found"] and cited(kept) == [(V1, "22"), (V2, "22")]
    assert kept["answer"].splitlines()[0].startswith("มาตรา ๒๒ ไม่มีการแก้ไขในฉบับที่ ๒")
    # added: the new section is quoted at the paragraph about the topic, not its first
    added = ask(client, "เรื่องเงินสำรองเยียวยาที่กองทุนต้องกันไว้ มีมาตั้งแต่ร่างแรกไหม")
    assert added["found"] and cited(added)[0] == (V2, "46/1")
    assert added["answer"].splitlines()[0].startswith("มาตรา ๔๖/๑ เพิ่มใหม่ในฉบับที่ ๒")
    assert gold_changes()["46/1"] == "added"


def test_citations_say_whether_the_latest_version_changed_them(client: httpx.Client) -> None:
    changed = ask(client, "ผู้ก่อกากเก็บกากไว้ในโรงงานได้กี่วัน")
    c = changed["citations"][0]
    assert (c["version"], c["section"], c["status"], c["changed_in"]) == (V2, "14", "amended", V2)
    gold = gold_changes()
    for question in ("รัฐมนตรีกระทรวงไหนรักษาการตามร่างกฎหมายกาก", "ใบอนุญาตผู้รับบำบัดกำจัดกากมีอายุกี่ปี",
                     "ผู้ก่อกากต้องขึ้นทะเบียนภายในกี่วัน"):
        for c in ask(client, question)["citations"]:
            if c["document"] == DRAFT and c["section"]:
                status = gold.get(c["section"], "unchanged")
                assert (c["status"], c["changed_in"]) == (status, None if status == "unchanged" else V2), c
    session = ask(client, "ในวง MIND Meet Up ใครพูดเรื่องเก็บกากเก้าสิบวัน")
    for c in session["citations"]:
        if c["kind"] in ("transcript", "note"):
            assert c["status"] is None and c["changed_in"] is None


def test_an_ordinary_question_with_a_change_word_is_not_a_change_question(client: httpx.Client) -> None:
    ans = ask(client, "โรงงานมีกากชนิดใหม่หรือปริมาณเปลี่ยนไปจากที่ขึ้นทะเบียนไว้ ต้องแจ้งกรมโรงงานภายในกี่วัน")
    assert "ในฉบับที่ ๒" not in ans["answer"] and "เทียบกับ" not in ans["answer"]


@pytest.mark.parametrize("question, want", [
    ("What sections did the second draft delete?", ["17", "43"]),
    ("Which sections did the second draft add?", ["15/1", "46/1"]),
])
def test_english_asks_which_sections_were_removed_or_added(client: httpx.Client, question: str,
                                                          want: list[str]) -> None:
    body = ask(client, question)
    assert body["found"] and [c["section"] for c in body["citations"]] == want


def test_an_english_question_scoped_to_the_hearing_draft_answers_from_it(client: httpx.Client) -> None:
    body = ask(client, "Under the first public hearing draft, how many expert members could the committee have?")
    first = body["citations"][0]
    assert body["found"] and (first["version"], first["section"]) == (V1, "5")
    assert "ไม่เกินหกคน" in body["answer"].splitlines()[0]
