"""Long questions: split into their parts, each part searched, every part's sections found."""

from __future__ import annotations

import json
from pathlib import Path

from ingest.embed import HashEmbedder
from service.qa.long_questions import fuse_parts, split_question, telling_terms
from tests.conftest import make_settings

RULING = (
    "บริษัทประกอบกิจการผลิตและจำหน่ายเครื่องนุ่งห่ม ได้ว่าจ้างผู้รับจ้างชาวต่างประเทศให้ออกแบบลวดลายผ้า "
    "โดยผู้รับจ้างทำงานอยู่ในต่างประเทศทั้งหมด และบริษัทโอนค่าจ้างไปยังบัญชีเงินฝากในต่างประเทศ "
    "ทั้งนี้ ผู้รับจ้างไม่ได้มีสำนักงานหรือตัวแทนในประเทศไทย บริษัทขอหารือ ดังนี้\n"
    "1. กรณีบริษัทจ่ายค่าจ้างออกแบบดังกล่าว บริษัทมีหน้าที่หักภาษีเงินได้ ณ ที่จ่าย ตามมาตรา 70 "
    "แห่งประมวลรัษฎากร หรือไม่ และต้องนำส่งภายในกำหนดเวลาใด\n"
    "2. กรณีบริษัทนำค่าจ้างออกแบบมาถือเป็นรายจ่ายในการคำนวณกำไรสุทธิ บริษัทต้องมีหลักฐานการจ่ายอย่างไร "
    "และรายจ่ายดังกล่าวต้องห้ามตามมาตรา 65 ตรี (13) หรือไม่\n"
    "3. กรณีผู้รับจ้างเดินทางเข้ามาตรวจงานในประเทศไทยไม่เกินสิบวัน ค่าจ้างส่วนที่จ่ายสำหรับการตรวจงานนั้น "
    "ถือเป็นเงินได้จากหน้าที่งานที่ทำในประเทศไทยหรือไม่"
)


def test_a_ruling_request_splits_into_its_facts_and_its_questions() -> None:
    parts = split_question(RULING, max_parts=8, part_chars=300, min_chars=300)
    assert len(parts) == 4
    assert parts[0].startswith("บริษัทประกอบกิจการ") and parts[0].endswith("บริษัทขอหารือ ดังนี้")
    assert parts[1].startswith("1. กรณีบริษัทจ่ายค่าจ้าง") and "มาตรา 70" in parts[1]
    assert parts[2].startswith("2. กรณี") and "มาตรา 65 ตรี (13)" in parts[2]  # not split at "(13)"
    assert parts[3].startswith("3. กรณีผู้รับจ้างเดินทาง")
    # nothing is lost or reordered: the parts are the question's own words, in order
    assert " ".join(parts).split() == RULING.split()


def test_enumerated_facts_on_one_line_split_at_their_numbers_not_at_a_sections_items() -> None:
    facts = (
        "ข้อเท็จจริงมีดังนี้ 1. นายเอกเช่าที่ดินของนายโทเพื่อปลูกอ้อยมาแล้วห้าปีโดยทำสัญญาเช่าเป็นหนังสือ "
        "และจดทะเบียนการเช่าต่อพนักงานเจ้าหน้าที่ถูกต้องตามกฎหมาย 2. ต่อมานายโทขายที่ดินแปลงนั้นให้แก่นายตรี "
        "โดยไม่ได้แจ้งให้นายเอกทราบ และนายตรีฟ้องขับไล่นายเอกออกจากที่ดิน 3. นายเอกต่อสู้ว่าสัญญาเช่ายังมีผลผูกพัน"
        "ผู้รับโอนตามมาตรา 569 (1) และขอให้ศาลยกฟ้อง ข้อ 4. ของสัญญากำหนดค่าเช่าไว้ ถามว่าใครมีสิทธิในที่ดินนั้นดีกว่ากัน"
    )
    parts = split_question(facts, max_parts=8, part_chars=300, min_chars=300)
    starts = [p.split()[0] for p in parts]
    assert starts[:2] == ["ข้อเท็จจริงมีดังนี้", "2."]  # the bare lead-in joins the first fact
    assert parts[0].split()[1] == "1."
    assert any(p.startswith("3. นายเอกต่อสู้") for p in parts)
    assert all(not p.startswith("(1)") and not p.startswith("4.") for p in parts)  # "มาตรา 569 (1)", "ข้อ 4."
    assert " ".join(parts).split() == facts.split()


def test_a_short_question_is_asked_whole() -> None:
    assert split_question("ผู้ก่อกากต้องเก็บเอกสารกำกับการขนส่งไว้นานเท่าไร", min_chars=300) == []
    assert split_question(RULING, min_chars=0) == []  # off
    assert split_question(RULING, min_chars=len(RULING) + 1) == []


def test_a_long_unbroken_paragraph_is_packed_into_clauses_and_the_parts_are_capped() -> None:
    clause = "ผู้ประกอบการได้รับเงินอุดหนุนจากหน่วยงานของรัฐเพื่อชดเชยราคาสินค้า "
    text = (clause * 40).strip()
    parts = split_question(text, max_parts=8, part_chars=300, min_chars=300)
    assert len(parts) == 8  # about 2,700 characters: ten parts of 300 would be more than the cap
    assert " ".join(parts).split() == text.split()
    parts = split_question(text, max_parts=32, part_chars=300, min_chars=300)
    assert 8 < len(parts) <= 10 and all(len(p) <= 300 for p in parts)


def test_telling_terms_keep_the_rare_words_once() -> None:
    df = {"บริษัท": 900, "ภาษี": 700, "ค่าสิทธิ": 4, "#ค่าส": 30}
    terms = telling_terms(["บริษัท", "ภาษี", "ค่าสิทธิ", "บริษัท", "ค่าสิทธิ", "#ค่าส"],
                          lambda ts: {t: df[t] for t in ts}, 1000, 0.05)
    assert terms == ["ค่าสิทธิ", "#ค่าส"]
    assert telling_terms(["บริษัท", "บริษัท"], lambda ts: {t: df[t] for t in ts}, 1000, 0.05) == ["บริษัท"]
    assert telling_terms(["บริษัท", "ภาษี", "บริษัท"], lambda ts: {}, 1000, 1.0) == ["บริษัท", "ภาษี"]


def test_a_section_one_part_ranks_first_scores_like_the_whole_questions_first() -> None:
    fused = {"a": 1 / 21}
    fuse_parts(fused, [([("b", 0.9)], []), ([("a", 0.8)], [("c", 3.0)])],
               dense_weight=1.0, lexical_weight=0.6, fusion_k=20, part_weight=0.5)
    assert fused["b"] == fused["a"] - 1 / 21 == 0.5 / 21
    assert abs(fused["c"] - 0.5 * 0.6 / 21) < 1e-12


SECTIONS = [
    ("1", "ผู้ประกอบกิจการโรงงานต้องจัดให้มีระบบบำบัดน้ำเสียก่อนระบายออกนอกโรงงาน"),
    ("2", "ผู้ขนส่งกากอุตสาหกรรมต้องมีใบอนุญาตและติดตั้งระบบติดตามตำแหน่งยานพาหนะ"),
    ("3", "ผู้ใดฝ่าฝืนมาตรา ๒ ต้องระวางโทษจำคุกไม่เกินหนึ่งปี หรือปรับไม่เกินหนึ่งแสนบาท"),
    ("4", "คณะกรรมการมีอำนาจออกประกาศกำหนดอัตราค่าธรรมเนียมการตรวจสอบโรงงาน"),
    ("5", "พนักงานเจ้าหน้าที่มีอำนาจเข้าไปในสถานที่เก็บรักษาวัตถุอันตรายในเวลาทำการ"),
    ("6", "การโอนใบอนุญาตให้แก่บุคคลอื่นต้องได้รับความเห็นชอบจากอธิบดีเป็นหนังสือ"),
]


def test_each_part_of_a_long_question_brings_its_section(tmp_path: Path) -> None:
    """Dense search alone (the hash embedder reads the first 1,530 characters, like e5 its 512
    tokens): a question whose second issue lies past the cut finds its section only by its parts."""
    from service.eval.retrieval import ingest_sections
    from service.qa.index import IndexHolder
    from service.qa.retrieve import Retriever

    path = tmp_path / "sections.jsonl"
    path.write_text("\n".join(json.dumps({"law_id": "law", "law_title": "พระราชบัญญัติทดลอง", "section": n,
                                          "text": t, "order": i}, ensure_ascii=False)
                              for i, (n, t) in enumerate(SECTIONS)), encoding="utf-8")
    filler = "ข้าพเจ้าขอเล่าความเป็นมาโดยละเอียด " * 45  # background that matches no section
    question = (f"กรณีโรงงานระบายน้ำเสียออกนอกโรงงานโดยไม่มีระบบบำบัดน้ำเสีย ต้องทำอย่างไร\n{filler}\n"
                "กรณีผู้ขนส่งกากอุตสาหกรรมไม่มีใบอนุญาตและไม่ได้ติดตั้งระบบติดตามตำแหน่งยานพาหนะ ผิดหรือไม่")
    settings = make_settings(tmp_path / "data", embed_backend="hash")
    ingest_sections(path, settings)
    embedder = HashEmbedder()
    holder = IndexHolder(settings, embedder)
    snap = holder.snapshot

    def top(**overrides: object) -> tuple[list[str], bool]:
        retriever = Retriever(settings.model_copy(update=overrides), embedder)
        r = retriever.retrieve(snap, question, retriever.scope(snap, None, None, None, question), 3, lexical=False)
        return [h.meta["section"] for h in r.hits], r.embedded.truncated

    assert len(question) > 1600
    whole, cut = top(long_question_chars=0)
    assert cut and "2" not in whole  # the second issue was past what the model read
    parts, cut = top(long_question_chars=300, long_part_weight=0.5)
    assert not cut and {"1", "2"} <= set(parts)  # every part was read, each brought its section
