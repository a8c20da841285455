"""ingest/references.py on literal Thai section texts: which sections a section names, which it does not."""

from __future__ import annotations

from ingest.chunks import draft_chunks
from ingest.models import DocInfo, ParsedDraft, Section
from ingest.references import META_KEY, SectionRefs, definitions, document_refs, parse_refs


def named(text: str, own: str = "1", title: str = "") -> list[str]:
    return [r.section for r in parse_refs(text, own, title=title).sections]


def test_thai_and_arabic_digits_slash_and_suffix_numbers() -> None:
    assert named("ผู้ใดไม่ปฏิบัติตามมาตรา ๒๖ ต้องระวางโทษปรับ") == ["26"]
    assert named("ภายใต้บังคับมาตรา 82/7 มาตรา 82/8 และมาตรา 82/16 ให้ผู้ประกอบการเสียภาษี") == ["82/7", "82/8", "82/16"]
    assert named("ตามมาตรา ๖๕ ทวิ (๒) และมาตรา ๖๕ ตรี") == ["65 ทวิ", "65 ตรี"]
    assert named("ไม่ปฏิบัติตามมาตรา ๙๓ ต้องระวางโทษ") == ["93"]  # not 9, not 933
    assert named("ตามมาตรา ๙๓๓") == ["933"]
    assert named("ลักษณะต้องห้ามตามมาตรา9 (5) หรือ") == ["9"]  # no space after มาตรา (real text)


def test_items_and_paragraphs_stay_with_their_section() -> None:
    refs = parse_refs("เงินได้ตามมาตรา 40 (5) (6) (7) หรือ (8) และมาตรา ๕๒ วรรคสอง วรรคสามและวรรคสี่", "1")
    (a, b) = refs.sections
    assert (a.section, a.items, a.paragraphs) == ("40", ["5", "6", "7", "8"], [])
    assert (b.section, b.items, b.paragraphs) == ("52", [], ["สอง", "สาม", "สี่"])
    (c,) = parse_refs("ในกรณีเงินได้พึงประเมินตามมาตรา 40 (4) (ข) ให้คำนวณหัก", "50").sections
    assert c.items == ["4", "ข"]
    # the วรรค of a named section is not a paragraph of this one
    assert refs.within == []


def test_a_paragraph_of_the_same_section_is_recorded_not_linked() -> None:
    refs = parse_refs("มาตรา ๑๖  ผู้ได้รับอนุญาตตามวรรคหนึ่งต้องแจ้งการเลิกกิจการ", "16")
    assert refs.sections == [] and refs.within == ["วรรคหนึ่ง"]
    assert refs.links("16") == []


def test_the_section_s_own_heading_and_own_number_are_not_links() -> None:
    assert named("มาตรา ๑๒  การขออนุญาตตามมาตรานี้ และตามมาตรา ๑๒ วรรคหนึ่ง ให้เป็นไปตามมาตรา ๑๑", "12") == ["11"]


def test_another_law_s_section_is_not_a_link_here() -> None:
    text = ("ให้ถือว่ากฎกระทรวงดังกล่าวมีผลเสมือนเป็นกฎกระทรวงที่ออกตามมาตรา ๘ แห่งพระราชบัญญัติควบคุมอาคาร "
            "พ.ศ. ๒๕๒๒ และตามมาตรา ๙ ของพระราชบัญญัตินี้")
    refs = parse_refs(text, "20", title="พระราชบัญญัติการส่งเสริมการอนุรักษ์พลังงาน พ.ศ. ๒๕๓๕")
    assert [r.section for r in refs.sections] == ["9"]
    assert refs.external == ["มาตรา ๘"]
    # a run of sections of another law: none links
    refs = parse_refs("ความผิดตามมาตรา ๕ และมาตรา ๖ แห่งประมวลรัษฎากร", "3", title="พระราชบัญญัติการบัญชี พ.ศ. ๒๕๔๓")
    assert refs.sections == [] and len(refs.external) == 2
    # the law named before the section: "ประมวลรัษฎากร มาตรา ๔๐" in another act
    assert named("เงินได้ตามประมวลรัษฎากร มาตรา ๔๐ (๒)", "7", title="พระราชบัญญัติการบัญชี พ.ศ. ๒๕๔๓") == []
    # an amending act's note in a code: "แก้ไขเพิ่มเติมโดยมาตรา ๑๑ แห่งพระราชบัญญัติแก้ไขเพิ่มเติม…"
    note = "[อัตราโทษ แก้ไขเพิ่มเติมโดยมาตรา ๑๑ แห่งพระราชบัญญัติแก้ไขเพิ่มเติมประมวลกฎหมายอาญา (ฉบับที่ ๒๕) พ.ศ. ๒๕๕๘]"
    assert named(note, "295", title="ประมวลกฎหมายอาญา") == []


def test_this_law_named_in_full_is_still_this_law() -> None:
    assert named("ตามมาตรา ๑๕ แห่งประมวลกฎหมายนี้", "20", title="ประมวลกฎหมายอาญา") == ["15"]
    assert named("ตามประมวลรัษฎากร มาตรา 40 (2)", "50", title="ประมวลรัษฎากร") == ["40"]
    assert named("ที่ออกตามมาตรา ๘ (๖) หรือ (๗)", "46", title="พระราชบัญญัติโรงงาน พ.ศ. ๒๕๓๕") == ["8"]


def test_definitions_ranges_missing_sections_and_terms() -> None:
    sections = [
        ("3", "มาตรา ๓  ในพระราชบัญญัตินี้\n“กากอุตสาหกรรม” หมายความว่า สิ่งของที่ไม่ใช้แล้ว\n"
              "“ผู้ก่อกากอุตสาหกรรม” หมายความว่า ผู้ประกอบกิจการโรงงาน\n“กองทุน” หมายความว่า กองทุนตามมาตรา ๔๔", ()),
        ("26", "มาตรา ๒๖  ผู้ก่อกากอุตสาหกรรมต้องเก็บรักษาเอกสาร", ()),
        ("27", "มาตรา ๒๗  ให้ใช้เอกสารแบบกระดาษ", ()),
        ("28", "มาตรา ๒๘  ผู้รับกากอุตสาหกรรมต้องได้รับใบอนุญาต", ()),
        ("44", "มาตรา ๔๔  ให้จัดตั้งกองทุน", ()),
        ("72", "มาตรา ๗๒  ผู้ใดไม่ปฏิบัติตามมาตรา ๒๖ ถึงมาตรา ๒๘ หรือมาตรา ๙๙ ต้องระวางโทษ", ()),
    ]
    assert definitions([(n, t) for n, t, _ in sections]) == {
        "กากอุตสาหกรรม": ["3"], "ผู้ก่อกากอุตสาหกรรม": ["3"], "กองทุน": ["3"]}
    refs = document_refs(sections)
    assert [r.section for r in refs["72"].sections] == ["26", "27", "28"]  # the range filled in
    assert refs["72"].missing == ["99"]  # not a link: the draft has no มาตรา ๙๙
    # a longer term hides the shorter inside it; the definition section links through the term
    assert refs["26"].terms == {"ผู้ก่อกากอุตสาหกรรม": "3"}
    assert refs["28"].terms == {"กากอุตสาหกรรม": "3"}
    assert refs["26"].links("26") == ["3"]
    assert refs["3"].terms == {} and refs["3"].links("3") == ["44"]  # its own terms are not uses
    assert refs["44"].links("44") == ["3"]


def test_a_term_defined_twice_resolves_to_the_definition_in_its_own_part() -> None:
    sections = [
        ("2", "“บริษัท” หมายความว่า บริษัททั่วไป", ("หมวด ๑",)),
        ("39", "“บริษัท” หมายความว่า บริษัทตามส่วนนี้", ("หมวด ๓", "ส่วน ๒")),
        ("40", "บริษัทต้องเสียภาษี", ("หมวด ๓", "ส่วน ๒")),
        ("5", "บริษัทต้องยื่นรายการ", ("หมวด ๑",)),
    ]
    refs = document_refs(sections)
    assert refs["40"].terms == {"บริษัท": "39"}
    assert refs["5"].terms == {"บริษัท": "2"}


def test_stored_as_one_json_string_and_read_back_or_empty() -> None:
    refs = document_refs([("1", "ตามมาตรา ๒ (๑) วรรคสอง", ()), ("2", "ข้อความ", ())])["1"]
    back = SectionRefs.from_meta(refs.to_meta())
    assert back.links("1") == ["2"] and back.sections[0].items == ["1"]
    assert SectionRefs.from_meta(None).links() == [] and SectionRefs.from_meta("not json").links() == []


def test_draft_chunks_carry_the_references_on_every_part() -> None:
    long_tail = " ".join(["ข้อความยาว"] * 300)
    secs = [
        Section("section", "1", "๑", [], 1, 1, "มาตรา ๑  ให้เป็นไปตามมาตรา ๒", order=0),
        Section("section", "2", "๒", [], 1, 2, f"มาตรา ๒  ตามมาตรา ๑\n{long_tail}", order=1),
    ]
    doc = DocInfo(key="d", title="ร่างพระราชบัญญัติทดสอบ พ.ศ. ....", kind="draft", version="v1", version_uid="u",
                  source_file="d.pdf", content_hash="h")
    chunks = draft_chunks(ParsedDraft("t", None, secs, 2), doc)
    two = [c for c in chunks if c.metadata["section"] == "2"]
    assert len(two) > 1
    assert all(SectionRefs.from_meta(c.metadata[META_KEY]).links("2") == ["1"] for c in two)
    assert all(isinstance(c.metadata[META_KEY], str) for c in chunks)
