"""Words that name a version or ask what changed, on literal questions (no index)."""

from __future__ import annotations

from ingest.store import VersionInfo
from service.qa.retrieve import Retriever
from service.qa.version_refs import (
    asks_change,
    asks_origin,
    named_version,
    statuses_asked,
    topic_of,
    without_change_words,
)

V1 = VersionInfo("act", "ร่าง", "draft", "ฉบับรับฟังความคิดเห็น ครั้งที่ ๑", "u1", "a.pdf", "2025-03-03", seq=1)
V2 = VersionInfo("act", "ร่าง", "draft", "ฉบับที่ ๒", "u2", "b.pdf", "2025-06-16", seq=2)


def named(question: str) -> list[str]:
    return [v.version for v in Retriever._versions_named(question, [V1, V2])]


def test_versions_named_by_number_ordinal_or_words() -> None:
    for q in ("ฉบับแรกให้เก็บกากได้กี่วัน", "ร่างครั้งที่ ๑ เก็บกากได้กี่วัน", "ฉบับรับฟังความคิดเห็นเก็บกากได้กี่วัน",
              "ร่างที่เปิดรับฟังความเห็นเก็บกากได้กี่วัน", "ร่างเดิมเก็บกากได้กี่วัน", "ฉบับก่อนหน้าเก็บกากได้กี่วัน",
              "In version 1, how long may waste be stored?", "In the previous draft, how long?"):
        assert named(q) == [V1.version], q
    for q in ("ร่างล่าสุดเก็บกากได้กี่วัน", "ฉบับปัจจุบันเก็บกากได้กี่วัน", "ฉบับที่ ๒ เก็บกากได้กี่วัน", "ร่างใหม่เก็บกากได้กี่วัน"):
        assert named(q) == [V2.version], q
    for q in ("ใบอนุญาตมีอายุกี่ปี", "ก่อนจะขนส่งกากต้องทำอะไร", "ต้องรับฟังความคิดเห็นประชาชนก่อนออกใบอนุญาตไหม"):
        assert named(q) == [], q


def test_a_label_without_distinctive_words_is_not_matched_by_them() -> None:
    a = VersionInfo("act", "ร่าง", "draft", "ฉบับที่ ๑", "a1", "a.pdf", "2025-01-01", seq=1)
    b = VersionInfo("act", "ร่าง", "draft", "ฉบับที่ ๒", "a2", "b.pdf", "2025-02-01", seq=2)
    assert named_version("ฉบับนี้เก็บกากได้กี่วัน", [a, b]) == []
    assert named_version("ร่างเดิมเก็บกากได้กี่วัน", [a, b]) == [a]
    assert named_version("ร่างเดิมเก็บกากได้กี่วัน", [b]) == []


def test_what_changed_questions() -> None:
    for q in ("ร่างฉบับที่ ๒ แก้ไขอะไรบ้าง", "โทษปรับเปลี่ยนไปอย่างไร", "มาตรา ๓๐ ต่างจากฉบับก่อนอย่างไร",
              "ฉบับที่ ๒ ตัดมาตราไหนออกบ้าง", "อายุใบอนุญาตเปลี่ยนไปไหม", "What changed in the second draft?",
              "ร่างฉบับที่ ๒ เปลี่ยนอายุใบอนุญาตจากกี่ปีเป็นกี่ปี", "ร่างฉบับที่สองเพิ่มมาตราใหม่กี่มาตรา"):
        assert asks_change(q), q
    for q in ("โรงงานมีกากชนิดใหม่หรือปริมาณเปลี่ยนไปจากที่ขึ้นทะเบียนไว้ ต้องแจ้งภายในกี่วัน",
              "ทำไมร่างฉบับสองถึงเพิ่มผู้แทนภาคประชาชน", "ตัดมาตรา 17 กับ 43 แล้วทำไมไม่เรียงเลขมาตราใหม่",
              "What must be removed from an end-of-life vehicle before it is shredded?", "มาตรา ๑๗ ว่าอย่างไร"):
        assert not asks_change(q), q
    assert statuses_asked("ฉบับที่ ๒ ตัดมาตราไหนออกบ้าง") == {"removed"}
    assert statuses_asked("ร่างใหม่เพิ่มมาตราอะไรเข้ามาบ้าง") == {"added"}
    assert statuses_asked("ร่างฉบับที่ ๒ แก้ไขอะไรบ้าง") == set()
    assert statuses_asked("ร่างฉบับที่ ๒ เพิ่มมาตราอะไรบ้าง") == {"added"}
    # English asks in its own forms, and "removed"/"added" name which changes, never a topic
    for q, status in (("What sections did the second draft delete?", "removed"),
                      ("Which sections were dropped from the second draft?", "removed"),
                      ("Which sections were removed in the second draft?", "removed"),
                      ("Which sections did the second draft add?", "added")):
        assert asks_change(q) and statuses_asked(q) == {status}, q
        assert topic_of(q, set()) == [], q
    assert without_change_words("โทษปรับในร่างล่าสุดเปลี่ยนไปอย่างไร") == "โทษปรับใน"
    assert without_change_words("เรื่องค่าปรับเก็บกากเกินเวลา ร่างใหม่เปลี่ยนไหม") == "เรื่องค่าปรับเก็บกากเกินเวลา"
    # "ตรงไหน" asks where, like "อะไร": no topic is left, so every change is reported
    assert topic_of("ร่างฉบับที่ ๒ ต่างจากฉบับแรกตรงไหนบ้าง", set()) == []


def test_questions_whether_something_was_new_in_a_version() -> None:
    for q in ("มาตรา ๒๒ เพิ่งเพิ่มเข้ามาในฉบับที่ ๒ หรือเปล่า", "เรื่องเงินสำรองเยียวยามีมาตั้งแต่ร่างแรกไหม",
              "ข้อห้ามนำกากเข้าประเทศ มีอยู่แล้วตั้งแต่ฉบับรับฟังความคิดเห็นหรือไม่", "Was section 22 new in the second draft?"):
        assert asks_origin(q) and asks_change(q), q
    for q in ("โรงงานที่เพิ่งเข้ามาในนิคม ต้องขึ้นทะเบียนไหม", "ผู้ขนส่งที่เพิ่งมาตอนเช้า ต้องแสดงเอกสารกำกับไหม",
              "A new factory in the estate: must it register?"):
        assert not asks_origin(q) and not asks_change(q), q
    assert without_change_words("เรื่องเงินสำรองเยียวยามีมาตั้งแต่ร่างแรกไหม") == "เรื่องเงินสำรองเยียวยา"
