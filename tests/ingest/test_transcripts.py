"""read_transcript on small Zoom WebVTT, SRT and typed-note files."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.models import IngestError
from ingest.transcripts import parse_date, read_transcript

ZOOM_VTT = """WEBVTT

1
00:14:05.000 --> 00:14:09.500
คุณสุภัตรา: สวัสดีค่ะ วันนี้เราจะคุยเรื่อง
ร่างพระราชบัญญัติจัดการกากอุตสาหกรรม

2
00:14:10.000 --> 00:14:12.000
คุณวิชัย: ใครต้องจัดทำเอกสารกำกับการขนส่งครับ

3
00:14:12.500 --> 00:14:13.000
(เสียงหัวเราะ)
"""


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def test_zoom_vtt_speakers_times_title_and_date_from_file_name(tmp_path):
    t = read_transcript(write(tmp_path, "mind-meetup-2568-03-12.vtt", ZOOM_VTT))
    assert (t.fmt, t.title, t.date) == ("vtt", "mind-meetup-2568-03-12", "2025-03-12")
    assert [(x.speaker, x.start, x.end, x.index) for x in t.turns] == [
        ("คุณสุภัตรา", 845.0, 849.5, 0),
        ("คุณวิชัย", 850.0, 852.0, 1),
        ("", 852.5, 853.0, 2),  # no label: left unattributed, not given to the previous speaker
    ]
    assert t.turns[0].text == "สวัสดีค่ะ วันนี้เราจะคุยเรื่อง ร่างพระราชบัญญัติจัดการกากอุตสาหกรรม"


def test_vtt_with_bom_note_voice_tags_settings_and_short_times(tmp_path):
    vtt = "\ufeffWEBVTT - MIND Community Meet Up\nKind: captions\n\nNOTE วันที่: ๙ เมษายน ๒๕๖๘\n\nSTYLE\n::cue { color: yellow }\n\n"
    vtt += "00:01.000 --> 00:04.250 align:start position:10%\n<v คุณสุภัตรา>สวัสดี<c.yellow>ค่ะ</c></v>\n\n"
    vtt += "intro-2\n00:05.000 --> 00:07.000\n<v.loud คุณวิชัย>ครับ <00:00:06.000>ผม&amp;ทีมงาน</v>\n"
    t = read_transcript(write(tmp_path, "session.vtt", vtt))
    assert (t.title, t.date) == ("MIND Community Meet Up", "2025-04-09")
    assert [(x.speaker, x.text, x.start, x.end) for x in t.turns] == [
        ("คุณสุภัตรา", "สวัสดีค่ะ", 1.0, 4.25),
        ("คุณวิชัย", "ครับ ผม&ทีมงาน", 5.0, 7.0),
    ]


def test_srt_with_speaker_prefix_and_tags(tmp_path):
    srt = "1\n00:00:01,000 --> 00:00:04,000\nคุณสุภัตรา: สวัสดีค่ะ\n\n2\n00:00:05,000 --> 00:00:07,500\n<i>เสียงปรบมือ</i>\n"
    t = read_transcript(write(tmp_path, "meeting.srt", srt))
    assert t.fmt == "srt" and t.date is None and t.title == "meeting"
    assert [(x.speaker, x.text, x.start, x.end) for x in t.turns] == [
        ("คุณสุภัตรา", "สวัสดีค่ะ", 1.0, 4.0),
        ("", "เสียงปรบมือ", 5.0, 7.5),
    ]


def test_plain_text_header_thai_date_and_continuation_lines(tmp_path):
    txt = "\n".join(
        [
            "หัวข้อ: MIND Community Meet Up ครั้งที่ 3",
            "วันที่: ๙ เมษายน ๒๕๖๘",
            "",
            "คุณสุภัตรา: วันนี้เราจะคุยเรื่องร่างกฎหมาย",
            "เรื่องกากอุตสาหกรรมค่ะ",
            "หมายเหตุ: ช่วงนี้เสียงขาดหาย",
            "[00:14:05] คุณวิชัย: ขอถามเรื่องบทลงโทษครับ",
        ]
    )
    t = read_transcript(write(tmp_path, "notes-2568-01-01.txt", txt))
    assert (t.fmt, t.title, t.date) == ("txt", "MIND Community Meet Up ครั้งที่ 3", "2025-04-09")
    assert [(x.speaker, x.text, x.start) for x in t.turns] == [
        ("คุณสุภัตรา", "วันนี้เราจะคุยเรื่องร่างกฎหมาย เรื่องกากอุตสาหกรรมค่ะ หมายเหตุ: ช่วงนี้เสียงขาดหาย", None),
        ("คุณวิชัย", "ขอถามเรื่องบทลงโทษครับ", 845.0),
    ]


def test_cp874_thai_windows_export_is_decoded(tmp_path):
    t = read_transcript(write(tmp_path, "notes.txt", "คุณสุภัตรา: สวัสดีค่ะ\n".encode("cp874")))
    assert [(x.speaker, x.text) for x in t.turns] == [("คุณสุภัตรา", "สวัสดีค่ะ")]


def test_text_is_normalised(tmp_path):
    t = read_transcript(write(tmp_path, "n.txt", "คุณเอ: ทํางาน\u200b  ร่วมกัน"))  # split sara am, zero width
    assert t.turns[0].text == "ทำงาน ร่วมกัน"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.vtt", "", "empty"),
        ("blank.txt", "  \n\n", "empty"),
        ("noheader.vtt", "00:00:01.000 --> 00:00:02.000\nสวัสดี\n", "no WEBVTT header"),
        ("nocues.vtt", "WEBVTT\n\nNOTE ไม่มีคำบรรยาย\n", "unreadable VTT: no cues"),
        ("badtime.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:0x.000\nสวัสดี\n", "line 3: malformed timestamp"),
        ("minutes.srt", "1\n00:75:01,000 --> 00:75:02,000\nสวัสดี\n", "line 2: malformed timestamp"),
        ("backwards.vtt", "WEBVTT\n\n00:00:05.000 --> 00:00:01.000\nสวัสดี\n", "line 3: cue ends"),
        ("binary.txt", b"\x81\xfe\xff\x00\xdb", "neither UTF-8 nor Thai Windows"),
    ],
)
def test_errors_are_one_line_ingest_errors(tmp_path, name, content, message):
    with pytest.raises(IngestError) as exc:
        read_transcript(write(tmp_path, name, content))
    assert message in str(exc.value) and "\n" not in str(exc.value)


def test_parse_date_forms():
    assert parse_date("๙ เมษายน ๒๕๖๘") == "2025-04-09"
    assert parse_date("วันพุธที่ 12 มี.ค. พ.ศ. 2568") == "2025-03-12"
    assert parse_date("2025-04-09") == "2025-04-09"
    assert parse_date("09/04/2568") == "2025-04-09"
    assert parse_date("31 กุมภาพันธ์ 2568") is None
    assert parse_date("ไม่ระบุ") is None
