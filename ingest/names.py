"""Where the name of an office or a person ends in Thai legal text, which writes no space after it:
"ให้ปลัดกระทรวงอุตสาหกรรมพิจารณาคำขอ…" names "ปลัดกระทรวงอุตสาหกรรม", "ผู้ก่อกากอุตสาหกรรมจะเก็บ…"
names "ผู้ก่อกากอุตสาหกรรม". A name is read word by word (newmm) up to the first word that no name
holds: a function word ("ให้", "ต้อง", "ภายใน", "ของ") or a verb of what the person does ("พิจารณา",
"ประกาศ"). The word after an organisation's bare head ("กรม", "สำนักงาน", "ผู้") is its name ("กรมควบคุม
มลพิษ", "ผู้รับโอน"), and "และ" joins two halves of one name ("กระทรวงทรัพยากรธรรมชาติและสิ่งแวดล้อม", "ผู้รับบำบัดและ
กำจัดกากอุตสาหกรรม") unless another name or a function word follows it."""

from __future__ import annotations

import functools

FUNCTION_WORDS = frozenset((
    "ให้", "เป็น", "มี", "ต้อง", "จะ", "ได้", "ที่", "ซึ่ง", "หรือ", "โดย", "ตาม", "ภายใน", "ใน", "แก่", "ต่อ",
    "จาก", "เพื่อ", "ก่อน", "หลัง", "เมื่อ", "ไม่", "แล้ว", "กับ", "ว่า", "อาจ", "ดังกล่าว", "นั้น", "นี้",
    "ล่วงหน้า", "ทุก", "แต่", "หาก", "ถ้า", "เว้นแต่", "พร้อม", "ทั้ง", "เท่านั้น", "ด้วย", "ไว้", "ของ", "คราว",
    "ละ", "ตั้งแต่", "จน", "กว่า", "ยัง", "อยู่", "คือ", "ได้แก่", "หมายความว่า", "ทราบ", "นับแต่",
    "มีอำนาจ", "มีหน้าที่", "มีสิทธิ", "เป็นผู้", "ต้องการ", "สามารถ", "เกี่ยวกับ", "อัน", "สำหรับ", "เพราะ",
))
VERBS = frozenset((
    "พิจารณา", "ประกาศ", "กำหนด", "อนุญาต", "อนุมัติ", "แต่งตั้ง", "ออก", "สั่ง", "แจ้ง", "ยื่น", "จัด", "จัดทำ",
    "ดำเนินการ", "เสนอ", "มอบ", "มอบหมาย", "วินิจฉัย", "เรียก", "รักษาการ", "ทำหน้าที่", "รับผิดชอบ", "เปิดเผย",
    "จ่าย", "ส่ง", "เก็บ", "ตรวจ", "ขยาย", "เพิกถอน", "เห็นชอบ", "แนะนำ", "ประสงค์", "รายงาน", "ชดใช้", "ฟ้อง",
    "อุทธรณ์", "คืน", "นำ", "ขึ้นทะเบียน", "ปฏิบัติ", "ติด", "ขนส่ง", "รับ", "คัดแยก", "บำบัด", "กำจัด", "เลิก",
    "โอน", "ทำ", "ใช้", "ระงับ", "สอบ", "เข้า", "ขอ", "กัน", "บริหาร", "พ้น", "ดำรง", "เริ่ม", "รักษา",
))
# heads that need a name after them: "กรม…", "สำนักงาน…", "ผู้…" (the word after one belongs to the name)
HEADS = frozenset(("กรม", "สำนักงาน", "กอง", "สำนัก", "กระทรวง", "ผู้"))
NAME_STARTS = ("ผู้", "กรม", "สำนักงาน", "กอง", "คณะกรรมการ", "รัฐมนตรี", "อธิบดี", "ปลัด", "พนักงาน",
               "กระทรวง", "นายจ้าง", "ลูกจ้าง", "ทายาท", "เจ้าของ", "ศาล")
MAX_WORDS = 10
_LEADING_FUNCTION = ("ไม่", "ตาม", "ต้อง", "ภายใน", "เพื่อ", "โดย")


@functools.lru_cache(maxsize=8192)
def name_length(span: str) -> int:
    """How many characters of `span` (a run that starts with a name) the name takes."""
    from ingest.lexical import segment

    words = segment(span)
    pos = 0
    for i, w in enumerate(words[:MAX_WORDS]):
        at = span.find(w, pos)
        if at < 0 or (i and _ends_before(words, i, i)):
            break
        pos = at + len(w)
    return pos or len(span)


def _ends_before(words: list[str], i: int, taken: int) -> bool:
    w = words[i]
    if (taken == 1 and words[0] in HEADS) or words[i - 1] == "และ":
        return False
    if taken == 1 and words[0].startswith("ผู้") and w not in FUNCTION_WORDS:  # "ผู้รับ|บำบัด", "ผู้รับ|โอน"
        return False
    if w == "และ":
        nxt = words[i + 1] if i + 1 < len(words) else ""
        return not nxt or nxt in FUNCTION_WORDS or nxt.startswith(NAME_STARTS)
    if w in FUNCTION_WORDS or w.startswith(_LEADING_FUNCTION):  # newmm keeps "ตามกฎหมาย", "ไม่อาจ" whole
        return True
    return w in VERBS
