"""Questions whose form decides how the answer opens: "which section" with the section's number, "who"
with the doer of the act, "how many / when" with the fact said of the question's words."""

from __future__ import annotations

import httpx
import pytest

from ingest.facts import find_facts
from service.qa.extractive import Passage, choose
from service.qa.leads import lead_facts
from service.qa.question import asks_section, classify, rate_asked, rate_by_cue
from service.qa.words import question_words, word_weights


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
    # one said without a number: a count
    ("How many times can the storage period be extended?", "14", "Once more (อีกครั้งเดียว)"),
    # who, in a session: the speaker whose turn opens with the act (Thai leaves the speaking subject out)
    ("ใครเป็นคนเปิดการประชุมครั้งที่สอง", None, "วรรณา"),
    # a rate: the daily fine, not the fine the clause gives first
    ("ผู้ขนส่งกากที่ไม่ทำประกันภัย โดนปรับรายวันเท่าไหร่", "75", "วันละหนึ่งหมื่นบาท"),
    ("What is the daily fine for a transporter without liability insurance?", "75",
     "Per day, 10,000 baht (วันละหนึ่งหมื่นบาท)"),
    # the figure of the clause that holds more of the question, not the nearest figure to one word
    ("โดนเพิกถอนใบอนุญาต อุทธรณ์ได้ภายในกี่วัน", "35", "ภายในสามสิบวัน"),
    ("ฟ้องเรียกค่าเสียหายจากกากได้ภายในกี่ปีนับแต่รู้ตัวผู้ต้องรับผิด", "60", "สามปี"),
    # not the figure the question gives itself
    ("ถ้าเก็บกากครบ 180 วันแล้วยังส่งไม่ได้ ขอขยายได้อีกกี่วัน", "14", "ไม่เกินสามสิบวัน"),
])
def test_the_answer_opens_with_what_the_form_asks(client: httpx.Client, question: str, section: str | None,
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


@pytest.mark.parametrize(("question", "per"), [
    ("ผู้ขนส่งยังไม่ทำประกัน นอกจากค่าปรับก้อนแรกแล้ว โดนปรับรายวันอีกเท่าไหร่", "วัน"),
    ("เบี้ยประกันต่อคันต่อปีเท่าไหร่", "คัน"),
    ("ปลัดอนุมัติได้รายละไม่เกินเท่าไหร่", "ราย"),
    ("What is the daily fine for not insuring?", "วัน"),
    ("ต้องเก็บไว้กี่วัน", ""),  # a count of days, not a rate
    ("รายละเอียดในเอกสารกำกับมีอะไรบ้าง", ""),
])
def test_a_rate_asked_is_read_from_the_question(question: str, per: str) -> None:
    assert rate_asked(question) == per


def test_a_daily_fine_asked_leads_with_the_daily_sum_not_the_first_fine() -> None:
    question = "ผู้ขนส่งยังไม่ทำประกันตามที่กำหนด นอกจากค่าปรับก้อนแรกแล้ว โดนปรับรายวันอีกเท่าไหร่"
    text = ("ผู้ใดไม่จัดให้มีการประกันภัยหรือหลักประกันตามมาตรา ๕๕ ต้องระวางโทษปรับไม่เกินหนึ่งล้านบาท "
            "และปรับอีกวันละหนึ่งหมื่นบาทตลอดเวลาที่ยังไม่ปฏิบัติให้ถูกต้อง")
    ask = classify(question)
    words = ["ประกัน", "ปรับ"]
    weights = word_weights(words, {}, 100)
    c = choose(Passage.of(text), weights, ask)
    assert c is not None
    assert [f.text for f in lead_facts(c, words, ask, weights=weights)] == ["วันละหนึ่งหมื่นบาท"]
    plain = classify("ผู้ขนส่งไม่ทำประกันโดนปรับเท่าไหร่")
    assert lead_facts(choose(Passage.of(text), weights, plain), words, plain, weights=weights)[0].text == (
        "ปรับไม่เกินหนึ่งล้านบาท")


def test_a_share_asked_leads_with_the_share_not_the_years_beside_it() -> None:
    question = "ผู้ผลิตต้องเก็บซากให้ได้ตามเป้าหมายร้อยละเท่าไหร่"
    text = ("ผู้ผลิตต้องเก็บรวบรวมซากผลิตภัณฑ์ของตนให้ได้ตามเป้าหมายที่คณะกรรมการกำหนด ซึ่งคิดเป็นร้อยละของน้ำหนัก"
            "ผลิตภัณฑ์ที่ผู้ผลิตนั้นจำหน่ายในราชอาณาจักรโดยเฉลี่ยในสามปีก่อนหน้า ทั้งนี้ เป้าหมายในปีแรกต้องไม่น้อยกว่าร้อยละยี่สิบ")
    ask = classify(question)
    words = ["ผู้ผลิต", "ซาก", "เป้าหมาย"]
    weights = word_weights(words, {}, 100)
    c = choose(Passage.of(text), weights, ask)
    assert c is not None
    assert [f.text for f in lead_facts(c, words, ask, weights=weights)] == ["ไม่น้อยกว่าร้อยละยี่สิบ"]


def test_a_second_ask_in_another_clause_is_not_bound_by_the_first_s_unit() -> None:
    question = "ธนาคารต้องโอนทุนประเดิมให้สำนักงานเท่าไหร่ ภายในกี่วัน"
    ask = classify(question)
    assert ask.unit == "วัน" and "money" in ask.apart
    text = "ให้ธนาคารแห่งประเทศไทยโอนเงินจำนวนห้าร้อยล้านบาทให้แก่สำนักงานภายในสามสิบวันนับแต่วันที่พระราชบัญญัตินี้ประกาศ"
    words = ["ธนาคาร", "โอน", "ทุนประเดิม", "สำนักงาน"]
    weights = word_weights(words, {}, 100)
    c = choose(Passage.of(text), weights, ask)
    assert c is not None
    assert [f.text for f in lead_facts(c, words, ask, weights=weights, join=False)] == ["ห้าร้อยล้านบาท", "ภายในสามสิบวัน"]
    # one clause: "นานเท่าไหร่ กี่วัน" asks days only, and "กี่ปี" alone binds every figure
    assert "time" not in classify("นานเท่าไหร่ กี่วัน").apart and classify("ต้องเก็บไว้กี่ปี").apart == ()
    # English spaces every word, not clauses: "period" does not free "how many times" from its unit
    assert classify("How many times can the storage period be extended?").apart == ()


def test_the_copula_of_a_question_is_not_one_of_its_words() -> None:
    assert "คือ" not in question_words(["ค่าปรับ", "สูงสุด", "ผู้ขนส่ง", "คือ", "เท่าไหร่"])


def test_a_named_speaker_s_turn_that_holds_none_of_the_question_does_not_answer_it() -> None:
    from service.qa.session_questions import said_none_of_it

    turn = "สรุปการรับฟังความคิดเห็น ปิดรับแล้วได้ทั้งหมด ๖๑๒ ความเห็น"
    assert said_none_of_it(["พูดถึง", "ภาษี", "คาร์บอน"], ["สุภัตรา"], turn)
    assert not said_none_of_it(["พูดถึง", "ความเห็น"], ["สุภัตรา"], turn)
    assert not said_none_of_it(["พูดถึง", "สุภัตรา"], ["สุภัตรา"], turn)  # nothing asked beyond her words


def test_a_named_speaker_s_turn_that_holds_most_of_the_question_answers_it() -> None:
    from service.qa.session_questions import said_most_of_it

    turn = "แบบนี้โรงงานเล็กที่ระยองน่าจะพอใจครับ แต่ถ้าเก็บนานขึ้น ความเสี่ยงก็มากขึ้นด้วยไม่ใช่เหรอครับ"
    weights = {"ธนากร": 3.0, "กังวล": 2.0, "โรงงาน": 1.0, "เล็ก": 2.0}
    assert said_most_of_it(weights, ["ธนากร"], turn, 0.5)
    assert not said_most_of_it({**weights, "ภาษี": 4.0}, ["ธนากร"], turn, 0.5)  # most of it is not there
    assert not said_most_of_it(weights, [], turn, 0.5)


def test_the_figure_of_the_clause_that_holds_more_of_the_question_leads() -> None:
    # both deadlines follow "อุทธรณ์"; the first is said of the order appealed against (เพิกถอน…ใบอนุญาต)
    question = "โดนเพิกถอนใบอนุญาต อุทธรณ์ได้ภายในกี่วัน"
    text = ("ผู้ซึ่งถูกสั่งไม่อนุญาต ไม่ต่ออายุใบอนุญาต พักใช้ หรือเพิกถอนใบอนุญาต มีสิทธิอุทธรณ์เป็นหนังสือต่อรัฐมนตรี"
            "ภายในสามสิบวันนับแต่วันที่ได้รับแจ้งคำสั่ง และให้รัฐมนตรีวินิจฉัยอุทธรณ์ให้แล้วเสร็จภายในหกสิบวันนับแต่วันที่ได้รับอุทธรณ์")
    ask = classify(question)
    words = ["เพิกถอน", "ใบอนุญาต", "อุทธรณ์"]
    weights = {"เพิกถอน": 3.0, "ใบอนุญาต": 2.0, "อุทธรณ์": 3.0}
    c = choose(Passage.of(text), weights, ask)
    assert c is not None
    assert [f.text for f in lead_facts(c, words, ask, weights=weights)] == ["ภายในสามสิบวัน"]


def test_a_figure_the_question_gives_is_not_the_one_it_asks_for() -> None:
    question = "ถ้าเก็บกากครบ 180 วันแล้วยังส่งไม่ได้ ขอขยายได้อีกกี่วัน"
    ask = classify(question)
    assert ask.given == (180,)
    assert classify("มาตรา ๓๐ ให้ต่ออายุล่วงหน้ากี่วัน").given == ()  # a section's number is not a figure given
    assert classify("กากเกิน ๑,๐๐๐ ตันต่อปีต้องทำแผนไหม").given == (1000,)
    first = "ผู้ก่อกากอุตสาหกรรมจะเก็บกากอุตสาหกรรมไว้ได้ไม่เกินหนึ่งร้อยแปดสิบวันนับแต่วันที่กากอุตสาหกรรมนั้นเกิดขึ้น"
    third = "อธิบดีอาจขยายระยะเวลาการเก็บให้ได้อีกครั้งเดียวเป็นเวลาไม่เกินสามสิบวัน"
    words = ["180", "หนึ่งร้อยแปดสิบ", "ครบ", "เก็บ", "กาก", "ขยาย", "อีก"]
    weights = {"180": 5.0, "หนึ่งร้อยแปดสิบ": 2.5, "ครบ": 4.0, "เก็บ": 1.5, "กาก": 1.0, "ขยาย": 3.0, "อีก": 2.4}
    c = choose(Passage.of(f"{first}\n\n{third}"), weights, ask)
    assert c is not None and third in c.quote  # the paragraph that states another figure answers
    assert [f.text for f in lead_facts(c, words, ask, weights=weights)] == ["ไม่เกินสามสิบวัน"]
    only = choose(Passage.of(first), weights, ask)  # with no other figure, the given one still leads
    assert only is not None and [f.text for f in lead_facts(only, words, ask, weights=weights)] == [
        "ไม่เกินหนึ่งร้อยแปดสิบวัน"]


@pytest.mark.parametrize(("question", "section", "lead"), [
    # everyday words the draft does not write (นำเข้า, ต่างประเทศ, ออนไลน์, ล่ม) are read in its own
    ("นำเข้ากากจากต่างประเทศโดยไม่ได้รับอนุญาต ติดคุกได้สูงสุดกี่ปี", "71", "จำคุกไม่เกินสิบปี"),
    ("ระบบใบกำกับออนไลน์ล่ม ต้องใช้แบบกระดาษแล้วกรอกย้อนหลังภายในกี่วัน", "27", "ภายในสามวันทำการ"),
    # "ก่อนกฎหมายใช้": the transitional clause for those already in business, not the general duty (มาตรา ๑๒)
    ("โรงงานที่เปิดอยู่ก่อนกฎหมายใช้ ต้องขึ้นทะเบียนภายในกี่วัน", "81", "ภายในหนึ่งร้อยแปดสิบวัน"),
])
def test_everyday_words_of_an_answerable_question_do_not_make_it_unseen(client: httpx.Client, question: str,
                                                                         section: str, lead: str) -> None:
    a = client.post("/v1/ask", json={"question": question}).json()
    assert a["found"] and a["citations"][0]["section"] == section
    assert a["answer"].split("\n")[0].startswith(lead)


def test_a_rate_asked_by_the_cue_is_told_from_one_the_question_only_mentions() -> None:
    for q, by_cue in (("ผู้ก่อกากต้องอบรมพนักงานเรื่องกากปีละกี่ชั่วโมง", True),
                      ("ม.17 ที่ให้ทำแผนลดกาก ใช้กับโรงงานที่มีกากเท่าไหร่ต่อปี", True),
                      ("What is the daily fine for not insuring?", True),
                      ("How long must a disposal facility keep copies of its monthly waste reports?", False),
                      ("By when is the annual report due?", False)):  # a report's name, not a rate
        ask = classify(q)
        assert ask.per and rate_by_cue(q, ask.cue) == by_cue, q
    # the rate word may follow the figure ("…หนึ่งพันตันต่อปี")
    ask = classify("ม.17 ที่ให้ทำแผนลดกาก ใช้กับโรงงานที่มีกากเท่าไหร่ต่อปี")
    quote = "ผู้ก่อกากอุตสาหกรรมซึ่งมีกากอุตสาหกรรมเกินหนึ่งพันตันต่อปี ต้องจัดทำแผน"
    fact = next(f for f in find_facts(quote, ask.facts) if "พัน" in f.text)
    assert ask.at_rate(quote, fact)


def test_a_rate_asked_that_no_figure_states_is_not_found(client: httpx.Client) -> None:
    # the draft's only hours are a deadline (ภายในยี่สิบสี่ชั่วโมง), not hours a year
    a = client.post("/v1/ask", json={"question": "ผู้ก่อกากต้องอบรมพนักงานเรื่องกากปีละกี่ชั่วโมง"}).json()
    assert a["found"] is False
