"""Versions compared end to end: real PDFs ingested into a private index (hashing embedder), read
back from the store, compared; and the `python -m ingest diff` command over the same index.

A third version, made here from corpus/src/draft-v2.txt and never added to corpus/, inserts a
section after มาตรา ๑๐ and numbers every later one up by one (the cross-references inside the text
stay as they were: only the numbering moves).
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.diff import diff_from_store
from ingest.pipeline import ingest_paths
from ingest.settings import Settings
from ingest.store import Store
from ingest.thai import to_arabic, to_thai_digits
from tests.conftest import CORPUS, PYTHON, ROOT, make_settings

DRAFT = "waste-act-draft"
V2, AGAIN, V3 = "ฉบับที่ ๒", "ฉบับที่ ๒ (นำเข้าซ้ำ)", "ฉบับที่ ๓ (ทดสอบ)"
INSERTED = ("ให้คณะกรรมการจัดทำรายงานผลการปฏิบัติงานประจำปีเสนอต่อรัฐมนตรีภายในเก้าสิบวันนับแต่วันสิ้นปีงบประมาณ "
            "และเผยแพร่ให้ประชาชนทราบ")
_HEAD = re.compile(r"^มาตรา ([๐-๙]+)(?=(?:/[๐-๙]+)?(?: ทวิ)?  )")  # a section head: two spaces after it


def third_version(source: str) -> str:
    """draft-v2 with a section inserted after มาตรา ๑๐ and every later section head renumbered."""
    out = []
    for line in source.splitlines():
        m = _HEAD.match(line)
        if m:
            n = int(to_arabic(m.group(1)))
            if n == 11:
                out += [f"มาตรา {to_thai_digits('11')}  {INSERTED}", ""]
            if n >= 11:
                line = f"มาตรา {to_thai_digits(str(n + 1))}{line[m.end():]}"
        out.append(line)
    return "\n".join(out).replace("@date: 2025-06-16", "@date: 2025-09-01") + "\n"


def _build_pdf(text: str, folder: Path) -> Path:
    spec = importlib.util.spec_from_file_location("corpus_build_pdfs", CORPUS / "build_pdfs.py")
    assert spec and spec.loader
    build = sys.modules.setdefault("corpus_build_pdfs", importlib.util.module_from_spec(spec))
    spec.loader.exec_module(build)  # registered first: its dataclasses look their module up
    src_file = folder / "draft-v3.txt"
    src_file.write_text(text, encoding="utf-8")
    data, _ = build.render(build.parse_source(src_file))
    pdf = folder / "waste-act-draft-v3.pdf"
    pdf.write_bytes(data)
    return pdf


@pytest.fixture(scope="module")
def versions_index(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    root = tmp_path_factory.mktemp("versions")
    docs = root / "docs"
    docs.mkdir()
    shutil.copy(CORPUS / "drafts" / "waste-act-draft-v2.pdf", docs / "v2.pdf")
    shutil.copy(CORPUS / "drafts" / "waste-act-draft-v2.pdf", docs / "v2-again.pdf")
    _build_pdf(third_version((CORPUS / "src" / "draft-v2.txt").read_text(encoding="utf-8")), root).rename(
        docs / "v3.pdf")
    title = "ร่างพระราชบัญญัติจัดการกากอุตสาหกรรม พ.ศ. ...."
    (docs / "manifest.yaml").write_text(
        "documents:\n"
        f'  v2.pdf: {{key: {DRAFT}, title: "{title}", version: "{V2}", date: 2025-06-16, kind: draft}}\n'
        f'  v2-again.pdf: {{key: {DRAFT}, title: "{title}", version: "{AGAIN}", date: 2025-07-01, kind: draft}}\n'
        f'  v3.pdf: {{key: {DRAFT}, title: "{title}", version: "{V3}", date: 2025-09-01, kind: draft}}\n',
        encoding="utf-8")
    settings = make_settings(root / "data", embed_backend="hash")
    report = ingest_paths([docs], settings)
    assert report.ok, [f.reason for f in report.failed]
    return settings


def test_third_version_source_inserts_one_section() -> None:
    text = third_version((CORPUS / "src" / "draft-v2.txt").read_text(encoding="utf-8"))
    heads = [to_arabic(m.group(1)) for m in map(_HEAD.match, text.splitlines()) if m]
    assert heads[9:13] == ["10", "11", "12", "13"] and INSERTED in text


def test_inserted_section_shows_as_renumbering(versions_index: Settings) -> None:
    d = diff_from_store(Store(versions_index, None), DRAFT, V2, V3)
    counts = d.counts()
    assert counts["added"] == 1 and counts["amended"] == 0 and counts["removed"] == 0
    assert counts["renumbered"] == 75 and counts["unchanged"] == 10
    added = next(u for u in d.units if u.status == "added")
    assert added.new.number == "11" and INSERTED[:30] in added.new.text
    s = d.section("27")  # the manifest retention section, มาตรา ๒๖ in ฉบับที่ ๒
    assert s is not None and s.status == "renumbered" and s.old.number == "26"
    assert s.summary == "มาตรา ๒๖ เดิม เปลี่ยนเป็นมาตรา ๒๗ ข้อความไม่เปลี่ยน"
    assert {u.status for u in d.units if u.kind != "section"} == {"unchanged"}


def test_same_pdf_under_a_new_label_has_no_changes(versions_index: Settings) -> None:
    d = diff_from_store(Store(versions_index, None), DRAFT, V2, AGAIN)
    assert d.changed() == []
    assert d.counts() == {"amended": 0, "added": 0, "removed": 0, "renumbered": 0, "unchanged": 85}


def test_default_compares_the_latest_with_the_version_before(versions_index: Settings) -> None:
    d = diff_from_store(Store(versions_index, None), DRAFT)
    assert (d.old.label, d.new.label) == (AGAIN, V3)


def _cli(settings: Settings, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([PYTHON, "-m", "ingest", "diff", *args, "--data-dir", str(settings.data_dir)],
                          cwd=ROOT, capture_output=True, timeout=300)


def test_cli_diff_text_json_docx_and_errors(versions_index: Settings, tmp_path: Path) -> None:
    text = _cli(versions_index, DRAFT, "--from", V2, "--to", V3)
    assert text.returncode == 0, text.stderr.decode()
    out = text.stdout.decode()
    assert "sections: amended 0, added 1, removed 0, renumbered 75, unchanged 10" in out
    assert re.search(r"renumbered\s+มาตรา ๒๖ → มาตรา ๒๗\s+มาตรา ๒๖ เดิม", out)

    js = _cli(versions_index, DRAFT, "--from", V2, "--to", AGAIN, "--format", "json")
    assert js.returncode == 0
    body = json.loads(js.stdout)
    assert body["from"]["version"] == V2 and body["to"]["version"] == AGAIN and len(body["sections"]) > 85
    assert {s["status"] for s in body["sections"]} == {"unchanged"}

    target = tmp_path / "diff.docx"
    word = _cli(versions_index, DRAFT, "--from", V2, "--to", V3, "--format", "docx", "-o", str(target))
    assert word.returncode == 0 and target.stat().st_size > 5000
    from docx import Document

    assert len(Document(str(target)).tables[0].rows) == 1 + 76  # header, the added and renumbered sections

    for args, message in [(("nope",), "no such document: nope"), ((DRAFT, "--from", "x"), "has no version 'x'")]:
        bad = _cli(versions_index, *args)
        err = bad.stderr.decode().strip()
        assert bad.returncode == 2 and message in err and len(err.splitlines()) == 1 and "Traceback" not in err
