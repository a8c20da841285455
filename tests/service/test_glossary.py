"""The Thai–English term bank: matching on literal inputs, the file's checks, and English
questions through the real API finding Thai draft passages."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import httpx
import pytest

from ingest.embed import HashEmbedder
from ingest.lexical import LexicalIndex, tokenize
from ingest.settings import Settings
from service.qa.glossary import Glossary, GlossaryError, fold, language_of
from service.qa.retrieve import Retriever
from service.qa.version_refs import without_version_words
from tests.conftest import CORPUS

DRAFT = "waste-act-draft"
SMALL = Glossary([
    (["transport manifest", "manifest"], ("เอกสารกำกับการขนส่ง",)),
    (["licence", "license"], ("ใบอนุญาต",)),
    (["store", "storage"], ("เก็บ",)),
    (["industrial waste", "waste"], ("กากอุตสาหกรรม",)),
    (["hazardous industrial waste", "hazardous waste"], ("กากอุตสาหกรรมอันตราย",)),
    (["penalty"], ("โทษ",)),
    (["fine"], ("ปรับ",)),
])


@pytest.fixture(scope="module")
def bank() -> Glossary:
    return Glossary.load()


# --- matching ----------------------------------------------------------------------------------
def test_manifest_is_found_in_any_case() -> None:
    assert SMALL.expand("Who keeps the Transport MANIFEST?") == ["เอกสารกำกับการขนส่ง"]


def test_plurals_inflections_and_spellings_fold_together() -> None:
    assert SMALL.expand("Can licences be transferred?") == ["ใบอนุญาต"]
    assert SMALL.expand("licensed operators") == ["ใบอนุญาต"]
    assert SMALL.expand("waste stored or storing, stores") == ["กากอุตสาหกรรม", "เก็บ"]
    assert SMALL.expand("What penalties and fines apply?") == ["โทษ", "ปรับ"]
    assert fold("licences") == fold("licence") == fold("license") == fold("licensing")
    assert fold("stored") == fold("storing") == fold("store")
    assert fold("authorized") == fold("authorised")
    assert fold("kept") == fold("keep")


def test_longest_phrase_wins() -> None:
    assert SMALL.expand("hazardous industrial waste") == ["กากอุตสาหกรรมอันตราย"]
    assert SMALL.expand("industrial waste, then hazardous waste") == ["กากอุตสาหกรรม", "กากอุตสาหกรรมอันตราย"]


def test_thai_text_and_unknown_words_give_nothing() -> None:
    assert SMALL.expand("ผู้ก่อกากอุตสาหกรรมต้องเก็บเอกสารกำกับการขนส่งไว้กี่ปี") == []
    assert SMALL.expand("What is the weather like?") == []


def test_names_are_the_capitalised_words_the_bank_does_not_cover() -> None:
    assert SMALL.names("What did Khun Supattra say about EPR on Zoom?") == ["Khun", "Supattra", "EPR", "Zoom"]
    assert SMALL.names("Who keeps the Transport Manifest? Zoom. Does it") == []


def test_language_rule() -> None:
    assert language_of("How long is a licence valid?") == "en"
    assert language_of("ใบอนุญาตมีอายุกี่ปี") == "th"
    assert language_of("What does ผู้ก่อกากอุตสาหกรรม mean?") == "th"


# --- the file ------------------------------------------------------------------------------------
def test_the_bank_loads_and_covers_the_demo_terms(bank: Glossary) -> None:
    assert bank.entries >= 150
    assert bank.expand("manifest") == ["เอกสารกำกับการขนส่ง"]
    assert "ใบอนุญาต" in bank.expand("licences")
    assert "ปรับ" in bank.expand("fine") and "จำคุก" in bank.expand("imprisonment")
    assert "ผู้ก่อกากอุตสาหกรรม" in bank.expand("waste generators")
    assert "ผู้รับบำบัดและกำจัดกากอุตสาหกรรม" in bank.expand("treatment and disposal operator")
    thai = {t for terms in bank.phrases.values() for t in terms}
    for path in (CORPUS / "src").glob("draft-v*.txt"):
        defined = re.findall(r"“([^”]+)” หมายความว่า", path.read_text(encoding="utf-8"))
        assert defined and not [t for t in defined if t not in thai], path.name


@pytest.mark.parametrize(("text", "message"), [
    ("en: [fine]\nth: [ปรับ]\n", "expected a list"),
    ("- en: [fine]\n", "exactly the keys"),
    ("- en: [fine]\n  th: [fine]\n", "must be Thai"),
    ("- en: []\n  th: [ปรับ]\n", "non-empty lists"),
    ("- en: [fine]\n  th: [ปรับ]\n- en: [fines]\n  th: [ค่าปรับ]\n", "two entries"),
    ("- en: [fine\n", "glossary"),
])
def test_a_malformed_bank_fails_at_start(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "glossary.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GlossaryError, match=message):
        Glossary.load(path)


# --- the retriever's query -----------------------------------------------------------------------
def test_english_question_searches_thai_terms_not_english_words(bank: Glossary) -> None:
    retriever = Retriever(Settings(_env_file=None, embed_backend="hash"), HashEmbedder(), bank)  # type: ignore[call-arg]
    text, tokens = retriever.query_forms("How many years must a waste generator keep the transport manifest on Zoom?")
    assert "เอกสารกำกับการขนส่ง" in text and text.startswith("How many years")
    assert "ผู้" in tokens and "อุตสาหกรรม" in tokens and "zoom" in tokens
    assert not {"how", "years", "waste", "generator", "manifest", "transport"} & set(tokens)
    thai = "ผู้ก่อกากอุตสาหกรรมต้องเก็บเอกสารกำกับการขนส่งไว้กี่ปี"
    assert retriever.query_forms(thai)[0] == thai


def test_one_english_phrase_weighs_as_one_phrase_not_as_its_many_thai_tokens(bank: Glossary) -> None:
    retriever = Retriever(Settings(_env_file=None, embed_backend="hash"), HashEmbedder(), bank)  # type: ignore[call-arg]
    question = "What is the limitation period for a damages claim?"
    _, tokens = retriever.query_forms(question)
    weights = retriever.term_weights(question, tokens)
    assert weights is not None and len(weights) == len(tokens)
    by_phrase = {"limitation": ["อายุความ"], "claim": bank.expand_groups("claim")[0]}
    totals = {}
    for name, terms in by_phrase.items():
        at = next(i for i in range(len(tokens)) if tokens[i:i + len(tokenize(" ".join(terms)))] == tokenize(" ".join(terms)))
        totals[name] = sum(weights[at:at + len(tokenize(" ".join(terms)))])
    # the claim's Thai terms run to 38 tokens, the limitation period's to 7: they now weigh about alike
    assert len(tokenize(" ".join(by_phrase["claim"]))) > 30
    assert abs(totals["claim"] - 10.0) < 1e-6 and totals["limitation"] == len(tokenize("อายุความ")) == 7
    assert retriever.term_weights("ผู้ก่อกากต้องเก็บเอกสารกำกับการขนส่ง (manifest) ไว้กี่ปี", tokens) is None


def test_weighted_lexical_search_scales_each_token(tmp_path: Path) -> None:
    docs = [["อายุความ", "สาม", "ปี"], ["คำขอ", "เยียวยา", "คำขอ"], ["ปี", "เยียวยา"]]
    index = LexicalIndex.build(["a", "b", "c"], docs, 1)
    query = ["อายุความ", "คำขอ", "เยียวยา"]
    plain = index.search(query, 3)
    same = index.search(query, 3, weights=[1.0, 1.0, 1.0])
    assert [(h.index, round(h.score, 5)) for h in plain] == [(h.index, round(h.score, 5)) for h in same]
    assert plain[0].index == 1  # two of the three words
    light = index.search(query, 3, weights=[1.0, 0.1, 0.1])
    assert light[0].index == 0  # the one word that weighs now leads


def test_english_ordinal_names_a_version() -> None:
    versions = [SimpleNamespace(version="ฉบับรับฟังความคิดเห็น ครั้งที่ ๑", version_uid="u1", date="2025-03-03", seq=1),
                SimpleNamespace(version="ฉบับที่ ๒", version_uid="u2", date="2025-06-16", seq=2)]
    named = Retriever._versions_named
    assert named("In the first public-hearing draft, who had to make a plan?", versions) == versions[:1]
    assert named("What did the second version change?", versions) == versions[1:]
    assert named("What is the first duty of a generator?", versions) == []
    # two words between the ordinal and "draft", and the hearing draft named by its kind alone
    assert named("Under the first public hearing draft, how many expert members could the committee have?",
                 versions) == versions[:1]
    assert named("In the public consultation draft, how long could waste be stored?", versions) == versions[:1]
    # once the scope holds that version, the words that named it are not searched ("first" → แรก, เริ่มแรก)
    assert without_version_words("Under the first public hearing draft, how many expert members?") == \
        "Under the , how many expert members?"


# --- through the API on the demo index -------------------------------------------------------------
def test_english_question_cites_the_right_thai_section(client: httpx.Client) -> None:
    a = client.post("/v1/ask", json={"question": "How many years must a waste generator keep the transport manifest?"})
    assert a.status_code == 200, a.text
    body = a.json()
    assert body["found"] is True and body["language"] == "en"
    first = body["citations"][0]
    assert (first["document"], first["section"]) == (DRAFT, "26")


@pytest.mark.parametrize(("question", "section"), [
    ("How many years must a waste generator keep the transport manifest?", "26"),
    ("What is the fine for storing waste longer than allowed?", "66"),
    ("How long is a treatment and disposal licence valid?", "30"),
])
def test_english_words_of_a_session_do_not_pull_english_questions(
    client: httpx.Client, question: str, section: str
) -> None:
    """The March session has an English exchange; before the term bank, its English words put it
    first for almost every English question."""
    top = client.post("/v1/search", json={"query": question}).json()["results"][0]
    assert (top["document"], top["section"]) == (DRAFT, section)


def test_an_english_question_about_the_session_still_finds_it(client: httpx.Client) -> None:
    results = client.post("/v1/search", json={"query": "What did the speaker say about the Basel Convention?"}).json()
    assert results["results"][0]["kind"] == "transcript"


def test_an_appeal_ruling_is_final_in_the_drafts_words(client: httpx.Client, bank: Glossary) -> None:
    # before "final" and "ruling on" were in the bank: refused, the word the answer turns on had no Thai
    question = "Is the Minister's ruling on a licence appeal final, or can it be appealed further?"
    assert {"เป็นที่สุด", "คำวินิจฉัย", "อุทธรณ์"} <= set(bank.expand(question))
    body = client.post("/v1/ask", json={"question": question}).json()
    assert body["found"] and body["citations"][0]["section"] == "35"
    assert "เป็นที่สุด" in body["citations"][0]["quote"]


@pytest.mark.parametrize(("question", "section"), [
    ("What is the limitation period for a damages claim?", "60"),  # "claim" brings 38 Thai tokens, อายุความ 5
    ("Must officials show an ID card during inspections?", "63"),
    ("How much hazardous waste can a factory store at one time?", "14"),  # ขณะใดขณะหนึ่ง, not "store" alone
])
def test_a_short_telling_phrase_is_not_drowned_by_a_long_one(client: httpx.Client, question: str, section: str) -> None:
    body = client.post("/v1/ask", json={"question": question}).json()
    assert body["found"] and body["citations"][0]["section"] == section


def test_who_asked_about_a_loanword_finds_the_turn_that_says_it(client: httpx.Client) -> None:
    # "timeline" → ไทม์ไลน์, the word the speaker used; before, the host's opening turn answered
    a = client.post("/v1/ask", json={"question": "Who asked about the timeline in the March session?"}).json()
    assert a["found"] and a["answer"].startswith("ปริญญา แก้วมณี [1]")
    assert a["citations"][0]["start"] == "00:44:58"


def test_months_and_the_modal_may() -> None:
    bank = Glossary.load()
    assert {"มีนาคม", "มี.ค."} <= set(bank.expand("What did the March session decide?"))
    assert not {"พฤษภาคม", "พ.ค."} & set(bank.expand("May a generator store waste for 90 days?"))


@pytest.mark.parametrize(("question", "section"), [
    ("Within how many days must the director-general rule on a complete licence application?", "29"),  # พิจารณา
    ("What is the cap on initial compensation for medical costs?", "53"),  # วงเงิน, ค่ารักษาพยาบาล
    # a session retells มาตรา ๒๒/๑ by its number; for "may one …?" the section itself answers
    ("Can industrial waste be brought into Thailand from abroad?", "22/1"),
])
def test_everyday_english_for_the_draft_finds_its_section(client: httpx.Client, question: str, section: str) -> None:
    body = client.post("/v1/ask", json={"question": question}).json()
    assert body["found"] and body["citations"][0]["section"] == section


@pytest.mark.parametrize(("question", "turn", "speaker"), [
    ("How many comments did the public consultation receive in total?", 2, "สุภัตรา"),  # ทั้งหมด, รวม
    ("Why were civil society seats on the committee increased to two?", 30, "สุภัตรา"),  # ที่นั่ง, เพิ่ม, ภาคประชาชน
])
def test_english_questions_about_a_session_quote_the_turn(client: httpx.Client, question: str, turn: int,
                                                           speaker: str) -> None:
    body = client.post("/v1/ask", json={"question": question}).json()
    first = body["citations"][0]
    assert body["found"] and first["document"] == "mind-meetup-2568-04"
    assert first["turn"] == turn and first["speakers"][0] == speaker
