"""Property-based tests (hypothesis) of the pure text functions: Thai normalisation, draft
structure parsing and transcript reading, on generated text built from the pieces real documents
are made of. Bounded: a fixed number of examples each, no deadline (CPU here is shared)."""

from __future__ import annotations

import itertools
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ingest.models import IngestError, Page
from ingest.structure import parse_draft
from ingest.thai import (
    PUA_TO_THAI,
    normalize_section_number,
    normalize_text,
    section_sort_key,
    to_thai_digits,
)
from ingest.transcripts import read_transcript

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

THAI = [chr(c) for c in range(0x0E01, 0x0E5C) if chr(c).isprintable()]
PUA = [chr(c) for c in sorted(PUA_TO_THAI)]
ODD = [" ", "  ", "\t", "\n", "\r\n", "\r", "\u00a0", "\u200b", "\ufeff", "\ufffd", "\u0e4d\u0e32", "\u0e33\u0e48"]
# Letters: consonants, leading vowels and digits. Marks may be dropped or reordered by the
# repairs (doubled marks, a split ำ), letters never.
LETTERS = re.compile("[\u0e01-\u0e2e\u0e40-\u0e44\u0e50-\u0e59]")

thai_text = st.lists(st.sampled_from(THAI + PUA + ODD + list("ab1. -")), max_size=60).map("".join)
any_text = st.text(max_size=80)


def _letters(text: str) -> list[str]:
    return LETTERS.findall(text.translate(PUA_TO_THAI))


@FAST
@given(st.one_of(thai_text, any_text), st.booleans())
@example("\uf705\uf706\uf88a\ufffd\u0e34", False)  # found: three tone marks before a vowel took 3+ passes
@example("\u0e33\u0e48\u0e34\u0e38", False)  # found: moving ิ put a tone before ุ, which NFC reorders
def test_normalize_text_is_idempotent(text: str, keep_layout: bool) -> None:
    once = normalize_text(text, keep_layout=keep_layout)
    assert normalize_text(once, keep_layout=keep_layout) == once


@FAST
@given(st.one_of(thai_text, any_text), st.booleans())
def test_normalize_text_keeps_every_thai_letter(text: str, keep_layout: bool) -> None:
    assert _letters(normalize_text(text, keep_layout=keep_layout)) == _letters(text)


# --- draft structure ----------------------------------------------------------------------------

NUMBERS = st.integers(1, 40) | st.integers(0, 10**6)
DIGITS = NUMBERS.map(str) | NUMBERS.map(lambda n: to_thai_digits(str(n)))
WORDS = ["พระราชบัญญัตินี้", "ผู้ขนส่ง", "กากอุตสาหกรรม", "ต้อง", "ตาม", "และ", "หรือ", "วรรคสอง", "ทวิ", "ตรี",
         "หมายความว่า", "“ผู้ประกอบการ”", "บทเฉพาะกาล", "บทกำหนดโทษ", "ผู้รับสนองพระราชโองการ",
         "บันทึกหลักการและเหตุผล", "หลักการ", "เหตุผล", "ร่าง", "พ.ศ. ....", "- ๒ -", "....", "บัญชีอัตรา",
         "พระราชบัญญัติ", "เรียกว่า “พระราชบัญญัติทดสอบ พ.ศ. ๒๕๖๘”"]
fragment = st.one_of(
    st.builds(lambda n: f"มาตรา {n}", DIGITS),
    st.builds(lambda n, m: f"มาตรา {n}/{m}", DIGITS, DIGITS),
    st.builds(lambda k, n: f"{k} {n}", st.sampled_from(["หมวด", "ส่วนที่", "ภาค", "ลักษณะ", "ตอน"]), DIGITS),
    st.builds(lambda n: f"({n})", DIGITS),
    DIGITS,
    st.sampled_from(WORDS),
    st.sampled_from(["\n", "\n", "\n\n", " ", "  ", "\t", "/", "(", ")", "\u0e34", "\u0e48", "ใบ", "-"]),
)
page_text = st.lists(fragment, max_size=40).map("".join) | any_text


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _is_subsequence(part: str, whole: str) -> bool:
    it = iter(whole)
    return all(c in it for c in part)


@FAST
@given(st.lists(page_text, min_size=1, max_size=4))
@example(["มาตรา ๑ ก\nมาตรา ๑\nมาตรา ๒ ข"])
def test_parse_draft_never_overlaps_sections(pages: list[str]) -> None:
    parsed = parse_draft([Page(i + 1, text) for i, text in enumerate(pages)])
    blocks = parsed.sections
    assert [b.order for b in blocks] == list(range(len(blocks)))
    for a, b in itertools.pairwise(blocks):
        assert a.page_end <= b.page_start, (a, b)
    for b in blocks:
        assert b.page_start <= b.page_end and b.text.strip()
    # every line goes to at most one block, in document order: the blocks' text, read in order,
    # is a subsequence of the pages' text
    assert _is_subsequence(_squeezed("".join(b.text for b in blocks)), _squeezed("".join(pages)))
    numbered = [b for b in blocks if b.block == "section"]
    keys = [section_sort_key(b.number) for b in numbered]
    assert keys == sorted(keys), [b.number for b in numbered]
    for b in numbered:
        if not b.number.startswith("บัญชี"):
            assert normalize_section_number(b.number_printed) == b.number
            assert b.text.startswith("มาตรา")


# --- transcripts --------------------------------------------------------------------------------

STAMP = st.builds(lambda h, m, s, ms, sep: f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}", st.integers(0, 2),
                  st.integers(0, 75), st.integers(0, 75), st.integers(0, 999), st.sampled_from([".", ","]))
cue_piece = st.one_of(
    st.just("WEBVTT"), st.just("WEBVTT - ชื่อ"), st.just("NOTE วันที่: ๙ เมษายน ๒๕๖๘"), st.just("STYLE"),
    st.builds(lambda a, b: f"{a} --> {b}", STAMP, STAMP), st.just("-->"), st.integers(0, 20).map(str),
    st.sampled_from(["<v คุณเอ>", "<v.loud คุณบี>", "</v>", "<b>", "&amp;", "&#x0e01;", "คุณสมชาย: ", "หมายเหตุ: ",
                     "[00:01:02] ", "10:30:00 ", "หัวข้อ: ประชุม", "วันที่: 31/02/2568", "ประชุมเรื่องกาก", ": "]),
    st.sampled_from(["\n", "\n", "\n\n", " ", "\r\n"]),
    thai_text,
)
transcript_text = st.one_of(st.lists(cue_piece, max_size=30).map("".join), any_text)


@settings(max_examples=300, deadline=None)
@given(transcript_text, st.sampled_from([".vtt", ".srt", ".txt"]), st.sampled_from(["utf-8", "utf-16", "cp874"]))
@example("1\n00:00:01,000 --> 00:00:00,500\nก\n", ".srt", "utf-8")
def test_read_transcript_never_crashes(text: str, suffix: str, encoding: str) -> None:
    try:
        raw = text.encode(encoding)
    except UnicodeEncodeError:
        raw = text.encode("utf-8")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"session-2568-03-12{suffix}"
        path.write_bytes(raw)
        try:
            transcript = read_transcript(path)
        except IngestError as exc:
            assert str(exc) and "\n" not in str(exc)
            return
    assert transcript.turns and transcript.fmt in ("vtt", "srt", "txt")
    for i, turn in enumerate(transcript.turns):
        assert turn.index == i and "\n" not in turn.speaker
        if turn.start is not None and turn.end is not None:
            assert 0 <= turn.start <= turn.end


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200), st.sampled_from([".vtt", ".srt", ".txt"]))
def test_read_transcript_never_crashes_on_bytes(raw: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"notes{suffix}"
        path.write_bytes(raw)
        try:
            read_transcript(path)
        except IngestError as exc:
            assert str(exc) and "\n" not in str(exc)
