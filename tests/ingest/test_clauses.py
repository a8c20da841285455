"""ข้อ-numbered documents (กฎกระทรวง, ระเบียบ, ประกาศ, คำสั่ง): literal Thai inputs and the real Gazette PDFs."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.models import Page
from ingest.pdf import extract_pdf
from ingest.structure import parse_draft

MINISTERIAL = """กฎกระทรวง
กำหนดหลักเกณฑ์การเก็บรักษากากอุตสาหกรรม
พ.ศ. ๒๕๖๘
อาศัยอำนาจตามความในมาตรา ๕ วรรคหนึ่ง และ
มาตรา ๖ แห่งพระราชบัญญัติโรงงาน พ.ศ. ๒๕๓๕ รัฐมนตรีว่าการกระทรวงอุตสาหกรรมออกกฎกระทรวงไว้ ดังต่อไปนี้
ข้อ ๑ ในกฎกระทรวงนี้
“ภาชนะ” หมายความว่า ถัง หรือบรรจุภัณฑ์ที่ใช้เก็บกากอุตสาหกรรม
ข้อ ๒ ผู้ก่อกากอุตสาหกรรมต้องเก็บรักษากากไว้ในภาชนะที่ปิดสนิท
ข้อ ๓ สถานที่เก็บรักษาต้องมีลักษณะ ดังต่อไปนี้
(๑) มีหลังคาคลุมและพื้นกันซึม
(๒) มีป้ายแสดงชนิดของกากตามที่กำหนดใน
ข้อ ๒ ที่ด้านหน้าอาคาร
ข้อ ๔ กฎกระทรวงนี้ให้ใช้บังคับเมื่อพ้นกำหนดหกสิบวันนับแต่วันประกาศในราชกิจจานุเบกษาเป็นต้นไป
ให้ไว้ ณ วันที่ ๑ มีนาคม พ.ศ. ๒๕๖๘
รัฐมนตรีว่าการกระทรวงอุตสาหกรรม"""

AMENDING_ORDER = """คำสั่งหัวหน้าคณะรักษาความสงบแห่งชาติ ที่ 7/2560
เรื่อง การแก้ไขเพิ่มเติมกฎหมายว่าด้วยโรงงาน
อาศัยอำนาจตามความในมาตรา 44 จึงมีคำสั่ง ดังต่อไปนี้
ข้อ 1. ให้ยกเลิกความในมาตรา 8 แห่งพระราชบัญญัติโรงงาน พ.ศ. 2535 และให้ใช้ความต่อไปนี้แทน
มาตรา 8 ให้รัฐมนตรีมีอำนาจออกกฎกระทรวงกำหนดหลักเกณฑ์ที่ผู้ประกอบกิจการโรงงานต้องปฏิบัติ
มาตรา 9 ผู้ใดจะประกอบกิจการโรงงานจำพวกที่ ๒ ต้องแจ้งให้ผู้อนุญาตทราบก่อน
ข้อ 2. คำสั่งนี้ให้ใช้บังคับตั้งแต่วันถัดจากวันประกาศในราชกิจจานุเบกษาเป็นต้นไป
สั่ง ณ วันที่ 3 เมษายน พ.ศ. 2560"""

ACT_WITH_SCHEDULE = """พระราชบัญญัติ
ค่าธรรมเนียมโรงงาน
พ.ศ. ๒๕๖๘
มาตรา ๑ พระราชบัญญัตินี้เรียกว่า “พระราชบัญญัติค่าธรรมเนียมโรงงาน พ.ศ. ๒๕๖๘”
มาตรา ๒ ให้เรียกเก็บค่าธรรมเนียมตามอัตราท้ายพระราชบัญญัตินี้
มาตรา ๓ ให้รัฐมนตรีว่าการกระทรวงอุตสาหกรรมรักษาการตามพระราชบัญญัตินี้
อัตราค่าธรรมเนียม
ข้อ ๑ ใบอนุญาตประกอบกิจการโรงงาน ฉบับละ ๕๐๐ บาท"""

BUDGET_TABLE = """เอกสารงบประมาณ ฉบับที่ ๓
1. แผนงานบุคลากรภาครัฐ 120,000 บาท
2. แผนงานยุทธศาสตร์ 98,500 บาท
3. แผนงานบูรณาการ 14,200 บาท"""


def pages(*texts: str) -> list[Page]:
    return [Page(number=i + 1, text=t) for i, t in enumerate(texts)]


def units(parsed) -> list[tuple[str, str, str]]:
    return [(s.unit, s.number, s.number_printed) for s in parsed.legal_sections]


def test_ministerial_regulation_is_cut_into_its_khor():
    parsed = parse_draft(pages(MINISTERIAL))
    assert parsed.unit == "ข้อ"
    assert parsed.title == "กฎกระทรวงกำหนดหลักเกณฑ์การเก็บรักษากากอุตสาหกรรม พ.ศ. ๒๕๖๘"
    assert units(parsed) == [("ข้อ", "1", "๑"), ("ข้อ", "2", "๒"), ("ข้อ", "3", "๓"), ("ข้อ", "4", "๔")]
    third = parsed.legal_sections[2]
    assert third.text.startswith("ข้อ ๓ สถานที่เก็บรักษา")
    assert "\n(๑) มีหลังคาคลุม" in third.text and "\n(๒) มีป้ายแสดงชนิด" in third.text
    assert "ข้อ ๒ ที่ด้านหน้าอาคาร" in third.text  # a wrapped reference starts no ข้อ
    preamble = parsed.sections[0]
    assert preamble.block == "preamble" and "มาตรา ๖ แห่งพระราชบัญญัติโรงงาน" in preamble.text
    closing = parsed.sections[-1]
    assert closing.block == "closing" and closing.text.startswith("ให้ไว้ ณ วันที่ ๑ มีนาคม")
    assert "ให้ไว้" not in parsed.legal_sections[-1].text


def test_a_mattra_quoted_inside_a_khor_starts_no_unit():
    parsed = parse_draft(pages(AMENDING_ORDER))
    assert parsed.unit == "ข้อ"
    assert parsed.title == "คำสั่งหัวหน้าคณะรักษาความสงบแห่งชาติ ที่ 7/2560 เรื่อง การแก้ไขเพิ่มเติมกฎหมายว่าด้วยโรงงาน"
    assert parsed.year == "2560"
    assert units(parsed) == [("ข้อ", "1", "1"), ("ข้อ", "2", "2")]
    first = parsed.legal_sections[0].text
    assert first.startswith("ข้อ 1. ให้ยกเลิกความในมาตรา 8")
    assert "มาตรา 8 ให้รัฐมนตรีมีอำนาจ" in first and "มาตรา 9 ผู้ใดจะประกอบกิจการโรงงาน" in first


def test_khor_with_a_full_stop_thai_digits_and_sub_numbers():
    text = "ระเบียบกระทรวงอุตสาหกรรม\nว่าด้วยการรับฟังความคิดเห็น\nพ.ศ. ๒๕๖๘\n" \
           "ข้อ ๑. ระเบียบนี้ใช้บังคับตั้งแต่วันถัดจากวันประกาศ\n" \
           "ข้อ ๒. ให้หน่วยงานจัดการรับฟังความคิดเห็น\n๒.๑ ทางเว็บไซต์\n๒.๒ ทางไปรษณีย์\n" \
           "ข้อ ๒/๑. ให้เปิดรับฟังอย่างน้อยสิบห้าวัน\nข้อ ๓ ทวิ ให้ปลัดกระทรวงรักษาการ"
    parsed = parse_draft(pages(text))
    assert parsed.title == "ระเบียบกระทรวงอุตสาหกรรม ว่าด้วยการรับฟังความคิดเห็น พ.ศ. ๒๕๖๘"
    assert units(parsed) == [("ข้อ", "1", "๑"), ("ข้อ", "2", "๒"), ("ข้อ", "2/1", "๒/๑"), ("ข้อ", "3 ทวิ", "๓ ทวิ")]
    assert "๒.๑ ทางเว็บไซต์" in parsed.legal_sections[1].text


def test_an_act_keeps_its_mattra_when_a_schedule_has_khor():
    parsed = parse_draft(pages(ACT_WITH_SCHEDULE))
    assert parsed.unit == "มาตรา"
    assert [s.number for s in parsed.legal_sections] == ["1", "2", "3"]
    assert all(s.unit == "มาตรา" for s in parsed.legal_sections)


def test_numbered_lines_without_an_order_title_are_not_khor():
    parsed = parse_draft(pages(BUDGET_TABLE))
    assert not parsed.legal_sections
    assert any("no มาตรา or ข้อ found" in w for w in parsed.warnings)


def test_announcement_numbered_lines_are_its_khor():
    text = "ประกาศกระทรวงอุตสาหกรรม\nเรื่อง แต่งตั้งคณะกรรมการ\nแต่งตั้งบุคคลดังต่อไปนี้\n" \
           "1. นายหนึ่ง ใจดี ประธานกรรมการ\n2. นางสอง รักงาน กรรมการ\nทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป\n" \
           "ประกาศ ณ วันที่ 5 ตุลาคม พ.ศ. 2568"
    parsed = parse_draft(pages(text))
    assert parsed.year == "2568"
    assert units(parsed) == [("ข้อ", "1", "1"), ("ข้อ", "2", "2")]
    assert parsed.legal_sections[1].text == "2. นางสอง รักงาน กรรมการ"
    assert parsed.sections[-1].block == "closing"


# --- the real Royal Gazette PDFs (../shared/real-pdfs) ---------------------------------


def _gazette(pdf_real_dir: Path, name: str):
    path = pdf_real_dir / name
    if not path.is_file():
        pytest.skip(f"{path} is not here (shared data)")
    return parse_draft(extract_pdf(path).pages)


def test_gazette_order_parses_into_its_seven_khor(pdf_real_dir: Path) -> None:
    parsed = _gazette(pdf_real_dir, "gazette-132-240ng-p105-ncpo-order-34-2558.pdf")
    assert parsed.unit == "ข้อ"
    assert parsed.title.startswith("คำสั่งหัวหน้าคณะรักษาความสงบแห่งชาติ ที่ ๓๔/๒๕๕๘ เรื่อง การอำนวยความสะดวก")
    assert parsed.year == "2558"
    assert [s.number_printed for s in parsed.legal_sections] == list("๑๒๓๔๕๖๗")
    first, fourth = parsed.legal_sections[0], parsed.legal_sections[3]
    assert first.text.startswith("๑. ให้ยกเลิกความในวรรคสองของมาตรา ๔ แห่งพระราชกฤษฎีกา")
    assert (fourth.page_start, fourth.page_end) == (1, 2)
    assert "\n(๒) ผู้ช่วยดำเนินงาน" in fourth.text
    assert "ราชกิจจานุเบกษา ๕ ตุลาคม" not in fourth.text  # the Gazette header on page 2 is gone
    assert parsed.sections[-1].block == "closing"
    assert parsed.sections[-1].text.startswith("ทั้งนี้ ตั้งแต่วันที่ ๕ ตุลาคม พุทธศักราช ๒๕๕๘")


def test_gazette_announcement_parses_into_its_numbered_appointments(pdf_real_dir: Path) -> None:
    parsed = _gazette(pdf_real_dir, "gazette-132-239ng-ncpo-announcement-cdc-appointment.pdf")
    assert parsed.unit == "ข้อ"
    assert parsed.title == "ประกาศคณะรักษาความสงบแห่งชาติ เรื่อง แต่งตั้งคณะกรรมการร่างรัฐธรรมนูญ"
    assert [s.number for s in parsed.legal_sections] == [str(n) for n in range(1, 22)]
    assert parsed.legal_sections[0].text == "๑. นายมีชัย ฤชุพันธุ์ ประธานกรรมการร่างรัฐธรรมนูญ"
    assert parsed.legal_sections[16].text == "๑๗. นายอมร วาณิชวิวัฒน์"
    assert "มาตรา ๓๙/๑" in parsed.sections[0].text  # the preamble's reference starts nothing
