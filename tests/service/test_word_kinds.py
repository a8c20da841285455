"""Word documents and kinds through the real API (hashing embedder): citations name the paragraph
and the kind, filters take every kind, uploads take .docx and a kind, and refuse what is unsafe."""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from ingest.pipeline import ingest_paths
from ingest.settings import Settings
from tests.conftest import make_settings
from tests.ingest.wordgen import new_document
from tests.service.conftest import admin_headers, serve

DRAFT = ["ร่าง", "พระราชบัญญัติ", "จัดการกากอุตสาหกรรม", "พ.ศ. ....",
         "มาตรา ๑ พระราชบัญญัตินี้เรียกว่า “พระราชบัญญัติจัดการกากอุตสาหกรรม พ.ศ. ....”",
         "มาตรา ๒ ผู้ก่อกากอุตสาหกรรมต้องเก็บเอกสารกำกับการขนส่งกากอุตสาหกรรมไว้สิบปี",
         "การเก็บเอกสารตามวรรคหนึ่งให้เป็นไปตามที่อธิบดีประกาศกำหนด"]
ACT = ["พระราชบัญญัติ", "โรงงาน", "พ.ศ. ๒๕๓๕",
       "มาตรา ๑ พระราชบัญญัตินี้เรียกว่า “พระราชบัญญัติโรงงาน พ.ศ. ๒๕๓๕”",
       "มาตรา ๘ ผู้ประกอบกิจการโรงงานต้องเก็บเอกสารกำกับการขนส่งกากอุตสาหกรรมไว้ห้าปี"]
QUESTION = "ต้องเก็บเอกสารกำกับการขนส่งกากอุตสาหกรรมไว้กี่ปี"


def docx_bytes(lines: list[str]) -> bytes:
    d = new_document()
    for line in lines:
        d.add_paragraph(line)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def word_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Settings]]:
    root = tmp_path_factory.mktemp("word")
    (root / "waste-draft.docx").write_bytes(docx_bytes(DRAFT))
    (root / "factory-act.docx").write_bytes(docx_bytes(ACT))
    settings = make_settings(root / "data", embed_backend="hash", refusal_min_probability=0.0)
    report = ingest_paths([root / "waste-draft.docx", root / "factory-act.docx"], settings)
    assert report.ok, [f.reason for f in report.failed]
    assert [(f.kind, f.sections, f.pages) for f in report.files] == [("draft", 2, 0), ("act", 2, 0)]
    with serve(settings) as url:
        yield url, settings


def test_citations_name_the_kind_and_the_paragraph(word_service: tuple[str, Settings]) -> None:
    url, _ = word_service
    with httpx.Client(base_url=url, timeout=60) as c:
        docs = {d["document"]: d["kind"] for d in c.get("/v1/documents").json()["documents"]}
        assert docs == {"waste-draft": "draft", "factory-act": "act"}
        hits = c.post("/v1/search", json={"query": QUESTION, "top_k": 10}).json()["results"]
        by = {(h["document"], h["section"]): h for h in hits}
        s2 = by[("waste-draft", "2")]
        assert s2["kind"] == "draft" and s2["label"] == "มาตรา ๒ · ย่อหน้า ๖–๗"
        assert (s2["paragraph_start"], s2["paragraph_end"], s2["page_start"], s2["page_end"]) == (6, 7, None, None)
        assert by[("factory-act", "8")]["kind"] == "act"
        section = c.get(f"/v1/documents/factory-act/sections/{quote('มาตรา ๘')}").json()
        assert (section["kind"], section["paragraph_start"], section["page_start"]) == ("act", 5, None)
        assert section["label"] == "มาตรา ๘ · ย่อหน้า ๕"


def test_filters_take_every_kind(word_service: tuple[str, Settings]) -> None:
    url, _ = word_service
    with httpx.Client(base_url=url, timeout=60) as c:
        for kind, docs in (("act", {"factory-act"}), ("draft", {"waste-draft"}), ("regulation", set()),
                           ("note", set()), ("transcript", set())):
            r = c.post("/v1/search", json={"query": QUESTION, "kind": kind})
            assert r.status_code == 200, r.text
            assert {h["document"] for h in r.json()["results"]} == docs, kind
        answer = c.post("/v1/ask", json={"question": QUESTION, "kind": "act"}).json()
        assert answer["citations"] and {x["kind"] for x in answer["citations"]} == {"act"}
        assert c.post("/v1/search", json={"query": QUESTION, "kind": "law"}).status_code == 422


def _wait(c: httpx.Client, job_id: str, headers: dict[str, str]) -> dict:
    for _ in range(600):
        job = c.get(f"/v1/jobs/{job_id}", headers=headers).json()
        if job["state"] in ("done", "failed"):
            return job
        time.sleep(0.1)
    raise AssertionError("job did not finish")


def _bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
        zf.writestr("word/media/image1.png", bytes(8 * 1024 * 1024))
    return out.getvalue()


def test_upload_a_word_file_with_a_kind_and_refuse_unsafe_ones(
    word_service: tuple[str, Settings], tmp_path: Path,
) -> None:
    url, settings = word_service
    admin = admin_headers(settings)
    rule = ["ระเบียบกรมโรงงานอุตสาหกรรม", "ว่าด้วยการเก็บเอกสารกำกับการขนส่ง",
            "ข้อ ๑ ให้ผู้ขนส่งเก็บเอกสารกำกับการขนส่งไว้สามปี", "ข้อ ๒ ให้ผู้ขนส่งแสดงเอกสารเมื่อได้รับการร้องขอ"]
    with httpx.Client(base_url=url, timeout=120) as c:
        # the form's kind wins over the guess (the title says ระเบียบ: regulation)
        r = c.post("/v1/ingest", headers=admin, data={"document": "transport-rule", "kind": "note"},
                   files=[("files", ("rule.docx", docx_bytes(rule), "application/octet-stream"))])
        assert r.status_code == 202, r.text
        job = _wait(c, r.json()["job_id"], admin)
        assert job["state"] == "done" and job["files"][0]["kind"] == "note", job
        docs = {d["document"]: d["kind"] for d in c.get("/v1/documents").json()["documents"]}
        assert docs["transport-rule"] == "note"
        refused = [("bomb.docx", _bomb(), {}, 415, "zip bomb"),
                   ("text.docx", "มาตรา ๑ ข้อความ".encode(), {}, 415, "not a zip package"),
                   ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), {}, 415, "save it as .docx"),
                   ("rule.docx", docx_bytes(rule), {"kind": "law"}, 422, "kind must be one of"),
                   ("rule.docx", docx_bytes(rule), {"kind": "transcript"}, 422, "read as a document"),
                   ("cues.vtt", b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nhi\n", {"kind": "act"}, 422,
                    "files are sessions")]
        for name, content, form, status, reason in refused:
            r = c.post("/v1/ingest", headers=admin, data=form, files=[("files", (name, content, "x/y"))])
            assert r.status_code == status and reason in r.json()["error"]["message"], (name, r.text)
        assert c.get("/v1/documents").json()["documents"].__len__() == 3


def test_an_answer_never_cites_a_draft_as_law() -> None:
    from service.qa.compose import source_phrase
    from service.schemas import Citation

    def cite(kind: str, title: str) -> Citation:
        return Citation(marker=1, chunk_id="c", document="d", title=title, version="1", latest=True, kind=kind,
                        source_file="f.docx", section="2", section_printed="๒", label="มาตรา ๒ · ย่อหน้า ๖",
                        quote="q", text="q", score=1.0, link="/v1/passages/c")

    assert source_phrase(cite("draft", "พระราชบัญญัติจัดการกาก"), "th", first=True) == \
        "ร่างพระราชบัญญัติจัดการกาก มาตรา ๒ กำหนดว่า"
    assert source_phrase(cite("draft", "พระราชบัญญัติจัดการกาก"), "en", first=True) == \
        "พระราชบัญญัติจัดการกาก (draft), section 2:"
    assert source_phrase(cite("draft", "ร่างพระราชบัญญัติจัดการกาก"), "th", first=True).startswith("ร่างพระราช")
    assert source_phrase(cite("act", "พระราชบัญญัติโรงงาน"), "th", first=True) == "พระราชบัญญัติโรงงาน มาตรา ๒ กำหนดว่า"


def test_a_schedule_item_is_cited_by_its_schedule_not_as_a_section() -> None:
    from service.qa.compose import source_phrase
    from service.schemas import Citation

    c = Citation(marker=1, chunk_id="c", document="rc", title="ประมวลรัษฎากร", version="1", latest=True, kind="act",
                 source_file="f.pdf", section="บัญชีอัตราอากรแสตมป์ 8", section_printed="บัญชีอัตราอากรแสตมป์ 8",
                 unit="มาตรา", label="บัญชีอัตราอากรแสตมป์ 8", quote="q", text="q", score=1.0, link="/v1/passages/c")
    assert source_phrase(c, "th", first=True) == "ประมวลรัษฎากร บัญชีอัตราอากรแสตมป์ 8 กำหนดว่า"
    assert source_phrase(c, "en", first=True) == "ประมวลรัษฎากร, บัญชีอัตราอากรแสตมป์ 8:"
