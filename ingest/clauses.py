"""ข้อ-numbered documents: กฎกระทรวง, ระเบียบ, ข้อบังคับ, ประกาศ, คำสั่ง.

Their citable unit is the ข้อ, printed "ข้อ ๓", "ข้อ ๓." or "ข้อ 3", and in Royal Gazette
announcements and orders often as a bare "๓." at the start of a line. ingest.structure asks
`unit_of` which unit a document is cut into: ข้อ when it has ข้อ headings and no มาตรา chain, when
its first ข้อ comes before its first มาตรา (an order that amends an act quotes the new มาตรา inside a
ข้อ), or when its title says it is one of these documents. Bare "๓." lines count only in a document
whose title says so: budget tables and memoranda number their lines the same way.
"""

from __future__ import annotations

import re

from ingest.thai import SECTION_SUFFIXES, to_arabic

_SUF = "|".join(sorted(SECTION_SUFFIXES, key=len, reverse=True))
_NUM = rf"[0-9๐-๙]+(?:\s*/\s*[0-9๐-๙]+)?(?:\s*(?:{_SUF})(?![ก-๛]))?"
# "ข้อ ๓", "ข้อ ๓.", "ข้อ ๓/๑", "ข้อ ๓ ทวิ"; never "ข้อ ๓.๑" (a sub-item) nor "ข้อความ"
CLAUSE_RE = re.compile(rf"^ข้อ\s*({_NUM})(?![0-9๐-๙/])(?!\.[0-9๐-๙])\.?\s*(.*)$")
# "๓. ให้..." in a Gazette order; never "๓.๑" nor a decimal figure
BARE_CLAUSE_RE = re.compile(r"^([0-9๐-๙]{1,3})\.(?![0-9๐-๙])\s*(.*)$")
ORDER_TITLE_RE = re.compile(r"^(?:กฎกระทรวง|ระเบียบ|ข้อบังคับ|ประกาศ(?!\s*ณ)|คำสั่ง)\S*")
_SUBJECT_RE = re.compile(r"^(?:เรื่อง|ว่าด้วย|\(?ฉบับที่|พ\.\s*ศ\.|กำหนด)")
_TITLE_STOP_RE = re.compile(r"^(?:ตามที่|โดยที่|อาศัย|ข้อ\s*[0-9๐-๙]|[0-9๐-๙]+\.|[.…_\-]{3,})")
# How such a document ends: the date it takes effect or was signed, then who signed it.
CLOSING_RE = re.compile(r"^(?:ทั้งนี้\s*(?:ตั้งแต่|ให้ใช้บังคับ)|(?:ประกาศ|สั่ง|ให้ไว้)\s*ณ\s*วันที่)")
_YEAR_RE = re.compile(r"(?:พ\.\s*ศ\.|พุทธศักราช)\s*([0-9๐-๙]{4})|ที่\s*[0-9๐-๙]+\s*/\s*([0-9๐-๙]{4})")
_TITLE_LINES = 12  # an order's name is within the first lines (after the Gazette header)


def order_title(lines: list[str]) -> tuple[str, str | None]:
    """The name of a ข้อ-numbered document ("คำสั่ง... ที่ ๓๔/๒๕๕๘ เรื่อง ...") and its year, or ("", None)."""
    for i, text in enumerate(lines[:_TITLE_LINES]):
        if not ORDER_TITLE_RE.match(text):
            continue
        parts = [text]
        for nxt in lines[i + 1 : i + 4]:
            if _TITLE_STOP_RE.match(nxt) or not _SUBJECT_RE.match(nxt):
                break
            parts.append(nxt)
        title = " ".join(parts)
        return title, year_of(title) or year_of("\n".join(lines[-_TITLE_LINES:]))
    return "", None


def year_of(text: str) -> str | None:
    m = _YEAR_RE.search(text)
    return to_arabic(m.group(1) or m.group(2)) if m else None


def is_order_title(title: str) -> bool:
    return bool(ORDER_TITLE_RE.match(title.removeprefix("ร่าง").strip()))


def clause_candidates(texts: dict[int, str], *, titled: bool) -> tuple[dict[int, str], re.Pattern[str]]:
    """Line indexes that may open a ข้อ, and the pattern that reads them: "ข้อ N" lines when there
    are any, else (only in a titled order) bare "N." lines."""
    explicit = {i: t for i, t in texts.items() if CLAUSE_RE.match(t)}
    if explicit or not titled:
        return explicit, CLAUSE_RE
    return {i: t for i, t in texts.items() if BARE_CLAUSE_RE.match(t)}, BARE_CLAUSE_RE


def unit_of(sections: list[int], clauses: list[int], *, titled: bool) -> str:
    """มาตรา or ข้อ, from the line indexes of the chosen มาตรา and ข้อ chains."""
    if not clauses:
        return "มาตรา"
    if not sections or titled or min(clauses) < min(sections):
        return "ข้อ"
    return "มาตรา"


def closing_line(texts: list[str], start: int, end: int) -> int | None:
    """Where the closing ("ทั้งนี้ ตั้งแต่...", "ประกาศ ณ วันที่...") starts after the last ข้อ."""
    return next((i for i in range(start + 1, end) if CLOSING_RE.match(texts[i])), None)
