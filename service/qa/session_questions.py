"""Questions about sessions: whether a question asks what was said, which session its month names, and
which speaker it names.

- `about_session`: what was said in a session ("ในวง…", "ทีมตอบว่า…", "who asked…"); then session
  passages are not down-weighted against the draft.
- `sessions_of_month`: "ตอนเวทีมีนา" searches the sessions held that month; the words that named it
  (`session_naming_words`) have then done their work and are not searched for.
- `speakers_named`: a person who speaks in an indexed session ("สุภัตราพูดถึงมาตรา 14 ว่าอะไร"); their
  windows rank first and their own turns are quoted.
"""

from __future__ import annotations

import re

from ingest.facts import MONTH_FORMS, months_named
from ingest.kinds import SESSION_KINDS
from ingest.lexical import tokenize
from ingest.thai import to_arabic
from service.qa.glossary import language_of
from service.qa.index import Snapshot
from service.qa.question import asks_speaker, speaker_cue
from service.qa.romanized import names_in, skeleton, thai_skeleton

# a question about what was said in a session (then transcripts are not down-weighted)
_MEETING = re.compile(
    r"ประชุม|meet ?up|เสวนา|วิทยากร|ผู้บรรยาย|ที่คุย|คุยกัน|ในวง|ถาม-ตอบ|ทีม|session|meeting|speaker|said|presenter|"
    r"panell?ist|moderator|พูดว่า|กล่าวว่า|"
    r"เล่าว่า|บอกว่า|"
    r"(?<!ทรง)คุณ(?!สมบัติ|ภาพ|วุฒิ|ค่า|ประโยชน์|ธรรม|ลักษณะ|งาม|ความดี)\S",
    re.IGNORECASE,
)
_COMMITTEE = re.compile(r"คณะกรรมการ|กรรมการ|บอร์ด|องค์ประชุม|เบี้ยประชุม|ผู้ถือหุ้น|\bboard\b|\bcommittee\b|\bquorum\b",
                        re.IGNORECASE)
_BOARD_MEETING = frozenset(["ประชุม", "meeting"])  # words that name a committee's meeting as well as a session


def about_session(question: str) -> bool:
    """The question asks what was said in a session (then session passages are not down-weighted).
    A committee's meeting ("ประชุมบอร์ดแล้วคะแนนเสียงเท่ากัน", "องค์ประชุม", "เบี้ยประชุม") is a
    rule of the law, not a session."""
    if asks_speaker(question):  # "ใครถามเรื่อง…": who said it
        return True
    committee = _COMMITTEE.search(question) is not None
    return any(not (committee and m.group(0).lower() in _BOARD_MEETING) for m in _MEETING.finditer(question))


_GATHERING = re.compile(r"เวที|ประชุม|meet ?up|session|meeting|เสวนา", re.I)


def names_gathering(question: str) -> bool:
    """The question names a session by its month ("ตอนเวทีมีนา", "the April meetup")."""
    return _GATHERING.search(question) is not None and bool(months_named(question))


def framing_words(question: str, tokens: list[str], speakers: list[str]) -> set[str]:
    """A question's words that only frame it, left out of its search: its month and "เวที" chose the
    session (scope); "ใครพูด", "ใครเป็นคนตอบ" ask for a speaker, whom a turn never names in its own
    words; and a named speaker is found by whose turns they are, not by the words of a name."""
    framing = set(tokenize(speaker_cue(question)))
    if speakers:
        framing |= set(tokenize(" ".join(speakers))) | {"คุณ"}
        skeletons = {thai_skeleton(s) for s in speakers}  # "chayapol" for ชยพล
        framing |= {t for t in tokens if t.isascii() and t.isalpha() and skeleton(t) in skeletons}
    if names_gathering(question):
        framing |= set(session_naming_words(tokens))
    return framing


def session_naming_words(tokens: list[str]) -> list[str]:
    """A question's words that only name which session it means ("เวที", "มีนา", "meetup", "march"): once
    they have chosen the session they would rank its opening, which names its month, above the turn asked."""
    return [t for t in tokens if _GATHERING.fullmatch(t) or any(p.match(t) for p in MONTH_FORMS.values())]


def sessions_of_month(state, question: str, docs: list[str]) -> list[str]:
    """A question about a gathering that names its month ("ตอนเวทีมีนา", "the April meetup") searches the
    sessions held that month, and every document that is not a session; the others when none was."""
    if not _GATHERING.search(question):
        return docs
    months = months_named(question)
    if not months:
        return docs

    def month_of(doc: str) -> int | None:
        date = state.versions[state.latest[doc]].date or ""
        return int(date[5:7]) if re.match(r"\d{4}-\d{2}", date) else None

    sessions = [d for d in docs if state.versions[state.latest[d]].kind in SESSION_KINDS]
    held = [d for d in sessions if month_of(d) in months]
    if not held:
        return docs
    return [d for d in docs if d not in sessions or d in held]


def session_speakers(snap: Snapshot) -> dict[str, str]:
    """How a question may name a person who speaks in an indexed session → that person's name as the
    session gives it: the full name and its given name ("สุภัตรา วงศ์ไพศาล", "สุภัตรา"), in lower case."""

    def build() -> dict[str, str]:
        out: dict[str, str] = {}
        for key, rows in snap.groups.items():
            if not rows[0].transcript:
                continue
            for unit in snap.passage(key).units:
                name = (unit.speaker or "").strip()
                if len(name) < 3:
                    continue
                given = name.split()[0]
                out.setdefault(f"คุณ{given}".lower(), name)
                if len(given) >= 3 and not _common_word(given):
                    out.setdefault(given.lower(), name)
                if " " in name:
                    out.setdefault(name.lower(), name)
        return out

    return snap.derived(("speakers",), build)  # type: ignore[no-any-return]


def _common_word(name: str) -> bool:
    """A given name that is also a Thai word ("ปริญญา", a degree) names its speaker only with "คุณ" or the
    family name; PyThaiNLP's word list (in the wheel) says which."""
    from pythainlp.corpus import thai_words

    return name in thai_words()


def speakers_named(snap: Snapshot, question: str) -> list[str]:
    """The session speakers a question names ("สุภัตราพูดถึงมาตรา 14 ว่าอะไร", "what did Kanokwan ask",
    "what did Chayapol ask" for ชยพล),
    by the given name the sessions use for them (a note's "สุภัตรา" and a caption's "สุภัตรา วงศ์ไพศาล"
    are one person)."""
    q = question.lower()
    found: dict[str, None] = {}
    latin = names_in(question) if language_of(question) == "en" else set()
    for form, name in session_speakers(snap).items():
        given = name.split()[0]
        if latin and not given.isascii() and thai_skeleton(given) in latin:
            found[given] = None  # "Chayapol" for ชยพล (service.qa.romanized); "Parinya" is no Thai word
            continue
        at = q.find(form)
        if at < 0 or (form.isascii() and not re.fullmatch(rf"(?:.*\W)?{re.escape(form)}(?:\W.*)?", q, re.S)):
            continue
        found[given] = None
    return list(found)


def speaks_in(snap: Snapshot, group: str, speakers: list[str]) -> bool:
    """A session window holds a turn by one of these speakers (given names)."""
    rows = snap.groups.get(group)
    return bool(rows and rows[0].transcript) and any(
        u.spoken_by(speakers) for u in snap.passage(group).units)


# what a question about a named speaker may hold besides the name and still ask only what they said
_SPEECH_WORDS = frozenset([
    "พูด", "พูดถึง", "ถาม", "ตอบ", "เล่า", "บอก", "กล่าว", "กังวล", "ห่วง", "เป็นห่วง", "เสนอ", "ค้าน", "แย้ง", "ท้วง",
    "อธิบาย", "สรุป", "ชี้แจง", "เรื่อง", "ประเด็น", "ความเห็น", "เห็น", "คิด", "ว่า", "ไว้", "ได้", "ใน", "ที่", "ประชุม",
    "เวที", "ask", "asked", "say", "said", "talk", "talked", "raise", "raised", "mention", "mentioned", "about",
])


def said_none_of_it(words: list[str], speakers: list[str], turn: str) -> bool:
    """A question about what a named speaker said of something ("สุภัตราพูดถึงภาษีคาร์บอนไหม") whose
    answering turn by them holds none of its words beyond the name and the words for speaking."""
    content = [w for w in words if not _of_speaking(w, speakers)]
    folded = to_arabic(turn.lower())
    return bool(speakers and content) and not any(w in folded for w in content)


def said_most_of_it(weights: dict[str, float], speakers: list[str], turn: str, share: float) -> bool:
    """A question about what a named speaker said of something ("ธนากรกังวลเรื่องอะไรของโรงงานเล็ก") whose
    answering turn by them holds at least `share` of its words (by weight) beyond the name and the words
    for speaking: their turn answers it, as it answers a question of nothing but their name."""
    content = {w: v for w, v in weights.items() if not _of_speaking(w, speakers)}
    total = sum(content.values())
    folded = to_arabic(turn.lower())
    return bool(speakers) and total > 0 and sum(v for w, v in content.items() if w in folded) / total >= share


def _of_speaking(w: str, speakers: list[str]) -> bool:
    return w.lower() in _SPEECH_WORDS or only_what_they_said([w], speakers)


def only_what_they_said(words: list[str], speakers: list[str]) -> bool:
    """A question that names a speaker and asks nothing else than what they said ("คุณธนากรกังวลเรื่อง
    อะไร", "Kanokwan ถามเรื่องอะไร"): their own turn answers it, as a named section answers "มาตรา ๒๖
    ว่าอย่างไร"."""
    names = {w.lower() for s in speakers for w in tokenize(s, subwords=False)} | {s.lower() for s in speakers}
    skeletons = {thai_skeleton(s) for s in speakers if not s.isascii()}  # "chayapol" for ชยพล

    def theirs(w: str) -> bool:
        return w in names or (w.isascii() and w.isalpha() and skeleton(w) in skeletons)

    return bool(speakers) and all(w.lower() in _SPEECH_WORDS or theirs(w.lower()) for w in words)
