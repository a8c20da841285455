"""A ข้อ-numbered regulation through the real API: its citations and section lookup say ข้อ, not มาตรา."""

from __future__ import annotations

from urllib.parse import quote

import httpx
import pytest

from ingest.pipeline import ingest_paths
from ingest.settings import Settings
from service.qa.citations import label_for
from tests.conftest import make_settings
from tests.pdfgen import FONT, thai_pdf
from tests.service.conftest import serve

REGULATION = (
    "กฎกระทรวง\nกำหนดหลักเกณฑ์การเก็บรักษากากอุตสาหกรรม\nพ.ศ. ๒๕๖๘\n"
    "อาศัยอำนาจตามความในมาตรา ๕ แห่งพระราชบัญญัติโรงงาน พ.ศ. ๒๕๓๕ ออกกฎกระทรวงไว้ ดังต่อไปนี้\n"
    "ข้อ ๑ ในกฎกระทรวงนี้ “ภาชนะ” หมายความว่า ถังที่ใช้เก็บกากอุตสาหกรรม\n"
    "ข้อ ๒ ผู้ก่อกากอุตสาหกรรมต้องเก็บรักษากากไว้ในภาชนะที่ปิดสนิท\n"
    "ข้อ ๓ สถานที่เก็บรักษาต้องมีลักษณะ ดังต่อไปนี้\n(๑) มีหลังคาคลุมและพื้นกันซึม\n(๒) มีป้ายแสดงชนิดของกาก"
)


@pytest.fixture(scope="module")
def regulation_url(tmp_path_factory: pytest.TempPathFactory):
    if not FONT.is_file():
        pytest.skip(f"Thai font not installed: {FONT}")
    root = tmp_path_factory.mktemp("clauses")
    settings: Settings = make_settings(root / "data", embed_backend="hash", ocr=False)
    pdf = thai_pdf(root / "storage-rule.pdf", [REGULATION])
    report = ingest_paths([pdf], settings)
    assert report.ok, [f.reason for f in report.failed]
    with serve(settings) as url:
        yield url


def test_section_lookup_by_khor_returns_the_khor(regulation_url: str) -> None:
    with httpx.Client(base_url=regulation_url, timeout=60) as c:
        for asked in ("3", "๓", quote("ข้อ 3"), quote("ข้อ ๓ (๒)")):
            r = c.get(f"/v1/documents/storage-rule/sections/{asked}")
            assert r.status_code == 200, (asked, r.text)
            body = r.json()
            assert body["unit"] == "ข้อ" and body["section_printed"] == "๓"
            assert body["label"] == "ข้อ ๓ · หน้า ๑"
            assert body["text"].startswith("ข้อ ๓ สถานที่เก็บรักษา") and "(๒) มีป้ายแสดงชนิดของกาก" in body["text"]
        wrong = c.get(f"/v1/documents/storage-rule/sections/{quote('มาตรา 3')}")
        assert wrong.status_code == 404 and "ข้อ" in wrong.json()["error"]["message"]


def test_citations_of_a_regulation_name_the_khor(regulation_url: str) -> None:
    with httpx.Client(base_url=regulation_url, timeout=60) as c:
        r = c.post("/v1/search", json={"query": "สถานที่เก็บรักษาต้องมีหลังคาคลุม", "top_k": 8})
        assert r.status_code == 200, r.text
        cited = [x for x in r.json()["results"] if x.get("section")]
    assert cited and all(x["unit"] == "ข้อ" and x["label"].startswith("ข้อ ") for x in cited)
    assert not any("มาตรา" in x["label"] for x in cited)


def test_an_index_built_before_the_unit_field_still_says_mattra() -> None:
    meta = {"kind": "draft", "block": "section", "section": "12", "section_printed": "๑๒", "title": "ร่าง"}
    assert label_for(meta, []) == "มาตรา ๑๒"
    assert label_for({**meta, "unit": "ข้อ"}, []) == "ข้อ ๑๒"
    assert label_for({"kind": "draft", "block": "closing", "title": "ประกาศ"}, []) == "ส่วนท้าย"

