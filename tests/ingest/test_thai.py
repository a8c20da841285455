"""Thai text helpers on tiny literal inputs, including the broken forms real PDFs produce."""

from __future__ import annotations

import pytest

from ingest.thai import (
    PUA_TO_THAI,
    drop_invented_spaces,
    garbled_ratio,
    normalize_section_number,
    normalize_text,
    repair_spaced_am,
    section_sort_key,
    thai_space_ratio,
    to_arabic,
    to_thai_digits,
    uses_thai_digits,
)

SARA_AM = "\u0e33"
NIKHAHIT = "\u0e4d"


# --- digits and section numbers (existing behaviour) ---------------------------------


def test_digit_helpers_round_trip() -> None:
    assert to_arabic("มาตรา ๒๒/๑") == "มาตรา 22/1"
    assert to_thai_digits("มาตรา 12") == "มาตรา ๑๒"
    assert uses_thai_digits("๓ ทวิ") and not uses_thai_digits("3 bis")


@pytest.mark.parametrize(
    ("printed", "normalised"),
    [("๒๒/๑", "22/1"), ("๓ ทวิ", "3 ทวิ"), ("12", "12"), ("๐๙", "9")],
)
def test_section_numbers(printed: str, normalised: str) -> None:
    assert normalize_section_number(printed) == normalised


def test_section_sort_order() -> None:
    numbers = ["4/1", "3 ตรี", "4", "3", "3 ทวิ"]
    assert sorted(numbers, key=section_sort_key) == ["3", "3 ทวิ", "3 ตรี", "4", "4/1"]


# --- normalize_text --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("broken", "fixed"),
    [
        ("ก\uf70b", "ก้"),  # TH Sarabun shifted mai tho
        ("ป\uf705", "ป่"),  # shifted-left mai ek
        ("\uf700าน", "ฐาน"),  # tho than without its tail
        ("ส\uf710ญญา", "สัญญา"),
        ("ก\uf713", "ก่"),
        ("ผ\uf89c", "ผู"),  # Mac PUA range
        ("ก\uf88b", "ก่"),
        ("\uf89eาน", "ฐาน"),
    ],
)
def test_pua_glyphs_are_mapped(broken: str, fixed: str) -> None:
    assert normalize_text(broken) == fixed


def test_pua_table_covers_both_ranges() -> None:
    assert all(0xF700 + i in PUA_TO_THAI for i in range(0x1B))
    assert all(0xF884 + i in PUA_TO_THAI for i in range(0x1B))


@pytest.mark.parametrize(
    ("broken", "fixed"),
    [
        ("ท" + NIKHAHIT + "า", "ทำ"),  # split sara am (pypdf, poppler)
        ("น" + NIKHAHIT + "\u0e49า", "น้ำ"),  # nikhahit, tone, aa
        ("น\u0e49" + NIKHAHIT + "า", "น้ำ"),  # tone, nikhahit, aa
        ("น" + SARA_AM + "\u0e49", "น้ำ"),  # sara am before its tone
        ("ทำา", "ทำ"),  # doubled aa after sara am ("ทำา")
        ("ก\u0e4d\u0e32จัด", "กำจัด"),
        ("จำำแนก", "จำแนก"),
    ],
)
def test_sara_am_repair(broken: str, fixed: str) -> None:
    assert normalize_text(broken) == fixed


@pytest.mark.parametrize(
    ("broken", "fixed"),
    [
        ("สารบััญ", "สารบัญ"),
        ("หน้้า", "หน้า"),
        ("ผลสััมฤทธิ์์", "ผลสัมฤทธิ์"),
        ("ประจ\ufffdาปี", "ประจำปี"),
        ("ส\ufffdานัก", "สำนัก"),
        ("น\u0e49\ufffdา", "น้ำ"),
        ("อื่่\ufffdน", "อื่น"),  # doubled mark followed by a stray replacement glyph
        ("ที่่\ufffdคาด", "ที่คาด"),
    ],
)
def test_indesign_defects(broken: str, fixed: str) -> None:
    assert normalize_text(broken) == fixed


@pytest.mark.parametrize(
    ("broken", "fixed"),
    [
        ("ว \u0e48า", "ว่า"),  # space before a tone mark
        ("ท \u0e31 \u0e49ง", "ทั้ง"),
        ("ก\u0e48\u0e35", "กี่"),  # tone before upper vowel
        ("ท\u0e49\u0e31ง", "ทั้ง"),
        ("ส\u0e34ทธ\u0e4c\u0e34", "สิทธิ์"),  # thanthakhat before sara i
        ("ก\u0e48\u0e38", "กุ่"),  # lower vowel: canonical order via NFC
    ],
)
def test_mark_spacing_and_order(broken: str, fixed: str) -> None:
    assert normalize_text(broken) == fixed


def test_whitespace() -> None:
    raw = "มาตรา\u00a0๑\u200b  ให้\tใช้\r\nบังคับ  \r\n\r\n\r\n\r\nวรรคสอง\x1b \ufeff"
    assert normalize_text(raw) == "มาตรา ๑ ให้ ใช้\nบังคับ\n\nวรรคสอง"


def test_digits_and_sara_am_are_never_decomposed() -> None:
    text = "มาตรา ๑๒ และมาตรา 12 กำหนด"
    assert normalize_text(text) == text
    assert NIKHAHIT not in normalize_text("กำหนด น้ำ ทำ")


def test_spaces_between_ordinary_words_are_kept() -> None:
    assert normalize_text("เป็น ผู้ ต่าง ๆ") == "เป็น ผู้ ต่าง ๆ"


@pytest.mark.parametrize(
    "text",
    ["ประจ\ufffdาปี สารบััญ", "ท" + NIKHAHIT + "\u0e48า ก\uf70b", "ว \u0e48า  x\n\n\n y", "ทำา ำ\u0e49"],
)
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once


# --- letter spacing, broken sara am, garble ---------------------------------------------

LETTER_SPACED = "ร่ า ง พ ร ะ ร า ช บั ญ ญั ติ"
ORDINARY = "ให้ผู้ประกอบกิจการโรงงานจัดทำบัญชี ทั้งนี้ ตามหลักเกณฑ์ วิธีการ และเงื่อนไขที่กำหนด"


def test_thai_space_ratio() -> None:
    assert thai_space_ratio(ORDINARY) < 0.1
    assert thai_space_ratio(LETTER_SPACED) > 0.3
    assert thai_space_ratio("") == 0.0
    assert thai_space_ratio("มาตรา ๑๒ มาตรา ๑๓") == 0.0  # digits are not Thai letters


def test_drop_invented_spaces_on_letter_spaced_lines_only() -> None:
    text = f"{LETTER_SPACED}  ฉ บั บ\n{ORDINARY}\nลุง ป้า น้า อา"
    lines = drop_invented_spaces(text).split("\n")
    assert lines[0] == "ร่างพระราชบัญญัติ ฉบับ"  # a double space is the real word gap
    assert lines[1] == ORDINARY
    assert lines[2] == "ลุง ป้า น้า อา"


def test_repair_spaced_am() -> None:
    assert repair_spaced_am("หากยังมิได้จัดท าบัญชี ให้น ามาตรา") == "หากยังมิได้จัดทำบัญชี ให้นำมาตรา"
    assert repair_spaced_am("ผู้ด าเนินกิจการ") == "ผู้ดำเนินกิจการ"
    assert repair_spaced_am(LETTER_SPACED) == LETTER_SPACED


def test_garbled_ratio() -> None:
    assert garbled_ratio("ประจ\ufffdาปี") == pytest.approx(1 / 8)
    assert garbled_ratio("ก\uf70b") == 0.0  # mappable PUA is not garble
    assert garbled_ratio("ก\ue000 ข") == pytest.approx(1 / 3)
    assert garbled_ratio("  ") == 0.0
