"""The comparison table as JSON data, HTML and Word, from small literal drafts."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_COLOR_INDEX

from ingest.diff import VersionRef, diff_to_dict, diff_versions
from ingest.diff.export import segments, thai_date
from ingest.diff.html_table import render_html
from ingest.diff.units import blocks_from_sections, units_of
from ingest.diff.word_file import render_docx
from ingest.models import Section

HOSTILE = "ให้ใช้แบบ <script>alert('x')</script> & “แบบ ก”"


def _units(rows: list[tuple[str, str, str]]) -> list:
    return units_of(blocks_from_sections(
        [Section("section", n, p, ["หมวด ๑ บททั่วไป"], 1, 1, f"มาตรา {p}  {body}", order=i)
         for i, (n, p, body) in enumerate(rows)]))


OLD = [("1", "๑", "เอกสารต้องเก็บไว้ไม่น้อยกว่าห้าปี"), ("2", "๒", HOSTILE), ("3", "๓", "ให้รัฐมนตรีรักษาการ")]
NEW = [("1", "๑", "เอกสารต้องเก็บไว้ไม่น้อยกว่าสิบปี"), ("2", "๒", HOSTILE + " เพิ่มเติม <b>"),
       ("3", "๓", "ให้รัฐมนตรีรักษาการ")]


def _diff():
    return diff_versions("act", "ร่างพระราชบัญญัติ <ทดสอบ>", VersionRef("ฉบับที่ ๑", "2025-03-03"),
                         VersionRef("ฉบับที่ ๒", "2025-06-16"), _units(OLD), _units(NEW))


def test_segments_cover_the_text_and_mark_the_changed_words() -> None:
    u = next(u for u in _diff().units if u.kind == "section" and u.number == "1")
    old, new = segments(u, "old"), segments(u, "new")
    assert "".join(t for t, _ in old) == u.old.text and "".join(t for t, _ in new) == u.new.text
    assert [t for t, changed in old if changed] == ["ห้า"] and [t for t, changed in new if changed] == ["สิบ"]


def test_json_data_keeps_thai_and_offsets() -> None:
    data = diff_to_dict(_diff())
    assert data["from"] == {"version": "ฉบับที่ ๑", "date": "2025-03-03"}
    assert data["counts"] == {"amended": 2, "added": 0, "removed": 0, "renumbered": 0, "unchanged": 1}
    s1 = next(s for s in data["sections"] if s["section"] == "1")
    assert s1["summary"] == "ไม่น้อยกว่าห้าปี → ไม่น้อยกว่าสิบปี"
    for c in s1["changes"]:
        assert s1["old_text"][c["old_start"]:c["old_end"]] == c["old"]
        assert s1["new_text"][c["new_start"]:c["new_end"]] == c["new"]
    assert len(diff_to_dict(_diff(), unchanged=False)["sections"]) == 2


def test_html_table_escapes_every_text() -> None:
    html = render_html(_diff())
    assert "<script>" not in html and "<b>" not in html and "&lt;script&gt;" in html
    assert "ร่างพระราชบัญญัติ &lt;ทดสอบ&gt;" in html
    assert "ฉบับที่ ๑ (๓ มีนาคม ๒๕๖๘)" in html and "ฉบับที่ ๒ (๑๖ มิถุนายน ๒๕๖๘)" in html
    assert "<del>ห้า</del>" in html and "<ins>สิบ</ins>" in html
    assert html.count("<tr class=") == 2  # the changed sections only; unchanged ones on request
    assert render_html(_diff(), unchanged=True).count("<tr class=") == 4  # with the heading and มาตรา ๓


def test_word_table_rows_and_marks() -> None:
    doc = Document(io.BytesIO(render_docx(_diff())))
    table = doc.tables[0]
    assert len(table.rows) == 3
    head = [c.text for c in table.rows[0].cells]
    assert head[0].startswith("ฉบับเดิม\nฉบับที่ ๑ (๓ มีนาคม ๒๕๖๘)") and head[2] == "สิ่งที่เปลี่ยนแปลง"
    old, new, what = table.rows[1].cells
    assert old.text.startswith("มาตรา ๑") and "ห้าปี" in old.text and "สิบปี" in new.text
    assert what.text == "แก้ไข\nไม่น้อยกว่าห้าปี → ไม่น้อยกว่าสิบปี"
    struck = [r.text for p in old.paragraphs for r in p.runs if r.font.strike]
    added = [r for p in new.paragraphs for r in p.runs if r.font.underline]
    assert struck == ["ห้า"] and [r.text for r in added] == ["สิบ"]
    assert added[0].font.highlight_color == WD_COLOR_INDEX.BRIGHT_GREEN
    assert HOSTILE in table.rows[2].cells[0].text  # Word holds the text as text: nothing to escape


def test_thai_date() -> None:
    assert thai_date("2025-06-16") == "๑๖ มิถุนายน ๒๕๖๘"
    assert thai_date("") == "" and thai_date("พ.ศ. ....") == "พ.ศ. ...."
