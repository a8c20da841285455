"""Penalties set apart from the duties they punish, read from a small statute ingested for real
(sections.jsonl through the eval ingest, the hash embedder): the clause that names a section is its
penalty, even when a printed line that starts with an item number splits the clause in two."""

from __future__ import annotations

import json
from pathlib import Path

from ingest.embed import HashEmbedder
from tests.conftest import make_settings

# written for this test: a duty with items, and a penalty clause whose second line starts "(๓) หรือ (๔)"
SECTIONS = [
    ("8", "เพื่อประโยชน์ในการควบคุมการประกอบกิจการ ให้รัฐมนตรีมีอำนาจออกกฎกระทรวงกำหนดให้ผู้ประกอบกิจการปฏิบัติ"
          "\n(๑) กำหนดลักษณะของอาคารที่ใช้เก็บสารเคมี\n(๒) กำหนดอุปกรณ์ป้องกันอัคคีภัย\n(๓) กำหนดการจัดเก็บบันทึก"
          "\n(๔) กำหนดการตรวจสุขภาพพนักงาน"),
    ("9", "ผู้ประกอบกิจการต้องแจ้งพนักงานเจ้าหน้าที่ภายในสิบห้าวันเมื่อเลิกประกอบกิจการ"),
    ("45", "ผู้ใดฝ่าฝืนหรือไม่ปฏิบัติตามกฎกระทรวงที่ออกตามมาตรา ๘ (๑) หรือ (๒)\n(๓) หรือ (๔) หรือประกาศที่ออกตาม"
           "กฎกระทรวงดังกล่าว ต้องระวางโทษปรับไม่เกินสองแสนบาท"),
    ("46", "ผู้ใดไม่แจ้งตามมาตรา ๙ ต้องระวางโทษปรับไม่เกินห้าพันบาท"),
]


def test_the_penalty_for_a_named_section_spans_a_clause_split_by_an_item_line(tmp_path: Path) -> None:
    from service.eval.retrieval import ingest_sections
    from service.qa.answer import Answerer
    from service.qa.index import IndexHolder
    from service.qa.penalties import penalty_clauses
    from service.qa.retrieve import Retriever
    from service.schemas import AskRequest

    path = tmp_path / "sections.jsonl"
    path.write_text("\n".join(json.dumps({"law_id": "law", "law_title": "พระราชบัญญัติทดลอง", "section": n,
                                          "text": t, "order": i}, ensure_ascii=False)
                              for i, (n, t) in enumerate(SECTIONS)), encoding="utf-8")
    settings = make_settings(tmp_path / "data", embed_backend="hash")
    ingest_sections(path, settings)
    embedder = HashEmbedder()
    holder = IndexHolder(settings, embedder)
    snap = holder.snapshot
    uid = next(g for g in snap.groups if g.endswith("|s|45")).split("|", 1)[0]
    clauses = penalty_clauses(snap, uid)
    group, first, last = clauses["8"][0]
    units = snap.passage(group).units
    assert group.endswith("|s|45") and last > first  # "…มาตรา ๘ (๑) หรือ (๒)", then the items, then "…ต้องระวางโทษ…"
    assert "มาตรา ๘" in units[first].text and "ระวางโทษ" not in units[first].text and "ระวางโทษ" in units[last].text
    assert [c[0][-2:] for c in clauses["9"]] == ["46"]

    answerer = Answerer(settings, holder, Retriever(settings, embedder))
    a = answerer.ask(AskRequest(question="ฝ่าฝืนมาตรา ๘ โทษเท่าไหร่", mode="extractive"))
    assert a.found and [c.section for c in a.citations][:2] == ["45", "8"]
    assert a.answer.startswith("ปรับไม่เกินสองแสนบาท [1]")
    quote = a.citations[0].quote
    assert "มาตรา ๘" in quote and "ต้องระวางโทษปรับไม่เกินสองแสนบาท" in quote
