"""Question kinds added for what officials ask of sessions and clauses, on literal inputs (no index):
who said something in a session, a time of day, and a share of a whole (a quorum)."""

from __future__ import annotations

from service.qa.compose import english_fact
from service.qa.extractive import Unit, asked_the_room
from service.qa.question import CLOCK, COUNT, REASON, SPEAKER, WHO, classify, find_facts, speaker_cue


def test_who_said_it_asks_for_a_session_speaker() -> None:
    for q, asker in (("ใครถามเรื่องไทม์ไลน์ปิดรับฟังความเห็น", True), ("ในเวทีมีนา ใครเป็นคนถามเรื่องค่าธรรมเนียม", True),
                     ("ใครเป็นคนตอบเรื่องกฎกระทรวง", False), ("ใครพูดเรื่องเก็บกากเก้าสิบวัน", False),
                     ("Who asked about the ministerial regulations?", True), ("Who explained the fund's reserve?", False)):
        ask = classify(q)
        assert (ask.type, ask.asker, ask.facts) == (SPEAKER, asker, ()), q
    # a duty or a power is not a speech act, and "มีใคร…" asks whether anyone did
    for q in ("ใครเป็นคนประกาศว่ากากตัวไหนเป็นกากอันตราย", "รถขนกากคว่ำ ผู้ขนส่งต้องแจ้งใคร", "ใครเสนอชื่อกรรมการผู้ทรงคุณวุฒิ",
              "ตอนเวทีมีนา มีใครถามเรื่องนี้ไหม", "Who chairs the committee?"):
        assert classify(q).type != SPEAKER, q
    assert classify("ใครเสนอชื่อกรรมการผู้ทรงคุณวุฒิ").type == WHO


def test_who_from_a_unit_asked_is_still_a_speaker_question() -> None:
    # whom they are stands between "ใคร" and the verb; it is searched, not dropped as framing
    for q, asker, cue in (("ใครจากกองบริหารการคลังถามเรื่องหน้าที่ของครัวเรือน", True, "ใคร ถาม"),
                          ("ใครในห้องถามเรื่องค่าขนส่ง", True, "ใคร ถาม"),
                          ("Who from the policy and planning division asked about renewal fees?", True, "Who  asked"),
                          ("Which participant said the fee would be lowered?", False, "Which participant said")):
        ask = classify(q)
        assert (ask.type, ask.asker, speaker_cue(q)) == (SPEAKER, asker, cue), q
    for q in ("มีใครจากสภาอุตฯ ถามไหม", "ใครจากกรมโรงงานต้องแจ้งผู้ขนส่ง"):
        assert classify(q).type != SPEAKER, q


def test_a_turn_that_ends_in_a_question_particle_asks_the_room() -> None:
    for text in ("ผู้ประกอบการไม่ค้านเหรอครับ", "ความเสี่ยงก็มากขึ้นด้วยไม่ใช่เหรอครับ", "ส่งรายงานแล้วหรือยังคะ", "ใช่รึเปล่าครับ"):
        assert asked_the_room(Unit(text, 0, speaker="ธนากร")), text
    assert not asked_the_room(Unit("ทีมคงไว้ค่ะ", 0, speaker="สุภัตรา"))


def test_a_time_of_day_is_asked_and_stated() -> None:
    for q in ("เจ้าหน้าที่เข้าไปตรวจโรงงานได้ช่วงเวลาไหน", "ประชุมเริ่มกี่โมง", "During what hours may inspectors enter?"):
        assert (classify(q).type, classify(q).facts) == (CLOCK, ("clock",)), q
    assert classify("ต้องแจ้งภายในกี่ชั่วโมง").type != CLOCK
    text = "เข้าไปในโรงงานในระหว่างเวลาพระอาทิตย์ขึ้นถึงพระอาทิตย์ตก หรือในเวลาทำการของสถานที่นั้น เปิดประชุม ๑๓.๓๐ น. ถึง ๑๖.๐๐ น."
    assert [f.text for f in find_facts(text, ("clock",))] == [
        "ในระหว่างเวลาพระอาทิตย์ขึ้นถึงพระอาทิตย์ตก", "ในเวลาทำการของสถานที่นั้น", "๑๓.๓๐ น. ถึง ๑๖.๐๐ น."]
    assert not find_facts("ภายในสิบห้าวัน ปรับไม่เกินห้าหมื่นบาท", ("clock",))


def test_a_share_of_a_whole_answers_how_many() -> None:
    text = "การประชุมคณะกรรมการต้องมีกรรมการมาประชุมไม่น้อยกว่ากึ่งหนึ่งของจำนวนกรรมการทั้งหมดจึงจะเป็นองค์ประชุม"
    facts = find_facts(text, ("share", "count"))
    assert [(f.text, f.kind) for f in facts] == [("ไม่น้อยกว่ากึ่งหนึ่งของจำนวนกรรมการทั้งหมด", "share")]
    ask = classify("บอร์ดต้องมีกรรมการมาประชุมอย่างน้อยกี่คน")
    assert ask.type == COUNT and ask.unit == "คน" and ask.fits(facts[0])
    assert english_fact(facts[0]) == "at least half of all members (ไม่น้อยกว่ากึ่งหนึ่งของจำนวนกรรมการทั้งหมด)"
    assert [f.text for f in find_facts("มติต้องได้คะแนนเสียงไม่น้อยกว่าสองในสามของที่ประชุม", ("share",))] == [
        "ไม่น้อยกว่าสองในสามของที่ประชุม"]


def test_a_fund_or_an_insurance_policy_is_not_an_office() -> None:
    text = "ให้จัดตั้งกองทุนขึ้นกองทุนหนึ่งในสำนักงานปลัดกระทรวงอุตสาหกรรม และต้องแสดงกรมธรรม์ประกันภัยต่อกรมโรงงานอุตสาหกรรม"
    assert [f.text for f in find_facts(text, ("office",))] == ["สำนักงานปลัดกระทรวงอุตสาหกรรม", "กรมโรงงานอุตสาหกรรม"]


def test_one_said_without_a_number_is_a_count() -> None:
    text = "อธิบดีอาจขยายระยะเวลาการเก็บให้ได้อีกครั้งเดียวเป็นเวลาไม่เกินสามสิบวัน"
    once = find_facts(text, ("count",))
    assert [f.text for f in once] == ["อีกครั้งเดียว"]
    assert english_fact(once[0]) == "once more (อีกครั้งเดียว)"
    assert [f.text for f in find_facts("ดำรงตำแหน่งได้วาระเดียว", ("count",))] == ["วาระเดียว"]
    assert find_facts("ผู้ขนส่งคนเดียวกันต้องลงนาม", ("count",)) == []  # "the same person" is not a count
    assert classify("อธิบดีขยายเวลาเก็บกากให้ได้กี่ครั้ง").type == COUNT


def test_one_year_in_the_codes_older_word_order_is_a_time() -> None:
    assert [f.text for f in find_facts("เมื่อดอกเบี้ยค้างชำระไม่น้อยกว่าปีหนึ่ง คู่สัญญากู้ยืมจะตกลงกัน", ("time",))] == [
        "ไม่น้อยกว่าปีหนึ่ง"]
    assert [f.text for f in find_facts("ภายในเดือนหนึ่งนับแต่วันบอกกล่าว", ("time",))] == ["ภายในเดือนหนึ่ง"]
    assert find_facts("วันหนึ่งเขามาที่สำนักงาน", ("time",)) == []  # "one day" told as a story is no period


def test_why_asks_for_a_reason_only() -> None:
    # "ten years" in a why-question names the change, it is not the fact asked
    for q in ("Why was the manifest retention period extended to ten years?", "ทำไมขยายเวลาเก็บเอกสารกำกับเป็นสิบปี"):
        assert (classify(q).type, classify(q).facts) == (REASON, ("reason",)), q
