"""draft_chunks and transcript_chunks: sizes, headings, stable ids, Chroma-legal metadata."""

from __future__ import annotations

import re

from ingest.chunks import draft_chunks, transcript_chunks
from ingest.models import DocInfo, ParsedDraft, Section, Transcript, Turn

DOC = DocInfo(
    key="waste-act",
    title="ร่างพระราชบัญญัติจัดการกากอุตสาหกรรม พ.ศ. ....",
    kind="draft",
    version="hearing-2568",
    version_uid="waste-act:hearing-2568:abc123",
    source_file="waste-act.pdf",
    date="2025-03-03",
    content_hash="abc123",
)
DRAFT_KEYS = {
    "doc_key", "title", "version", "version_uid", "kind", "source_file", "date", "block", "section",
    "section_printed", "unit", "section_order", "chapter_path", "transitional", "part", "parts", "page_start",
    "page_end", "locator", "content_hash", "doc_hash", "references",
}  # fmt: skip

LONG = (
    "มาตรา ๒๑ ผู้ประกอบกิจการโรงงานซึ่งมีกากอุตสาหกรรมต้องปฏิบัติตามหลักเกณฑ์ดังต่อไปนี้\n"
    + "\n".join(
        f"({d}) จัดให้มีการคัดแยก เก็บรวบรวม และบันทึกข้อมูลกากอุตสาหกรรมประเภทที่ {d} ตามแบบที่อธิบดีกำหนด"
        for d in "๑๒๓๔๕๖๗๘"
    )
    + "\nการดำเนินการตามวรรคหนึ่งให้เป็นไปตามหลักเกณฑ์ วิธีการ และเงื่อนไขที่กำหนดในกฎกระทรวง"
)


def section(number: str, printed: str, text: str, order: int = 1, **kw) -> Section:
    return Section(
        "section", number, printed, kw.pop("path", ["หมวด ๓ การขนส่งกากอุตสาหกรรม"]), 4, 5, text, order, **kw
    )


def parsed(*sections: Section) -> ParsedDraft:
    return ParsedDraft(DOC.title, "....", list(sections), 10)


def chroma_legal(meta: dict) -> bool:
    return all(isinstance(v, str | int | float | bool) and v is not None for v in meta.values())


def test_short_section_is_one_chunk_with_citation_metadata():
    sec = section("21", "๒๑", "มาตรา ๒๑ ผู้ขนส่งต้องจัดทำเอกสารกำกับการขนส่ง", transitional=True)
    (chunk,) = draft_chunks(parsed(sec), DOC)
    assert chunk.text == sec.text
    assert chunk.embed_text == f"{DOC.title}\nหมวด ๓ การขนส่งกากอุตสาหกรรม\n{sec.text}"
    m = chunk.metadata
    assert set(m) == DRAFT_KEYS and chroma_legal(m)
    assert (m["section"], m["section_printed"], m["block"], m["kind"]) == ("21", "๒๑", "section", "draft")
    assert m["unit"] == "มาตรา"
    assert (m["part"], m["parts"], m["page_start"], m["page_end"], m["section_order"]) == (0, 1, 4, 5, 1)
    assert m["transitional"] is True and m["chapter_path"] == "หมวด ๓ การขนส่งกากอุตสาหกรรม"
    assert m["locator"] == "page"
    assert m["doc_hash"] == "abc123" and re.fullmatch(r"[0-9a-f]{16}", str(m["content_hash"]))
    assert re.fullmatch(r"[0-9a-f]{32}", chunk.id)


def test_long_section_splits_on_items_and_repeats_the_heading():
    chunks = draft_chunks(parsed(section("21", "๒๑", LONG)), DOC, max_chars=300)
    assert len(chunks) > 2
    assert all(len(c.text) <= 300 for c in chunks)
    assert chunks[0].text.startswith("มาตรา ๒๑ ผู้ประกอบกิจการ")
    for c in chunks[1:]:
        assert c.text.startswith("มาตรา ๒๑ (ต่อ)\n")
        assert c.text.split("\n")[1].startswith(("(", "การดำเนินการ"))  # a part opens on an item or paragraph
        assert "มาตรา ๒๑ ผู้ประกอบกิจการโรงงาน" in c.embed_text  # the lead sentence gives it context
    assert [c.metadata["part"] for c in chunks] == list(range(len(chunks)))
    assert {c.metadata["parts"] for c in chunks} == {len(chunks)}
    rebuilt = "\n".join(c.text.removeprefix("มาตรา ๒๑ (ต่อ)\n") for c in chunks)
    assert rebuilt == LONG


def test_long_paragraph_without_items_splits_between_words_never_inside_one():
    words = ["การจัดการกากอุตสาหกรรม", "ต้องคำนึงถึง", "ความปลอดภัย", "ของประชาชน"] * 20
    text = "มาตรา ๙ " + " ".join(words)
    chunks = draft_chunks(parsed(section("9", "๙", text)), DOC, max_chars=200)
    assert len(chunks) > 1 and all(len(c.text) <= 200 for c in chunks)
    body = [c.text.removeprefix("มาตรา ๙ (ต่อ)\n") for c in chunks]
    assert " ".join(body) == text
    assert all(set(part.split()) <= {"มาตรา", "๙", *words} for part in body)


def test_an_unsplittable_run_stays_whole_in_its_own_part():
    url = "https://example.go.th/" + "a" * 400
    text = "มาตรา ๙ ให้เผยแพร่ข้อมูลทางเว็บไซต์ " + url + " ภายในสามสิบวัน"
    chunks = draft_chunks(parsed(section("9", "๙", text)), DOC, max_chars=200)
    assert any(url in c.text for c in chunks)
    assert all(len(c.text) <= 200 or url in c.text for c in chunks)


def test_sections_are_never_merged_and_ids_are_unique_even_for_duplicate_numbers():
    a = section("5", "๕", "มาตรา ๕ ให้รัฐมนตรีรักษาการ", order=1)
    b = section("5", "๕", "มาตรา ๕ ให้รัฐมนตรีรักษาการ", order=2)
    c = section("6", "๖", "มาตรา ๖ ให้ใช้บังคับ", order=3)
    chunks = draft_chunks(parsed(a, b, c), DOC)
    assert [ch.text for ch in chunks] == [a.text, b.text, c.text]
    assert len({ch.id for ch in chunks}) == 3


def test_ids_are_stable_and_change_with_text_or_version():
    secs = [section("1", "๑", "มาตรา ๑ ให้เรียกว่า", order=1), section("2", "๒", "มาตรา ๒ ให้ใช้บังคับ", order=2)]
    first = [c.id for c in draft_chunks(parsed(*secs), DOC)]
    assert first == [c.id for c in draft_chunks(parsed(*secs), DOC)]
    changed = [secs[0], section("2", "๒", "มาตรา ๒ ให้ใช้บังคับเมื่อพ้นเก้าสิบวัน", order=2)]
    second = [c.id for c in draft_chunks(parsed(*changed), DOC)]
    assert second[0] == first[0] and second[1] != first[1]
    other = DocInfo(**{**DOC.__dict__, "version_uid": "waste-act:v2:def456"})
    assert not set(first) & {c.id for c in draft_chunks(parsed(*secs), other)}


def test_non_section_blocks_get_empty_section_fields():
    memo = Section("memo", "", "", [], 1, 2, "บันทึกหลักการและเหตุผล\nหลักการ\nให้มีกฎหมาย")
    page = Section("page", "", "", [], 7, 7, "ประกาศกระทรวง", 1)
    chunks = draft_chunks(parsed(memo, page), DOC)
    assert [(c.metadata["block"], c.metadata["section"], c.metadata["chapter_path"]) for c in chunks] == [
        ("memo", "", ""),
        ("page", "", ""),
    ]
    assert all(chroma_legal(c.metadata) for c in chunks)


TRANSCRIPT = Transcript(
    title="MIND Community Meet Up ครั้งที่ 3",
    date="2025-03-12",
    turns=[
        Turn("คุณสุภัตรา", "สวัสดีค่ะ วันนี้เราจะคุยเรื่องร่างพระราชบัญญัติจัดการกากอุตสาหกรรม", 845.0, 850.0, 0),
        Turn("คุณสุภัตรา", "โดยเฉพาะเรื่องเอกสารกำกับการขนส่ง", 850.5, 853.0, 1),
        Turn("คุณวิชัย", "ใครต้องเป็นคนจัดทำเอกสารกำกับการขนส่งครับ", 854.0, 856.0, 2),
        Turn("คุณสุภัตรา", "ผู้ก่อกำเนิดกากเป็นคนเริ่มจัดทำ แล้วผู้ขนส่งกับผู้รับกำจัดลงนามต่อกันไปค่ะ " * 3, 857.0, 880.0, 3),
        Turn("คุณวิชัย", "แล้วถ้าไม่ทำล่ะครับ", 881.0, 882.0, 4),
        Turn("คุณสุภัตรา", "มีโทษปรับตามบทกำหนดโทษค่ะ " * 4, 883.0, 900.0, 5),
    ],
    fmt="vtt",
)
TDOC = DocInfo("mind-3", "", "transcript", "v1", "mind-3:v1:ff", "mind-meetup-2568-03-12.vtt", None, "ff")


def test_transcript_windows_merge_same_speaker_cues_and_render_times():
    chunks = transcript_chunks(TRANSCRIPT, TDOC, target_chars=300)
    first = chunks[0]
    assert first.text.startswith("คุณสุภัตรา [00:14:05]: สวัสดีค่ะ")
    assert "กากอุตสาหกรรม โดยเฉพาะเรื่องเอกสาร" in first.text  # cues 0 and 1 became one turn
    m = first.metadata
    assert chroma_legal(m)
    assert (m["kind"], m["block"], m["session_date"], m["date"]) == (
        "transcript",
        "turns",
        "2025-03-12",
        "2025-03-12",
    )
    assert m["speakers"] == "คุณสุภัตรา, คุณวิชัย"
    assert (m["start_s"], m["start_ts"], m["turn_start"]) == (845.0, "00:14:05", 0)
    assert m["title"] == "MIND Community Meet Up ครั้งที่ 3"
    assert first.embed_text.startswith("MIND Community Meet Up ครั้งที่ 3\n2025-03-12\n")


def test_transcript_windows_keep_whole_turns_and_repeat_a_short_question():
    chunks = transcript_chunks(TRANSCRIPT, TDOC, target_chars=300)
    assert len(chunks) >= 2
    lines = [line for c in chunks for line in c.text.split("\n")]
    for turn in TRANSCRIPT.turns[3:]:
        assert any(turn.text.strip() in line for line in lines)  # never cut: each fits in one line
    question = "คุณวิชัย [00:14:14]: ใครต้องเป็นคนจัดทำเอกสารกำกับการขนส่งครับ"
    holding = [c for c in chunks if question in c.text]
    assert len(holding) == 2 and holding[1].text.startswith(question)  # repeated before its answer
    assert [c.metadata["part"] for c in chunks] == list(range(len(chunks)))
    assert chunks[-1].metadata["end_ts"] == "00:15:00"
    assert [c.id for c in chunks] == [c.id for c in transcript_chunks(TRANSCRIPT, TDOC, target_chars=300)]


def test_a_turn_far_too_long_is_cut_between_words_with_shared_out_times():
    t = Transcript("t", None, [Turn("คุณเอ", "ประโยคยาวมาก " * 200, 0.0, 100.0, 0)], "vtt")
    chunks = transcript_chunks(t, TDOC, target_chars=500)
    assert len(chunks) > 1 and all(len(c.text) <= 600 for c in chunks)
    starts = [c.metadata["start_s"] for c in chunks]
    assert starts == sorted(starts) and starts[0] == 0.0 and chunks[-1].metadata["end_s"] == 100.0
    assert all(c.metadata["turn_start"] == 0 for c in chunks)


def test_untimed_notes_render_without_times():
    t = Transcript("บันทึก", None, [Turn("คุณเอ", "เริ่มประชุม"), Turn("", "ข้อความไม่ระบุผู้พูด", index=1)], "txt")
    (chunk,) = transcript_chunks(t, TDOC)
    assert chunk.text == "คุณเอ: เริ่มประชุม\nข้อความไม่ระบุผู้พูด"
    m = chunk.metadata
    assert (m["start_s"], m["end_s"], m["start_ts"], m["session_date"], m["speakers"]) == (
        -1.0,
        -1.0,
        "",
        "",
        "คุณเอ",
    )
    assert chroma_legal(m)


def test_a_long_thai_run_without_spaces_is_cut_at_word_boundaries():
    run = "การจัดการกากอุตสาหกรรมของโรงงาน" * 12
    chunks = draft_chunks(parsed(section("9", "๙", "มาตรา ๙ " + run)), DOC, max_chars=200)
    body = [c.text.removeprefix("มาตรา ๙ (ต่อ)\n") for c in chunks]
    assert len(chunks) > 1 and all(len(c.text) <= 200 for c in chunks)
    assert "".join(body).replace(" ", "") == ("มาตรา ๙ " + run).replace(" ", "")
    assert all(part.endswith("โรงงาน") or part.endswith("อุตสาหกรรม") for part in body[:-1])
