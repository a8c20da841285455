"""Who does the act a "who" question asks about: the person or office the answering unit names just
before that act. "ใครเป็นคนพิจารณาคำขอเยียวยาเบื้องต้น" is answered by the subject of "พิจารณาคำขอ…" in
"ให้ปลัดกระทรวงอุตสาหกรรมพิจารณาคำขอรับการเยียวยา…", not by the nearest office ("…ให้เสนอคณะกรรมการ
พิจารณาตามมาตรา ๘"); "ใครเป็นประธาน" by the member the list names before "เป็นประธานกรรมการ"; "ร่างฉบับที่ ๒
เพิ่มใครเข้ามาเป็นกรรมการ" by the name right after "เพิ่ม". An English question that asks to whom something goes
("to whom") is left to the nearest office."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ingest.facts import NAMES, Fact, find_facts
from ingest.lexical import tokenize
from ingest.thai import to_arabic
from service.qa.glossary import language_of
from service.qa.question import WHO, WHO_CUE, Ask
from service.qa.words import question_words

if TYPE_CHECKING:
    from service.qa.extractive import Choice

# the act comes before the cue and the answer after it: "ต้องยื่นต่อใคร", "แจ้งให้ใครทราบ", "to whom"
_OBJECT = re.compile(r"(?:ต่อ|กับ|แก่|ให้|จาก|ถึง|\bto|\bwith|\bfrom|\bby)\s*$", re.I)
_EN_DONE_TO = re.compile(r"\s*(?:must|should|does|do|did|will|can|may|shall|is|are)\s+(?:a|an|the|its|their|his|her|"
                         r"i|we|you|they|he|she|it)\b", re.I)
_MARKERS = ("ต่อ", "กับ", "แก่", "ให้", "จาก", "ถึง", "ต้อง", "จะ", "ได้")
# what stands between a subject and its act: "ผู้ก่อกากอุตสาหกรรม|เป็นผู้มีหน้าที่|เริ่มจัดทำ…"
_GLUE = re.compile(r"(?:\s|เป็นผู้มีหน้าที่|เป็นผู้มีอำนาจ|เป็นผู้|มีหน้าที่|มีอำนาจ|มีสิทธิ|ให้ความ|ต้อง|จะ|อาจ|เป็น|ย่อม|แต่ผู้เดียว)+$")
# where a subject's phrase begins: after the last of these before it
_BOUNDARY = re.compile(r"ให้|ที่|ซึ่ง|\s|\)|ว่า|:")
_LEAD_IN = re.compile(r"^\s*(?:(?:เป็น|คือ)?(?:คน|ผู้)(?:ที่)?|ที่|จะ|ต้อง|เป็น|คือ)+")
WINDOW = 60  # characters after the act in which the question's other words are counted
LONGEST = 70  # a longer phrase is not a name
REACH = 12  # characters between an act and the name it is done to ("แจ้ง|ต่อ|พนักงานเจ้าหน้าที่")
LEADING = 6  # characters before the name that may be dropped from the phrase ("แล้ว", "และ")


@dataclass(frozen=True)
class Act:
    """The act a "who" question asks about: its words in order, and whether the answer is its object
    ("ร่างฉบับที่ ๒ เพิ่มใคร…", "ต้องแจ้งใคร": the name after the act) or its doer (the name before it)."""

    words: tuple[str, ...]
    done_to: bool = False


def act_of(question: str, ask: Ask, glossary=None) -> Act | None:
    """"พิจารณา", "คำขอ", … for "ใครเป็นคนพิจารณาคำขอ…"; "เพิ่ม" (done to) for "ร่างฉบับที่ ๒ เพิ่มใครเข้ามา";
    an English question's act through the term bank ("chairs" → ประธาน); None for other questions."""
    if ask.type != WHO or ask.cue < 0:
        return None
    m = WHO_CUE.search(question, ask.cue)
    if m is None:
        return None
    before = question[:m.start()]
    if language_of(question) == "en":
        if _OBJECT.search(before) or glossary is None:
            return None
        rest = question[m.end():]
        # "Who must a transporter notify": someone else does it; the answer is the one it is done to
        done_to = m.group(0).lower() == "whom" or _EN_DONE_TO.match(rest) is not None
        words = glossary.expand(rest)
        return Act(tuple(to_arabic(t.lower()) for t in words), done_to=done_to) if words else None
    if m.group(0) == "ใคร" and re.search(r"[\u0e01-\u0e5b]$", before):  # "เพิ่มใคร", "แจ้งต่อใคร"
        verb = [w for w in question_words_in_order(_OBJECT.sub("", before)) if w not in _MARKERS][-1:]
        return Act(tuple(verb), done_to=True) if verb else None
    words: list[str] = []
    for w in question_words_in_order(_LEAD_IN.sub("", question[m.end():])):
        if w not in words:
            words.append(w)
    return Act(tuple(words)) if words else None


def question_words_in_order(text: str) -> list[str]:
    tokens = tokenize(text, subwords=False)
    keep = set(question_words(tokens))
    return [t for t in tokens if t in keep]


def actor(quote: str, act: Act | None) -> Fact | None:
    """The doer of the act in `quote`: the phrase before the act's first word (at the place where
    most of the act's other words follow), back to the clause's start, when it names a person or an
    office; for an act done to someone, the first name after the act. None otherwise."""
    if act is None or not act.words:
        return None
    terms = act.words
    folded = to_arabic(quote.lower())
    first = next((t for t in terms if t in folded), None)
    if first is None:
        return None
    names = find_facts(quote, NAMES)
    if act.done_to:  # the first of the act's words (not a person it names) with a name right after it
        for term in (t for t in terms if t in folded and not t.startswith("ผู้")):
            for m in re.finditer(re.escape(term), folded):
                after = m.end()
                named = next((f for f in names if after <= f.start <= after + REACH), None)
                if named is not None:
                    return Fact(named.start, named.end, named.text, "office")
        return None
    places = [m.start() for m in re.finditer(re.escape(first), folded)]
    for at in sorted(places, key=lambda p: (-sum(t in folded[p:p + WINDOW] for t in terms), p)):
        # the act named as its doer ("who takes over" → "ให้ผู้รับโอนรับไป…"), unless it is the predicate
        # of a subject before it ("ให้ทายาท…เป็นผู้ยื่นคำขอแทน")
        doer = next((f for f in names if f.kind == "party" and f.start <= at < f.end), None)
        if doer is not None and not _GLUE.search(quote[:doer.start]):
            return Fact(doer.start, doer.end, doer.text, "office")
        if (found := _subject(quote, at, names)) is not None:
            return found
    return None


def _subject(quote: str, at: int, names: list[Fact]) -> Fact | None:
    """The phrase that ends before `at` (less the words that join a subject to its act) and starts at
    the clause's start, when a name begins it (a word or two before the name may be dropped)."""
    head = quote[:at]
    if glue := _GLUE.search(head):
        head = head[:glue.start()]
    inside = [(f.start, f.end) for f in names]
    # not inside a name, nor the "ซึ่ง"/"ที่" of "ผู้ซึ่ง…", "ผู้ที่…" (a person the clause goes on to describe)
    starts = [m.end() for m in _BOUNDARY.finditer(head)
              if not any(a < m.start() < b for a, b in inside) and not head[:m.start()].endswith("ผู้")]
    start = starts[-1] if starts else 0
    within = [f for f in names if start <= f.start < len(head)]
    if not within or within[0].start - start > LEADING or len(head) - within[0].start > LONGEST:
        return None
    first = within[0]
    if len(within) == 1:  # one name and the words of its act ("อธิบดีวินิจฉัย", "นายจ้างต้องร่วมกัน"): the name
        end = min(first.end, len(head))
        return Fact(first.start, end, head[first.start:end], "office")
    return Fact(first.start, len(head), head[first.start:], "office")


def opens_with_act(main: Choice, act: Act | None) -> bool:
    """A session turn that starts with the act a "who" question asks about ("เปิดการประชุม ๑๓.๓๐ น. …"):
    Thai leaves out the subject who is speaking, so the speaker is the doer."""
    if act is None or act.done_to or not act.words or not main.unit.speaker:
        return False
    return to_arabic(main.unit.text.lower()).lstrip().startswith(act.words[0])
