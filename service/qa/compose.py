"""The words of an extractive answer: the asked fact first, then each quote with its marker.

"ไม่น้อยกว่าสิบปี [1]" leads; then "ร่างพระราชบัญญัติ… มาตรา ๒๖ กำหนดว่า “…” [1]". An English
question gets an English lead ("At least 10 years [1]") and the Thai clause quoted as printed.
A session quote names the person who said the words and when (or which turn of a typed note).
"""

from __future__ import annotations

import re

from ingest.facts import ONLY_ONE
from ingest.kinds import SESSION_KINDS
from service.qa.leads import BOTH, JOIN_WORDS
from service.qa.question import NUMBER, Fact, thai_number
from service.schemas import Citation

NOT_FOUND = {
    "th": "เอกสารที่มีอยู่ไม่ครอบคลุมเรื่องนี้ จึงตอบจากเอกสารไม่ได้",
    "en": "The documents do not cover this, so it cannot be answered from them.",
}

_EN_BOUND = {"ไม่น้อยกว่า": "at least", "ไม่ต่ำกว่า": "at least", "อย่างน้อย": "at least",
             "ไม่เกินกว่า": "not more than", "ไม่เกิน": "not more than", "ภายใน": "within",
             "เกินกว่า": "more than", "อย่างช้า": "at the latest", "ตั้งแต่": "from", "ครั้งละ": "per occasion,",
             "วันละ": "per day,", "ปีละ": "per year,", "เดือนละ": "per month,", "คันละ": "per vehicle,",
             "รายละ": "per case,", "ฉบับละ": "per document,", "คนละ": "per person,", "แห่งละ": "per place,",
             "ตันละ": "per tonne,", "ใบละ": "per document,", "ชิ้นละ": "per item,", "เครื่องละ": "per machine,",
             "ทุก": "every"}
_EN_UNIT = {"วันทำการ": "working days", "วัน": "days", "เดือน": "months", "ปี": "years", "ชั่วโมง": "hours",
            "นาที": "minutes", "สัปดาห์": "weeks", "ล้านบาท": "million baht", "บาท": "baht", "คน": "persons",
            "ราย": "cases", "ครั้ง": "times", "แห่ง": "places", "ฉบับ": "documents", "ตัน": "tonnes",
            "กิโลกรัม": "kg", "ลิตร": "litres", "ตารางเมตร": "square metres", "เมตร": "metres",
            "กิโลเมตร": "km", "วาระ": "terms", "สมัย": "terms", "ความเห็น": "comments", "คัน": "vehicles"}
_EN_PREFIX = {"จำคุก": "imprisonment", "ติดคุก": "imprisonment", "ปรับ": "a fine", "ร้อยละ": ""}
_PARTS = re.compile(
    rf"^(?P<pre>จำคุก|ติดคุก|ปรับ)?\s*(?P<bounds>(?:(?:{'|'.join(sorted(_EN_BOUND, key=len, reverse=True))})\s*)*)"
    rf"(?P<pct>ร้อยละ)?\s*(?P<num>{NUMBER})\s*(?P<unit>{'|'.join(sorted(_EN_UNIT, key=len, reverse=True))}|%|"
    rf"เปอร์เซ็นต์)?$"
)
_BOUND_WORD = re.compile("|".join(sorted(_EN_BOUND, key=len, reverse=True)))


_EN_SHARE = {"กึ่งหนึ่ง": "half", "หนึ่งในสาม": "one third", "สองในสาม": "two thirds", "หนึ่งในสี่": "one quarter",
             "สามในสี่": "three quarters"}
_SHARE = re.compile(rf"^(?P<bounds>(?:(?:{'|'.join(sorted(_EN_BOUND, key=len, reverse=True))})\s*)*)"
                    rf"(?P<share>{'|'.join(_EN_SHARE)})(?:ของ(?:จำนวน)?(?P<whole>\S+))?$")
_EN_WHOLE = {"กรรมการทั้งหมด": "all members", "กรรมการ": "the members", "กรรมการที่มีอยู่": "the members in office",
             "ที่ประชุม": "those present", "ผู้เข้าประชุม": "those present", "คะแนนเสียง": "the votes",
             "สมาชิกทั้งหมด": "all members", "ผู้ถือหุ้น": "the shareholders"}


def _english_share(fact: Fact) -> str:
    """'ไม่น้อยกว่ากึ่งหนึ่งของจำนวนกรรมการทั้งหมด' → 'at least half of all members (…)'."""
    m = _SHARE.match(fact.text)
    whole = _EN_WHOLE.get(m.group("whole") or "") if m else None
    if not m or (m.group("whole") and whole is None):
        return fact.text
    words = [_EN_BOUND[b] for b in _BOUND_WORD.findall(m.group("bounds") or "")] + [_EN_SHARE[m.group("share")]]
    return f"{' '.join(words)}{f' of {whole}' if whole else ''} ({fact.text})"


_ONLY_ONE = re.compile(ONLY_ONE)
_EN_ONE = {"ครั้ง": "once", "วาระ": "one term", "สมัย": "one term", "คน": "one person", "แห่ง": "one place",
           "ฉบับ": "one document"}


def english_fact(fact: Fact) -> str:
    """'ไม่น้อยกว่าสิบปี' → 'at least 10 years (ไม่น้อยกว่าสิบปี)'; the Thai as printed when unsure."""
    if fact.kind == "share":
        return _english_share(fact)
    if m := _ONLY_ONE.fullmatch(fact.text):  # "อีกครั้งเดียว": once more
        return f"{_EN_ONE[m.group(2)]}{' more' if m.group(1) else ''} ({fact.text})"
    m = _PARTS.match(fact.text)
    if not m:
        return fact.text
    value = thai_number(m.group("num"))
    if value is None:
        return fact.text
    number = f"{value:,}" + (".5" if m.group("num").endswith("ครึ่ง") else "")
    words = [_EN_PREFIX[m.group("pre")]] if m.group("pre") else []
    words += [_EN_BOUND[b] for b in _BOUND_WORD.findall(m.group("bounds") or "")]
    if m.group("pct") or m.group("unit") in ("%", "เปอร์เซ็นต์"):
        words.append(f"{number} per cent")
    else:
        unit = _EN_UNIT.get(m.group("unit") or "", "")
        if value == 1 and unit.endswith("s") and unit not in ("baht", "kg", "km"):
            unit = unit[:-1]
        words.append(f"{number} {unit}".strip())
    return f"{' '.join(w for w in words if w)} ({fact.text})"


# a comma between digits is a thousands separator ("๒๐,๐๐๐ บาท"), not a join
_JOINED = re.compile(rf"\s*({'|'.join(re.escape(w) if w != ',' else r'(?<![0-9๐-๙]),(?![0-9๐-๙])' for w in JOIN_WORDS)})\s*")
_EN_JOIN = {"หรือ": " or ", "และ": " and ", ",": ", "}


def english_joined(fact: Fact) -> str:
    """A lead the clause says in one breath ("จำคุกไม่เกินหนึ่งปี หรือปรับไม่เกินห้าแสนบาท หรือทั้งจำทั้งปรับ"),
    each figure in English, with the clause's "or" and "or both"."""
    pieces = _JOINED.split(fact.text)
    out = english_fact(Fact(fact.start, fact.end, pieces[0], fact.kind))
    for joiner, piece in zip(pieces[1::2], pieces[2::2], strict=True):
        if piece == BOTH:
            out += ", or both"
        elif piece:
            out += _EN_JOIN[joiner] + english_fact(Fact(fact.start, fact.end, piece, fact.kind))
    return out


def lead_line(facts: list[Fact], marker: int, lang: str) -> str | None:
    if not facts:
        return None
    if lang == "en":
        text = "; ".join(english_joined(f) for f in facts)
        return f"{text[:1].upper()}{text[1:]} [{marker}]"
    return f"{' '.join(f.text for f in facts)} [{marker}]"


_DIGITS = frozenset("0123456789๐๑๒๓๔๕๖๗๘๙")


def proof_line(c: Citation, lang: str, *, first: bool) -> str:
    return f"{source_phrase(c, lang, first=first)} “{c.quote}” [{c.marker}]"


def source_phrase(c: Citation, lang: str, *, first: bool) -> str:
    version = c.version.strip()
    if c.kind in SESSION_KINDS:
        who = c.speakers[0] if c.speakers else ("ผู้พูด" if lang == "th" else "a speaker")
        if c.start:
            when = c.start
        elif c.turn:
            when = f"ลำดับที่ {c.turn}" if lang == "th" else f"turn {c.turn}"
        else:
            when = ""
        where = f"{c.title} ({when})" if when else c.title
        if lang == "th":
            return f"{'ใน' if first else 'และใน'} {where} {who} กล่าวว่า"
        return f"In {where}, {who} said:"
    section = c.section_printed or c.section
    title = f"{c.title} ({version})" if version and version != "1" else c.title
    if c.kind == "draft" and not c.title.lstrip("( ").startswith("ร่าง"):  # a draft is never cited as law
        title = f"ร่าง{title}" if lang == "th" else f"{title} (draft)"
    # a schedule's item is named by the schedule ("บัญชีอัตราอากรแสตมป์ 8"), not as a section
    numbered = bool(c.section) and c.section[:1] in _DIGITS
    if lang == "th":
        doc = title if first else "และ"
        if c.section:
            return f"{doc} {c.unit or 'มาตรา'} {section} กำหนดว่า" if numbered else f"{doc} {section} กำหนดว่า"
        return f"{doc} {c.label} ระบุว่า"
    where = ((f"clause {c.section}" if c.unit == "ข้อ" else f"section {c.section}" if numbered else c.section)
             if c.section else c.label)
    return f"{title}, {where}:" if first else f"Also {where}:"


def answer_text(cites: list[Citation], lead: list[Fact], lang: str) -> str:
    lines = []
    head = lead_line(lead, cites[0].marker, lang) if cites else None
    if head:
        lines.append(head)
    lines.extend(proof_line(c, lang, first=i == 0) for i, c in enumerate(cites))
    return "\n".join(lines)
