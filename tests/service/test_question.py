"""What a question asks and where a unit states it: literal Thai inputs, no index."""

from __future__ import annotations

import pytest

from service.qa.compose import english_fact, english_joined
from service.qa.extractive import Passage, choose
from service.qa.leads import lead_facts
from service.qa.question import (
    AMOUNT,
    COUNT,
    DEADLINE,
    DEFINITION,
    DURATION,
    OTHER,
    PENALTY,
    WHO,
    YESNO,
    classify,
    find_facts,
    thai_number,
)
from service.qa.words import known_parts, word_weights


@pytest.mark.parametrize(("words", "value"), [
    ("สิบ", 10), ("ยี่สิบเอ็ด", 21), ("หนึ่งร้อยแปดสิบ", 180), ("สามร้อยหกสิบ", 360), ("ห้าแสน", 500_000),
    ("หนึ่งร้อยล้าน", 100_000_000), ("สองล้านห้าแสน", 2_500_000), ("๑,๐๐๐", 1000), ("๙๐", 90), ("45", 45),
])
def test_thai_numbers(words: str, value: int) -> None:
    assert thai_number(words) == value


@pytest.mark.parametrize("text", ["สามารถ", "ห้าม", "", "ปี"])
def test_words_that_are_not_numbers(text: str) -> None:
    assert thai_number(text) is None


@pytest.mark.parametrize(("question", "kind"), [
    ("ผู้ก่อกากต้องเก็บเอกสารกำกับการขนส่งไว้กี่ปี", DURATION),
    ("ใบอนุญาตอยู่ได้นานแค่ไหน", DURATION),
    ("How long must the manifest be kept?", DURATION),
    ("ยื่นอุทธรณ์ได้ภายในกี่วัน", DEADLINE),
    ("กฎกระทรวงจะเสร็จเมื่อไหร่", DEADLINE),
    ("กองทุนได้ทุนประเดิมเท่าไหร่", AMOUNT),
    ("บอร์ดต้องมีตัวแทนภาคประชาชนอย่างน้อยกี่คน", COUNT),
    ("ใครเป็นผู้ออกใบอนุญาต", WHO),
    ("Which agency keeps the register?", WHO),
    ("ลักลอบทิ้งกากมีโทษอะไร", PENALTY),
    ("What is the fine for dumping waste?", PENALTY),
    ("กากอุตสาหกรรมอันตรายคืออะไร", DEFINITION),
    ("ผู้ผลิตจ้างคนอื่นรับคืนซากแทนได้ไหม", YESNO),
    ("ร่างนี้ว่าด้วยเรื่องการจัดการกาก", OTHER),
])
def test_question_types(question: str, kind: str) -> None:
    assert classify(question).type == kind


def test_a_question_can_want_two_facts() -> None:
    ask = classify("รถขนกากคว่ำ ต้องแจ้งใครภายในกี่ชั่วโมง")
    assert "office" in ask.facts and "time" in ask.facts


def test_at_the_least_what_is_a_list_not_an_amount() -> None:
    assert classify("ยื่นขึ้นทะเบียนผู้ก่อกาก ขั้นต่ำต้องกรอกข้อมูลอะไรบ้าง").type == "other"  # led with "ภายในหกสิบวัน"
    assert classify("บริษัทรถขนกากอันตรายต้องทำประกันขั้นต่ำเท่าไหร่").type == "amount"


@pytest.mark.parametrize(("question", "facts"), [
    ("ค่าธรรมเนียมต้องจ่ายภายในวันที่เท่าไหร่ของเดือน", ("date",)),  # not an amount: เท่าไหร่ is the date's
    ("สำนักงบประมาณจะโอนทุนประเดิมงวดแรกเดือนไหน", ("date",)),  # "ห้าปี" does not say which month
    ("กฎหมายกากจะลงราชกิจจาฯ เร็วสุดปีไหน", ("date",)),
    ("ต้องแจ้งภายในกี่วัน", ("time", "date", "frequency")),  # two cues that share กี่ both count
    ("เริ่มใช้เมื่อไหร่ แล้วค่าธรรมเนียมเท่าไหร่", ("time", "date", "money", "count", "percent", "share")),
])
def test_a_date_on_the_calendar_is_asked_apart_from_a_period(question: str, facts: tuple[str, ...]) -> None:
    ask = classify(question)
    assert ask.type == "deadline" and ask.facts == facts


@pytest.mark.parametrize(("text", "kinds", "facts"), [
    ("ต้องเก็บไว้เป็นเวลาไม่น้อยกว่าสิบปีนับแต่วันที่ได้รับการรับรอง", ("time",), ["ไม่น้อยกว่าสิบปี"]),
    ("ให้ใช้บังคับเมื่อพ้นกำหนดสามร้อยหกสิบวันนับแต่วันประกาศ", ("time",), ["สามร้อยหกสิบวัน"]),
    ("ภายใน ๙๐ วันนับแต่วันที่ได้รับคำขอ", ("time",), ["ภายใน ๙๐ วัน"]),
    ("ทุนประเดิมจำนวนห้าร้อยล้านบาท", ("money",), ["ห้าร้อยล้านบาท"]),
    ("ต้องระวางโทษจำคุกไม่เกินสองปี หรือปรับไม่เกินสองล้านบาท", ("jail", "fine"),
     ["จำคุกไม่เกินสองปี", "ปรับไม่เกินสองล้านบาท"]),
    # a fine as a multiple of a sum: the Revenue Code's surcharge, the Securities Act's fines
    ("ต้องระวางโทษจำคุกไม่เกินสองปี หรือปรับเป็นเงินไม่เกินสองเท่าของราคาขาย", ("jail", "fine"),
     ["จำคุกไม่เกินสองปี", "ปรับเป็นเงินไม่เกินสองเท่า"]),
    ("ให้เสียเบี้ยปรับอีกหนึ่งเท่าของเงินภาษี", ("fine",), ["ปรับอีกหนึ่งเท่า"]),
    ("จะต้องเสียค่าปรับสี่เท่าของอัตราค่าบริการ", ("fine",), ["ปรับสี่เท่า"]),
    ("ปรับไม่เกินหนึ่งล้านบาท และปรับอีกวันละหนึ่งหมื่นบาท", ("fine",), ["ปรับไม่เกินหนึ่งล้านบาท"]),
    ("ต้องปรับปรุงสองเท่า", ("fine",), []),
    ("ไม่น้อยกว่าร้อยละยี่สิบของน้ำหนัก", ("percent",), ["ไม่น้อยกว่าร้อยละยี่สิบ"]),
    ("ผู้ประกอบการสามารถยื่นคำขอได้", ("time", "money", "count"), []),
    ("ห้ามมิให้ผู้ใดทิ้งกาก", ("time", "money"), []),
    ("รายงานต่อคณะรัฐมนตรีปีละหนึ่งครั้ง และเปิดเผยเป็นรายไตรมาส", ("time", "frequency"),
     ["ปีละหนึ่งครั้ง", "เป็นรายไตรมาส"]),
    # a deadline without a number of days
    ("ต่างต้องยืนยันการส่งมอบในวันเดียวกับที่มีการส่งมอบ", ("time", "date"), ["ในวันเดียวกับ"]),
    ("ต้องระงับเหตุทันทีและแจ้งภายในยี่สิบสี่ชั่วโมง", ("time", "date"), ["ทันที", "ภายในยี่สิบสี่ชั่วโมง"]),
    ("ให้ส่งรายงานภายในวันที่ ๑๕ ของเดือนถัดไป", ("time", "date"), ["ภายในวันที่ ๑๕ ของเดือนถัดไป"]),
    ("ให้แจ้งนายทะเบียนโดยไม่ชักช้า", ("date",), ["โดยไม่ชักช้า"]),
    ("ถ้าเป็นไปตามแผน อย่างเร็วก็ปี 2569 ส่วนมาตรา 2569 ไม่มี", ("date",), ["ปี 2569"]),  # a year, not a section
    ("ประกาศเมื่อ พ.ศ. ๒๕๖๘", ("date",), ["พ.ศ. ๒๕๖๘"]),
    ("พระราชบัญญัตินี้ให้ใช้บังคับตั้งแต่วันถัดจากวันประกาศในราชกิจจานุเบกษาเป็นต้นไป", ("time", "date"),
     ["ตั้งแต่วันถัดจากวันประกาศในราชกิจจานุเบกษาเป็นต้นไป"]),
])
def test_facts_in_a_unit(text: str, kinds: tuple[str, ...], facts: list[str]) -> None:
    assert [f.text for f in find_facts(text, kinds)] == facts


PASSAGE = (
    "มาตรา ๒๖  ผู้ก่อกากอุตสาหกรรม ผู้ขนส่งกากอุตสาหกรรม และผู้รับบำบัดและกำจัดกากอุตสาหกรรม ต่างต้องจัดทำ"
    "เอกสารกำกับการขนส่งตามแบบที่อธิบดีกำหนด\n"
    "ผู้ก่อกากอุตสาหกรรมต้องเก็บรักษาเอกสารกำกับการขนส่งไว้เป็นเวลาไม่น้อยกว่าสิบปีนับแต่วันที่ได้รับการรับรอง\n"
    "ในกรณีที่เอกสารกำกับการขนส่งสูญหาย ให้แจ้งพนักงานเจ้าหน้าที่ทราบ"
)


def test_the_unit_that_states_the_asked_fact_is_chosen() -> None:
    words = ["เก็บ", "เอกสาร", "กำกับ", "การขนส่ง", "ผู้ก่อกาก"]
    weights = word_weights(words, {w: 1 for w in words}, 10)
    choice = choose(Passage.of(PASSAGE), weights, classify("ผู้ก่อกากต้องเก็บเอกสารกำกับการขนส่งไว้กี่ปี"))
    assert choice is not None and "ไม่น้อยกว่าสิบปี" in choice.quote
    assert [f.text for f in lead_facts(choice, words)] == ["ไม่น้อยกว่าสิบปี"]


FREQUENCY = (
    "มาตรา ๘  คณะกรรมการมีอำนาจหน้าที่ ดังต่อไปนี้\n"
    "(๑) เสนอนโยบายและแผนต่อคณะรัฐมนตรี โดยให้มีการทบทวนแผนอย่างน้อยทุกห้าปี\n"
    "(๗) รายงานสถานการณ์การจัดการกากของประเทศต่อคณะรัฐมนตรีปีละหนึ่งครั้ง"
)


def test_how_often_is_answered_by_a_frequency_in_the_unit_that_shares_the_words() -> None:
    ask = classify("คณะกรรมการต้องรายงานสถานการณ์กากของประเทศให้คณะรัฐมนตรีทราบบ่อยแค่ไหน")
    assert "frequency" in ask.facts
    words = ["รายงาน", "สถานการณ์", "ประเทศ", "คณะรัฐมนตรี"]
    weights = word_weights(words, {"รายงาน": 3, "สถานการณ์": 1, "ประเทศ": 2, "คณะรัฐมนตรี": 4}, 10)
    choice = choose(Passage.of(FREQUENCY), weights, ask)
    assert choice is not None and choice.quote.endswith("ปีละหนึ่งครั้ง")


def test_a_penalty_question_is_not_answered_by_the_duty_s_own_figures() -> None:
    ask = classify("เลิกกิจการโดยไม่แจ้งล่วงหน้าหกสิบวัน โดนปรับเท่าไหร่")
    duty, fine = find_facts("ต้องแจ้งล่วงหน้าไม่น้อยกว่าหกสิบวัน ต้องระวางโทษปรับไม่เกินห้าหมื่นบาท", ask.facts)
    assert not ask.fits(duty) and ask.fits(fine)


def test_a_sum_only_implied_may_be_capped_as_a_share() -> None:
    implied = classify("ค่าบริหารกองทุนใช้ได้ไม่เกินเท่าไหร่")  # money words, no "กี่บาท"
    share, baht = find_facts("ต้องไม่เกินร้อยละห้าของรายรับ หรือครั้งละไม่เกินสิบล้านบาท", implied.facts)
    assert implied.unit == "บาท" and implied.fits(share) and implied.fits(baht)
    asked = classify("ค่าธรรมเนียมกี่บาท")  # the unit asked outright
    assert not asked.fits(share)


def test_without_an_asked_fact_the_unit_with_most_words_wins() -> None:
    words = ["เอกสาร", "กำกับ", "สูญหาย", "แจ้ง"]
    weights = word_weights(words, {"เอกสาร": 5, "กำกับ": 5, "สูญหาย": 1, "แจ้ง": 2}, 10)
    choice = choose(Passage.of(PASSAGE), weights, classify("เอกสารกำกับหาย ต้องแจ้งใคร"))
    assert choice is not None and choice.quote.startswith("ในกรณีที่เอกสารกำกับการขนส่งสูญหาย")


def test_a_session_unit_is_one_cue_of_one_speaker() -> None:
    text = "สุภัตรา [00:10:00]: เรื่องแรก ใบกำกับ ต่อมาเรื่องที่สอง อายุความสิบปี\nธนากร [00:10:20]: ขอบคุณครับ"
    lines = '[[4, "สุภัตรา", 600.0, 20, [[0, 600.0, 4], [18, 610.5, 5]]], [6, "ธนากร", 620.0, 18, [[0, 620.0, 6]]]]'
    units = Passage.of(text, lines).units
    assert [(u.speaker, u.start_s, u.turn) for u in units] == [
        ("สุภัตรา", 600.0, 4), ("สุภัตรา", 610.5, 5), ("ธนากร", 620.0, 6)]
    assert units[1].text == "ต่อมาเรื่องที่สอง อายุความสิบปี" and ":" not in units[2].text


def test_english_lead_renders_the_thai_fact() -> None:
    fact = find_facts("เก็บไว้ไม่น้อยกว่าสิบปี", ("time",))[0]
    assert english_fact(fact) == "at least 10 years (ไม่น้อยกว่าสิบปี)"
    fine = find_facts("ปรับไม่เกินห้าแสนบาท", ("fine",))[0]
    assert english_fact(fine) == "a fine not more than 500,000 baht (ปรับไม่เกินห้าแสนบาท)"


def test_a_penalty_clause_names_the_duties_it_punishes_not_itself() -> None:
    from service.qa.penalties import named_sections

    clause = "มาตรา ๘๑ ผู้ได้รับใบอนุญาตผู้ใดไม่ปฏิบัติตามมาตรา ๓๐ หรือมาตรา ๓๑ ต้องระวางโทษปรับไม่เกินห้าพันบาท"
    assert named_sections(clause, "81") == ["30", "31"]
    # a clause that names a section but sets no penalty punishes nothing
    assert named_sections("ผู้ได้รับใบอนุญาตตามมาตรา ๑๒ ต้องแจ้งพนักงานเจ้าหน้าที่", "13") == []


def test_question_words_leave_out_the_words_that_ask() -> None:
    from ingest.lexical import tokenize
    from service.qa.words import question_words

    words = question_words(tokenize("ไม่ติดใบอนุญาตไว้ที่สถานที่ทำการ ปรับเท่าไหร่ครับ"))
    assert "ใบอนุญาต" in words and "สถานที่ทำการ" in words
    assert not {"เท่าไหร่", "ครับ"} & set(words)
    # "ผิดไหม" asks whether it is an offence; read as a word it matched every "ความผิด" in the penalty part
    assert "ผิด" not in question_words(tokenize("ไม่ติดใบอนุญาตไว้ที่สถานที่ทำการ ผิดไหม ปรับเท่าไหร่"))


@pytest.mark.parametrize(("question", "session"), [
    ("ตอนประชุมเดือนมีนา ทีมยกร่างคิดจะแก้ปัญหาโรงงานเล็กยังไง", True),
    ("คุณสุภัตราพูดเรื่องมาตรา 14 ว่าอย่างไร", True),
    ("ในที่ประชุม วิทยากรพูดถึงคณะกรรมการว่าอะไร", True),  # วิทยากร names the session
    ("What did the speaker say about the fund?", True),
    ("What did the presenter say about when the act takes effect?", True),
    ("What does section 22/1 say?", False),  # "say" of a section is no session
    ("ผู้ประกอบการค้านเรื่องลดอายุใบอนุญาตไหม แล้วทีมยอมแก้หรือเปล่า", True),  # a law never writes "ทีม"
    # a committee's meeting, and words built on คุณ, are the law's own subjects
    ("ประชุมบอร์ดกากแล้วคะแนนโหวตออกมาเท่ากัน ชี้ขาดยังไง", False),
    ("คณะกรรมการต้องประชุมปีละกี่ครั้ง แล้วกี่คนถึงครบองค์ประชุม", False),
    ("กรรมการผู้ทรงคุณวุฒิในบอร์ดกากได้เบี้ยประชุมครั้งละเท่าไหร่", False),
    ("คุณสมบัติของกรรมการมีอะไรบ้าง", False),
    ("How often must the committee hold a meeting?", False),
])
def test_a_question_about_a_session_and_one_about_a_committee_meeting(question: str, session: bool) -> None:
    from service.qa.session_questions import about_session

    assert about_session(question) is session


def test_a_long_unit_is_quoted_as_far_as_the_limit_when_the_question_words_do_not_say_where() -> None:
    # "มาตรา 57 เรื่องอะไร": only the heading holds the question's words; the quote had stopped at the
    # list of parties ("…ผู้รับบำบัดและกำจัดกากอุตสาหกรรม") and left out what they must do
    text = ("มาตรา ๕๗ ผู้ก่อกากอุตสาหกรรม ผู้ขนส่งกากอุตสาหกรรม หรือผู้รับบำบัดและกำจัดกากอุตสาหกรรม "
            "ซึ่งครอบครองหรือควบคุมกากอุตสาหกรรมในขณะที่ก่อให้เกิดความเสียหายแก่ชีวิต ร่างกาย สุขภาพอนามัย "
            "หรือทรัพย์สินของผู้อื่น หรือแก่ทรัพยากรธรรมชาติ ต้องรับผิดชดใช้ค่าสินไหมทดแทนเพื่อความเสียหายนั้น "
            "ไม่ว่าความเสียหายนั้นจะเกิดจากการกระทำโดยจงใจหรือประมาทเลินเล่อหรือไม่ก็ตาม "
            "เว้นแต่จะพิสูจน์ได้ว่าความเสียหายนั้นเกิดจาก")
    assert 360 < len(text) <= 400
    c = choose(Passage.of(text), word_weights(["57", "มาตรา"], {"57": 1, "มาตรา": 50}, 100))
    assert c is not None and c.quote.startswith("มาตรา ๕๗")
    assert "ต้องรับผิดชดใช้ค่าสินไหมทดแทน" in c.quote and len(c.quote) <= 360


def test_a_fact_in_another_unit_than_asked_earns_no_bonus() -> None:
    # "how many years was the licence valid": the renewal clause shares more words and holds ninety
    # days; the term in years is in the clause before (a days figure had earned a small bonus and won)
    text = ("ใบอนุญาตตามมาตรา ๒๘ ให้มีอายุห้าปีนับแต่วันที่ออกใบอนุญาต\n"
            "ผู้รับใบอนุญาตซึ่งประสงค์จะต่ออายุใบอนุญาตต้องยื่นคำขอก่อนใบอนุญาตสิ้นอายุไม่น้อยกว่าเก้าสิบวัน")
    weights = {"ใบอนุญาต": 1.0, "อายุ": 1.2, "สิ้น": 1.1, "บำบัด": 0.8}  # "processing" is in neither
    c = choose(Passage.of(text), weights, classify("ใบอนุญาตโรงบำบัดสิ้นอายุกี่ปี"))
    assert c is not None and "ห้าปี" in c.quote


@pytest.mark.parametrize(("question", "text"), [
    ("หลักสูตรอบรมคนขับรถขนกากต้องอบรมกี่ชั่วโมง", "ผู้ขับขี่ต้องผ่านการอบรมหลักสูตรที่กรมกำหนด และต้องอบรมทบทวนทุกสองปี"),
    ("เลิกกิจการโดยไม่แจ้งล่วงหน้า โดนปรับเท่าไหร่", "ผู้ก่อกากซึ่งจะเลิกกิจการต้องแจ้งกรมล่วงหน้าไม่น้อยกว่าหกสิบวัน"),
])
def test_an_answer_does_not_lead_with_a_figure_of_another_kind_than_asked(question: str, text: str) -> None:
    ask = classify(question)
    weights = word_weights(["อบรม", "แจ้ง", "ล่วงหน้า", "เลิก"], {}, 100)
    c = choose(Passage.of(text), weights, ask)
    assert c is not None and c.facts  # the unit has a figure, just not the one asked for
    assert lead_facts(c, list(weights), ask) == []
    assert lead_facts(c, list(weights), classify("ต้องอบรมทบทวนบ่อยแค่ไหน" if "อบรม" in text else "ต้องแจ้งล่วงหน้ากี่วัน"))


def test_a_who_answer_does_not_lead_with_the_office_the_question_names() -> None:
    # "who appoints the officials" is not answered "the officials"; with the appointing office in the quote, it leads
    ask = classify("ใครแต่งตั้งพนักงานเจ้าหน้าที่")
    weights = word_weights(["แต่งตั้ง", "พนักงานเจ้าหน้าที่"], {}, 100)
    alone = choose(Passage.of("ในกรณีที่พนักงานเจ้าหน้าที่พบว่าผู้ใดไม่ปฏิบัติตามพระราชบัญญัตินี้ ให้มีอำนาจสั่งให้แก้ไข"), weights, ask)
    assert alone is not None and alone.facts and lead_facts(alone, list(weights), ask) == []
    both = choose(Passage.of("ให้อธิบดีมีอำนาจแต่งตั้งพนักงานเจ้าหน้าที่"), weights, ask)
    assert both is not None and [f.text for f in lead_facts(both, list(weights), ask)] == ["อธิบดี"]


@pytest.mark.parametrize(("question", "text", "lead"), [
    # the unit asked ("กี่วัน") is the other part's; the penalty part is answered by the fine
    ("ต้องขึ้นทะเบียนภายในกี่วัน แล้วถ้าไม่ขึ้นทะเบียนโดนปรับเท่าไหร่",
     "ผู้ใดไม่ขึ้นทะเบียนตามมาตรา ๑๒ ต้องระวางโทษปรับไม่เกินห้าหมื่นบาท", "ปรับไม่เกินห้าหมื่นบาท"),
    # a late-renewal surcharge is a share of the fee
    ("ต่อใบอนุญาตช้าต้องเสียค่าปรับเท่าไหร่",
     "ต้องชำระค่าปรับเพิ่มร้อยละยี่สิบของค่าธรรมเนียมการต่ออายุใบอนุญาต", "ร้อยละยี่สิบ"),
])
def test_a_penalty_answer_leads_with_the_penalty_part(question: str, text: str, lead: str) -> None:
    ask = classify(question)
    weights = word_weights(["ขึ้นทะเบียน", "ปรับ", "ต่อ", "ใบอนุญาต"], {}, 100)
    c = choose(Passage.of(text), weights, ask)
    assert c is not None and [f.text for f in lead_facts(c, list(weights), ask)] == [lead]


def test_the_lead_is_placed_by_the_question_s_rarer_words() -> None:
    # "กรรมการ" occurs all over the clause and sits in the committee's own name, an "office" too;
    # "ประธาน" says where the chair is named
    quote = ("ให้มีคณะกรรมการคณะหนึ่ง เรียกว่า “คณะกรรมการจัดการกากอุตสาหกรรม” ประกอบด้วย "
             "(๑) รัฐมนตรีว่าการกระทรวงอุตสาหกรรม เป็นประธานกรรมการ")
    ask = classify("ใครเป็นประธานคณะกรรมการจัดการกาก")
    weights = {"ประธาน": 3.0, "คณะกรรมการ": 0.8, "กาก": 0.5, "จัดการ": 0.9}
    c = choose(Passage.of(quote), weights, ask)
    assert c is not None
    lead = lead_facts(c, list(weights), ask, limit=1, weights=weights)
    assert [f.text for f in lead] == ["รัฐมนตรีว่าการกระทรวงอุตสาหกรรม"], lead


def test_a_thai_lead_says_the_penalty_as_the_clause_does() -> None:
    # two figures side by side read as both; the clause says one or the other, or both
    quote = "ผู้ใดประกอบกิจการโดยไม่ได้รับใบอนุญาต ต้องระวางโทษจำคุกไม่เกินหนึ่งปี หรือปรับไม่เกินห้าแสนบาท หรือทั้งจำทั้งปรับ"
    ask = classify("ประกอบกิจการโดยไม่ได้รับใบอนุญาต มีโทษอะไร")
    weights = {"ประกอบกิจการ": 1.0, "ใบอนุญาต": 1.0, "มีโทษ": 2.0}
    c = choose(Passage.of(quote), weights, ask)
    assert c is not None
    thai = lead_facts(c, list(weights), ask, weights=weights, join=True)
    assert [f.text for f in thai] == ["จำคุกไม่เกินหนึ่งปี หรือปรับไม่เกินห้าแสนบาท หรือทั้งจำทั้งปรับ"]
    assert [f.text for f in lead_facts(c, list(weights), ask, weights=weights, join=False)] == [
        "จำคุกไม่เกินหนึ่งปี", "ปรับไม่เกินห้าแสนบาท"]
    from service.qa.compose import lead_line

    assert lead_line(thai, 1, "en") == (  # each figure in English, with the clause's "or"
        "Imprisonment not more than 1 year (จำคุกไม่เกินหนึ่งปี) or a fine not more than 500,000 baht "
        "(ปรับไม่เกินห้าแสนบาท), or both [1]")


def test_a_word_the_index_never_saw_is_read_in_the_parts_it_knows() -> None:
    # newmm keeps "ได้เงิน" and "โทษหนัก" whole; the law writes "จ่ายเงิน", "โทษ"
    seen = {"เงิน": 12, "โทษ": 40, "หนัก": 3, "เลิก": 2, "กิจการ": 30, "ครั้ง": 9}

    def doc_freq(words: list[str]) -> dict[str, int]:
        return {w: seen.get(w, 0) for w in words}

    assert known_parts(["ได้เงิน"], doc_freq) == ["เงิน"]  # "ได้" is a stop word: not kept
    assert known_parts(["โทษหนัก", "เลิกกิจการ"], doc_freq) == ["โทษ", "หนัก", "เลิก", "กิจการ"]
    assert known_parts(["ถือหุ้น"], doc_freq) == []  # "หุ้น" is not in the index: no split
    assert known_parts(["ครั้งแรก"], doc_freq) == []  # a part the index lacks leaves the word whole
    assert known_parts(["manifest", "โทษ"], doc_freq) == []  # English, and too short to cut


REMEDY = (
    "มาตรา ๕๑  ผู้ได้รับความเสียหายต่อชีวิตหรือทรัพย์สินอันเนื่องมาจากกากอุตสาหกรรม มีสิทธิยื่นคำขอรับเงินเยียวยา"
    "เบื้องต้นต่อสำนักงานอุตสาหกรรมจังหวัดภายในเก้าสิบวันนับแต่วันที่รู้ถึงความเสียหาย\n"
    "ในกรณีที่ผู้ได้รับความเสียหายถึงแก่ความตาย ให้ทายาทหรือผู้อยู่ในอุปการะยื่นคำขอแทนได้\n"
    "การพิจารณาคำขอให้แล้วเสร็จภายในสามสิบวัน"
)


def test_two_paragraphs_that_answer_together_are_quoted_together() -> None:
    # what is claimed is in the first วรรค, who claims for the dead in the second
    words = ["ผู้ได้รับความเสียหาย", "ความตาย", "ยื่นคำขอ", "เงินเยียวยา", "แทน"]
    weights = word_weights(words, {w: 2 for w in words}, 10)
    choice = choose(Passage.of(REMEDY), weights, classify("ผู้ได้รับความเสียหายถึงแก่ความตาย ใครยื่นคำขอเงินเยียวยาแทนได้"))
    assert choice is not None and choice.quote in REMEDY
    assert "เงินเยียวยา" in choice.quote and "ทายาทหรือผู้อยู่ในอุปการะ" in choice.quote
    assert "สามสิบวัน" not in choice.quote  # the third วรรค adds nothing
    # one paragraph that holds the question alone is still quoted alone
    alone = choose(Passage.of(REMEDY), word_weights(["พิจารณา", "คำขอ"], {"พิจารณา": 1, "คำขอ": 3}, 10),
                   classify("พิจารณาคำขอเสร็จภายในกี่วัน"))
    assert alone is not None and alone.quote == "การพิจารณาคำขอให้แล้วเสร็จภายในสามสิบวัน"


def test_a_fee_question_is_not_answered_by_a_fine_but_a_fine_question_is() -> None:
    clause = "ผู้ใดประกอบกิจการโดยไม่ได้ขึ้นทะเบียน ต้องระวางโทษปรับไม่เกินห้าแสนบาท"
    assert classify("ค่าธรรมเนียมขึ้นทะเบียนกี่บาท").facts_in(clause) == []
    assert [f.text for f in classify("ปรับวันละเท่าไหร่").facts_in(clause)] == ["ไม่เกินห้าแสนบาท"]
    assert [f.text for f in classify("ค่าธรรมเนียมฉบับละเท่าไหร่").facts_in("ใบแทนใบอนุญาต ฉบับละ ๑,๐๐๐ บาท")] == [
        "ฉบับละ ๑,๐๐๐ บาท"]


def test_a_thousands_comma_is_not_a_join_in_an_english_lead() -> None:
    fact = find_facts("ฉบับละ ๒๐,๐๐๐ บาท", ("money",))[0]
    assert english_joined(fact) == "per document, 20,000 baht (ฉบับละ ๒๐,๐๐๐ บาท)"


def test_a_deadline_question_prefers_a_figure_bounded_as_asked() -> None:
    text = ("มาตรา ๓๐  ผู้รับใบอนุญาตต้องยื่นคำขอต่ออายุใบอนุญาตก่อนสิ้นอายุไม่น้อยกว่าเก้าสิบวัน\n"
            "เมื่อได้รับคำขอ ให้อธิบดีพิจารณาคำขอให้แล้วเสร็จภายในหกสิบวัน")
    words = ["ยื่น", "คำขอ", "ใบอนุญาต", "อธิบดี"]
    weights = word_weights(words, {w: 2 for w in words}, 10)
    ask = classify("ยื่นคำขอใบอนุญาตแล้ว อธิบดีต้องตอบภายในกี่วัน")
    assert ask.bound == "upper" and classify("ต้องยื่นต่ออายุล่วงหน้ากี่วัน").bound == "lower"
    choice = choose(Passage.of(text), weights, ask)
    assert choice is not None and choice.quote.endswith("ภายในหกสิบวัน")
    assert [f.text for f in lead_facts(choice, words, ask)] == ["ภายในหกสิบวัน"]


@pytest.mark.parametrize(("text", "number"), [
    ("ในกรณีที่เกิดอุบัติเหตุระหว่างการขนส่ง ให้นำมาตรา ๑๘ มาใช้บังคับแก่ผู้ขนส่งกากอุตสาหกรรมโดยอนุโลม", "18"),
    ("ให้นำความในมาตรา 22/1 วรรคสอง มาใช้บังคับโดยอนุโลม", "22/1"),
    ("ให้นำมาตรา ๑๘ มาใช้บังคับ", None),  # applied as written, not "with the changes the case needs": no rule to follow
    ("ผู้ใดไม่ปฏิบัติตามมาตรา ๑๘ ต้องระวางโทษ", None),
])
def test_a_rule_applied_by_reference(text: str, number: str | None) -> None:
    from service.qa.links import applied_section

    assert applied_section(text) == number


