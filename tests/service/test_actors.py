"""Who does what a "who" question asks: where a name ends in unspaced Thai (ingest.names), the act a
question asks about (service.qa.actors.act_of), the doer or the one it is done to in a clause (actor),
(its answers over real HTTP: tests/service/test_answer_forms.py)."""

from __future__ import annotations

import pytest

from ingest.facts import NAMES, find_facts
from service.qa.actors import act_of, actor
from service.qa.glossary import Glossary
from service.qa.question import classify


@pytest.mark.parametrize(("text", "names"), [
    ("ให้ปลัดกระทรวงอุตสาหกรรมพิจารณาคำขอรับการเยียวยา", ["ปลัดกระทรวงอุตสาหกรรม"]),
    ("ต้องแจ้งกรมโรงงานอุตสาหกรรมล่วงหน้าไม่น้อยกว่าหกสิบวัน", ["กรมโรงงานอุตสาหกรรม"]),
    ("ผู้ก่อกากอุตสาหกรรมเป็นผู้มีหน้าที่เริ่มจัดทำเอกสาร", ["ผู้ก่อกากอุตสาหกรรม"]),
    # "และ" inside one name; a verb right after an organisation's head is its name
    ("ได้แก่ ปลัดกระทรวงทรัพยากรธรรมชาติและสิ่งแวดล้อม อธิบดีกรมควบคุมมลพิษ",
     ["ปลัดกระทรวงทรัพยากรธรรมชาติและสิ่งแวดล้อม", "อธิบดีกรมควบคุมมลพิษ"]),
    ("และผู้รับบำบัดและกำจัดกากอุตสาหกรรมต้องจัดให้มี", ["ผู้รับบำบัดและกำจัดกากอุตสาหกรรม"]),
    ("ให้ผู้รับโอนรับไปทั้งสิทธิและหน้าที่", ["ผู้รับโอน"]),
    ("ให้อธิบดีมีอำนาจแต่งตั้งพนักงานเจ้าหน้าที่", ["อธิบดี", "พนักงานเจ้าหน้าที่"]),
    # newmm keeps "ตามกฎหมาย" and "ไม่อาจ" whole; they end a name too
    ("แจ้งสำนักงานประกันสังคมตามกฎหมายว่าด้วยเงินทดแทน", ["สำนักงานประกันสังคม"]),
    ("ในกรณีที่ผู้รับใบอนุญาตไม่อาจตั้งโรงงานได้", ["ผู้รับใบอนุญาต"]),
    # "ผู้ใด" and "ผู้ซึ่ง" name nobody; a fund is not an office
    ("ผู้ใดไม่ปฏิบัติตามมาตรา ๑๒ ให้กองทุนเรียกเงินคืน", []),
])
def test_a_name_ends_at_the_first_word_no_name_holds(text: str, names: list[str]) -> None:
    assert [f.text for f in find_facts(text, NAMES)] == names


@pytest.mark.parametrize(("question", "quote", "who"), [
    # the subject of the act asked, not the nearest office
    ("ใครเป็นคนพิจารณาคำขอเยียวยาเบื้องต้น",
     "ให้ปลัดกระทรวงอุตสาหกรรมพิจารณาคำขอรับการเยียวยาความเสียหายเบื้องต้นให้แล้วเสร็จภายในสามสิบวัน "
     "หากเกินจำนวนดังกล่าว ให้เสนอคณะกรรมการพิจารณาตามมาตรา ๘ (๕)", "ปลัดกระทรวงอุตสาหกรรม"),
    # the words between a subject and its act are not part of it; the whole subject is
    ("ผู้เสียหายเสียชีวิตแล้ว ใครยื่นขอเงินเยียวยาแทนได้",
     "ในกรณีที่ผู้ได้รับความเสียหายถึงแก่ความตาย ให้ทายาทหรือผู้อยู่ในอุปการะของผู้นั้นเป็นผู้ยื่นคำขอแทน",
     "ทายาทหรือผู้อยู่ในอุปการะของผู้นั้น"),
    ("ใครเป็นคนเริ่มทำเอกสารกำกับการขนส่ง",
     "ผู้ก่อกากอุตสาหกรรมเป็นผู้มีหน้าที่เริ่มจัดทำเอกสารกำกับการขนส่งก่อนการส่งมอบกากอุตสาหกรรม", "ผู้ก่อกากอุตสาหกรรม"),
    # a name with "ว่า" inside ("รัฐมนตรีว่าการ…") is not cut there
    ("ใครเป็นประธานคณะกรรมการ", "(๑) รัฐมนตรีว่าการกระทรวงอุตสาหกรรม เป็นประธานกรรมการ",
     "รัฐมนตรีว่าการกระทรวงอุตสาหกรรม"),
    ("ใครเป็นคนเห็นชอบหลักสูตร", "ต้องผ่านการฝึกอบรมตามหลักสูตรที่อธิบดีให้ความเห็นชอบ", "อธิบดี"),
    # one name and the words of its act: the name; "ผู้ซึ่ง…" goes on describing the subject
    ("ใครเป็นผู้พิจารณาอุทธรณ์", "ให้อธิบดีวินิจฉัยอุทธรณ์ให้แล้วเสร็จภายในสามสิบวัน", "อธิบดี"),
    ("ใครมีอำนาจสั่งหยุดประกอบกิจการโรงงาน",
     "ให้ปลัดกระทรวงหรือผู้ซึ่งปลัดกระทรวงมอบหมายมีอำนาจสั่งให้ผู้ประกอบกิจการโรงงานนั้นหยุดประกอบกิจการ",
     "ปลัดกระทรวงหรือผู้ซึ่งปลัดกระทรวงมอบหมาย"),
    # done to someone: the name right after the act
    ("ร่างฉบับที่ ๒ เพิ่มใครเข้ามาเป็นกรรมการโดยตำแหน่ง",
     "(๑) เพิ่มประธานสภาอุตสาหกรรมแห่งประเทศไทยเป็นกรรมการโดยตำแหน่ง", "ประธานสภาอุตสาหกรรมแห่งประเทศไทย"),
])
def test_a_who_question_is_answered_by_the_doer_of_the_act(question: str, quote: str, who: str) -> None:
    found = actor(quote, act_of(question, classify(question)))
    assert found is not None and found.text == who


def test_an_english_act_is_read_through_the_term_bank() -> None:
    glossary = Glossary.load()
    q = "If a factory is sold, who takes over its waste obligations?"
    found = actor("ในกรณีที่มีการโอนกิจการ ให้ผู้รับโอนรับไปทั้งสิทธิและหน้าที่ของผู้ก่อกากอุตสาหกรรม",
                  act_of(q, classify(q), glossary))
    assert found is not None and found.text == "ผู้รับโอน"


def test_no_doer_is_made_up() -> None:
    q = "ใครเป็นคนพิจารณาคำขอ"
    assert actor("การพิจารณาคำขอตามวรรคหนึ่งไม่จำต้องรอผลการพิสูจน์", act_of(q, classify(q))) is None
    assert act_of("ต้องเก็บเอกสารไว้กี่ปี", classify("ต้องเก็บเอกสารไว้กี่ปี")) is None


def test_an_english_question_about_whom_someone_else_acts_on_is_answered_by_the_one_acted_on() -> None:
    glossary = Glossary.load()
    q = "Who must a transporter notify after a spill during transport?"
    act = act_of(q, classify(q), glossary)
    assert act is not None and act.done_to
    quote = ("ผู้ก่อกากอุตสาหกรรมต้องดำเนินการระงับเหตุโดยทันที และแจ้งพนักงานเจ้าหน้าที่และองค์กรปกครองส่วนท้องถิ่น"
             "ที่สถานประกอบการตั้งอยู่ภายในยี่สิบสี่ชั่วโมง")
    found = actor(quote, act)
    assert found is not None and found.text == "พนักงานเจ้าหน้าที่"
