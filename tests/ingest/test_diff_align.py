"""Version alignment and the Thai word diff on small literal drafts (no index, no PDF)."""

from __future__ import annotations

from ingest.diff import compare_units
from ingest.diff.model import UnitDiff
from ingest.diff.units import blocks_from_sections, compare_key, units_of
from ingest.diff.words import word_changes, words
from ingest.models import Section
from ingest.thai import normalize_section_number, to_arabic, to_thai_digits

CH1, CH2 = "หมวด ๑ บททั่วไป", "หมวด ๒ การเก็บกาก"
BASE = [
    ("๑", "พระราชบัญญัตินี้เรียกว่า “พระราชบัญญัติจัดการกากอุตสาหกรรม พ.ศ. ....”", [CH1]),
    ("๒", "ผู้ก่อกากอุตสาหกรรมต้องเก็บกากอุตสาหกรรมไว้ในสถานที่ของตนได้ไม่เกินเก้าสิบวัน", [CH2]),
    ("๓", "ผู้ขนส่งกากอุตสาหกรรมต้องเก็บรักษาเอกสารกำกับการขนส่งไว้ไม่น้อยกว่าห้าปีนับแต่วันที่ขนส่ง", [CH2]),
    ("๔", "ผู้ใดฝ่าฝืนมาตรา ๒ ต้องระวางโทษปรับไม่เกินสองแสนบาท", [CH2]),
    ("๕", "ให้รัฐมนตรีว่าการกระทรวงอุตสาหกรรมรักษาการตามพระราชบัญญัตินี้", [CH2]),
]


def draft(rows: list[tuple[str, str, list[str]]], memo: str = "") -> list:
    sections = [Section("section", normalize_section_number(n), n, path, 1, 1, f"มาตรา {n}  {body}", order=i)
                for i, (n, body, path) in enumerate(rows)]
    if memo:
        sections.append(Section("memo", "", "", [], 2, 2, memo, order=len(sections)))
    return units_of(blocks_from_sections(sections))


def by_status(diffs: list[UnitDiff], kind: str = "section") -> dict[str, list[tuple[str | None, str | None]]]:
    out: dict[str, list[tuple[str | None, str | None]]] = {}
    for d in diffs:
        if d.kind == kind:
            out.setdefault(d.status, []).append((d.old.number if d.old else None, d.new.number if d.new else None))
    return out


def test_same_text_in_other_digits_and_line_breaks_is_unchanged() -> None:
    other = [(n, body.replace("ไม่เกิน", "ไม่เกิน\n").replace("๒", "2"), path) for n, body, path in BASE]
    diffs = compare_units(draft(BASE), draft(other))
    assert {d.status for d in diffs} == {"unchanged"}
    assert not any(d.changed for d in diffs)


def test_amended_figure_is_named_in_the_summary() -> None:
    new = list(BASE)
    new[2] = ("๓", BASE[2][1].replace("ห้าปี", "สิบปี"), [CH2])
    new[3] = ("๔", BASE[3][1].replace("สองแสนบาท", "ห้าแสนบาท"), [CH2])
    diffs = compare_units(draft(BASE), draft(new))
    assert by_status(diffs)["amended"] == [("3", "3"), ("4", "4")]
    s3 = next(d for d in diffs if d.number == "3")
    assert s3.figures == [("ไม่น้อยกว่าห้าปี", "ไม่น้อยกว่าสิบปี")]
    assert s3.summary == "ไม่น้อยกว่าห้าปี → ไม่น้อยกว่าสิบปี"
    assert [(c.op, c.old, c.new) for c in s3.changes] == [("replace", "ห้า", "สิบ")]
    c = s3.changes[0]
    assert s3.old.text[c.old_start:c.old_end] == "ห้า" and s3.new.text[c.new_start:c.new_end] == "สิบ"
    s4 = next(d for d in diffs if d.number == "4")
    assert s4.summary == "ไม่เกินสองแสนบาท → ไม่เกินห้าแสนบาท"


def test_word_diff_cuts_at_segmenter_words_not_characters() -> None:
    old, new = "ผู้ก่อกากอุตสาหกรรมต้องแจ้ง", "ผู้ขนส่งกากอุตสาหกรรมต้องแจ้ง"
    changes = word_changes(old, new)
    assert len(changes) == 1
    c = changes[0]
    # whole words of newmm on each side, never a piece of a word
    assert c.old_start in {s for _, s, _ in words(old)} and c.old_end in {e for _, _, e in words(old)}
    assert c.new_start in {s for _, s, _ in words(new)} and c.new_end in {e for _, _, e in words(new)}
    assert "ก่อ" in c.old and "ขนส่ง" in c.new and "อุตสาหกรรม" not in c.new


def test_added_and_removed_sections() -> None:
    new = [*BASE[:2], ("๒/๑", "ให้กรมโรงงานอุตสาหกรรมจัดให้มีระบบติดตามกากอุตสาหกรรมแบบดิจิทัล", [CH2]), BASE[2], BASE[4]]
    diffs = compare_units(draft(BASE), draft(new))
    got = by_status(diffs)
    assert got["added"] == [(None, "2/1")] and got["removed"] == [("4", None)]
    assert set(got) == {"added", "removed", "unchanged"}
    added = next(d for d in diffs if d.status == "added")
    assert added.summary.startswith("เพิ่มมาตรา ๒/๑: ให้กรมโรงงาน")
    removed = next(d for d in diffs if d.status == "removed")
    assert removed.summary == "ตัดมาตรา ๔ ออก"
    order = [(d.old or d.new).number for d in diffs if d.kind == "section"]
    assert order == ["1", "2", "2/1", "3", "4", "5"]  # a removed section stays where it was


def test_inserted_section_renumbers_the_rest_without_amendments() -> None:
    inserted = ("๒", "ผู้ก่อกากอุตสาหกรรมต้องขึ้นทะเบียนต่อกรมโรงงานอุตสาหกรรมภายในหกสิบวัน", [CH2])
    shifted = [(to_thai_digits(str(int(to_arabic(n)) + 1)), body, path) for n, body, path in BASE[1:]]
    diffs = compare_units(draft(BASE), draft([BASE[0], inserted, *shifted]))
    got = by_status(diffs)
    assert got["added"] == [(None, "2")]
    assert got["renumbered"] == [("2", "3"), ("3", "4"), ("4", "5"), ("5", "6")]
    assert "amended" not in got and "removed" not in got
    moved = next(d for d in diffs if d.status == "renumbered")
    assert moved.summary == "มาตรา ๒ เดิม เปลี่ยนเป็นมาตรา ๓ ข้อความไม่เปลี่ยน"


def test_renumbered_and_amended_section_keeps_its_old_number() -> None:
    inserted = ("๒", "ผู้ก่อกากอุตสาหกรรมต้องขึ้นทะเบียนต่อกรมโรงงานอุตสาหกรรมภายในหกสิบวัน", [CH2])
    new = [BASE[0], inserted, ("๓", BASE[1][1], [CH2]), ("๔", BASE[2][1].replace("ห้าปี", "สิบปี"), [CH2]),
           ("๕", BASE[3][1], [CH2]), ("๖", BASE[4][1], [CH2])]
    diffs = compare_units(draft(BASE), draft(new))
    got = by_status(diffs)
    assert got["amended"] == [("3", "4")]
    amended = next(d for d in diffs if d.status == "amended")
    assert amended.summary == "มาตรา ๓ เดิม; ไม่น้อยกว่าห้าปี → ไม่น้อยกว่าสิบปี"


def test_moved_section_is_renumbered_not_removed_and_added() -> None:
    # มาตรา ๒ moves to the end: the sections after it move up one
    new = [BASE[0], ("๒", BASE[2][1], [CH2]), ("๓", BASE[3][1], [CH2]), ("๔", BASE[4][1], [CH2]),
           ("๕", BASE[1][1], [CH2])]
    got = by_status(compare_units(draft(BASE), draft(new)))
    assert sorted(got["renumbered"]) == [("2", "5"), ("3", "2"), ("4", "3"), ("5", "4")]
    assert set(got) == {"renumbered", "unchanged"}


def test_section_split_in_two() -> None:
    first = "ผู้ก่อกากอุตสาหกรรมต้องจัดทำรายงานประจำปีเกี่ยวกับชนิด ปริมาณ และการจัดการกากอุตสาหกรรมที่เกิดขึ้น"
    second = "รายงานตามวรรคหนึ่งให้ยื่นต่ออธิบดีภายในวันที่หนึ่งมีนาคมของทุกปีตามแบบที่อธิบดีประกาศกำหนด"
    old = [BASE[0], ("๒", f"{first}\n{second}", [CH2]), *BASE[2:]]
    new = [BASE[0], ("๒", first, [CH2]), ("๒/๑", second, [CH2]), *BASE[2:]]
    diffs = compare_units(draft(old), draft(new))
    got = by_status(diffs)
    assert got["amended"] == [("2", "2")] and got["added"] == [(None, "2/1")]
    added = next(d for d in diffs if d.status == "added")
    assert added.related == "มาตรา ๒"
    assert added.summary == "เพิ่มมาตรา ๒/๑ (แยกจากมาตรา ๒ เดิม)"
    amended = next(d for d in diffs if d.status == "amended")
    assert [c.op for c in amended.changes] == ["delete"]


def test_unrelated_text_under_the_same_number_is_removed_and_added() -> None:
    new = list(BASE)
    new[4] = ("๕", "ให้มีกองทุนจัดการกากอุตสาหกรรมเป็นนิติบุคคลในกรมโรงงานอุตสาหกรรมเพื่อเป็นทุนหมุนเวียน", [CH2])
    got = by_status(compare_units(draft(BASE), draft(new)))
    assert got["added"] == [(None, "5")] and got["removed"] == [("5", None)]


def test_headings_renamed_and_renumbered() -> None:
    new = [(n, body, ["หมวด ๑ บทนิยามและบททั่วไป"] if path == [CH1] else ["หมวด ๓ การเก็บกาก"])
           for n, body, path in BASE]
    diffs = compare_units(draft(BASE), draft(new))
    heads = {d.status: d for d in diffs if d.kind == "heading"}
    assert set(heads) == {"amended", "renumbered"}
    assert heads["amended"].summary == "ชื่อหมวด ๑: “บททั่วไป” → “บทนิยามและบททั่วไป”"
    assert heads["renumbered"].summary == "หมวด ๒ เดิม เปลี่ยนเป็นหมวด ๓ ข้อความไม่เปลี่ยน"
    assert {d.status for d in diffs if d.kind == "section"} == {"unchanged"}


def test_memorandum_compared_with_word_changes() -> None:
    memo = "บันทึกหลักการและเหตุผล\nหลักการ\nให้มีกฎหมายว่าด้วยการจัดการกากอุตสาหกรรม"
    diffs = compare_units(draft(BASE, memo), draft(BASE, memo + "และระบบติดตามกากอุตสาหกรรมแบบดิจิทัล"))
    m = next(d for d in diffs if d.kind == "memo")
    assert m.status == "amended" and [c.op for c in m.changes] == ["insert"]
    assert m.summary == "เพิ่ม “และระบบติดตามกากอุตสาหกรรมแบบดิจิทัล”"


def test_compare_key_ignores_what_extraction_changes() -> None:
    assert compare_key("มาตรา ๑๒  ภายใน\nสามสิบ วัน “ก”") == compare_key("มาตรา 12 ภายในสามสิบวัน \"ก\"")
    assert compare_key("ภายในสามสิบวัน") != compare_key("ภายในสิบห้าวัน")


def test_session_notes_are_not_compared_like_a_transcript() -> None:
    import pytest

    from ingest.diff import NotComparable, pick_versions
    from ingest.diff.units import blocks_from_chunks
    from ingest.store import RegistryState, VersionInfo

    for kind in ("transcript", "note"):
        a = VersionInfo("notes", "บันทึกการประชุม", kind, "ครั้งที่ ๑", f"{kind}1", "a.txt", "2025-03-01", seq=1)
        b = VersionInfo("notes", "บันทึกการประชุม", kind, "ครั้งที่ ๒", f"{kind}2", "b.txt", "2025-03-08", seq=2)
        state = RegistryState(versions={a.version_uid: a, b.version_uid: b}, latest={"notes": b.version_uid})
        with pytest.raises(NotComparable, match=kind):
            pick_versions(state, "notes")
        chunk = ("คุณสมชาย: มาตรา ๑๗ ควรตัดออก", {"kind": kind, "block": "section", "section": "17"})
        assert blocks_from_chunks([chunk]) == []
    draft_a = VersionInfo("act", "ร่าง", "draft", "๑", "d1", "a.pdf", "2025-03-01", seq=1)
    draft_b = VersionInfo("act", "ร่าง", "draft", "๒", "d2", "b.pdf", "2025-04-01", seq=2)
    state = RegistryState(versions={"d1": draft_a, "d2": draft_b}, latest={"act": "d2"})
    assert [v.version for v in pick_versions(state, "act")] == ["๑", "๒"]
