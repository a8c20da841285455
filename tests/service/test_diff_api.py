"""GET /v1/documents/{key}/diff over real HTTP on the demo index: JSON against corpus/src/CHANGES.md,
the HTML comparison table, the Word file, errors and keys."""

from __future__ import annotations

import io
import re
from pathlib import Path

import httpx
import pytest
from docx import Document

from ingest.settings import Settings
from ingest.thai import normalize_section_number
from service.ops.auth import KeyStore
from service.ops.db import Database
from tests.conftest import CORPUS, make_settings
from tests.service.conftest import serve

DRAFT = "waste-act-draft"
V1, V2 = "ฉบับรับฟังความคิดเห็น ครั้งที่ ๑", "ฉบับที่ ๒"
URL = f"/v1/documents/{DRAFT}/diff"


def gold_changes() -> dict[str, str]:
    """มาตรา → amended | added | removed, from the table "Every change, v1 → v2" of CHANGES.md."""
    text = (CORPUS / "src" / "CHANGES.md").read_text(encoding="utf-8")
    table = text.split("## Every change", 1)[1].split("\n## ", 1)[0]
    out = {}
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 2 and re.fullmatch(r"[๐-๙]+(?:/[๐-๙]+)?", cells[0]):
            out[normalize_section_number(cells[0])] = re.search(r"amended|added|removed", cells[1]).group(0)
    return out


def _error(r: httpx.Response, status: int, code: str) -> None:
    assert r.status_code == status, r.text
    assert r.json()["error"]["code"] == code and r.json()["error"]["message"]


def test_json_reports_every_change_of_changes_md_and_nothing_else(client: httpx.Client) -> None:
    r = client.get(URL)  # default: the version before the latest → the latest
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    d = r.json()
    assert d["document"] == DRAFT and d["from"] == {"version": V1, "date": "2025-03-03"}
    assert d["to"] == {"version": V2, "date": "2025-06-16"}
    sections = [s for s in d["sections"] if s["kind"] == "section"]
    changed = {(s["section"] or s["old_section"]): s["status"] for s in sections if s["status"] != "unchanged"}
    gold = gold_changes()
    assert len(gold) == 14 and changed == gold
    assert d["counts"] == {"amended": 10, "added": 2, "removed": 2, "renumbered": 0, "unchanged": 73}
    by_number = {s["section"] or s["old_section"]: s for s in sections}
    assert by_number["26"]["summary"] == "ไม่น้อยกว่าห้าปี → ไม่น้อยกว่าสิบปี"
    assert by_number["66"]["figures"] == [{"old": "ไม่เกินสองแสนบาท", "new": "ไม่เกินห้าแสนบาท"}]
    assert by_number["17"]["new_text"] is None and by_number["17"]["old_text"].startswith("มาตรา ๑๗")
    assert by_number["15/1"]["old_section"] is None and by_number["15/1"]["pages_new"][0] >= 1
    for s in sections:
        for c in s["changes"]:
            assert s["old_text"][c["old_start"]:c["old_end"]] == c["old"]
            assert s["new_text"][c["new_start"]:c["new_end"]] == c["new"]
    memo = next(s for s in d["sections"] if s["kind"] == "memo")
    assert memo["status"] == "amended" and memo["summary"]
    assert any("ระบบติดตามกากอุตสาหกรรมแบบดิจิทัล" in c["new"] for c in memo["changes"] if c["op"] == "insert")
    assert {s["status"] for s in d["sections"] if s["kind"] == "heading"} == {"unchanged"}


def test_a_version_against_itself_has_no_changes(client: httpx.Client) -> None:
    d = client.get(URL, params={"from": V2, "to": V2, "unchanged": "false"}).json()
    assert d["sections"] == [] and d["counts"]["unchanged"] == 85


def test_html_comparison_table(client: httpx.Client) -> None:
    r = client.get(URL, params={"format": "html"})
    assert r.status_code == 200 and r.headers["content-type"] == "text/html; charset=utf-8"
    html = r.text
    assert "<title>ตารางเปรียบเทียบ ร่างพระราชบัญญัติจัดการกากอุตสาหกรรม พ.ศ. ....</title>" in html
    assert f"{V1} (๓ มีนาคม ๒๕๖๘)" in html and f"{V2} (๑๖ มิถุนายน ๒๕๖๘)" in html
    assert "<del>ห้า</del>" in html and "<ins>สิบ</ins>" in html
    assert html.count("<tr class=") == 16  # 14 sections, the preamble's notice line and the memorandum


def test_word_comparison_table(client: httpx.Client) -> None:
    r = client.get(URL, params={"format": "docx"})
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert r.headers["content-disposition"].startswith('attachment; filename="waste-act-draft-diff.docx"')
    doc = Document(io.BytesIO(r.content))
    assert doc.paragraphs[0].text == "ตารางเปรียบเทียบ ร่างพระราชบัญญัติจัดการกากอุตสาหกรรม พ.ศ. ...."
    rows = doc.tables[0].rows
    assert len(rows) == 17 and rows[0].cells[1].text == f"ฉบับใหม่\n{V2} (๑๖ มิถุนายน ๒๕๖๘)"
    row = next(r for r in rows if r.cells[1].text.startswith("มาตรา ๒๖"))
    assert row.cells[2].text == "แก้ไข\nไม่น้อยกว่าห้าปี → ไม่น้อยกว่าสิบปี"
    assert [run.text for p in row.cells[1].paragraphs for run in p.runs if run.font.underline] == ["สิบ"]
    removed = next(r for r in rows if r.cells[0].text.startswith("มาตรา ๑๗"))
    assert removed.cells[1].text == "—" and removed.cells[2].text == "ตัดออก\nตัดมาตรา ๑๗ ออก"


def test_errors_in_the_json_shape(client: httpx.Client) -> None:
    _error(client.get("/v1/documents/no-such-act/diff"), 404, "not_found")
    _error(client.get(URL, params={"from": "ฉบับที่ ๙"}), 400, "unknown_version")
    _error(client.get(URL, params={"to": "ฉบับที่ ๙", "format": "docx"}), 400, "unknown_version")
    _error(client.get("/v1/documents/mind-meetup-2568-03/diff"), 400, "not_comparable")
    _error(client.get(URL, params={"format": "pdf"}), 422, "invalid_request")


@pytest.fixture
def closed_url(demo_index: Settings, tmp_path: Path):
    settings = make_settings(demo_index.data_dir, open_reads=False, db_path=tmp_path / "rang.sqlite3")
    with serve(settings) as url:
        yield url, settings


def test_reading_a_diff_needs_a_reader_key(closed_url) -> None:
    url, settings = closed_url
    keys = KeyStore(Database(settings.db_file))
    reader = keys.create("reader", name="reader")[1]
    widget = keys.create("widget", name="widget", origins=["https://intranet.example"])[1]
    with httpx.Client(base_url=url, timeout=60) as c:
        _error(c.get(URL), 401, "unauthorized")
        assert c.get(URL, headers={"Authorization": f"Bearer {widget}"}).status_code == 403  # asks only
        assert c.get(URL, headers={"Authorization": f"Bearer {reader}"}).status_code == 200
