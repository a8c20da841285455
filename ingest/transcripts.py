"""Staff-session transcripts → `Transcript`: Zoom WebVTT, SRT, or typed notes.

Speakers come from a `<v Name>` voice tag or a "Name: " prefix. A cue with neither is left
unattributed (speaker ""), even right after a named cue: putting words in a person's mouth is worse
in a cited answer than "unknown", and the chunker merges consecutive unattributed cues anyway.
Plain-text lines without a "Name: " prefix continue the previous turn (typed notes wrap by hand).

Files are UTF-8 (a BOM is fine), UTF-16 with a BOM, or the Thai Windows code page (cp874, a
superset of TIS-620) that Thai Windows tools still export. Every text goes through
`ingest.thai.normalize_text`. Problems raise `IngestError` with a one-line reason.
"""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

from ingest.models import IngestError, Transcript, Turn
from ingest.thai import normalize_text, to_arabic

_TIME = r"(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3}"
_TIMING_RE = re.compile(rf"^\s*({_TIME})\s*-->\s*({_TIME})(?:\s+.*)?$")
_TIME_PARTS_RE = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{2})[.,](\d{1,3})$")
_VOICE_RE = re.compile(r"<v(?:\.[^\s>]*)*\s+([^>]+)>")
_TAG_RE = re.compile(r"</?[^>\s][^>]*>")
_SPEAKER_RE = re.compile(r"^([^:：\[\]()<>]{1,40}?)\s*[:：]\s+(\S.*)$")
# "หมายเหตุ: ..." or "ประเด็นที่ 2: ..." in typed notes, or a URL, is not a speaker.
_NOT_SPEAKER_RE = re.compile(r"^(?:https?|ftp|mailto|note|หมายเหตุ|ประเด็น|ข้อ|สรุป|มติ|วาระ|หัวข้อ|เรื่อง)", re.I)
_CLOCK_RE = re.compile(r"^(?:\[((?:\d{1,2}:)?\d{1,2}:\d{2})\]|(\d{1,2}:\d{2}:\d{2}))\s+(.*)$")
_HEADER_RE = re.compile(
    r"^(หัวข้อ|เรื่อง|title|topic|วันที่|date|ผู้บันทึก|ผู้จดบันทึก|สถานที่|ผู้เข้าร่วม|recorder|location|attendees)"
    r"\s*[:：]\s*(.*)$",
    re.IGNORECASE,
)
_MONTH_NAMES = "มกราคม กุมภาพันธ์ มีนาคม เมษายน พฤษภาคม มิถุนายน กรกฎาคม สิงหาคม กันยายน ตุลาคม พฤศจิกายน ธันวาคม"
_MONTH_ABBR = "ม.ค. ก.พ. มี.ค. เม.ย. พ.ค. มิ.ย. ก.ค. ส.ค. ก.ย. ต.ค. พ.ย. ธ.ค."
_THAI_MONTHS = {name: i % 12 + 1 for i, name in enumerate(_MONTH_NAMES.split() + _MONTH_ABBR.split())}
_MONTH_ALT = "|".join(map(re.escape, sorted(_THAI_MONTHS, key=len, reverse=True)))
_THAI_DATE_RE = re.compile(rf"(\d{{1,2}})\s*({_MONTH_ALT})\s*(?:พ\.\s*ศ\.\s*)?(\d{{4}})")
_ISO_DATE_RE = re.compile(r"(?<!\d)(\d{4})[-_./](\d{1,2})[-_./](\d{1,2})(?!\d)")
_DMY_DATE_RE = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?!\d)")


def read_transcript(path: Path) -> Transcript:
    """Read a .vtt, .srt or plain-text transcript; the format is told by content, then suffix."""
    text = _decode(path.read_bytes()).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise IngestError("empty transcript")
    first = text.lstrip().split("\n", 1)[0]
    suffix = path.suffix.lower()
    if first.startswith("WEBVTT") or suffix == ".vtt":
        if not first.startswith("WEBVTT"):
            raise IngestError("unreadable VTT: no WEBVTT header on the first line")
        fmt, (title, day, turns, warnings) = "vtt", _cues(text.lstrip(), vtt=True)
    elif suffix == ".srt" or _looks_like_srt(text):
        fmt, (title, day, turns, warnings) = "srt", _cues(text, vtt=False)
    else:
        fmt, (title, day, turns, warnings) = "txt", _plain(text)
    if not turns:
        raise IngestError(f"unreadable {fmt.upper()}: no cues" if fmt != "txt" else "no speaker turns found")
    for i, turn in enumerate(turns):
        turn.index = i
    return Transcript(title or path.stem, day or _date_in(path.stem), turns, fmt, warnings)


def _decode(raw: bytes) -> str:
    if not raw.strip():
        raise IngestError("empty file")
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise IngestError("not readable text: a UTF-16 mark with invalid content") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("cp874")  # Thai Windows exports (TIS-620 plus a few punctuation marks)
    except UnicodeDecodeError:
        raise IngestError("not text: neither UTF-8 nor Thai Windows (cp874/TIS-620)") from None
    if "\x00" in text or not re.search("[\u0e01-\u0e5b]", text):
        raise IngestError("not text: neither UTF-8 nor Thai Windows (cp874/TIS-620)")
    return text


def _looks_like_srt(text: str) -> bool:
    lines = [ln for ln in text.split("\n") if ln.strip()][:3]
    return len(lines) >= 2 and lines[0].strip().isdigit() and "-->" in lines[1]


def _seconds(stamp: str) -> float:
    m = _TIME_PARTS_RE.match(stamp)
    assert m
    hours, minutes, secs, frac = m.groups()
    if int(minutes) > 59 or int(secs) > 59:
        raise ValueError(stamp)
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(secs) + int(frac.ljust(3, "0")) / 1000


def _cues(text: str, *, vtt: bool) -> tuple[str, str | None, list[Turn], list[str]]:
    """Cue blocks of a WebVTT or SRT file; NOTE lines may carry a title and a date."""
    lines = text.split("\n")
    title, day, warnings = "", None, []
    if vtt:
        title = lines[0].removeprefix("\ufeff")[6:].strip(" -\t:")
    turns: list[Turn] = []
    i = 1 if vtt else 0
    while i < len(lines):
        while i < len(lines) and not lines[i].strip():
            i += 1
        start_line = i
        block: list[str] = []
        while i < len(lines) and lines[i].strip():
            block.append(lines[i].strip())
            i += 1
        if not block:
            break
        head = block[0]
        header = start_line == 1 and "-->" not in " ".join(block[:2])  # "Kind: captions" after WEBVTT
        if vtt and (head.startswith(("NOTE", "STYLE", "REGION")) or header):
            for line in block if head.startswith("NOTE") else []:
                title, day = _header_value(line.removeprefix("NOTE").strip(), title, day)
            continue
        timing = next((k for k, line in enumerate(block[:2]) if "-->" in line), None)
        if timing is None:
            warnings.append(f"line {start_line + 1}: a block without a timing line was skipped")
            continue
        turn = _cue(block[timing], block[timing + 1 :], start_line + timing + 1)
        if turn.text:
            turns.append(turn)
    return title, day, turns, warnings


def _cue(timing: str, body: list[str], line_no: int) -> Turn:
    m = _TIMING_RE.match(timing)
    try:
        if not m:
            raise ValueError(timing)
        start, end = _seconds(m.group(1)), _seconds(m.group(2))
    except ValueError:
        raise IngestError(f"line {line_no}: malformed timestamp {timing.strip()[:60]!r}") from None
    if end < start:
        raise IngestError(f"line {line_no}: cue ends ({m.group(2)}) before it starts ({m.group(1)})")
    raw = " ".join(body)
    voice = _VOICE_RE.search(raw)
    text = normalize_text(html.unescape(_TAG_RE.sub("", raw)))
    speaker = normalize_text(voice.group(1)) if voice else ""
    if not voice:
        speaker, text = _split_speaker(text)
    return Turn(speaker, text, start, end)


def _split_speaker(line: str) -> tuple[str, str]:
    m = _SPEAKER_RE.match(line)
    if not m or _NOT_SPEAKER_RE.match(m.group(1)) or len(m.group(1).split()) > 5:
        return "", line
    return m.group(1).strip(), m.group(2).strip()


def _header_value(line: str, title: str, day: str | None) -> tuple[str, str | None]:
    m = _HEADER_RE.match(line)
    if not m:
        return title, day
    key, value = m.group(1).lower(), normalize_text(m.group(2))
    if key in ("วันที่", "date"):
        return title, parse_date(value) or day
    if key in ("หัวข้อ", "เรื่อง", "title", "topic"):
        return title or value, day
    return title, day


def _plain(text: str) -> tuple[str, str | None, list[Turn], list[str]]:
    """Typed notes: optional หัวข้อ:/วันที่: header lines, then "Speaker: text" lines."""
    title, day, warnings = "", None, []
    lines = normalize_text(text).split("\n")
    k = 0
    while k < len(lines) and (not lines[k].strip() or _HEADER_RE.match(lines[k].strip())):
        if lines[k].strip():
            title, day = _header_value(lines[k].strip(), title, day)
            m = _HEADER_RE.match(lines[k].strip())
            if m and m.group(1).lower() in ("วันที่", "date") and not day:
                warnings.append(f"line {k + 1}: date not understood: {m.group(2)[:40]!r}")
        k += 1
    turns: list[Turn] = []
    for line in (ln.strip() for ln in lines[k:]):
        if not line:
            continue
        start = None
        if clock := _CLOCK_RE.match(line):  # "[00:14:05] คุณเอ: ..." (a bare 10:30 is a wall clock)
            start, line = _clock_seconds(clock.group(1) or clock.group(2)), clock.group(3)
        speaker, body = _split_speaker(line)
        if speaker or not turns:
            turns.append(Turn(speaker, body, start, None))
        else:
            turns[-1].text += " " + body
    return title, day, turns, warnings


def _clock_seconds(clock: str) -> float:
    parts = [int(p) for p in clock.split(":")]
    return float(sum(p * 60**i for i, p in enumerate(reversed(parts))))


def parse_date(value: str) -> str | None:
    """'๙ เมษายน ๒๕๖๘' / '9 เม.ย. 2568' / '2025-04-09' / '09/04/2568' → '2025-04-09' (พ.ศ. − 543)."""
    value = to_arabic(value)
    if m := _THAI_DATE_RE.search(value):
        d, mo, y = int(m.group(1)), _THAI_MONTHS[m.group(2)], int(m.group(3))
    elif m := _ISO_DATE_RE.search(value):
        y, mo, d = (int(g) for g in m.groups())
    elif m := _DMY_DATE_RE.search(value):
        d, mo, y = (int(g) for g in m.groups())
    else:
        return None
    try:
        return date(y - 543 if y > 2400 else y, mo, d).isoformat()
    except ValueError:
        return None


def _date_in(stem: str) -> str | None:
    """A date in a file name: mind-meetup-2568-03-12 → 2025-03-12."""
    m = _ISO_DATE_RE.search(to_arabic(stem))
    return parse_date(m.group(0).replace("_", "-")) if m else None
