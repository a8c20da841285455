"""What a question asks for, and where a passage states it.

A question is read for the kind of fact it wants (a duration, an amount, a count, a
person or office, a deadline, a penalty, a definition, a yes/no duty or permission).
A unit of a passage is read for facts of that kind: Thai number words (สิบ,
หนึ่งร้อยแปดสิบ, ห้าแสน), Thai and Arabic digits, with their units (วัน, ปี, บาท, ตัน)
and the words that bound them (ไม่เกิน, ไม่น้อยกว่า, ภายใน), read by ingest.facts. Pure functions over text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.facts import (  # noqa: F401  (re-exported: the service reads facts through this module)
    FACT_PATTERNS,
    NUMBER,
    NUMBER_WORDS,
    Fact,
    find_facts,
    thai_number,
)
from ingest.thai import to_arabic
from service.qa.glossary import language_of
from service.qa.lists import named_items

# --- what a question asks ---------------------------------------------------------------------
PENALTY_KINDS = ("jail", "fine")  # the facts that answer a penalty question: a term or a fine
DURATION, DEADLINE, AMOUNT, COUNT, PERCENT, PENALTY, WHO, WHERE, DEFINITION, YESNO, REASON, OTHER = (
    "duration", "deadline", "amount", "count", "percent", "penalty", "who", "where", "definition", "yesno",
    "reason", "other")
CLOCK = "clock"  # a time of day: "เข้าตรวจได้ช่วงเวลาไหน", "during what hours"
SPEAKER = "speaker"  # who said something in a session: answered by the turn, led by its speaker's name

# who asked, said, told or answered something: a speech act no law performs, so only a session's turn
# answers, and its speaker is the answer ("ใครถามเรื่องไทม์ไลน์ปิดรับฟังความเห็น"). Not "มีใครท้วงไหม"
# (whether anyone did), nor a duty ("ใครเป็นคนประกาศ", "ใครต้องแจ้ง", "ใครเสนอชื่อกรรมการ").
# "ใครจากกองบริหารการคลังถาม…", "who from the finance division asked …": the person's unit or place between
_WHO = r"(?:ใคร(?P<of_th>(?:จาก|ใน)[^\s?]{1,30}?\s?)?(?:เป็น(?:คน|ผู้))?(?:ที่)?)"
_WHO_EN = r"\b(?:who(?P<of_en> (?:from|in|at) [\w.'’ -]{1,40}?)?|which (?:participant|attendee|speaker|official|person))"
_SPEAKER = re.compile(
    rf"(?<!มี){_WHO}(?:ถาม|พูด|เล่า|ตอบ|อธิบาย|ชี้แจง|บอก|กล่าว|ยกตัวอย่าง|ให้ความเห็น)"
    rf"|{_WHO_EN} (?:asked|said|mentioned|raised|explained|answered|replied|told|talked|spoke|brought up|pointed out)\b",
    re.IGNORECASE)
# of those, the ones that ask who put the question, not who answered it
_ASKER = re.compile(rf"{_WHO}ถาม|{_WHO_EN} (?:asked|raised|brought up)\b", re.IGNORECASE)


def speaker_cue(question: str) -> str:
    """The words that ask who said something ("ใครเป็นคนตอบ", "who explained"), or ""."""
    m = _SPEAKER.search(question)
    if not m:
        return ""
    cue = m.group(0)
    for name in ("of_th", "of_en"):  # whom they are ("จากกองบริหารการคลัง") is searched with the rest
        if m.group(name):
            cue = cue.replace(m.group(name), " ", 1)
    return cue


def asks_speaker(question: str) -> bool:
    """Who said something in a session: "ใครถามเรื่องกฎกระทรวง", "who explained the fund's reserve"."""
    return _SPEAKER.search(question) is not None

# "ไอเดียนี้มาจากไหน" asks why; "กองทุนมีเงินมาจากไหนบ้าง" asks for the sources a section lists
_WHY = re.compile(r"ทำไม|เพราะอะไร|เหตุผล|เหตุใด|(?<!เงิน)มาจาก(?:ไหน|อะไร)(?!บ้าง)|\bwhy\b|the reason", re.I)


def asks_why(question: str) -> bool:
    """A "why" question: the draft states rules; the reasons are given in sessions and the memorandum."""
    return _WHY.search(question) is not None


_STATUS = re.compile(r"หรือยัง|แล้วบ้าง|ทดลอง|นำร่อง|\byet\b|\bpilot", re.I)


# "เรื่อง…อยู่มาตราไหน", "Which section requires GPS": the section's number is the answer
_WHICH_SECTION = re.compile(r"(?:มาตรา|ข้อ)(?:ไหน|ใด|อะไร|ที่เท่าไ)|(?:which|what) (?:section|article|clause)\b", re.I)


def asks_section(question: str) -> bool:
    return _WHICH_SECTION.search(question) is not None


def asks_status(question: str) -> bool:
    """Has something happened yet, where is it tried ("มีแบบกรมธรรม์รองรับหรือยัง", "มีที่ไหนทดลอง…
    แล้วบ้าง"): a law states rules, not their progress; sessions tell what is being done."""
    return _STATUS.search(question) is not None


WHO_CUE = re.compile(r"ใคร|หน่วยงานไหน|หน่วยงานใด|กระทรวงไหน|กระทรวงใด|กรมไหน|ผู้ใดเป็น|ต่อผู้ใด|ผู้มีอำนาจ|"
                     r"\bwho\b|\bwhom\b|which (?:agency|office|authority|body|ministry|department|official)", re.I)
_AGENCY = re.compile(r"หน่วยงาน|กระทรวง|กรม|which", re.I)
# question cue → the kinds of fact that answer it (checked in this order; the first match wins)
_CUES: list[tuple[str, re.Pattern[str], tuple[str, ...]]] = [
    (REASON, _WHY, ("reason",)),
    (PENALTY, re.compile(r"โทษ|ปรับเท่า|ปรับสูงสุด|ปรับกี่|โดนปรับ|ถูกปรับ|ค่าปรับ|จำคุก|ติดคุก|เข้าคุก|ระวางโทษ|"
                         r"penalt|fine[sd]?\b|jail|prison|imprison|punish|sanction", re.I), PENALTY_KINDS),
    (PERCENT, re.compile(r"กี่เปอร์เซ็นต์|ร้อยละเท่า|ร้อยละกี่|กี่%|percent|percentage|\bwhat share", re.I),
     ("percent",)),
    (CLOCK, re.compile(r"กี่โมง|(?:ช่วง)?เวลา(?:ไหน|ใด|อะไร)|ช่วงไหนของวัน|\bwhat (?:time|hours)\b|\bwhich hours\b|"
                       r"\bat what time\b", re.I), ("clock",)),
    (DEADLINE, re.compile(r"ภายในกี่|ภายในเมื่อ|ภายในวันที่(?:เท่าไ(?:หร่|ร)|อะไร)?|ภายในวันไหน|ก่อนกี่|ล่วงหน้ากี่|ล่วงหน้าเท่า|เมื่อไ(?:หร่|ร)|"
                          r"วันไหน|เดือนไหน|ปีไหน|ตอนไหน|เมื่อใด|(?:วันที่|วัน|เดือน|ปี)(?:อะไร|ใด)|วันที่เท่าไ(?:หร่|ร)|"
                          r"กำหนดส่ง|deadline|^\s*when\b|\bwhen (?:does|do|is|are|will|must|should|can|did|was|were)\b|by when|within how|"
                          r"(?:what|which) (?:year|date|month|day)",
                          re.I), ("time", "date")),
    (DURATION, re.compile(r"กี่(?:ปี|วัน|เดือน|ชั่วโมง|นาที|สัปดาห์)|นานเท่า|นานแค่ไหน|นานสุด|นานที่สุด|นานไหม|"
                          r"ระยะเวลา|บ่อยแค่ไหน|how long|how many (?:years|days|months|hours|weeks)|how often|"
                          r"period|duration|กี่ครั้งต่อ|ปีละกี่|เดือนละกี่", re.I), ("time", "frequency")),
    (AMOUNT, re.compile(r"กี่บาท|เท่าไ(?:หร่|ร)|เท่าใด|วงเงิน|ขั้นต่ำ(?!.*อะไร)|สูงสุดเท่า|how much|amount|\bfee\b|\bcost",
                        re.I), ("money", "count", "percent", "time", "share")),
    (COUNT, re.compile(r"กี่(?:คน|ราย|ครั้ง|แห่ง|ฉบับ|จุด|โรง|รุ่น|ส่วน|คัน|วาระ|สมัย|ความเห็น|มาตรา|หมวด|ตัน|"
                       r"ประเภท|ชนิด|เท่า|ข้อ|เรื่อง|ประเด็น)|จำนวนเท่า|how many|number of", re.I), ("count", "share")),
    (WHO, WHO_CUE, ("office", "party")),  # "หน่วยงานไหน" asks for an office alone (classify)
    (WHERE, re.compile(r"ที่ไหน|จังหวัดไหน|ที่ใด|\bwhere\b", re.I), ()),
    (DEFINITION, re.compile(r"คืออะไร|หมายถึง(?:อะไร)?|หมายความว่า|นิยาม|แปลว่า|what is an?\b|what are\b|"
                            r"what does .+ mean|\bdefin|meaning of", re.I), ("definition",)),
    (YESNO, re.compile(r"ได้ไหม|ได้หรือไม่|ได้หรือเปล่า|หรือเปล่า|ใช่ไหม|ใช่หรือไม่|หรือไม่|ไหม(?:ครับ|คะ|ค่ะ)?\s*$|"
                       r"ด้วยไหม|ต้อง.*ไหม|^(?:can|may|must|is|are|does|do|should|shall|will)\b", re.I),
     ("modal",)),
]


# a rate asked: per day, per month, per vehicle…; not "กี่วัน" (a count of days)
_RATE_UNITS = "วัน|เดือน|ปี|คัน|ครั้ง|คน|ราย|ตัน"
_RATE_TH = re.compile(rf"(?:ราย|ต่อ)({_RATE_UNITS})(?!ละ)|(?<!กี่)({_RATE_UNITS})ละ(?!เอียด)")
_RATE_EN = re.compile(r"\bper (day|month|year|vehicle|truck|time|person|claim|case|tonne|ton)\b|\b(daily|monthly|yearly|annual)\b",
                      re.I)
_RATE_EN_UNITS = {"day": "วัน", "daily": "วัน", "month": "เดือน", "monthly": "เดือน", "year": "ปี", "yearly": "ปี",
                  "annual": "ปี", "vehicle": "คัน", "truck": "คัน", "time": "ครั้ง", "person": "คน", "claim": "ราย",
                  "case": "ราย", "tonne": "ตัน", "ton": "ตัน"}
RATE_REACH = 15  # characters before a fact its rate word may stand ("ปรับอีกวันละ…")
RATE_AFTER = 12  # …and after it ("…ตันต่อปี", "ร้อยละ ๑.๕ ต่อเดือน")


# a deadline asked as a point on the calendar: a month, a year, a date of the month
_CALENDAR = re.compile(r"เดือน(?:ไหน|อะไร|ใด)|ปี(?:ไหน|อะไร|ใด)|วันที่(?:เท่าไ|อะไร|ใด)|(?:what|which) (?:year|date|month)",
                       re.I)


@dataclass(frozen=True)
class Ask:
    """What a question wants: its type and the kinds of fact that answer it."""

    type: str
    facts: tuple[str, ...]
    cue: int = -1  # where the first cue starts in the question ("กี่ปี" in "…มีอายุกี่ปี")
    unit: str = ""  # the unit the answer is counted in, when the question says ("ปี" in "กี่ปี")
    items: tuple[str, ...] = ()  # the items the question names ("ข้อ (๔)" → "4")
    implied_unit: bool = False  # the unit is read from the question's money words, not asked ("กี่บาท")
    penal: bool = False  # the question speaks of a penalty anywhere ("ปรับวันละเท่าไหร่" asks an amount)
    bound: str = ""  # "upper" for "ภายในกี่วัน" (a deadline, a most), "lower" for "ล่วงหน้ากี่วัน" (a least)
    asker: bool = False  # a speaker question about who asked: the asking turn answers, not its reply
    per: str = ""  # the rate asked: "วัน" for "ปรับรายวันเท่าไหร่", "คัน" for "ต่อคันเท่าไหร่"
    apart: tuple[str, ...] = ()  # kinds another clause asks, which the unit asked does not bind
    given: tuple[int, ...] = ()  # figures the question states itself ("ครบ 180 วันแล้ว"): not what it asks for

    def gives(self, fact: Fact) -> bool:
        """Every figure of the fact is one the question already states."""
        values = figures(fact.text)
        return bool(values) and values <= set(self.given)

    def at_rate(self, quote: str, fact: Fact) -> bool:
        """The fact is given per the unit the question asks a rate of ("ปรับอีกวันละหนึ่งหมื่นบาท" for
        "โดนปรับรายวันอีกเท่าไหร่"); the rate word stands in the fact, just before it, or right after it
        ("หนึ่งพันตันต่อปี")."""
        near = quote[max(0, fact.start - RATE_REACH):fact.end + RATE_AFTER]
        return bool(self.per) and re.search(rf"{self.per}ละ|(?:ต่อ|ราย){self.per}", near) is not None

    def fits(self, fact: Fact) -> bool:
        """A fact in the asked unit (any fact fits when the question names none); a penalty
        question is answered by a term of imprisonment or a fine, not by the duty's own figures.
        A sum the question only implies ("ค่าบริหารใช้ได้ไม่เกินเท่าไหร่") may be capped as a share."""
        if self.type == PENALTY and fact.kind not in PENALTY_KINDS:
            return False
        if self.implied_unit and fact.kind == "percent":
            return True
        if fact.kind == "share":  # "กี่คนถึงจะครบองค์ประชุม" is answered "ไม่น้อยกว่ากึ่งหนึ่งของจำนวนกรรมการทั้งหมด"
            return True
        return not self.unit or self.unit in fact.text or fact.kind in self.apart

    def agrees(self, fact: Fact) -> bool:
        """The fact bounds its figure the way the question asks: "ไม่น้อยกว่าเก้าสิบวัน" (at least, before
        a licence expires) does not answer "อธิบดีต้องตอบภายในกี่วัน" as "ภายในเก้าสิบวัน" does."""
        said = _fact_bound(fact.text)
        return not self.bound or not said or said == self.bound

    def facts_in(self, text: str) -> list[Fact]:
        """The facts of the asked kinds a text states; a fine is not a fee: unless the question speaks
        of a penalty, the figures of a penalty clause ("ปรับไม่เกินห้าแสนบาท") do not answer it."""
        facts = find_facts(text, self.facts)
        if self.penal or self.type == PENALTY or not facts:
            return facts
        penalties = find_facts(text, PENALTY_KINDS)
        return [f for f in facts if not any(p.start <= f.start and f.end <= p.end for p in penalties)]

    @property
    def wants_fact(self) -> bool:
        return self.type not in (OTHER, WHERE, YESNO, DEFINITION, REASON) and bool(self.facts)


def classify(question: str) -> Ask:
    """The first matching cue names the type; the facts of every matching cue count
    ("ต้องแจ้งใครภายในกี่ชั่วโมง" wants an office and a time)."""
    q = question.strip()
    names: list[str] = []
    facts: list[str] = []
    cue = -1
    spans: list[tuple[int, int, tuple[str, ...]]] = []  # each cue's place and the kinds it asks
    taken: list[tuple[int, int]] = []  # words inside a cue answer for it alone: "วันที่เท่าไหร่" is a date, not an amount
    for name, pattern, kinds in _CUES:
        m = next((m for m in pattern.finditer(q) if not any(a <= m.start() and m.end() <= b for a, b in taken)), None)
        if m is None:
            continue
        taken.append(m.span())
        names.append(name)
        if name == DEADLINE and _CALENDAR.search(m.group(0)):  # "เดือนไหน" is not answered by "ห้าปี"
            kinds = ("date",)
        if name == WHO and _AGENCY.search(m.group(0)):  # an agency, not a person the law names
            kinds = ("office",)
        spans.append((m.start(), m.end(), kinds))
        facts.extend(k for k in kinds if k not in facts)
        cue = m.start() if cue < 0 else cue
    items = tuple(sorted(named_items(q)))
    penal = PENALTY in names or _FINED.search(q) is not None
    if m := _SPEAKER.search(q):  # the speaker is the answer, whatever else the question names
        # (no cue position: the words before "ใครถาม" name the session, not what the answer is of)
        return Ask(SPEAKER, (), items=items, penal=penal, asker=_ASKER.search(q) is not None)
    if not names:
        return Ask(OTHER, (), items=items, penal=penal)
    unit, implied, apart = "", False, ()
    if m := _ASKED_UNIT.search(q):
        unit = m.group(1) or _EN_UNITS.get((m.group(2) or "").lower(), "")
        apart = _asked_apart(q, unit, m.span(), spans)
    elif names[0] == AMOUNT and _MONEY.search(q):  # "ค่าธรรมเนียมเท่าไหร่" is answered in baht
        unit, implied = "บาท", True
    bound = "upper" if _UPPER_ASK.search(q) else "lower" if _LOWER_ASK.search(q) else ""
    if names[0] == REASON:  # "why … extended to ten years?" is answered by a because, not by the years
        facts = ["reason"]
    return Ask(names[0], tuple(facts), cue, unit, items, implied, penal, bound, per=rate_asked(q), apart=apart,
               given=tuple(sorted(given_figures(q))))


# a figure with its unit, as a question states one ("ครบ 180 วันแล้ว", "เกิน ๑๐ ตัน", "5%"), not a section's number
_GIVEN = re.compile(rf"(?:ร้อยละ\s*)?({NUMBER})\s*(?:วัน|ปี|เดือน|ชั่วโมง|ชม|นาที|บาท|ตัน|กิโลกรัม|คน|ครั้ง|%|"
                    r"days?\b|years?\b|months?\b|hours?\b|baht\b|tons?\b|tonnes?\b|percent\b)", re.IGNORECASE)
_FIGURE = re.compile(NUMBER)


def given_figures(question: str) -> set[int]:
    """The figures a question states with their units ("ครบ 180 วันแล้ว ขอขยายได้อีกกี่วัน" → {180})."""
    return {v for m in _GIVEN.finditer(to_arabic(question)) if (v := thai_number(m.group(1).replace(",", "")))}


def figures(text: str) -> set[int]:
    """The numbers a text states, whatever their script ("ไม่เกินหนึ่งร้อยแปดสิบวัน" → {180})."""
    return {v for m in _FIGURE.finditer(to_arabic(text)) if (v := thai_number(m.group(0).replace(",", "")))}


_TIME_UNITS = frozenset(["ปี", "วัน", "เดือน", "ชั่วโมง", "นาที", "สัปดาห์"])


def _asked_apart(q: str, unit: str, at: tuple[int, int], spans: list[tuple[int, int, tuple[str, ...]]]) -> tuple[str, ...]:
    """The kinds a cue in another clause asks ("…เท่าไหร่ ภายในกี่วัน": the sum as well as the days), which the
    unit of the days (asked at `at`) does not bind; a cue is in another clause when a space parts it from the
    unit's (in Thai, which spaces clauses, not words: an English question has none)."""
    if language_of(q) == "en":
        return ()
    own = {k for a, b, kinds in spans if a < at[1] and at[0] < b for k in kinds}
    own |= {"time", "date", "frequency"} if unit in _TIME_UNITS else {"money"} if unit == "บาท" else {"count", "share"}
    out: list[str] = []
    for a, b, kinds in spans:
        between = q[b:at[0]] if b <= at[0] else q[at[1]:a]
        if not (a < at[1] and at[0] < b) and re.search(r"\s", between):
            out.extend(k for k in kinds if k not in own and k not in out)
    return tuple(out)


def rate_by_cue(question: str, cue: int, reach: int = 25) -> bool:
    """The question's rate word stands by its cue ("ปีละกี่ชั่วโมง", "ต่อคันต่อปีประมาณเท่าไหร่"): it is what is
    asked, not a rate the question's story mentions ("…ดอกเบี้ยร้อยละ ๓ ต่อปี…") or a report's name ("monthly report")."""
    if cue < 0:
        return False
    return any(abs(m.start() - cue) <= reach or abs(m.end() - cue) <= reach
               for pattern in (_RATE_TH, _RATE_EN_ASKED) for m in pattern.finditer(question))


# in English a rate is asked "per day", or of a sum ("the daily fine"); "the annual report" names a report
_RATE_EN_ASKED = re.compile(r"\bper (?:day|month|year|vehicle|truck|time|person|claim|case|tonne|ton)\b"
                            r"|\b(?:daily|monthly|yearly|annual) (?:fines?|fees?|charges?|payments?|amounts?|rates?|"
                            r"premiums?|caps?|limits?|costs?|sums?)\b", re.I)


def rate_asked(question: str) -> str:
    """The unit a question asks a rate per: "รายวัน", "ต่อวัน", "วันละ", "per day", "daily" → "วัน"."""
    if m := _RATE_TH.search(question):
        return m.group(1) or m.group(2)
    if m := _RATE_EN.search(question):
        return _RATE_EN_UNITS[(m.group(1) or m.group(2)).lower()]
    return ""


_UPPER_ASK = re.compile(r"ภายในกี่|ภายในเมื่อ|ไม่เกินกี่|สูงสุดกี่|นานสุด|นานที่สุด|\bwithin\b|\bat most\b|\bmaximum\b",
                        re.I)
_LOWER_ASK = re.compile(r"อย่างน้อยกี่|ไม่น้อยกว่ากี่|ล่วงหน้ากี่|ล่วงหน้าเท่า|ขั้นต่ำ|\bat least\b|\bminimum\b|"
                        r"in advance", re.I)
_UPPER_FACT = re.compile(r"^(?:ภายใน|ไม่เกิน|อย่างช้า)")
_LOWER_FACT = re.compile(r"^(?:ไม่น้อยกว่า|ไม่ต่ำกว่า|อย่างน้อย)")


def _fact_bound(text: str) -> str:
    return "upper" if _UPPER_FACT.match(text) else "lower" if _LOWER_FACT.match(text) else ""


_FINED = re.compile(r"ปรับ(?!ปรุง)")  # "ปรับวันละเท่าไหร่": a fine the penalty cue does not catch


_MONEY = re.compile(r"ค่า|เงิน|เบี้ย|ทุน|บาท|วงเงิน|ประกัน|fee|cost|fund|money|budget|baht|insurance|premium", re.I)


_EN_UNITS = {"years": "ปี", "year": "ปี", "days": "วัน", "day": "วัน", "months": "เดือน", "month": "เดือน",
             "hours": "ชั่วโมง", "hour": "ชั่วโมง", "weeks": "สัปดาห์", "baht": "บาท", "people": "คน",
             "persons": "คน", "members": "คน", "times": "ครั้ง", "tonnes": "ตัน", "tons": "ตัน"}
_ASKED_UNIT = re.compile(rf"กี่\s*(ปี|วัน|เดือน|ชั่วโมง|นาที|สัปดาห์|บาท|คน|ราย|ครั้ง|ตัน|แห่ง|ฉบับ|วาระ|สมัย|ข้อ|ประเด็น)|"
                         rf"how many ({'|'.join(_EN_UNITS)})\b", re.I)


def attribute_text(question: str, ask: Ask, width: int = 20) -> str:
    """The words just before the cue: what the asked fact is *of* ("อายุ" in "ใบอนุญาตมีอายุกี่ปี",
    "valid" in "how long is a registration valid" is after it, so English keeps the whole question)."""
    if ask.cue <= 0 or not re.search(r"[\u0e01-\u0e5b]", question):
        return ""
    return question[max(0, ask.cue - width):ask.cue]


# a passage that leaves the value to a later rule: "ตามที่รัฐมนตรีประกาศกำหนด", "กำหนดในกฎกระทรวง"
DELEGATION = re.compile(r"ประกาศกำหนด|กำหนดในกฎกระทรวง|กฎกระทรวงกำหนด|ตามที่\S{0,30}กำหนด|ตามหลักเกณฑ์")
# a law by its name: "พ.ร.บ.โรงงาน", "ประมวลกฎหมายแพ่ง", "ประมวลรัษฎากร", "กฎหมายว่าด้วยวัตถุอันตราย"; a bare "กฎหมาย" names
# none ("ตามกฎหมายประเทศไทย", "กฎหมายเริ่มใช้"), nor does "พ.ร.บ.ใหม่" or "พระราชบัญญัตินี้" (the draft itself)
_LAW_NAME = re.compile(r"(?:พ\.?\s?ร\.?\s?บ\.?|พระราชบัญญัติ|ประมวลกฎหมาย|ประมวล(?=รัษฎากร))\s*(?:ว่าด้วย)?\s*"
                       r"(?!ใหม่|นี้|ฉบับ|ร่าง|ที่|เดิม)([ก-๙]{3,})|กฎหมายว่าด้วย\s*([ก-๙]{3,})|"
                       r"\b((?:[A-Z][a-z]+ ){1,3})(?:Act|Code|Convention|Protocol)\b")


def law_at_start(text: str) -> str:
    """The name of the law a text begins with ("ประมวลรัษฎากร ถูกต้อง…" → รัษฎากร), or ""."""
    m = _LAW_NAME.match(text)
    return (m.group(1) or m.group(2) or m.group(3)).strip() if m else ""


def named_laws(question: str) -> list[str]:
    """Names of laws a question mentions: 'โรงงาน' in 'ตาม พ.ร.บ.โรงงาน', 'Basel' in 'the Basel Convention'."""
    return [(m.group(1) or m.group(2) or m.group(3)).strip() for m in _LAW_NAME.finditer(question)]
