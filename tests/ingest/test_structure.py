"""parse_draft on tiny literal Thai drafts, including the forms real PDFs produce."""

from __future__ import annotations

from ingest.models import Page
from ingest.structure import parse_draft

DRAFT_P1 = """ร่าง
พระราชบัญญัติ
จัดการกากอุตสาหกรรม
พ.ศ. ....
..............................
..............................
โดยที่เป็นการสมควรมีกฎหมายว่าด้วยการจัดการกากอุตสาหกรรม
มาตรา ๑ พระราชบัญญัตินี้เรียกว่า “พระราชบัญญัติจัดการกากอุตสาหกรรม พ.ศ. ....”
มาตรา ๒ พระราชบัญญัตินี้ให้ใช้บังคับเมื่อพ้นกำหนดหนึ่งร้อยแปดสิบวันนับแต่วันประกาศในราชกิจจานุเบกษา
เป็นต้นไป
หมวด ๑
บททั่วไป
มาตรา ๓ ในพระราชบัญญัตินี้
“กากอุตสาหกรรม” หมายความว่า สิ่งที่ไม่ใช้แล้วจากการประกอบกิจการโรงงาน
“ผู้ขนส่ง” หมายความว่า ผู้ได้รับใบอนุญาตให้ขนส่งกากอุตสาหกรรม"""

DRAFT_P2 = """- ๒ -
หมวด ๒ การขนส่งกากอุตสาหกรรม
ส่วนที่ ๑
บททั่วไป
มาตรา ๔ ผู้ขนส่งกากอุตสาหกรรมต้องได้รับใบอนุญาตตามมาตรา ๑๒ และต้องปฏิบัติตามหลักเกณฑ์ที่รัฐมนตรีประกาศกำหนดตาม
มาตรา ๓ วรรคสอง และตามหลักเกณฑ์ที่กำหนดในกฎกระทรวงที่ออกตามพระราชบัญญัตินี้
ส่วนที่ ๒
เอกสารกำกับการขนส่ง
มาตรา ๕ ผู้ขนส่งต้องจัดทำเอกสารกำกับการขนส่งทุกครั้งที่ขนส่งกากอุตสาหกรรมออกนอกบริเวณโรงงาน
หมวด ๓
การกำจัด
มาตรา ๖ ห้ามมิให้ผู้ใดกำจัดกากอุตสาหกรรมโดยไม่ได้รับอนุญาต"""

DRAFT_P3 = """บทเฉพาะกาล
มาตรา ๗ ใบอนุญาตที่ออกให้ก่อนวันที่พระราชบัญญัตินี้ใช้บังคับให้ใช้ได้ต่อไปจนกว่าจะสิ้นอายุ
ผู้รับสนองพระราชโองการ
..............................
นายกรัฐมนตรี"""


def pages(*texts: str) -> list[Page]:
    return [Page(number=i + 1, text=t) for i, t in enumerate(texts)]


def by_number(parsed):
    return {s.number: s for s in parsed.legal_sections}


def test_title_year_preamble_and_sections_in_order():
    parsed = parse_draft(pages(DRAFT_P1, DRAFT_P2, DRAFT_P3), fallback_title="file-stem")
    assert parsed.title == "ร่างพระราชบัญญัติจัดการกากอุตสาหกรรม พ.ศ. ...."
    assert parsed.year == "...."
    assert [s.number for s in parsed.legal_sections] == ["1", "2", "3", "4", "5", "6", "7"]
    assert parsed.sections[0].block == "preamble"
    assert "โดยที่เป็นการสมควร" in parsed.sections[0].text
    assert "......" not in parsed.sections[0].text
    assert [s.order for s in parsed.sections] == list(range(len(parsed.sections)))
    assert parsed.warnings == []
    assert parsed.page_count == 3


def test_chapter_paths_reset_lower_levels_and_headings_are_not_section_text():
    s = by_number(parse_draft(pages(DRAFT_P1, DRAFT_P2, DRAFT_P3)))
    assert s["1"].chapter_path == []
    assert s["3"].chapter_path == ["หมวด ๑ บททั่วไป"]
    assert s["4"].chapter_path == ["หมวด ๒ การขนส่งกากอุตสาหกรรม", "ส่วนที่ ๑ บททั่วไป"]
    assert s["5"].chapter_path == ["หมวด ๒ การขนส่งกากอุตสาหกรรม", "ส่วนที่ ๒ เอกสารกำกับการขนส่ง"]
    assert s["6"].chapter_path == ["หมวด ๓ การกำจัด"]
    assert "หมวด" not in s["2"].text and "บททั่วไป" not in s["2"].text
    assert "ส่วนที่" not in s["4"].text


def test_transitional_sections_and_signature_ends_last_section():
    s = by_number(parse_draft(pages(DRAFT_P1, DRAFT_P2, DRAFT_P3)))
    assert s["7"].chapter_path == ["บทเฉพาะกาล"]
    assert s["7"].transitional and not s["6"].transitional
    assert "ผู้รับสนอง" not in s["7"].text and "นายกรัฐมนตรี" not in s["7"].text
    assert s["7"].text.endswith("จนกว่าจะสิ้นอายุ")


def test_reference_wrapped_to_line_start_is_not_a_section():
    s = by_number(parse_draft(pages(DRAFT_P1, DRAFT_P2, DRAFT_P3)))
    assert "ตามมาตรา ๓ วรรคสอง" in s["4"].text  # joined without a space inside the Thai run
    assert s["3"].text.startswith("มาตรา ๓ ในพระราชบัญญัตินี้")
    assert "ผู้ขนส่งกากอุตสาหกรรม" not in s["3"].text


def test_section_text_heading_printed_number_and_page_range():
    s = by_number(parse_draft(pages(DRAFT_P1, DRAFT_P2, DRAFT_P3)))
    assert s["2"].text == (
        "มาตรา ๒ พระราชบัญญัตินี้ให้ใช้บังคับเมื่อพ้นกำหนดหนึ่งร้อยแปดสิบวันนับแต่วันประกาศในราชกิจจานุเบกษาเป็นต้นไป"
    )
    assert s["2"].number_printed == "๒"
    assert (s["3"].page_start, s["3"].page_end) == (1, 1)
    assert (s["4"].page_start, s["6"].page_end, s["7"].page_start) == (2, 2, 3)


def test_section_spanning_pages_and_running_page_number_dropped():
    p1 = "มาตรา ๑ พระราชบัญญัตินี้เรียกว่า “พระราชบัญญัติทดสอบ พ.ศ. ....”\nมาตรา ๒ ให้รัฐมนตรีว่าการกระทรวงอุตสาหกรรมมีอำนาจออกกฎกระทรวง"
    p2 = "- ๒ -\nเพื่อปฏิบัติการตามพระราชบัญญัตินี้\nมาตรา ๓ ให้รัฐมนตรีรักษาการ"
    s = by_number(parse_draft(pages(p1, p2)))
    assert (s["2"].page_start, s["2"].page_end) == (1, 2)
    assert s["2"].text == "มาตรา ๒ ให้รัฐมนตรีว่าการกระทรวงอุตสาหกรรมมีอำนาจออกกฎกระทรวงเพื่อปฏิบัติการตามพระราชบัญญัตินี้"
    assert (s["3"].page_start, s["3"].page_end) == (2, 2)


def test_items_start_paragraphs():
    text = "มาตรา ๑ ให้ยกเลิก\n(๑) พระราชบัญญัติโรงงาน พ.ศ. ๒๕๑๒\n(๒) พระราชบัญญัติโรงงาน (ฉบับที่ ๒) พ.ศ. ๒๕๑๘"
    s = by_number(parse_draft(pages(text)))
    assert s["1"].text.split("\n") == [
        "มาตรา ๑ ให้ยกเลิก",
        "(๑) พระราชบัญญัติโรงงาน พ.ศ. ๒๕๑๒",
        "(๒) พระราชบัญญัติโรงงาน (ฉบับที่ ๒) พ.ศ. ๒๕๑๘",
    ]


def test_arabic_numbers_slash_and_suffix_sections():
    text = "\n".join(
        [
            "มาตรา 3 ให้รัฐมนตรีว่าการกระทรวงการคลังรักษาการตามประมวลรัษฎากรนี้",
            "มาตรา 3 ทวิ ถ้าเจ้าพนักงานเห็นว่าผู้ต้องหาไม่ควรต้องได้รับโทษจำคุก",
            "มาตรา 3 ตรี บุคคลใดจะต้องเสียเงินเพิ่มภาษีอากรตามประมวลรัษฎากรนี้",
            "มาตรา ๒๒/๑ ผู้ประกอบกิจการโรงงานต้องจัดให้มีผู้ควบคุมมลพิษ",
            "มาตรา ๒๒/๒ ผู้ควบคุมมลพิษต้องมีคุณสมบัติตามที่กำหนดในกฎกระทรวง",
        ]
    )
    got = [(s.number, s.number_printed) for s in parse_draft(pages(text)).legal_sections]
    assert got == [("3", "3"), ("3 ทวิ", "3 ทวิ"), ("3 ตรี", "3 ตรี"), ("22/1", "๒๒/๑"), ("22/2", "๒๒/๒")]


def test_number_is_read_whole_93_is_not_933():
    text = "\n".join(
        [
            "มาตรา ๙๓๒ ผู้ใดฝ่าฝืนคำสั่งของพนักงานเจ้าหน้าที่ตามมาตรา ๙๓ ต้องระวางโทษปรับไม่เกินห้าหมื่นบาท",
            "มาตรา ๙๓๓ ผู้ใดขัดขวางการปฏิบัติหน้าที่ของพนักงานเจ้าหน้าที่ต้องระวางโทษจำคุก",
        ]
    )
    got = [(s.number, s.number_printed) for s in parse_draft(pages(text)).legal_sections]
    assert got == [("932", "๙๓๒"), ("933", "๙๓๓")]


def test_far_lower_number_at_line_start_inside_a_section_is_a_reference():
    lines = [f"มาตรา {n} ให้ผู้ได้รับใบอนุญาตปฏิบัติตามเงื่อนไขที่กำหนดไว้ในใบอนุญาตทุกประการ" for n in range(78, 81)]
    lines.insert(3, "มาตรา 5 แห่งพระราชบัญญัตินี้ และต้องแจ้งให้พนักงานเจ้าหน้าที่ทราบภายในเจ็ดวัน")
    lines.insert(4, "มาตรา 81 ให้พนักงานเจ้าหน้าที่มีอำนาจตรวจสอบการปฏิบัติตามพระราชบัญญัตินี้")
    lines[2] = "มาตรา 80 ผู้ได้รับใบอนุญาตต้องปฏิบัติตามหลักเกณฑ์ที่รัฐมนตรีประกาศกำหนดตามความใน"
    parsed = parse_draft(pages("\n".join(lines)))
    assert [s.number for s in parsed.legal_sections] == ["78", "79", "80", "81"]
    assert "ตามความในมาตรา 5 แห่งพระราชบัญญัตินี้" in by_number(parsed)["80"].text


def test_memo_at_start_then_act_title():
    memo = "\n".join(
        [
            "บันทึกหลักการและเหตุผล",
            "ประกอบร่างพระราชบัญญัติจัดการกากอุตสาหกรรม",
            "พ.ศ. . . . .",
            "หลักการ",
            "ให้มีกฎหมายว่าด้วยการจัดการกากอุตสาหกรรม",
            "เหตุผล",
            "โดยที่ในปัจจุบันการจัดการกากอุตสาหกรรมยังขาดประสิทธิภาพ จึงจำเป็นต้องตราพระราชบัญญัตินี้",
        ]
    )
    act = "ร่าง\nพระราชบัญญัติ\nจัดการกากอุตสาหกรรม\nพ.ศ. ....\nมาตรา ๑ พระราชบัญญัตินี้เรียกว่า “พระราชบัญญัติจัดการกากอุตสาหกรรม พ.ศ. ....”"
    parsed = parse_draft(pages(memo, act))
    assert parsed.title == "ร่างพระราชบัญญัติจัดการกากอุตสาหกรรม พ.ศ. ...."
    assert parsed.year == "...."
    assert [s.block for s in parsed.sections] == ["memo", "preamble", "section"]
    memo_block = parsed.memorandum
    assert memo_block is not None and (memo_block.page_start, memo_block.page_end) == (1, 1)
    assert "หลักการ" in memo_block.text and "เหตุผล" in memo_block.text
    assert parsed.sections[1].text.startswith("ร่าง")
    assert parsed.legal_sections[0].page_start == 2


def test_memo_at_end_closes_last_section():
    act = "พระราชบัญญัติทดสอบ พ.ศ. …\nมาตรา ๑ พระราชบัญญัตินี้เรียกว่า “พระราชบัญญัติทดสอบ พ.ศ. ....”\nมาตรา ๒ ให้รัฐมนตรีรักษาการ"
    memo = "บันทึกหลักการและเหตุผล\nหลักการ\nให้มีกฎหมายทดสอบ\nเหตุผล\nเพื่อทดสอบการแยกบันทึก"
    parsed = parse_draft(pages(act, memo))
    assert parsed.year == "...."
    assert [s.block for s in parsed.sections] == ["preamble", "section", "section", "memo"]
    assert parsed.sections[2].text == "มาตรา ๒ ให้รัฐมนตรีรักษาการ"
    assert parsed.memorandum is not None and parsed.memorandum.page_start == 2


def test_enacted_title_over_two_lines_and_year_in_arabic():
    text = "พระราชบัญญัติ\nโรงงาน\nพ.ศ. ๒๕๓๕\nภูมิพลอดุลยเดช ป.ร.\nมาตรา ๑ พระราชบัญญัตินี้เรียกว่า “พระราชบัญญัติโรงงาน พ.ศ. ๒๕๓๕”"
    parsed = parse_draft(pages(text))
    assert (parsed.title, parsed.year) == ("พระราชบัญญัติโรงงาน พ.ศ. ๒๕๓๕", "2535")


def test_title_falls_back_to_section_one_then_to_file_stem():
    parsed = parse_draft(pages("มาตรา ๑ พระราชบัญญัตินี้เรียกว่า “พระราชบัญญัติทดสอบ พ.ศ. ๒๕๖๘”"), fallback_title="x")
    assert (parsed.title, parsed.year) == ("พระราชบัญญัติทดสอบ พ.ศ. ๒๕๖๘", "2568")
    parsed = parse_draft(pages("มาตรา ๑ ให้รัฐมนตรีรักษาการ"), fallback_title="stem")
    assert (parsed.title, parsed.year) == ("stem", None)


def test_heading_name_on_next_line_and_bare_penalty_heading_as_its_name():
    text = "\n".join(
        [
            "มาตรา ๑ ให้รัฐมนตรีรักษาการตามพระราชบัญญัตินี้",
            "หมวด ๘",
            "บทกำหนดโทษ",
            "มาตรา ๒ ผู้ใดฝ่าฝืนมาตรา ๑ ต้องระวางโทษปรับไม่เกินหนึ่งแสนบาท",
        ]
    )
    s = by_number(parse_draft(pages(text)))
    assert s["2"].chapter_path == ["หมวด ๘ บทกำหนดโทษ"]


def test_wrapped_chapter_reference_is_not_a_heading():
    text = "\n".join(
        [
            "มาตรา ๑ การขออนุญาตให้เป็นไปตามหลักเกณฑ์ที่กำหนดไว้ในกฎกระทรวงที่ออกตามความใน",
            "หมวด ๒ แห่งพระราชบัญญัตินี้ และให้ยื่นต่อพนักงานเจ้าหน้าที่",
            "มาตรา ๒ ให้รัฐมนตรีรักษาการตามพระราชบัญญัตินี้",
        ]
    )
    s = by_number(parse_draft(pages(text)))
    assert s["2"].chapter_path == []
    assert "หมวด ๒ แห่งพระราชบัญญัตินี้" in s["1"].text


def test_zero_sections_gives_plain_pages_and_a_warning():
    parsed = parse_draft(pages("ประกาศกระทรวงอุตสาหกรรม\nเรื่อง การจัดการกากอุตสาหกรรม", "", "หน้าที่สาม"))
    assert [(s.block, s.page_start, s.number, s.chapter_path) for s in parsed.sections] == [
        ("page", 1, "", []),
        ("page", 3, "", []),
    ]
    assert parsed.warnings == ["no มาตรา or ข้อ found: indexed as plain pages"]


def test_duplicate_section_numbers_are_kept_with_a_warning():
    text = "\n".join(
        [
            "มาตรา ๕ ให้ผู้ประกอบกิจการจัดทำรายงานประจำปี",
            "มาตรา ๕ ให้ผู้ประกอบกิจการเก็บรักษาเอกสาร",
            "มาตรา ๖ ให้รัฐมนตรีรักษาการ",
        ]
    )
    parsed = parse_draft(pages(text))
    assert [s.number for s in parsed.legal_sections] == ["5", "5", "6"]
    assert len(parsed.warnings) == 1 and "duplicate มาตรา ๕" in parsed.warnings[0]


def test_ocr_pages_recorded_and_empty_pages_tolerated():
    ps = [Page(1, "มาตรา ๑ ให้รัฐมนตรีรักษาการ"), Page(2, "", needs_ocr=True, ocr_reason="no text layer")]
    parsed = parse_draft(ps)
    assert parsed.ocr_pages == [2]
    assert [s.number for s in parsed.legal_sections] == ["1"]
    assert parse_draft([]).sections == []


def test_marks_split_onto_their_own_line_rejoin_the_word():
    # PDFium breaks one visual line after a stacked mark: "ให้ผู" / "้" / "ประกอบ..."
    text = "มาตรา ๑ ให้ผู\n้\nประกอบกิจการโรงงานจัดให้มีระบบบำบัด\nน้ำเสียและระบบกำจัดกากอุตสาหกรรมตามมาตรฐานที่รัฐมนตรีประกาศกำหนด"
    assert by_number(parse_draft(pages(text)))["1"].text == (
        "มาตรา ๑ ให้ผู้ประกอบกิจการโรงงานจัดให้มีระบบบำบัดน้ำเสียและระบบกำจัดกากอุตสาหกรรมตามมาตรฐานที่รัฐมนตรีประกาศกำหนด"
    )


def test_fragment_starting_mid_section_keeps_leading_text_apart():
    text = "\n".join(
        [
            "ให้นำบทบัญญัติแห่งประมวลกฎหมายแพ่งและพาณิชย์มาใช้บังคับโดยอนุโลม",
            "มาตรา ๖ ผู้จัดการทรัพย์สินของผู้ไม่อยู่ที่ศาลได้ตั้งขึ้นก่อนวันที่พระราชบัญญัตินี้ใช้บังคับ",
            "มาตรา ๗ ให้องค์กรหรือหน่วยงานที่กฎหมายบัญญัติให้เป็นทบวงการเมืองคงมีฐานะเป็นนิติบุคคลต่อไป",
        ]
    )
    parsed = parse_draft(pages(text))
    assert [(s.block, s.number) for s in parsed.sections] == [
        ("preamble", ""),
        ("section", "6"),
        ("section", "7"),
    ]
    assert parsed.sections[0].text.startswith("ให้นำบทบัญญัติ")


def test_numbered_schedule_entries_after_the_last_section():
    text = "\n".join(
        [
            "มาตรา ๑๒๙ ผู้ใดค้าแสตมป์ที่ใช้แล้วต้องระวางโทษปรับไม่เกินห้าพันบาท",
            "บัญชีอัตราอากรแสตมป์ 1 บัญชีอัตราอากรแสตมป์",
            "ลักษณะแห่งตราสาร: 1. เช่าที่ดิน โรงเรือน",
            "บัญชีอัตราอากรแสตมป์ 2 บัญชีอัตราอากรแสตมป์",
            "ลักษณะแห่งตราสาร: 2. โอนใบหุ้น ใบหุ้นกู้",
        ]
    )
    parsed = parse_draft(pages(text))
    assert [s.number for s in parsed.legal_sections] == ["129", "บัญชีอัตราอากรแสตมป์ 1", "บัญชีอัตราอากรแสตมป์ 2"]
    assert "เช่าที่ดิน" not in parsed.legal_sections[0].text


def test_suffix_glued_to_the_text_is_read_when_the_sequence_needs_it():
    text = "\n".join(
        [
            "มาตรา ๓๐ ใบอนุญาตให้มีอายุห้าปีนับแต่วันที่ออกใบอนุญาต",
            "มาตรา ๓๐ ทวิใบอนุญาตจะโอนแก่กันมิได้ เว้นแต่ได้รับความเห็นชอบจากอธิบดี",
            "มาตรา ๓๑ ผู้รับใบอนุญาตมีหน้าที่ดังต่อไปนี้",
        ]
    )
    parsed = parse_draft(pages(text))
    assert [(s.number, s.number_printed) for s in parsed.legal_sections] == [
        ("30", "๓๐"),
        ("30 ทวิ", "๓๐ ทวิ"),
        ("31", "๓๑"),
    ]
    assert parsed.warnings == []


def test_memo_part_titles_stay_on_their_own_lines():
    memo = "บันทึกหลักการและเหตุผล\nหลักการ\nให้มีกฎหมายว่าด้วยการจัดการกากอุตสาหกรรม\nเหตุผล\nโดยที่สมควรมีกฎหมาย"
    act = "มาตรา ๑ พระราชบัญญัตินี้เรียกว่า “พระราชบัญญัติทดสอบ พ.ศ. ....”"
    memo_block = parse_draft(pages(memo, act)).memorandum
    assert memo_block is not None
    assert memo_block.text.split("\n") == [
        "บันทึกหลักการและเหตุผล",
        "หลักการ",
        "ให้มีกฎหมายว่าด้วยการจัดการกากอุตสาหกรรม",
        "เหตุผล",
        "โดยที่สมควรมีกฎหมาย",
    ]


def test_heading_alone_on_its_line_joins_the_text_below():
    text = (
        "มาตรา ๖\nผู้จัดการทรัพย์สินของผู้ไม่อยู่ที่ศาลได้ตั้งขึ้นก่อนวันที่พระราชบัญญัตินี้ใช้บังคับ\nมาตรา ๗\nให้องค์กรคงมีฐานะเป็นนิติบุคคลต่อไป"
    )
    s = by_number(parse_draft(pages(text)))
    assert s["6"].text == "มาตรา ๖ ผู้จัดการทรัพย์สินของผู้ไม่อยู่ที่ศาลได้ตั้งขึ้นก่อนวันที่พระราชบัญญัตินี้ใช้บังคับ"
    assert s["7"].text == "มาตรา ๗ ให้องค์กรคงมีฐานะเป็นนิติบุคคลต่อไป"


def test_sections_after_the_signature_are_not_indexed_but_warned_about():
    text = "มาตรา ๑ ให้รัฐมนตรีรักษาการ\nผู้รับสนองพระราชโองการ\nนายกรัฐมนตรี\nมาตรา ๒ ให้บรรดาใบอนุญาตยังคงใช้ได้"
    parsed = parse_draft(pages(text))
    assert [s.number for s in parsed.legal_sections] == ["1"]
    assert parsed.warnings == ["1 มาตรา line(s) after ผู้รับสนองพระราชโองการ (page 1) not indexed"]


def test_line_edges_from_the_extractor_wrap_space_and_indent_even_at_a_page_top():
    # ingest.pdf ends a line that wrapped at a space with that space, and starts an indented line
    # with a tab; a long line before an indented one still ends its paragraph.
    p1 = (
        "มาตรา ๑ ผู้ประกอบกิจการต้องจัดเก็บกากอุตสาหกรรมไว้ในที่ปลอดภัย \n"
        "เว้นแต่ได้รับอนุญาตจากอธิบดีให้เก็บไว้ในสถานที่อื่นตามหลักเกณฑ์ที่\n"
        "รัฐมนตรีประกาศโดยต้องติดป้ายแสดงชนิดของกากไว้ทุกภาชนะที่บรรจุ"
    )
    p2 = "\tผู้ประกอบกิจการต้องแจ้งปริมาณกากอุตสาหกรรมต่ออธิบดีทุกปี\n\tมาตรา ๒ ให้รัฐมนตรีรักษาการ"
    s = by_number(parse_draft(pages(p1, p2)))
    assert s["1"].text == (
        "มาตรา ๑ ผู้ประกอบกิจการต้องจัดเก็บกากอุตสาหกรรมไว้ในที่ปลอดภัย "
        "เว้นแต่ได้รับอนุญาตจากอธิบดีให้เก็บไว้ในสถานที่อื่นตามหลักเกณฑ์ที่"
        "รัฐมนตรีประกาศโดยต้องติดป้ายแสดงชนิดของกากไว้ทุกภาชนะที่บรรจุ\n"
        "ผู้ประกอบกิจการต้องแจ้งปริมาณกากอุตสาหกรรมต่ออธิบดีทุกปี"
    )
    assert (s["1"].page_start, s["1"].page_end) == (1, 2)
    assert s["2"].text == "มาตรา ๒ ให้รัฐมนตรีรักษาการ"


def test_a_line_broken_after_a_vowel_below_is_joined_but_an_indented_one_opens_a_paragraph():
    # PDFium breaks a printed line after ู/ุ, often with a blank line, inside "ภูมิลำเนา" or "ถูกต้อง"
    text = (
        "\tมาตรา ๓๗ บุคคลธรรมดาซึ่งมีถิ่นที่อยู่หลายแห่งให้ถือเอาแห่งใดแห่งหนึ่งเป็นภู\n\n"
        "มิลำเนาของบุคคลนั้นและต้องแจ้งให้นายทะเบียนทราบทุกครั้งที่ย้ายถิ่นที่อยู่ให้ถู\n"
        "กต้องตามความจริงภายในสามสิบวันนับแต่วันที่ย้ายโดยยื่นเป็นหนังสือต่อนายทะเบียน\n"
        "\tมาตรา ๓๘ ผู้ใดย้ายถิ่นที่อยู่โดยไม่แจ้งต่อนายทะเบียนภายในเวลาที่กำหนดตามเหตุ\n"
        "\tภายในสิบห้าวันนับแต่วันที่นายทะเบียนทราบเหตุ ให้นายทะเบียนแจ้งผู้นั้นเป็นหนังสือ"
    )
    s = by_number(parse_draft(pages(text)))
    assert "ให้ถือเอาแห่งใดแห่งหนึ่งเป็นภูมิลำเนาของบุคคลนั้น" in s["37"].text
    assert "ให้ถูกต้องตามความจริง" in s["37"].text and "\n" not in s["37"].text
    assert s["38"].text.split("\n") == ["มาตรา ๓๘ ผู้ใดย้ายถิ่นที่อยู่โดยไม่แจ้งต่อนายทะเบียนภายในเวลาที่กำหนดตามเหตุ",
                                        "ภายในสิบห้าวันนับแต่วันที่นายทะเบียนทราบเหตุ ให้นายทะเบียนแจ้งผู้นั้นเป็นหนังสือ"]


def test_a_fee_schedule_after_the_signature_is_kept_as_an_annex():
    tail = (
        "ผู้รับสนองพระราชโองการ\n..............................\nนายกรัฐมนตรี\n"
        "อัตราค่าธรรมเนียม\n(๑) ใบอนุญาตขนส่งกากอุตสาหกรรม ฉบับละ ๒๐,๐๐๐ บาท\n(๒) ใบแทนใบอนุญาต ฉบับละ ๑,๐๐๐ บาท\n"
        "บันทึกหลักการและเหตุผล\nหลักการ\nให้มีกฎหมายว่าด้วยการจัดการกากอุตสาหกรรม"
    )
    parsed = parse_draft(pages(DRAFT_P1, DRAFT_P2, DRAFT_P3.split("ผู้รับสนองพระราชโองการ")[0] + tail))
    blocks = [s.block for s in parsed.sections if s.block != "section"]
    assert blocks == ["preamble", "annex", "memo"]
    annex = next(s for s in parsed.sections if s.block == "annex")
    assert annex.chapter_path == ["อัตราค่าธรรมเนียม"] and annex.page_start == 3
    assert annex.text.split("\n") == ["(๑) ใบอนุญาตขนส่งกากอุตสาหกรรม ฉบับละ ๒๐,๐๐๐ บาท", "(๒) ใบแทนใบอนุญาต ฉบับละ ๑,๐๐๐ บาท"]
    assert "นายกรัฐมนตรี" not in annex.text and by_number(parsed)["7"].text.endswith("จนกว่าจะสิ้นอายุ")
