"""Questions whose form decides how the answer opens: "which section" with the section's number, "who"
with the doer of the act, "how many / when" with the fact said of the question's words."""

from __future__ import annotations

import httpx
import pytest

from ingest.facts import find_facts
from service.qa.extractive import Passage, choose
from service.qa.leads import lead_facts
from service.qa.question import asks_section, classify
from service.qa.words import word_weights


@pytest.mark.parametrize(("question", "asks"), [
    ("เรื่องการติดรหัสคิวอาร์ที่ภาชนะบรรจุกากอยู่มาตราไหน", True),
    ("การห้ามผสมกากอันตรายอยู่ในมาตราอะไร", True),
    ("โทษปรับกรณีไม่ทำประกันภัยอยู่มาตราใด", True),
    ("Which section requires GPS on waste transport vehicles?", True),
    ("มาตรา ๒๖ ต้องเก็บเอกสารกี่ปี", False),
    ("What does section 26 require?", False),
])
def test_a_question_for_the_section_s_number_is_told_apart(question: str, asks: bool) -> None:
    assert asks_section(question) is asks


@pytest.mark.parametrize(("question", "section", "lead"), [
    # which section: its number
    ("เรื่องการติดรหัสคิวอาร์ที่ภาชนะบรรจุกากอยู่มาตราไหน", "15/1", "มาตรา ๑๕/๑"),
    ("Which section requires GPS on waste transport vehicles?", "21", "Section 21"),
    # who: the doer of the act asked about (service.qa.actors)
    ("ใครเป็นคนพิจารณาคำขอเยียวยาเบื้องต้น", "52", "ปลัดกระทรวงอุตสาหกรรม"),
    ("ใครเป็นคนเริ่มทำเอกสารกำกับการขนส่ง", "23", "ผู้ก่อกากอุตสาหกรรม"),
    ("Who chairs the committee?", "5", "รัฐมนตรีว่าการกระทรวงอุตสาหกรรม"),
    ("ถ้าโอนกิจการ หน้าที่เรื่องกากตกไปอยู่กับใคร", "19", "ผู้รับโอน"),
])
def test_the_answer_opens_with_what_the_form_asks(client: httpx.Client, question: str, section: str,
                                                  lead: str) -> None:
    r = client.post("/v1/ask", json={"question": question})
    assert r.status_code == 200, r.text
    a = r.json()
    assert a["found"] is True and a["citations"][0]["section"] == section
    assert a["answer"].split("\n")[0] == f"{lead} [1]"


@pytest.mark.parametrize(("question", "kind"), [
    ("Does a generator's responsibility end when it hands waste to a transporter?", "yesno"),
    ("When does the act come into force?", "deadline"),
    ("Since when is the rule in force, and when does it end?", "deadline"),
    ("By when must the annual report be filed?", "deadline"),
])
def test_when_inside_a_yes_no_question_does_not_ask_for_a_date(question: str, kind: str) -> None:
    assert classify(question).type == kind


def test_a_count_of_points_is_a_count_and_a_word_that_starts_with_its_unit_is_not() -> None:
    ask = classify("สำนักงานคณะกรรมการการแข่งขันทางการค้าส่งความเห็นมากี่ข้อ")
    assert ask.type == "count" and ask.unit == "ข้อ"
    assert [f.text for f in find_facts("เสนอความเห็นรวม ๗ ข้อ", ("count",))] == ["๗ ข้อ"]
    assert find_facts("ปิดรับฟังความเห็นปี ๒๕๖๘ ข้อเสนอส่วนใหญ่", ("count",)) == []


@pytest.mark.parametrize(("question", "text", "lead"), [
    # the figure said right after what it is of, not the total said before it
    ("ความเห็นจากระบบกลางทางกฎหมายมีกี่ความเห็น",
     "ปิดรับแล้วได้ทั้งหมด ๖๑๒ ความเห็น จากระบบกลางทางกฎหมาย ๔๓๕ ความเห็น อีเมลกองกฎหมาย ๑๑๒", "๔๓๕ ความเห็น"),
    # the date in the clause that holds the question's words, not the one a space before it
    ("สรุปผลการรับฟังความคิดเห็นจะขึ้นเว็บไซต์เมื่อไหร่",
     "ตัวบทคาดว่าเสร็จกลางเดือนมิถุนายน ส่วนสรุปผลการรับฟังความคิดเห็นจะขึ้นเว็บไซต์กระทรวงภายในวันที่ ๓๐ เมษายน",
     "ภายในวันที่ ๓๐ เมษายน"),
])
def test_a_lead_is_the_fact_said_of_the_question_s_words(question: str, text: str, lead: str) -> None:
    ask = classify(question)
    words = [w for w in ("ระบบกลาง", "กฎหมาย", "สรุป", "ผล", "รับฟัง", "เว็บไซต์", "ความเห็น") if w in question]
    weights = word_weights(words, {}, 100)
    c = choose(Passage.of(text), weights, ask)
    assert c is not None
    assert [f.text for f in lead_facts(c, words, ask, weights=weights)] == [lead]


def test_a_named_speaker_s_turn_that_holds_none_of_the_question_does_not_answer_it() -> None:
    from service.qa.session_questions import said_none_of_it

    turn = "สรุปการรับฟังความคิดเห็น ปิดรับแล้วได้ทั้งหมด ๖๑๒ ความเห็น"
    assert said_none_of_it(["พูดถึง", "ภาษี", "คาร์บอน"], ["สุภัตรา"], turn)
    assert not said_none_of_it(["พูดถึง", "ความเห็น"], ["สุภัตรา"], turn)
    assert not said_none_of_it(["พูดถึง", "สุภัตรา"], ["สุภัตรา"], turn)  # nothing asked beyond her words
