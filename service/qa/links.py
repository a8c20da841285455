"""The statute's own links on a citation: what a section refers to, and what refers to it.

`refers_to` is read from the section's stored references (ingest/references.py): the sections it
names, then the definition sections of the defined terms it uses. `referred_by` is the reverse of
the named sections only (a definition section would otherwise be "referred by" half the act),
computed once per version and snapshot. An index built before the field has neither: empty lists.
"""

from __future__ import annotations

import re

from ingest.references import META_KEY, SectionRefs
from ingest.thai import normalize_section_number, section_sort_key
from service.qa.index import Snapshot


def refers_to(meta: dict) -> list[str]:
    if meta.get("block") != "section":
        return []
    return SectionRefs.from_meta(meta.get(META_KEY)).links(str(meta.get("section", "")))


def referred_by(snap: Snapshot, meta: dict) -> list[str]:
    if meta.get("block") != "section":
        return []
    uid = str(meta.get("version_uid", ""))
    return _reverse(snap, uid).get(str(meta.get("section", "")), [])


def _reverse(snap: Snapshot, uid: str) -> dict[str, list[str]]:
    def build() -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        prefix = f"{uid}|s|"
        for group, rows in snap.groups.items():
            if not group.startswith(prefix):
                continue
            own = str(rows[0].meta.get("section", ""))
            for ref in SectionRefs.from_meta(rows[0].meta.get(META_KEY)).sections:
                if ref.section != own and own not in out.setdefault(ref.section, []):
                    out[ref.section].append(own)
        for names in out.values():
            names.sort(key=section_sort_key)
        return out

    return snap.derived(("referred_by", uid), build)  # type: ignore[no-any-return]


# "ให้นำมาตรา ๑๘ มาใช้บังคับแก่ผู้ขนส่งกากอุตสาหกรรมโดยอนุโลม": the rule is in the section it applies
_APPLIED = re.compile(r"ให้นำ(?:บทบัญญัติ|ความใน)?(?:แห่ง)?\s*มาตรา\s*([0-9๐-๙]+(?:/[0-9๐-๙]+)?(?:\s*(?:ทวิ|ตรี|จัตวา))?)"
                      r"[^\n]{0,40}?มาใช้บังคับ[^\n]{0,60}?โดยอนุโลม")


def applied_section(text: str) -> str | None:
    """The section a clause applies "โดยอนุโลม" (with the changes the case needs), normalised; None if none."""
    m = _APPLIED.search(text)
    return normalize_section_number(m.group(1)) if m else None
