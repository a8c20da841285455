"""Facts a Thai legal text states, read by pattern: Thai number words (สิบ, หนึ่งร้อยแปดสิบ, ห้าแสน),
Thai and Arabic digits, with their units (วัน, ปี, บาท, ตัน) and the words that bound them (ไม่เกิน,
ไม่น้อยกว่า, ภายใน); dates, offices, definitions, duties. Pure functions over text, shared by the
service's question reading (service.qa.question) and the version diff's summaries (ingest.diff).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ingest.names import name_length
from ingest.thai import to_arabic

# --- Thai numbers -----------------------------------------------------------------------------
_NUMBER_WORD = "|".join(sorted(["ศูนย์", "หนึ่ง", "เอ็ด", "สอง", "ยี่", "สาม", "สี่", "ห้า", "หก", "เจ็ด", "แปด",
                                "เก้า", "สิบ", "ร้อย", "พัน", "หมื่น", "แสน", "ล้าน"], key=len, reverse=True))
NUMBER_WORDS = re.compile(rf"(?:{_NUMBER_WORD})+")
NUMBER = rf"(?:[0-9๐-๙][0-9๐-๙,]*(?:\.[0-9๐-๙]+)?|(?:{_NUMBER_WORD})+)(?:ครึ่ง)?"


def thai_number(text: str) -> int | None:
    """'หนึ่งร้อยแปดสิบ' → 180, 'ห้าแสน' → 500000, 'ยี่สิบเอ็ด' → 21, '๑,๐๐๐' → 1000; None if not a number.
    Number words are read by PyThaiNLP's `thaiword_to_num`."""
    s = to_arabic(text.strip()).replace(",", "").removesuffix("ครึ่ง")
    if s.isdigit():
        return int(s)
    if not s or NUMBER_WORDS.fullmatch(s) is None:
        return None
    from pythainlp.util import thaiword_to_num

    try:
        return int(thaiword_to_num(s))
    except ValueError:
        return None


# --- facts a text states -----------------------------------------------------------------------
_TIME_UNIT = r"(?:วันทำการ|วัน|เดือน|ปี|ชั่วโมง|นาที|สัปดาห์)"
_MONEY_UNIT = r"(?:ล้านบาท|บาท)"
_COUNT_UNIT = (r"(?:คน|ราย|ครั้ง|แห่ง|ฉบับ|จุด|โรง|รุ่น|ส่วน|คัน|วาระ|สมัย|ความเห็น|มาตรา|หมวด|ภาชนะ|ประเภท|ชนิด|ประเด็น|"
               r"ข้อ(?!เสนอ|มูล|ความ|บังคับ|กำหนด|ยกเว้น|หารือ|สังเกต|ตกลง|เท็จ|พิพาท|หา|คิด|ร้อง|สรุป|แนะนำ|ห่วง)|"
               r"ตัน|กิโลกรัม|ลิตร|ตารางเมตร|เมตร|กิโลเมตร|เท่า)")
_BOUND = (r"(?:ไม่น้อยกว่า|ไม่ต่ำกว่า|ไม่เกินกว่า|ไม่เกิน|อย่างน้อย|อย่างช้า|ภายใน|เกินกว่า|ตั้งแต่|คราวละ|ครั้งละ|วันละ|ปีละ|"
          r"เดือนละ|คันละ|รายละ|ฉบับละ|คนละ|แห่งละ|ตันละ|ใบละ|ชิ้นละ|เครื่องละ|ละ|ทุก|กึ่งหนึ่ง)")
_MONTHS = ("มกราคม|กุมภาพันธ์|มีนาคม|เมษายน|พฤษภาคม|มิถุนายน|กรกฎาคม|สิงหาคม|กันยายน|ตุลาคม|พฤศจิกายน|ธันวาคม|"
           r"ม\.ค\.|ก\.พ\.|มี\.ค\.|เม\.ย\.|พ\.ค\.|มิ\.ย\.|ก\.ค\.|ส\.ค\.|ก\.ย\.|ต\.ค\.|พ\.ย\.|ธ\.ค\.")

# a month as a question or a session names it: its name's stem ("มีนา" in "มีนาคม"), its abbreviation, in English
MONTH_FORMS = {n: re.compile(p, re.I) for n, p in enumerate((
    r"มกรา|ม\.ค\.|january", r"กุมภา|ก\.พ\.|february", r"มีนา|มี\.ค\.|march", r"เมษา|เม\.ย\.|april",
    r"พฤษภา|พ\.ค\.", r"มิถุนา|มิ\.ย\.|june", r"กรกฎา|ก\.ค\.|july", r"สิงหา|ส\.ค\.|august",
    r"กันยา|ก\.ย\.|september", r"ตุลา|ต\.ค\.|october", r"พฤศจิกา|พ\.ย\.|november", r"ธันวา|ธ\.ค\.|december"), 1)}


def months_named(text: str) -> set[int]:
    """The months a text names (1–12): "ตอนเวทีมีนา" → {3}, "the April meetup" → {4}."""
    return {n for n, pattern in MONTH_FORMS.items() if pattern.search(text)}


# one, said without a number ("อีกครั้งเดียว": once more); the groups: "อีก", the unit
ONLY_ONE = r"(อีก)?(ครั้ง|วาระ|สมัย|คน|แห่ง|ฉบับ)เดียว"


def _qty(unit: str) -> str:
    return rf"(?:{_BOUND}\s*)*{NUMBER}\s*{unit}"


FACT_PATTERNS: dict[str, re.Pattern[str]] = {
    # "ภายในปีหนึ่ง", "ไม่น้อยกว่าปีหนึ่ง": one year in the codes' older word order, always after a bound
    "time": re.compile(rf"{_qty(_TIME_UNIT)}|(?:{_BOUND}\s*)+(?:ปี|เดือน|สัปดาห์)หนึ่ง"),
    "money": re.compile(_qty(_MONEY_UNIT)),
    # "ได้อีกครั้งเดียว", "วาระเดียว": one, said without a number
    "count": re.compile(rf"{_qty(_COUNT_UNIT)}|{ONLY_ONE}(?!กัน)"),
    # a share of a whole: "ไม่น้อยกว่ากึ่งหนึ่งของจำนวนกรรมการทั้งหมด", "สองในสามของ…" (a quorum, a majority)
    "share": re.compile(rf"(?:{_BOUND}\s*)*(?:กึ่งหนึ่ง|(?:หนึ่ง|สอง|สาม|[0-9๐-๙])\s*ใน\s*(?:สอง|สาม|สี่|ห้า|[0-9๐-๙])(?![0-9๐-๙]))"
                        r"(?:ของ(?:จำนวน)?(?:กรรมการ|สมาชิก|ผู้ถือหุ้น|ผู้เข้าประชุม|ที่ประชุม|คะแนนเสียง)"
                        r"(?:ทั้งหมด|ที่มีอยู่|ที่มาประชุม)?)?"),
    "percent": re.compile(rf"(?:{_BOUND}\s*)*(?:ร้อยละ\s*{NUMBER}|{NUMBER}\s*(?:%|เปอร์เซ็นต์))"),
    # how often: "ปีละหนึ่งครั้ง", "ทุกหกเดือน" (also a "time"), "เป็นรายไตรมาส", "every quarter" in Thai
    "frequency": re.compile(rf"(?:(?:ปี|เดือน|สัปดาห์|วัน)ละ\s*{NUMBER}\s*ครั้ง|(?:เป็น)?ราย(?:วัน|สัปดาห์|เดือน|ไตรมาส|ปี)|"
                            rf"ทุก\s*(?:{NUMBER}\s*)?(?:{_TIME_UNIT}|ไตรมาส))"),
    # a deadline may be no number at all: "ทันที", "โดยไม่ชักช้า", "ในวันเดียวกับที่ส่งมอบ"
    "date": re.compile(rf"(?:ภายใน|ก่อน|หลัง|ตั้งแต่)?\s*(?:วันที่\s*{NUMBER}\s*(?:{_MONTHS})|(?:{_MONTHS})\s*"
                       rf"(?:พ\.ศ\.\s*)?[0-9๐-๙]{{2,4}}|(?:เดือน)?(?:{_MONTHS})(?:ของทุกปี)?)|"
                       rf"(?:ภายใน|ก่อน)?\s*วันที่\s*{NUMBER}\s*ของ(?:ทุก|แต่ละ)?เดือน(?:ถัดไป)?|"
                       r"(?:ปี\s*(?:พ\.\s?ศ\.\s*)?|พ\.\s?ศ\.\s*)[0-9๐-๙]{4}(?![0-9๐-๙])|"  # "ปี 2569", "พ.ศ. ๒๕๖๘"
                       r"ทันที|โดยไม่ชักช้า|โดยพลัน|(?:ภายใน|ใน)วันเดียว(?:กัน|กับ)|"
                       # a law's start: "ตั้งแต่วันถัดจากวันประกาศในราชกิจจานุเบกษาเป็นต้นไป"
                       r"ตั้งแต่วัน(?:ถัดจากวัน)?ประกาศในราชกิจจานุเบกษา(?:เป็นต้นไป)?"),
    # a time of day: "ในระหว่างเวลาพระอาทิตย์ขึ้นถึงพระอาทิตย์ตก", "ในเวลาทำการ", "เวลา ๐๘.๓๐ น. ถึง ๑๖.๓๐ น."
    "clock": re.compile(r"(?:ใน)?(?:ระหว่าง)?(?:เวลา)?\s*พระอาทิตย์ขึ้น\S{0,8}?พระอาทิตย์ตก|(?:ใน|ระหว่าง)*เวลาทำการ(?:ของ\S+)?|"
                        r"(?:เวลา\s*)?[0-9๐-๙]{1,2}[.:][0-9๐-๙]{2}\s*น\.(?:\s*(?:ถึง|-|–)\s*(?:เวลา\s*)?[0-9๐-๙]{1,2}[.:][0-9๐-๙]{2}\s*น\.)?|"
                        r"(?:ใน)?เวลากลาง(?:วัน|คืน)"),
    "jail": re.compile(rf"(?:จำคุก|ติดคุก)\s*(?:ตั้งแต่\S*\s*)?{_qty(_TIME_UNIT)}"),
    # "ปรับไม่เกินห้าแสนบาท", "ปรับเป็นเงินไม่เกินสองเท่าของราคา…", "เบี้ยปรับอีกหนึ่งเท่า", "ค่าปรับสี่เท่า"
    "fine": re.compile(rf"ปรับ\s*(?:เป็นเงิน)?\s*(?:ตั้งแต่\S*\s*)?{_qty(_MONEY_UNIT)}|ปรับ\s*(?:อีก|เป็นเงิน)?\s*{_qty('เท่า')}"),
    "office": re.compile(
        r"(?:รัฐมนตรีว่าการกระทรวง\S*|รัฐมนตรี|ปลัดกระทรวง\S*|อธิบดี\S*|คณะกรรมการ\S*|พนักงานเจ้าหน้าที่|"
        r"ผู้ว่าราชการจังหวัด|ศาล\S*|กรม(?!ธรรม์)\S+|สำนักงาน\S+|กอง(?!ทุน)\S+|องค์กรปกครองส่วนท้องถิ่น|คณะรัฐมนตรี|"
        r"เลขาธิการ\S*|ผู้อำนวยการ\S*|นายกรัฐมนตรี|ประธาน(?!กรรมการ)\S+|สภา\S+|องค์กร\S*)"),
    # a person the law gives a duty or a right: "ผู้ก่อกากอุตสาหกรรม", "ผู้รับโอน", "ทายาท", "นายจ้าง"
    "party": re.compile(r"ผู้(?!ใด|อื่น|นั้น|ซึ่ง|ที่|เป็น|มี|ได้(?!รับ))[ก-๙]+|นายจ้าง|ลูกจ้าง|ทายาท|เจ้าของ[ก-๙]*|"
                        r"นายทะเบียน|เจ้าพนักงาน[ก-๙]*"),
    "definition": re.compile(r"หมายความว่า|หมายถึง|หมายความรวมถึง|ได้แก่"),
    "reason": re.compile(r"เพราะ|เหตุผล|เนื่องจาก|เพื่อให้|สอดคล้อง|ห่วงว่า|จึง"),
    "modal": re.compile(r"ห้ามมิให้|ห้าม|ต้อง|มีสิทธิ|มีอำนาจ|อาจ\S*ได้|ให้\S*ได้|ไม่ต้อง|เว้นแต่|ได้รับยกเว้น"),
}

NAMES = ("office", "party")  # kinds whose span is a name (ingest.names)


@dataclass(frozen=True)
class Fact:
    start: int
    end: int
    text: str
    kind: str


@functools.lru_cache(maxsize=16384)
def find_facts(text: str, kinds: tuple[str, ...]) -> list[Fact]:
    """Spans of `text` that state a fact of one of these kinds, in text order, not overlapping
    (kept per unit: the same units are read for many questions; do not change the list returned)."""
    found: list[Fact] = []
    for kind in kinds:
        found.extend(_names(text, kind) if kind in NAMES else _facts(text, kind))
    found.sort(key=lambda f: (f.start, -(f.end - f.start)))
    out: list[Fact] = []
    for f in found:
        if out and f.start < out[-1].end:
            continue
        out.append(f)
    return out


def _facts(text: str, kind: str) -> list[Fact]:
    out = []
    for m in FACT_PATTERNS[kind].finditer(text):
        span = m.group(0).strip()
        if not span or (kind in ("time", "money", "count") and not _has_number(span) and not span.endswith("เดียว")):
            continue
        start = m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
        out.append(Fact(start, start + len(span), span, kind))
    return out


def _names(text: str, kind: str) -> list[Fact]:
    """The pattern runs to the next space; the name ends at its last word (ingest.names), and the
    next name is looked for right after it ("อธิบดี|มีอำนาจแต่งตั้ง|พนักงานเจ้าหน้าที่")."""
    out, pos = [], 0
    while (m := FACT_PATTERNS[kind].search(text, pos)) is not None:
        span = m.group(0)[:name_length(m.group(0))]
        out.append(Fact(m.start(), m.start() + len(span), span, kind))
        pos = m.start() + len(span)
    return out


def _has_number(span: str) -> bool:
    return bool(re.search(r"[0-9๐-๙]", span) or NUMBER_WORDS.search(span))
