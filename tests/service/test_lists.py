"""A section's lists read with their lead-in, the item a question names, long paragraphs cut evenly,
and numbers searched in both spellings (literal Thai inputs)."""

from ingest.lexical import tokenize
from service.qa.extractive import MAX_UNIT, Passage, _split_clauses, choose
from service.qa.lists import layout, named_items
from service.qa.question import classify
from service.qa.question_hints import number_forms
from service.qa.words import question_words, word_weights

LIABILITY = (
    "มาตรา ๕๗ ผู้ก่อกากอุตสาหกรรม ผู้ขนส่งกากอุตสาหกรรม หรือผู้รับบำบัดและกำจัดกากอุตสาหกรรม "
    "ซึ่งครอบครองกากอุตสาหกรรมในขณะที่ก่อให้เกิดความเสียหาย ต้องรับผิดชดใช้ค่าสินไหมทดแทน "
    "เว้นแต่จะพิสูจน์ได้ว่าความเสียหายนั้นเกิดจาก\n"
    "(๑) เหตุสุดวิสัย\n"
    "(๒) การกระทำหรือการละเว้นการกระทำของผู้ได้รับความเสียหายนั้นเอง\n"
    "ผู้ใดต้องรับผิดตามวรรคหนึ่งต้องชดใช้ภายในสามสิบวัน"
)
INSURANCE = (
    "มาตรา ๕๕ ผู้รับบำบัดและกำจัดกากอุตสาหกรรมและผู้ขนส่งกากอุตสาหกรรมต้องจัดให้มีการประกันภัยความรับผิด "
    "ในจำนวนเงินไม่ต่ำกว่า ดังต่อไปนี้\n"
    "(๑) ผู้รับบำบัดและกำจัดกากอุตสาหกรรมซึ่งประกอบกิจการฝังกลบกากอุตสาหกรรมอันตราย ห้าสิบล้านบาทต่อครั้ง\n"
    "(๒) ผู้ขนส่งกากอุตสาหกรรมอันตราย ห้าล้านบาทต่อยานพาหนะหนึ่งคัน\n"
    "(๓) ผู้ขนส่งกากอุตสาหกรรมที่ไม่เป็นอันตราย หนึ่งล้านบาทต่อยานพาหนะหนึ่งคัน"
)


def _choose(text: str, question: str):
    passage = Passage.of(text)
    words = question_words(tokenize(question))
    weights = word_weights(words, {w: 1 for w in words}, 100)
    return choose(passage, weights, classify(question))


def test_layout_knows_each_item_and_its_lead_in():
    passage = Passage.of(LIABILITY)
    spans = layout(passage.text, [u.text for u in passage.units])
    assert spans is not None
    assert [s.item for s in spans] == [None, "1", "2", None]
    assert spans[1].lead == spans[2].lead == 0 and spans[3].lead is None  # a new paragraph ends the list
    assert passage.text[spans[1].start:spans[1].end] == "(๑) เหตุสุดวิสัย"


def test_an_item_is_quoted_with_the_end_of_its_lead_in():
    choice = _choose(LIABILITY, "พิสูจน์ได้ว่าความเสียหายเกิดจากเหตุสุดวิสัย ยังต้องรับผิดไหม")
    assert choice is not None
    assert "เกิดจาก\n(๑) เหตุสุดวิสัย" in choice.quote  # one verbatim span: lead-in's end, then the item
    assert choice.quote in LIABILITY


def test_items_that_share_a_lead_in_are_told_apart_by_their_own_words():
    choice = _choose(INSURANCE, "ผู้ขนส่งกากอันตรายต้องทำประกันขั้นต่ำเท่าไหร่")
    assert choice is not None and "ห้าล้านบาทต่อยานพาหนะ" in choice.quote, choice.quote
    assert "ห้าสิบล้านบาท" not in choice.quote  # not the list's first item, and not the items between


def test_the_item_a_question_names_is_the_answer():
    assert named_items("รายงานประจำปีข้อ (๔) ให้รายงานอะไร") == {"4"}
    assert named_items("มาตรา ๑๖ (๔) ว่าอย่างไร") == {"4"}
    assert named_items("อนุมาตรา ๒ ว่าอะไร") == {"2"}
    assert named_items("what does item 3 say") == {"3"}
    assert named_items("ข้อ ๓ กำหนดอะไร") == set()  # a regulation's clause, not an item
    assert named_items("ประกาศ (2567)") == set()
    choice = _choose(INSURANCE, "มาตรา ๕๕ (๓) กำหนดไว้เท่าไหร่")
    assert choice is not None and "หนึ่งล้านบาท" in choice.quote


def test_a_long_paragraph_is_cut_into_even_pieces():
    text = " ".join(["ผู้ก่อกากอุตสาหกรรม"] * 4 + ["ซึ่งครอบครองหรือควบคุมกากอุตสาหกรรมในขณะที่ก่อให้เกิดความเสียหาย"] * 6)
    assert len(text) > MAX_UNIT
    pieces = _split_clauses(text)
    assert " ".join(pieces) == text
    lengths = [len(p) for p in pieces]
    assert len(pieces) == 2 and max(lengths) - min(lengths) < 80, lengths  # not a stub of the subject
    assert _split_clauses("สั้น ๆ") == ["สั้น ๆ"]


def test_numbers_are_searched_in_both_spellings():
    assert number_forms(tokenize("ลดอายุใบอนุญาตเหลือสามปี", subwords=False)) == ["3"]
    assert number_forms(tokenize("เก็บได้ไม่เกินหนึ่งร้อยแปดสิบวัน", subwords=False)) == ["180"]
    assert number_forms(tokenize("ปรับห้าแสนบาท", subwords=False)) == ["500000"]
    assert number_forms(tokenize("ต้องเก็บ 10 ปี", subwords=False)) == ["สิบ"]
    assert number_forms(tokenize("มาตรา 37 ว่าอย่างไร", subwords=False)) == []  # a section number counts nothing
