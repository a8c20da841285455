"""Thai speakers named in Latin letters by an English question (service.qa.romanized)."""

from __future__ import annotations

import httpx
import pytest

from service.qa.romanized import names_in, skeleton, thai_skeleton


@pytest.mark.parametrize(("thai", "spellings"), [
    ("ชยพล", ["Chayapol", "Chaiyaphon"]),
    ("สุภัตรา", ["Supattra", "Suphattra", "Supatra"]),
    ("ปริญญา", ["Parinya", "Prinya"]),
    ("ธนากร", ["Thanakorn", "Thanakon"]),
])
def test_a_thai_name_and_its_latin_spellings_share_a_skeleton(thai: str, spellings: list[str]) -> None:
    assert all(skeleton(s) == thai_skeleton(thai) for s in spellings)


def test_words_of_an_english_question_are_not_read_as_names_of_the_speakers() -> None:
    speakers = {thai_skeleton(n) for n in ("ชยพล", "สุภัตรา", "ปริญญา", "ธนากร")}
    question = "What did the Committee decide about the Penalty for Transport of Hazardous Waste in March?"
    assert not names_in(question) & speakers
    assert names_in("What did Chayapol ask about licence fees?") & speakers == {thai_skeleton("ชยพล")}


@pytest.mark.parametrize(("question", "speaker"), [
    ("What did Chayapol ask?", "ชยพล"),
    ("What did Parinya ask about the fund?", "ปริญญา แก้วมณี"),
])
def test_an_english_question_naming_a_thai_speaker_quotes_their_turn(client: httpx.Client, question: str,
                                                                    speaker: str) -> None:
    r = client.post("/v1/ask", json={"question": question})
    assert r.status_code == 200, r.text
    a = r.json()
    assert a["found"] is True and a["citations"][0]["speakers"] == [speaker], a["citations"][0]
