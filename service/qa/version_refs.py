"""Words that name a version of a document without its number, and words that ask what changed.

Retrieval's scope reads ordinals ("ฉบับที่ ๒", "ร่างแรก", "the second draft", service.qa.retrieve);
`named_version` adds the latest ("ร่างล่าสุด"), the one before it ("ร่างเดิม", "ฉบับก่อน") and the words of
one version's label that no other shares ("ฉบับรับฟังความคิดเห็น"). Pure functions: no index.
"""

from __future__ import annotations

import re

from ingest.lexical import tokenize
from ingest.store import VersionInfo
from ingest.thai import to_arabic

_LATEST = re.compile(r"(?:ร่าง|ฉบับ)(?:ฉบับ)?(?:ที่)?(?:ใหม่(?:ล่าสุด)?|ล่าสุด|ปัจจุบัน)|(?:latest|current|newest)\s*(?:draft|version)")
_PREVIOUS = re.compile(r"(?:ร่าง|ฉบับ)(?:ฉบับ)?(?:เดิม|เก่า|ก่อนหน้า|ก่อน(?!ที่|จะ))|(?:previous|earlier|older|old)\s*(?:draft|version)")
_NUMBERED = re.compile(r"(?:ร่าง|ฉบับ)(?:ฉบับ)?(?:ที่)?(?:เปิด)?(?:รับฟัง(?:ความ)?(?:คิด)?เห็น)?\s*(?:ครั้ง)?(?:ที่)?\s*"
                       r"(?:แรก|หนึ่ง|สอง|สาม|\d+)?(?!\d)"
                       r"|(?:(?:first|second|third|1st|2nd|3rd|original)\s+)?(?:(?:public[- ])?(?:hearing|consultation)[- ])?"
                       r"(?:draft|version)\s*\d*",
                       re.IGNORECASE)
# a question that asks what changed between versions, not what a section says
_CHANGE = re.compile(
    r"แก้(?:ไข)?(?:เพิ่มเติม)?(?:อะไร|ตรงไหน|จุดไหน|ส่วนไหน|มาตราไหน|กี่มาตรา|ยังไง|อย่างไร)"
    r"|เปลี่ยน(?:แปลง)?(?:ไป)?(?:อย่างไร|ยังไง|อะไร|แค่ไหน|ตรงไหน|จุดไหน|กี่มาตรา|บ้าง|ไหม|หรือไม่|หรือเปล่า)"
    r"|เปลี่ยน\S{0,40}จาก(?:กี่|อะไร|เท่าไ)\S*เป็น|เปลี่ยนไปจาก(?:ร่าง|ฉบับ)"
    r"|ต่าง(?:จาก|กับ)(?:ร่าง|ฉบับ)|(?:ร่าง|ฉบับ)\S*ต่างกัน|แตกต่าง|ยังเหมือนเดิม|เหมือนเดิม(?:ไหม|หรือ)"
    r"|ตัด(?:มาตรา)?(?:อะไร|ไหน|กี่มาตรา)(?:ออก)?|ถูกตัด(?:ออก)?(?:ไหม|หรือ)|เพิ่ม(?:มาตรา)?(?:ใหม่)?(?:อะไร|ไหน|กี่มาตรา)"
    r"|มาตรา(?:ใหม่|ที่เพิ่ม)(?:อะไร|ไหน|บ้าง)"
    r"|what (?:has |was |were )?changed|(?:changes?|differences?|differ) (?:in|from|between|to)\b.*\b(?:draft|version)"
    r"|(?:draft|version)\b.*\b(?:change|differ|amend|remove|delete|drop|add)"
    r"|(?:sections?|what) (?:were|was|are|got) (?:removed|deleted|dropped|added|amended)"
    r"|(?:removed|deleted|dropped|added) (?:from|in|to) the (?:\w+ )?(?:draft|version)",
    re.IGNORECASE,
)
# whether a section or rule was new in a version or there since an earlier one ("มาตรา 22/1 เพิ่งเพิ่มมาใน
# ร่างฉบับที่ 2 ใช่ไหม", "มีมาตั้งแต่ร่างแรก", "was section 22/1 new in the second draft?")
_ORIGIN = re.compile(
    r"(?:เพิ่ง(?:ถูก)?(?:เพิ่ม)?(?:เข้า)?มา(?:ใน|ตอน)|มี(?:มา)?(?:อยู่)?(?:แล้ว)?ตั้งแต่)(?=ร่าง|ฉบับ)"
    r"|\b(?:new|added) in the (?:\w+ )?(?:draft|version)|already in the (?:\w+ )?(?:draft|version)",
    re.IGNORECASE)
_CHANGE_WORDS = re.compile(
    r"เปลี่ยน(?:แปลง)?(?:ไป)?|แก้ไข(?:เพิ่มเติม)?|แก้|ต่าง(?:จาก|กับ|กัน)|แตกต่าง(?:กัน)?|เหมือนเดิม|อย่างไร|ยังไง"
    r"|อะไร|บ้าง|ไหม|หรือไม่|หรือเปล่า|ตรงไหน|จุดไหน|จากกี่|เป็นกี่|\bwhat\b|\bhas\b|\bchanged?\b|\bdiffer\w*",
    re.IGNORECASE)
_WHY = re.compile(r"ทำไม|เพราะอะไร|เหตุผล|เหตุใด|\bwhy\b", re.IGNORECASE)
# words that ask for a version or a change but name no topic (what is left is the topic)
_FRAME = re.compile(
    r"ร่าง|ฉบับ|ครั้ง|ที่|พระราชบัญญัติ|พ\.ร\.บ\.|กฎหมาย|อะไร|บ้าง|อย่างไร|ยังไง|ตรงไหน|จุดไหน|ไหน|กี่|มาตรา|ใหม่|ล่าสุด|เดิม"
    r"|ก่อน|หน้า|แก้ไข|แก้|เปลี่ยน|แปลง|ไป|ต่าง|จาก|กับ|กัน|ตัด|ออก|เพิ่ม|เติม|มี|ใน|ของ|และ|ครับ|ค่ะ|คะ|นะ"
    r"|รับฟัง|ความ|คิด|เห็น|แรก|หนึ่ง|สอง|สาม|version|draft|what|which|has|have|changed?|sections?|the|in"
    r"|from|between|to|of|is|was|were|did|does|do|are|got|and|first|second|latest|previous"
    r"|remove[ds]?|delete[ds]?|drop(?:ped|s)?|add(?:ed|s)?|amend(?:ed|s)?|new|[0-9๐-๙\s?.,“”\"'()]",
    re.IGNORECASE,
)

def named_version(question: str, versions: list[VersionInfo], latest: VersionInfo | None = None) -> list[VersionInfo]:
    """The version a question names in words rather than by number: the latest ("ร่างล่าสุด"), the one
    before it ("ร่างเดิม", "ฉบับก่อน"), or the words of one version's label that no other shares
    ("ฉบับรับฟังความคิดเห็น" for "ฉบับรับฟังความคิดเห็น ครั้งที่ ๑"); [] when it names none."""
    if len(versions) < 2 or not question:
        return []
    q = re.sub(r"\s+", "", to_arabic(question).lower())
    latest = latest or versions[-1]
    if _LATEST.search(q):
        return [latest]
    if _PREVIOUS.search(q):
        before = [v for v in versions if v.sort_key() < latest.sort_key()]
        return before[-1:]
    stems = {v.version_uid: _label_pattern(v.version) for v in versions}
    found = [v for v in versions if stems[v.version_uid] and re.search(stems[v.version_uid], q)]
    return found if len(found) == 1 else []


def _label_pattern(label: str) -> str | None:
    """A label's distinctive words (without its number), as a pattern that also reads ร่าง for ฉบับ
    and ความเห็น for ความคิดเห็น; None when nothing distinctive is left ("ฉบับที่ ๒")."""
    stem = re.sub(r"(?:ครั้ง)?ที่?\s*[0-9๐-๙]+|[0-9๐-๙]+|\s+", "", label.lower())
    if len(re.sub(r"^(?:ร่าง|ฉบับ)", "", stem)) < 5:
        return None
    pattern = re.escape(stem)
    pattern = re.sub(r"^(?:ร่าง|ฉบับ)", "(?:ร่าง|ฉบับ)(?:ฉบับ)?(?:ที่)?(?:เปิด)?", pattern)
    return pattern.replace("ความคิดเห็น", "ความ(?:คิด)?เห็น")


def asks_change(question: str) -> bool:
    """A question about what changed between versions ("ฉบับที่ ๒ แก้ไขอะไรบ้าง", "โทษปรับเปลี่ยนไป
    อย่างไร"); a "why" question is not one (its reasons are in sessions and the memorandum)."""
    q = to_arabic(question)
    return (_CHANGE.search(q) is not None or asks_origin(q)) and _WHY.search(q) is None


def asks_origin(question: str) -> bool:
    """Whether something was new in a version or there since an earlier one (answered by the diff, the
    older text cited too when the section did not change: it shows the words were there)."""
    return _ORIGIN.search(question) is not None


def topic_of(question: str, title_words: set[str]) -> list[str]:
    """The words of a "what changed" question beyond its frame and the document's title."""
    rest = _FRAME.sub(" ", to_arabic(question))
    return [t for t in tokenize(rest, subwords=False) if t.strip() and t not in title_words and len(t) > 1]


def without_change_words(question: str) -> str:
    """The question with its "what changed" words taken out: what its topic is searched with."""
    q = _CHANGE_WORDS.sub(" ", _ORIGIN.sub(" ", to_arabic(question)))
    for pattern in (_LATEST, _PREVIOUS, _NUMBERED):
        q = pattern.sub(" ", q)
    return re.sub(r"\s+", " ", q).strip() or question


_ONLY = (("removed", re.compile(r"ตัด(?:มาตรา)?\S{0,12}ออก|ถูกตัด|\b(?:remove|delete|drop)(?:d|s|ped)?\b", re.IGNORECASE)),
         ("added", re.compile(r"เพิ่ม(?:มาตรา)?(?:อะไร|ไหน)?(?:ใหม่|เข้ามา)|เพิ่มมาตรา(?:อะไร|ไหน)|มาตราใหม่|\badd(?:ed|s)?\b|new sections?", re.IGNORECASE)))


def statuses_asked(question: str) -> set[str]:
    """"ตัดมาตราไหนออก" asks for the removed sections only, "เพิ่มมาตราอะไรใหม่" for the added ones;
    an empty set: every change."""
    return {status for status, pattern in _ONLY if pattern.search(question)}


_HEARING = re.compile(r"(?:ที่)?(?:เปิด)?รับฟัง(?:ความ)?(?:คิด)?เห็น(?:\s*ครั้ง(?:ที่)?\s*(?:แรก|หนึ่ง|\d+))?")


def without_version_words(question: str) -> str:
    """The question without the words that name a version ("ในร่างฉบับรับฟังความคิดเห็นครั้งแรก"):
    once the scope holds that version, they would only match passages that talk about versions."""
    q = to_arabic(question)
    for pattern in (_LATEST, _PREVIOUS, _NUMBERED, _HEARING):
        q = pattern.sub(" ", q)
    return re.sub(r"\s+", " ", q).strip() or question


def names_latest(question: str) -> bool:
    """"ร่างล่าสุด", "ฉบับปัจจุบัน", "the latest draft": words that say which version, never what about."""
    return _LATEST.search(re.sub(r"\s+", "", to_arabic(question).lower())) is not None
