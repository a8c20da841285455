"""The evaluation tool on a tiny corpus in eval-dev's format (written here, not copied)."""

from __future__ import annotations

import json
from pathlib import Path

from service.eval.answers import score, summarise
from service.eval.retrieval import evaluate, ingest_sections, matches, metrics, threshold_sweep
from service.schemas import Answer, Citation
from tests.conftest import make_settings

SECTIONS = [
    {"law_id": "L1", "law_title": "พระราชบัญญัติทดสอบ พ.ศ. 2568", "section": "1", "order": 0,
     "text": "พระราชบัญญัตินี้เรียกว่า พระราชบัญญัติทดสอบ", "headings_before": []},
    {"law_id": "L1", "law_title": "พระราชบัญญัติทดสอบ พ.ศ. 2568", "section": "2", "order": 1,
     "text": "ผู้ขนส่งต้องเก็บรักษาเอกสารกำกับการขนส่งไว้ห้าปี", "headings_before": ["หมวด 1 การขนส่ง"]},
    {"law_id": "L1", "law_title": "พระราชบัญญัติทดสอบ พ.ศ. 2568", "section": "2/1", "order": 2,
     "text": "ผู้ใดฝ่าฝืนต้องระวางโทษปรับไม่เกินหนึ่งแสนบาท", "headings_before": []},
]
QUESTIONS = [
    {"id": "a", "source": "t", "question": "เก็บเอกสารกำกับการขนส่งกี่ปี", "gold": [{"law_id": "L1", "section": "2"}]},
    {"id": "b", "source": "t", "question": "มาตรา 2/1 ว่าอย่างไร", "gold": [{"law_id": "L1", "section": "2/1"}]},
    {"id": "c", "source": "t", "question": "อัตราภาษีมูลค่าเพิ่ม", "gold": [], "answerable": False},
]


def test_sections_corpus_and_metrics(tmp_path: Path) -> None:
    path = tmp_path / "sections.jsonl"
    path.write_text("\n".join(json.dumps(s, ensure_ascii=False) for s in SECTIONS), encoding="utf-8")
    settings = make_settings(tmp_path / "data", embed_backend="hash", refusal_min_probability=0.5)
    ingest_sections(path, settings)
    res = evaluate(QUESTIONS, settings, ["hybrid", "lexical"])
    records = res["hybrid"]["all"].pop("_records")
    m = res["hybrid"]["t"]
    assert m["hit@1"] == 1.0 and m["mrr@10"] == 1.0 and m["answerable"] == 2 and m["unanswerable"] == 1
    assert len(records) == 3 and all("conf" in r for r in records)


def test_gold_matching_and_metrics() -> None:
    meta = {"doc_key": "d", "block": "section", "section": "22/1", "version": "v2", "kind": "draft"}
    assert matches({"document": "d", "section": "๒๒/๑"}, meta)
    assert not matches({"document": "d", "version": "v1", "section": "22/1"}, meta)
    turn = {"doc_key": "m", "kind": "transcript", "start_s": 60.0, "end_s": 120.0, "turn_start": 3, "turn_end": 6}
    assert matches({"document": "m", "time": "00:01:30"}, turn) and not matches({"document": "m", "time": "00:05:00"}, turn)
    assert matches({"document": "m", "turn": 4}, turn)
    recs = [{"gold": 2, "ranks": [0, 12], "found": True, "conf": 0.9},
            {"gold": 1, "ranks": [None], "found": True, "conf": 0.8},
            {"gold": 0, "ranks": [], "found": False, "conf": 0.7}]
    m = metrics(recs)
    assert (m["hit@1"], m["hit@10"], m["multi-hr@10"], m["refusal_recall"]) == (0.5, 0.5, 0.0, 1.0)
    assert threshold_sweep(recs, steps=3)[-1][2] == 1.0


def _cite(**kw: object) -> Citation:
    base = {"marker": 1, "chunk_id": "c", "document": "d", "title": "t", "version": "v2", "latest": True,
            "kind": "draft", "source_file": "f", "label": "l", "quote": "q", "text": "q", "score": 1.0, "link": "/x"}
    return Citation(**{**base, **kw})


def test_answer_level_scoring() -> None:
    q = {"id": "a", "question": "?", "lang": "th", "kind": "draft", "answer_span": "ไม่น้อยกว่า สิบปี",
         "gold": [{"document": "d", "section": "26"}]}
    good = Answer(answer_id="x", question="?", language="th", found=True, mode="extractive",
                  answer="ไม่น้อยกว่าสิบปี [1]", citations=[_cite(section="26"), _cite(marker=2, section="9")])
    r = score(q, good)
    assert (r["span_hit"], r["first_hit"], r["precision"], r["recall"]) == (True, True, 0.5, 1.0)
    refused = good.model_copy(update={"found": False, "answer": "ไม่ครอบคลุม", "citations": []})
    assert score(q, refused)["span_hit"] is False and score(q, refused)["first_hit"] is False
    s = {"id": "s", "question": "?", "kind": "transcript", "speaker": "สุภัตรา", "answer_span": "ตามกาก",
         "gold": [{"document": "m", "time": "00:13:57"}]}
    said = _cite(document="m", kind="transcript", speakers=["สุภัตรา"], start_s=837.6)
    other = _cite(document="m", kind="transcript", speakers=["วรรณา"], start_s=775.0)
    ans = good.model_copy(update={"answer": "แอป ตามกาก [1]", "citations": [said]})
    assert score(s, ans)["speaker_ok"] and score(s, ans)["first_hit"]
    wrong = score(s, ans.model_copy(update={"citations": [other]}))
    assert not wrong["speaker_ok"] and not wrong["first_hit"]
    full = _cite(document="m", kind="transcript", speakers=["สุภัตรา วงศ์ไพศาล"], start_s=837.6)
    assert score(s, ans.model_copy(update={"citations": [full]}))["speaker_ok"]  # the note's given name alone
    namesake = _cite(document="m", kind="transcript", speakers=["สุภัตรา ทองดี"], start_s=837.6)
    assert not score({**s, "speaker": "สุภัตรา วงศ์ไพศาล"}, ans.model_copy(update={"citations": [namesake]}))[
        "speaker_ok"]
    asked = {**q, "question": "ผู้ก่อกากต้องเก็บเอกสารกำกับการขนส่งไว้กี่ปี"}  # asks for a duration
    assert score(asked, good)["lead_hit"] is True and "lead_hit" not in r  # "?" asks for no fact
    quoted = good.model_copy(update={"answer": "มาตรา ๒๖ กำหนดว่า “…ไม่น้อยกว่าสิบปี…” [1]"})
    assert score(asked, quoted)["lead_hit"] is False  # the fact is there, but not first
    english = good.model_copy(update={"answer": "At least 10 years (ไม่น้อยกว่าสิบปี) [1]\n…"})
    assert score(asked, english)["lead_hit"] is True
    assert score(asked, refused)["lead_hit"] is False
    oos = score({"id": "o", "question": "?", "gold": [], "answerable": False}, refused)
    m = summarise([r, oos, score(s, ans)])
    assert m["all"]["refused"] == 1.0 and m["draft"]["span_hit"] == 1.0 and m["session"]["speaker"] == 1.0
