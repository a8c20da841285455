"""Document kinds: guessed from the title, named by the manifest, checked against the file type."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.cli import structure_dict
from ingest.kinds import KINDS, guess_kind
from ingest.manifest import Manifest, ManifestEntry, doc_info
from ingest.models import IngestError
from ingest.pipeline import collect_files, parse_file
from tests.conftest import CORPUS, make_settings
from tests.ingest.wordgen import new_document

PDF, DOCX, TXT = Path("a.pdf"), Path("a.docx"), Path("a.txt")


@pytest.mark.parametrize(("title", "kind"), [
    ("ร่างพระราชบัญญัติจัดการกากอุตสาหกรรม พ.ศ. ....", "draft"),
    ("(ร่าง) กฎกระทรวงกำหนดหลักเกณฑ์การเก็บรักษากาก", "draft"),
    ("ร่าง\nพระราชบัญญัติ\nจัดการกากอุตสาหกรรม", "draft"),  # the title's lines as printed
    ("พระราชบัญญัติโรงงาน พ.ศ. ๒๕๓๕", "act"),
    ("พระราชกำหนดการประมง พ.ศ. ๒๕๕๘", "act"),
    ("กฎกระทรวงกำหนดประเภทของโรงงาน พ.ศ. ๒๕๖๓", "regulation"),
    ("ประกาศกระทรวงอุตสาหกรรม เรื่อง การกำจัดสิ่งปฏิกูล ตามพระราชบัญญัติโรงงาน", "regulation"),
    ("ระเบียบกรมโรงงานอุตสาหกรรมว่าด้วยการขนส่งกาก", "regulation"),
    ("คำสั่งกรมโรงงานอุตสาหกรรม ที่ ๑/๒๕๖๘", "regulation"),
    ("ระเบียบวาระการประชุมครั้งที่ ๑", "draft"),  # an agenda, not a ระเบียบ: no type word, as before
    ("waste-act-v3", "draft"),
])
def test_guess_from_the_title(title: str, kind: str) -> None:
    assert guess_kind(PDF, title) == kind
    assert guess_kind(DOCX, title) == kind


def test_guess_from_the_first_lines_when_the_title_says_nothing() -> None:
    lead = "เล่ม ๑๔๒ ตอนพิเศษ ๑๒๓ ง หน้า ๑ ราชกิจจานุเบกษา\nประกาศกระทรวงการคลัง\nเรื่อง ..."
    assert guess_kind(PDF, "scan-0001", lead) == "regulation"
    memo_first = "บันทึกหลักการและเหตุผล\nประกอบร่างพระราชบัญญัติจัดการกากอุตสาหกรรม พ.ศ. ...."
    assert guess_kind(PDF, "", memo_first) == "draft"


def test_sessions_stay_transcripts() -> None:
    """.txt typed notes were transcripts before kinds; a guess keeps them so (note only when named)."""
    for ext in (".txt", ".vtt", ".srt"):
        assert guess_kind(Path("n" + ext), "ร่างพระราชบัญญัติ") == "transcript"


def test_manifest_accepts_every_kind_and_refuses_others(tmp_path: Path) -> None:
    listed = "\n".join(f"  f-{k}.pdf: {{kind: {k}}}" for k in KINDS)
    (tmp_path / "manifest.yaml").write_text(f"documents:\n{listed}\n", encoding="utf-8")
    m = Manifest.load(tmp_path / "manifest.yaml")
    assert [m.entries[f"f-{k}.pdf"].kind for k in KINDS] == list(KINDS)
    (tmp_path / "manifest.yaml").write_text("documents:\n  a.pdf: {kind: law}\n", encoding="utf-8")
    with pytest.raises(IngestError, match="kind must be one of draft, act, regulation, transcript, note"):
        Manifest.load(tmp_path / "manifest.yaml")


def test_a_named_kind_is_part_of_the_version_uid() -> None:
    a = doc_info(PDF, ManifestEntry(key="k", version="1"), "hash")
    b = doc_info(PDF, ManifestEntry(key="k", version="1", kind="act"), "hash")
    assert a.version_uid != b.version_uid  # re-ingesting under another kind publishes it


def _docx(path: Path, lines: list[str]) -> Path:
    d = new_document()
    for line in lines:
        d.add_paragraph(line)
    d.save(str(path))
    return path


def test_parse_file_guesses_names_and_refuses(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "data", embed_backend="hash")
    act = _docx(tmp_path / "factory-act.docx", ["พระราชบัญญัติ", "โรงงาน", "พ.ศ. ๒๕๓๕",
                                                "มาตรา ๑ พระราชบัญญัตินี้เรียกว่า “พระราชบัญญัติโรงงาน พ.ศ. ๒๕๓๕”"])
    parsed = parse_file(act, Manifest.empty(), settings)
    assert parsed.doc.kind == "act" and parsed.doc.title == "พระราชบัญญัติโรงงาน พ.ศ. ๒๕๓๕"
    meta = parsed.chunks[-1].metadata
    assert (meta["kind"], meta["locator"], meta["page_start"]) == ("act", "paragraph", 4)
    dry = structure_dict(act, parsed)  # the dry run counts a Word file's paragraphs, not pages
    assert (dry["kind"], dry["pages"], dry["paragraphs"], dry["title"]) == ("act", 0, 4, parsed.doc.title)
    pdf = parse_file(CORPUS / "drafts" / "waste-act-draft-v2.pdf", Manifest.empty(), settings)
    assert pdf.doc.kind == "draft" and pdf.chunks[0].metadata["locator"] == "page"
    note = tmp_path / "meeting.txt"
    note.write_text("คุณสมชาย: ประเด็นการขนส่งกาก\n", encoding="utf-8")
    named = Manifest({"meeting.txt": ManifestEntry(kind="note"), "factory-act.docx": ManifestEntry(kind="transcript")},
                     tmp_path)
    assert parse_file(note, named, settings).chunks[0].metadata["kind"] == "note"
    assert parse_file(note, Manifest.empty(), settings).doc.kind == "transcript"
    with pytest.raises(IngestError, match="read as a document"):
        parse_file(act, named, settings)
    legacy = tmp_path / "old-draft.doc"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    with pytest.raises(IngestError, match=r"legacy Word \.doc file: .* save it as \.docx"):
        parse_file(legacy, Manifest.empty(), settings)
    assert legacy in collect_files([tmp_path])  # a folder's .doc is reported, not skipped
