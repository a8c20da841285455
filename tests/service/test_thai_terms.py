"""Everyday Thai read as the law writes it (prompts/thai_terms.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.qa.thai_terms import ThaiTerms, ThaiTermsError
from service.qa.words import weigh


@pytest.fixture(scope="module")
def bank() -> ThaiTerms:
    return ThaiTerms.load()


@pytest.mark.parametrize(("question", "written", "gone"), [
    ("บอร์ดต้องรายงานให้ ครม. ทราบบ่อยแค่ไหน", ["คณะกรรมการ", "คณะรัฐมนตรี"], ["บอร์ด", "ครม"]),
    ("อปท ขอเงินจากกองทุนได้ไหม", ["องค์กรปกครองส่วนท้องถิ่น"], ["อปท"]),
    ("คนขับรถขนกากต้องผ่านการอบรมไหม", ["ผู้ขับขี่"], ["คนขับ"]),  # the longest form wins
    ("ทิ้งกากลงแม่น้ำติดคุกกี่ปี", ["จำคุก"], ["ติดคุก"]),
    ("ผู้เสียหายเสียชีวิตแล้ว ใครยื่นแทนได้", ["ถึงแก่ความตาย"], ["เสียชีวิต"]),
    ("อธิบดียกเลิกใบอนุญาตได้ในกรณีไหน", ["เพิกถอนใบอนุญาต"], ["ยกเลิกใบอนุญาต"]),
    ("ยื่นขึ้นทะเบียน ขั้นต่ำต้องกรอกข้อมูลอะไรบ้าง", ["อย่างน้อย", "ไม่น้อยกว่า", "รายการ"], ["ขั้นต่ำ", "กรอกข้อมูล"]),
    ("ลูกน้องไม่ยอมใส่ถุงมือตอนทำงาน", ["ลูกจ้าง", "อุปกรณ์คุ้มครองความปลอดภัยส่วนบุคคล"], ["ลูกน้อง", "ถุงมือ"]),
    ("โกดังเก็บแบตเก่าต้องทำอะไร", ["สถานที่เก็บ", "แบตเตอรี่"], ["โกดัง"]),
    ("ขโมยของภรรยาตัวเองผิดไหม", ["ลักทรัพย์", "ภริยา"], ["ขโมย", "ภรรยา"]),
    ("ถ้าไม่เห็นด้วยกับคำสั่งอธิบดีต้องทำอย่างไร", ["อุทธรณ์คำสั่ง", "อุทธรณ์"], ["ไม่เห็นด้วย"]),
    ("ระบบใบกำกับออนไลน์ล่ม ต้องกรอกย้อนหลังภายในกี่วัน",
     ["ระบบเอกสารกำกับการขนส่งอิเล็กทรอนิกส์", "ขัดข้อง", "นำข้อมูลเข้าสู่ระบบ"], ["ออนไลน์", "ล่ม", "กรอก"]),
])
def test_everyday_words_become_the_law_s_words(bank: ThaiTerms, question: str, written: list[str],
                                               gone: list[str]) -> None:
    text, added = bank.rewrite(question)
    assert added == written
    assert all(w in text for w in written) and not any(g in text for g in gone)


def test_a_question_in_the_law_s_own_words_is_left_alone(bank: ThaiTerms) -> None:
    question = "คณะกรรมการต้องประชุมปีละกี่ครั้ง"
    assert bank.rewrite(question) == (question, [])


@pytest.mark.parametrize("question", [
    "ซากแบตเตอรี่ลิเทียมไอออนเก็บอย่างไร",  # "แบต" inside the law's own "แบตเตอรี่"
    "การกู้ยืมเงินต้องมีหลักฐานเป็นหนังสือไหม",  # "ยืมเงิน" inside "กู้ยืมเงิน"
    "ฉ้อโกงประชาชนมีโทษเท่าไร",  # "โกง" inside "ฉ้อโกง"
])
def test_an_everyday_form_inside_the_law_s_own_word_is_left_alone(bank: ThaiTerms, question: str) -> None:
    assert bank.rewrite(question) == (question, [])


def test_an_everyday_form_the_law_also_writes_is_read_with_the_law_s_usual_word(bank: ThaiTerms) -> None:
    text, added = bank.rewrite("ค่าเสียหายเรียกได้เท่าไร")
    assert added == ["ค่าสินไหมทดแทน", "ค่าเสียหาย"] and "ค่าสินไหมทดแทน" in text


def test_a_tax_invoice_is_not_read_as_a_waste_manifest(bank: ThaiTerms) -> None:
    # only the full everyday forms of the manifest are in the bank, never a bare "ใบกำกับ"
    assert bank.rewrite("ใบกำกับภาษีต้องมีรายการอะไรบ้าง")[1] == []


@pytest.mark.parametrize(("text", "message"), [
    ("- said: [บอร์ด]\n", "exactly the keys said and th"),
    ("- said: [board]\n  th: [คณะกรรมการ]\n", "Thai strings"),
    ("- said: [บอร์ด]\n  th: [คณะกรรมการ]\n- said: [บอร์ด]\n  th: [กรรมการ]\n", "two entries"),
    ("[", "thai terms"),
])
def test_a_malformed_bank_fails_at_start_up(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "thai_terms.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ThaiTermsError, match=message):
        ThaiTerms.load(path)


def test_an_abbreviation_is_never_read_inside_a_word(bank: ThaiTerms) -> None:
    # "รมต" is inside "อุตสาหกรรมต้อง"; "ครม" without its full stop still stands alone
    assert bank.rewrite("ผู้ก่อกากอุตสาหกรรมต้องเก็บเอกสารไว้กี่ปี")[1] == []
    assert bank.rewrite("ต้องเสนอ ครม อนุมัติไหม")[1] == ["คณะรัฐมนตรี"]
    assert bank.rewrite("ต้องเสนอครม.อนุมัติไหม")[1] == ["คณะรัฐมนตรี"]


def test_an_import_is_also_read_as_the_law_writes_it(bank: ThaiTerms) -> None:
    # "นำเข้า" stays (the statutes write it) and gains the draft's "นำ…เข้ามาในราชอาณาจักร"
    added = bank.rewrite("นำเข้ากากจากต่างประเทศโดยไม่ได้รับอนุญาต ติดคุกกี่ปี")[1]
    assert added == ["นำเข้า", "นำเข้ามาในราชอาณาจักร", "ต่างประเทศ", "ราชอาณาจักร", "จำคุก"]


def test_a_translated_everyday_word_is_not_unseen() -> None:
    freq = {"ราชอาณาจักร": 9, "จำคุก": 17, "กาก": 200}
    tokens = ["ต่างประเทศ", "ราชอาณาจักร", "จำคุก", "กาก"]
    plain = weigh(tokens, lambda ws: {w: freq.get(w, 0) for w in ws}, 230)
    translated = weigh(tokens, lambda ws: {w: freq.get(w, 0) for w in ws}, 230,
                       translated=frozenset(["ต่างประเทศ", "ราชอาณาจักร"]))
    assert plain.unseen > 0.3 and translated.unseen == 0.0
    assert translated.weights == plain.weights  # what each word weighs is unchanged
