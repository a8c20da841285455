"""A question that names an indexed law searches that law (and every session), literal Thai titles."""

from types import SimpleNamespace

from service.qa.retrieve import named_documents

TITLES = {
    "criminal": ("ประมวลกฎหมายอาญา", "act"),
    "factory": ("พระราชบัญญัติโรงงาน พ.ศ. 2535", "act"),
    "hazard": ("พระราชบัญญัติวัตถุอันตราย พ.ศ. 2535", "act"),
    "osh": ("พระราชบัญญัติความปลอดภัย อาชีวอนามัย และสภาพแวดล้อมในการทำงาน พ.ศ. 2554", "act"),
    "draft": ("ร่างพระราชบัญญัติจัดการกากอุตสาหกรรม พ.ศ. ....", "draft"),
    "meetup": ("MIND Community Meet Up ครั้งที่ ๑: ร่าง พ.ร.บ.จัดการกากอุตสาหกรรม", "transcript"),
}


class _State:
    def __init__(self) -> None:
        self.versions = {f"{k}-v": SimpleNamespace(title=t, kind=kind) for k, (t, kind) in TITLES.items()}
        self.latest = {k: f"{k}-v" for k in TITLES}

    def documents(self) -> list[str]:
        return list(TITLES)


def test_the_law_a_question_names_is_searched_with_the_sessions():
    st = _State()
    facts = "ข้อเท็จจริง นายเอกลักลอบเข้าบ้านในเวลากลางคืน ... ถามว่านายเอกมีความผิดตามประมวลกฎหมายอาญามาตราใดบ้าง"
    assert named_documents(st, facts) == ["criminal", "meetup"]
    assert named_documents(st, "ตาม พ.ร.บ.โรงงาน ต้องแจ้งอะไร") == ["factory", "meetup"]
    assert named_documents(st, "ผิดพระราชบัญญัติวัตถุอันตรายมาตราใด") == ["hazard", "meetup"]
    assert named_documents(st, "ตามพระราชบัญญัติความปลอดภัย นายจ้างต้องจัดอะไร") == ["osh", "meetup"]
    assert named_documents(st, "ร่าง พ.ร.บ.จัดการกากอุตสาหกรรม มาตรา ๑๔ ว่าอย่างไร") == ["draft", "meetup"]


def test_no_named_law_or_one_not_indexed_searches_everything():
    st = _State()
    assert named_documents(st, "ผู้ก่อกากต้องเก็บเอกสารกำกับการขนส่งไว้กี่ปี") == []
    assert named_documents(st, "ตาม พ.ร.บ.ควบคุมอาคาร ต้องขออนุญาตไหม") == []  # not indexed: not a filter
