"""Questions about the law itself, answered by the clause every Thai act has for it.

- when it comes into force: "พระราชบัญญัตินี้ให้ใช้บังคับ…" (usually มาตรา ๒);
- who administers it: "ให้รัฐมนตรีว่าการกระทรวง… รักษาการตามพระราชบัญญัตินี้";
- what it is for: the memorandum's หลักการและเหตุผล of a draft, else the preamble ("โดยที่เป็นการสมควร…").

The law must be what the question is about: its subject ("กฎหมายกากจะเริ่มใช้เมื่อไหร่", "ใครรักษาการตาม
พ.ร.บ.นี้"), not a licence or an order under it ("ใบอนุญาตตามกฎหมายกากมีผลเมื่อไหร่"). The clause of the
first legal text ranked (or in scope) goes first, unless the question names a law that text is not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.kinds import SESSION_KINDS
from ingest.references import title_core
from ingest.thai import section_sort_key
from service.qa.index import Snapshot
from service.qa.question_hints import first_of, names_other_law

_LAW = r"(?:กฎหมาย|พ\.?\s?ร\.?\s?บ\.?|พระราชบัญญัติ|ประมวล|ร่าง)"
# the law as the subject: at the question's start, a name may follow (with spaces) but not a thing under it
_SUBJECT = (rf"^\W{{0,3}}(?:ถ้า|แล้ว|ตกลง)?\s*(?:\(?ร่าง\)?\s*)?{_LAW}"
            r"(?:(?!ให้|กำหนด|ใบ|ทะเบียน|คำสั่ง|มาตรา|ข้อ|เรื่อง|หมวด)[^?\n]){0,80}?\s*(?:นี้|ใหม่)?\s*")
_EN_LAW = r"(?:the |this |that |a )?(?:[\w.-]+ ){0,6}?(?:act|law|code|bill|draft)s?"
_TEXT = r"(?:พระราชบัญญัติ|พระราชกำหนด|ประมวล\S{0,40}?|กฎกระทรวง|ประกาศ|ระเบียบ|ข้อบังคับ)\s*(?:ฉบับ)?นี้"


@dataclass(frozen=True)
class Aspect:
    name: str
    asked: tuple[re.Pattern[str], ...]
    clause: re.Pattern[str]
    blocks: tuple[str, ...]  # where the clause is looked for, in order: "s" (sections), "memo", "preamble"
    anchors: tuple[str, ...]  # words that mark the unit to quote, weighed as the question's heaviest word


ASPECTS = (
    Aspect("commencement", (
        re.compile(_SUBJECT + r"(?:จะ|ถึงจะ|จะได้)?\s*(?:เริ่ม|มีผล)?\s*(?:บังคับใช้|ใช้บังคับ|มีผลบังคับ|มีผลใช้|มีผล|เริ่มใช้|ใช้)"
                   r"\S{0,12}\s*(?:ได้)?\s*(?:เมื่อไ(?:หร่|ร)|เมื่อใด|วันไหน|ตั้งแต่|ตอนไหน|วันที่เท่า)"),
        re.compile(rf"\bwhen (?:does|will|did|do) {_EN_LAW} (?:come into|enter into|go into|take|become|begin|start)", re.I),
    ), re.compile(_TEXT + r"\s*ให้ใช้บังคับ"), ("s",), ("ให้ใช้บังคับ",)),
    Aspect("administers", (
        re.compile(r"(?:ใคร|ผู้ใด|หน่วยงานไหน|หน่วยงานใด|กระทรวงไหน|กระทรวงใด|รัฐมนตรีคนไหน)\S{0,12}\s*(?:เป็น)?\s*(?:ผู้)?รักษาการ"),
        re.compile(r"(?:ผู้)?รักษาการ\S{0,40}(?:คือใคร|เป็นใคร|ได้แก่ใคร)"),
        re.compile(rf"\bwho (?:is )?(?:administers|administer|in charge of|responsible for (?:administering|enforcing)) {_EN_LAW}\b",
                   re.I),
    ), re.compile(r"ให้(?:(?!หมายความ|[“\"])\S){0,60}\s*(?:เป็นผู้)?รักษาการตาม" + _TEXT), ("s",), ("รักษาการ",)),
    Aspect("purpose", (
        re.compile(_SUBJECT + r"(?:จะ|ถูก)?\s*(?:ออก(?:มา)?|มี|ตรา(?:ขึ้น)?)?\s*(?:ขึ้น)?\s*(?:ก็)?\s*(?:เพื่ออะไร|ทำไม|มีไว้ทำไม|มีวัตถุประสงค์)"),
        re.compile(rf"(?:วัตถุประสงค์|จุดประสงค์|เจตนารมณ์|หลักการและเหตุผล)(?:ของ)?\s*{_LAW}"),
        re.compile(rf"\b(?:purpose|aim|objective)s? of {_EN_LAW}\b|\bwhy (?:is|was) {_EN_LAW} (?:needed|made|drafted)", re.I),
    ), re.compile(r"หลักการและเหตุผล|โดยที่เป็นการสมควร|เหตุผลในการประกาศใช้"), ("memo", "preamble"),
       ("โดยที่", "เหตุผลในการประกาศใช้")),  # the reason ("โดยที่ปัจจุบัน…"), not the memorandum's heading
)


def asked_aspect(question: str) -> Aspect | None:
    """Which of the law's own clauses the question asks for, if any."""
    q = question.strip()
    return next((a for a in ASPECTS if any(p.search(q) for p in a.asked)), None)


def law_clause_first(snap: Snapshot, ranked: list, uids: list[str], question: str, aspect: Aspect, make_hit) -> list:
    """Put the clause of the law the question asks about (`asked_aspect`) first, its `about_law` the aspect's name."""
    texts = [h.key.split("|", 1)[0] for h in ranked if not h.best.transcript]
    uid = next((u for u in texts if u in uids), None) or next(
        (u for u in uids if snap.state.versions.get(u) and snap.state.versions[u].kind not in SESSION_KINDS), None)
    if uid is None:
        return ranked
    if names_other_law(question, title_core(snap.state.versions[uid].title).lower()):
        return ranked
    key = snap.derived(("law clause", aspect.name, uid), lambda: _clause(snap, uid, aspect))
    if key is None:
        return ranked
    hit = first_of(ranked, key, snap.groups[key], make_hit)
    hit.about_law = aspect.name
    return [hit] + [h for h in ranked if h is not hit]


def _clause(snap: Snapshot, uid: str, aspect: Aspect) -> str | None:
    """The group holding the clause: in a section (the first in the text's order) or a block."""
    for block in aspect.blocks:
        prefix = f"{uid}|{block}|"
        found = [(g, rows) for g, rows in snap.groups.items()
                 if g.startswith(prefix) and aspect.clause.search("".join(r.text for r in rows))]
        if found:
            return min(found, key=lambda f: section_sort_key(str(f[1][0].meta.get("section") or "0")))[0]
    return None


def anchored(weights: dict[str, float], aspect_name: str) -> dict[str, float]:
    """The question's word weights with the aspect's anchors as heavy as its heaviest word: the unit
    quoted from the law's clause is the one that says it ("โดยที่…", not the memorandum's heading)."""
    aspect = next((a for a in ASPECTS if a.name == aspect_name), None)
    if aspect is None:
        return weights
    top = max(weights.values(), default=1.0)
    return {**weights, **{a: top for a in aspect.anchors}}
