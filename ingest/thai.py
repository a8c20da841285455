"""Thai text helpers: digits and legal numbering.

Page-level repair of extracted text (PUA glyphs, sara am, invented spaces) lives in
`normalize_text` below; numbering helpers are shared by the parser and the service.
"""

from __future__ import annotations

import re
import unicodedata

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_THAI_DIGIT = re.compile("[๐-๙]")
_TO_ARABIC = str.maketrans(THAI_DIGITS, "0123456789")
_TO_THAI = str.maketrans("0123456789", THAI_DIGITS)

# Latin-numbered suffixes used in Thai law: มาตรา ๓ ทวิ, ๓ ตรี, ...
SECTION_SUFFIXES = (
    "ทวิ",
    "ตรี",
    "จัตวา",
    "เบญจ",
    "ฉ",
    "สัตต",
    "อัฏฐ",
    "นว",
    "ทศ",
    "เอกาทศ",
    "ทวาทศ",
    "เตรส",
    "จตุทศ",
    "ปัณรส",
    "โสฬส",
    "สัตตรส",
    "อัฏฐารส",
)


def to_arabic(text: str) -> str:
    """Replace Thai digits ๐–๙ with Arabic 0–9; everything else is untouched."""
    return text.translate(_TO_ARABIC)


def to_thai_digits(text: str) -> str:
    return text.translate(_TO_THAI)


def uses_thai_digits(text: str) -> bool:
    return _THAI_DIGIT.search(text) is not None


_SUFFIX_RE = "|".join(sorted(SECTION_SUFFIXES, key=len, reverse=True))
_NUM_RE = re.compile(rf"^\s*([0-9๐-๙]+)\s*(?:/\s*([0-9๐-๙]+))?\s*(?:({_SUFFIX_RE})(?![ก-๛]))?\s*$")


def normalize_section_number(printed: str) -> str:
    """'๒๒/๑' → '22/1', '๓ ทวิ' → '3 ทวิ', '12' → '12'. Raises ValueError if not a number."""
    m = _NUM_RE.match(printed)
    if not m:
        raise ValueError(f"not a section number: {printed!r}")
    out = to_arabic(m.group(1)).lstrip("0") or "0"
    if m.group(2):
        out += "/" + (to_arabic(m.group(2)).lstrip("0") or "0")
    if m.group(3):
        out += " " + m.group(3)
    return out


def section_sort_key(number: str) -> tuple[int, int, int]:
    """Order normalised section numbers: 3 < 3 ทวิ < 3 ตรี < 4 < 4/1."""
    m = _NUM_RE.match(number)
    if not m:
        return (10**9, 0, 0)
    base = int(to_arabic(m.group(1)))
    sub = int(to_arabic(m.group(2))) if m.group(2) else 0
    suffix = SECTION_SUFFIXES.index(m.group(3)) + 1 if m.group(3) else 0
    return (base, sub, suffix)


# --- Page-level repair of extracted text -------------------------------------------------

_THAI_MARKS = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
_TONES = "\u0e48-\u0e4c"
_UPPER_VOWELS = "\u0e31\u0e34-\u0e37\u0e47"
_CONSONANTS = "\u0e01-\u0e2e"
_SARA_AM = "\u0e33"


def _pua_table() -> dict[int, str]:
    """Shifted-glyph code points of TH Sarabun-style (Windows, F7xx) and Mac (F8xx) Thai fonts."""
    win = {0xF700: 0x0E10, 0xF70F: 0x0E0D, 0xF710: 0x0E31, 0xF711: 0x0E4D, 0xF712: 0x0E47}
    win |= {0xF701 + i: 0x0E34 + i for i in range(4)}
    for start in (0xF705, 0xF70A, 0xF713):
        win |= {start + i: 0x0E48 + i for i in range(5)}
    win |= {0xF718 + i: 0x0E38 + i for i in range(3)}
    mac = {0xF884: 0x0E31, 0xF889: 0x0E47, 0xF899: 0x0E4D, 0xF89A: 0x0E0D, 0xF89E: 0x0E10}
    mac |= {0xF885 + i: 0x0E34 + i for i in range(4)}
    mac |= {0xF88A + i: 0x0E48 + i // 3 for i in range(15)}
    mac |= {0xF89B + i: 0x0E38 + i for i in range(3)}
    return {k: chr(v) for k, v in (win | mac).items()}


PUA_TO_THAI: dict[int, str] = _pua_table()

_CONTROLS = "".join(chr(c) for c in range(32) if chr(c) not in "\t\n\r")
_INVISIBLE = _CONTROLS + "\x7f\u00ad\u200b\u200c\u200d\u2060\ufeff"
_ODD_SPACES = "\t\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_ZERO_WIDTH = dict.fromkeys(map(ord, _INVISIBLE))
_SPACES = dict.fromkeys(map(ord, _ODD_SPACES), " ")
_WHITESPACE_TABLE = _ZERO_WIDTH | _SPACES

_SPACE_BEFORE_MARK = re.compile(rf"(?<=[\u0e01-\u0e4e]) +(?=[{_THAI_MARKS}])")
_TONE_BEFORE_VOWEL = re.compile(rf"([{_TONES}]+)([{_UPPER_VOWELS}])")  # a run: one pass moves the vowel
_DOUBLED_MARK = re.compile(rf"([{_THAI_MARKS}{_SARA_AM}])\1+")
_SPLIT_AM = re.compile(rf"\u0e4d([{_TONES}]?)\u0e32")
_AM_BEFORE_TONE = re.compile(rf"{_SARA_AM}([{_TONES}])")
_AM_DOUBLE_AA = re.compile(rf"{_SARA_AM}\u0e32+")
_FFFD_AM = re.compile(rf"(?<=[{_CONSONANTS}])([{_TONES}]?)\ufffd([{_TONES}]?)\u0e32")
_FFFD_AFTER_MARK = re.compile(rf"(?<=[{_THAI_MARKS}])\ufffd")
_SPACE_RUN = re.compile(r" {2,}")
_LINE_EDGE_SPACES = re.compile(r" *\n *")
_BLANK_LINES = re.compile(r"\n{3,}")


def _repair_marks(text: str) -> str:
    text = _SPACE_BEFORE_MARK.sub("", text)
    text = _TONE_BEFORE_VOWEL.sub(r"\2\1", text)
    text = _DOUBLED_MARK.sub(r"\1", text)
    text = _SPLIT_AM.sub(rf"\1{_SARA_AM}", text)
    text = _FFFD_AM.sub(rf"\1\2{_SARA_AM}", text)
    text = _FFFD_AFTER_MARK.sub("", text)
    text = _AM_BEFORE_TONE.sub(rf"\1{_SARA_AM}", text)
    return _AM_DOUBLE_AA.sub(_SARA_AM, text)


def normalize_text(text: str, *, keep_layout: bool = False) -> str:
    """Repair what PDF extractors do to Thai and tidy whitespace; idempotent.

    Order matters (see THAI.md): PUA → NFC → spaces before marks → mark order →
    doubled marks → sara am → U+FFFD in the sara-am slot, then NFC again (repeated until
    stable, as one repair can expose another: a vowel moved before a tone mark can leave
    that tone before ุ/ู, which NFC orders) → whitespace. Digits are never converted, and
    NFKC/NFKD are never used (they split every ำ).

    With `keep_layout`, what a PDF extractor says about a line's edges stays: a line
    that ends in whitespace keeps one space (it wrapped at a space), and a line that
    starts with a tab keeps one tab (it is indented: it opens a paragraph).
    """
    text = text.translate(PUA_TO_THAI)
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    indents = [_indented(line) for line in text.split("\n")] if keep_layout else []
    text = text.translate(_WHITESPACE_TABLE)
    for _ in range(len(text) + 1):  # every pass shortens the text or moves a mark into place
        before = text
        text = unicodedata.normalize("NFC", _repair_marks(text))  # a moved vowel can expose marks to reorder
        if text == before:
            break
    if keep_layout:  # the repairs never add or remove a line
        lines = map(_layout_line, text.split("\n"), indents)
        return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip("\n")
    text = _SPACE_RUN.sub(" ", text)
    text = _LINE_EDGE_SPACES.sub("\n", text)
    return _BLANK_LINES.sub("\n\n", text).strip()


def _indented(line: str) -> bool:
    return "\t" in line[: len(line) - len(line.lstrip())]


def _layout_line(line: str, indent: bool) -> str:
    core = _SPACE_RUN.sub(" ", line).strip(" ")
    if not core:
        return ""
    return ("\t" if indent else "") + core + (" " if line.endswith(" ") else "")


_PUA_CHARS = "".join(chr(c) for c in sorted(PUA_TO_THAI))
_THAI_CHAR = "\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e45\u0e47-\u0e4e" + _PUA_CHARS
_THAI_SPACE_THAI = re.compile(rf"(?<=[{_THAI_CHAR}]) (?=[{_THAI_CHAR}])")
_THAI_THAI = re.compile(rf"(?<=[{_THAI_CHAR}])(?=[{_THAI_CHAR}])")
LETTER_SPACED_RATIO = 0.3


def thai_space_ratio(text: str) -> float:
    """Share of junctions between two Thai characters that carry a single space.

    Born-digital Thai sits at ≤ 0.03 (spaces only between phrases); letter-spaced
    ("Thai Distributed") text, or text an extractor spaced out, is far above 0.3.
    """
    spaced = len(_THAI_SPACE_THAI.findall(text))
    joined = len(_THAI_THAI.findall(text))
    return spaced / (spaced + joined) if spaced + joined else 0.0


def drop_invented_spaces(text: str, threshold: float = LETTER_SPACED_RATIO, min_spaces: int = 3) -> str:
    """Remove single spaces between Thai characters on lines that look letter-spaced.

    A line qualifies with a Thai-space-Thai ratio above `threshold` and at least
    `min_spaces` such spaces (a short list like "ลุง ป้า น้า อา" sits at 0.3). A run of
    two or more spaces is kept as one word space; other lines are returned untouched.
    """
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if thai_space_ratio(line) > threshold and len(_THAI_SPACE_THAI.findall(line)) >= min_spaces:
            line = _THAI_SPACE_THAI.sub("", line)
            lines[i] = _SPACE_RUN.sub(" ", line)
    return "\n".join(lines)


_SPACED_AM = re.compile(rf"(?<=[{_CONSONANTS}])([{_TONES}]?) \u0e32")


def repair_spaced_am(text: str) -> str:
    """'จัดท าบัญชี' → 'จัดทำบัญชี': a font whose ToUnicode maps the nikhahit of ำ to a space.

    No Thai word starts with า, so a space before it on an ordinary (not
    letter-spaced) line can only be that broken glyph; letter-spaced lines are left alone.
    """
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if " \u0e32" in line and thai_space_ratio(line) <= LETTER_SPACED_RATIO:
            lines[i] = _SPACED_AM.sub(rf"\1{_SARA_AM}", line)
    return "\n".join(lines)


_ANY_SPACE = re.compile(r"\s")
_GARBLE_CANDIDATE = re.compile("[\ue000-\uf8ff\ufffd]")


def garbled_ratio(text: str) -> float:
    """Share of non-space characters that no repair can map: U+FFFD and unmapped PUA."""
    visible = len(text) - len(_ANY_SPACE.findall(text))
    if not visible:
        return 0.0
    bad = [c for c in _GARBLE_CANDIDATE.findall(text) if ord(c) not in PUA_TO_THAI]
    return len(bad) / visible
