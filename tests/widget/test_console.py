"""The maintainer console at /admin in Debian's Chromium against the real service, pipeline and Chroma
(hash embedder, so that an upload takes seconds): sign in, upload the demo draft under a new label, watch
the job, see it listed and answered from, compare, download the original, delete; what staff asked, in
charts; reader and widget keys are refused. Screenshots of each page go to /tmp/console-shots/."""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from ingest.originals import Originals
from ingest.pipeline import ingest_paths
from ingest.settings import Settings
from service.ops.db import Database
from tests.conftest import CORPUS
from tests.service.conftest import serve
from tests.service.test_access import SITE, auth, create_keys, keyed_settings
from tests.widget.helpers import HASH_FOUND, ask

SHOTS = Path("/tmp/console-shots")
DRAFT = "waste-act-draft"
PDF = CORPUS / "drafts" / "waste-act-draft-v2.pdf"
NEW = "ฉบับทดสอบคอนโซล ๓"
QUESTIONS = ["ผู้ก่อกากอุตสาหกรรมต้องเก็บเอกสารกำกับการขนส่งไว้กี่ปี", "ใบอนุญาตผู้รับบำบัดกากมีอายุกี่ปี",
             "มาตรา ๕ ว่าอย่างไร"]


@dataclass
class Console:
    url: str
    settings: Settings
    keys: dict[str, str]


@pytest.fixture(scope="module")
def console(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Console]:
    data = tmp_path_factory.mktemp("console") / "data"
    settings = keyed_settings(data, embed_backend="hash", **HASH_FOUND)
    assert ingest_paths([CORPUS], settings).ok
    keys = create_keys(settings)
    with serve(settings) as url:
        yield Console(url, settings, keys)


def _shot(page: object, name: str, *, full: bool = True) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full)  # type: ignore[attr-defined]


def _sign_in(page: object, c: Console, key: str) -> None:
    page.goto(f"{c.url}/admin")  # type: ignore[attr-defined]
    page.fill("#key", key)  # type: ignore[attr-defined]
    page.click("#login button[type=submit]")  # type: ignore[attr-defined]


def test_upload_list_answer_compare_download_delete(page: object, console: Console) -> None:
    c = console
    _sign_in(page, c, c.keys["admin"])
    page.wait_for_selector(f"#docs-table tr[data-document='{DRAFT}']")
    assert page.locator("#docs-table tbody tr").count() == 4  # two draft versions, two sessions
    _shot(page, "1-documents")

    page.click("a[data-tab=upload]")
    page.set_input_files("#files", str(PDF))
    card = page.locator(f".file[data-file='{PDF.name}']")
    card.locator(".preview[data-action]").wait_for()
    # the document is recognised by its title (and its file name); the maintainer names the new version
    assert card.locator("input[name=document]").input_value() == DRAFT
    card.locator("input[name=version]").fill(NEW)
    card.locator("input[name=date]").fill("2026-01-15")
    page.click("#preview")
    card.locator(".preview[data-action=new_version]").wait_for()
    assert card.locator(".preview details li").count() >= 40  # the parsed sections, before publishing
    card.locator(".preview details summary").click()
    _shot(page, "2-upload-preview")

    page.click("#publish")
    page.wait_for_selector("#job-card")
    _shot(page, "3-upload-job-progress")  # queued or running, if the job has not finished already
    page.wait_for_selector("#job-card[data-state=done]", timeout=120_000)
    assert page.locator("#job-card .file[data-status=ingested]").count() == 1
    _shot(page, "3-upload-job-done")

    page.click("a[data-tab=documents]")
    row = page.locator(f"#docs-table tr[data-version='{NEW}']")
    row.wait_for()
    assert "ล่าสุด" in row.inner_text()
    reader = auth(c.keys["reader"])
    with httpx.Client(base_url=c.url, timeout=60) as http:
        for q in QUESTIONS:
            answer = http.post("/v1/ask", json={"question": q}, headers=reader).json()
            assert answer["found"] and answer["citations"][0]["version"] == NEW, answer
        original = http.get(f"/v1/documents/{DRAFT}/versions/{NEW}/file", headers=reader)
    assert original.headers["content-type"] == "application/pdf" and original.content == PDF.read_bytes()
    assert "waste-act-draft-v2.pdf" in original.headers["content-disposition"]

    with page.expect_download() as got:
        row.locator("button[data-action=download]").click()
    saved = got.value.path()
    assert got.value.suggested_filename == PDF.name and Path(saved).read_bytes() == PDF.read_bytes()

    row.locator("button[data-action=compare]").click()
    page.wait_for_selector("#cmp-result table")
    assert NEW in page.inner_text("#cmp-status")
    page.select_option("#cmp-from", "ฉบับรับฟังความคิดเห็น ครั้งที่ ๑")
    page.click("#compare-form button[type=submit]")
    page.wait_for_selector("#cmp-result tr[data-status=amended]")
    _shot(page, "4-compare", full=False)

    page.click("a[data-tab=documents]")
    row.locator("button[data-action=delete]").click()
    page.click("#confirm-ok")
    row.wait_for(state="detached")
    assert page.locator("#docs-table tbody tr").count() == 4
    with httpx.Client(base_url=c.url, timeout=60) as http:
        versions = http.get("/v1/documents", headers=reader).json()["documents"]
        answer = http.post("/v1/ask", json={"question": QUESTIONS[0]}, headers=reader).json()
    labels = [v["version"] for d in versions if d["document"] == DRAFT for v in d["versions"]]
    assert NEW not in labels and answer["citations"][0]["version"] == "ฉบับที่ ๒"
    kept = Originals(c.settings)
    assert NEW not in {r.version for r in kept.records()}
    assert len(list(kept.files())) == 4  # ฉบับที่ ๒ has the same bytes: they stay


def test_what_staff_asked_in_charts(page: object, console: Console) -> None:
    c = console
    reader = auth(c.keys["reader"])
    with httpx.Client(base_url=c.url, timeout=60) as http:
        ids = [http.post("/v1/ask", json={"question": q}, headers=reader).json()["answer_id"] for q in QUESTIONS]
        r = http.post("/v1/feedback", json={"answer_id": ids[1], "rating": "down",
                                             "comment": "อยากให้บอกเลขมาตราด้วย"}, headers=reader)
        assert r.status_code == 200, r.text
    db = Database(c.settings.db_file)
    now = time.time()
    for i, (q, days_ago) in enumerate([("ราคาทองคำวันนี้เท่าไร", 1), ("ราคาทองคำวันนี้เท่าไหร่", 3),
                                       ("ราคาทองคำวันนี้เท่าไร", 3), ("ขอเบอร์โทรกรมโรงงาน", 5)]):
        db.log_ask(f"scripted-{i}", "test-reader", q, False, [], 10.0, "extractive", at=now - days_ago * 86400)

    _sign_in(page, c, c.keys["admin"])
    page.wait_for_selector("#docs-table tbody tr")
    page.click("a[data-tab=insights]")
    page.wait_for_function("""() => ['days', 'answered', 'sections'].every((n) => {
        const img = document.getElementById('chart-' + n); return img.complete && img.naturalWidth > 300; })""")
    groups = page.inner_text("#ins-groups")
    assert "ราคาทองคำวันนี้เท่า" in groups and "คำถามคล้ายกัน" in groups
    assert "อยากให้บอกเลขมาตราด้วย" in page.inner_text("#ins-comments")
    assert "มาตรา" in page.evaluate("""async () => await (await fetch(document.getElementById('chart-sections').src)).text()""")
    _shot(page, "5-insights")

    with page.expect_download() as got:
        page.click("#ins-export button[data-table=questions]")
    text = Path(got.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["question"] for r in rows} >= {*QUESTIONS, "ราคาทองคำวันนี้เท่าไหร่"}
    assert any(r["comment"] == "อยากให้บอกเลขมาตราด้วย" and r["rating"] == "down" for r in rows)


def test_reader_and_widget_keys_cannot_use_the_console(page: object, console: Console) -> None:
    c = console
    _sign_in(page, c, c.keys["reader"])
    page.wait_for_selector("#login-error:not([hidden])")
    assert "admin" in page.inner_text("#login-error") and page.locator("#tabs").is_hidden()
    _shot(page, "6-reader-key-refused")

    files = [("files", (PDF.name, PDF.read_bytes(), "application/pdf"))]
    calls = [("GET", "/v1/jobs", {}), ("POST", "/v1/ingest/dry-run", {"files": files}),
             ("POST", "/v1/ingest", {"files": files}), ("GET", "/v1/insights", {}),
             ("GET", "/v1/insights/charts/days.svg", {}), ("GET", "/v1/insights/export.csv", {}),
             ("DELETE", f"/v1/documents/{DRAFT}?version=x", {})]
    with httpx.Client(base_url=c.url, timeout=60) as http:
        for who in (auth(c.keys["reader"]), auth(c.keys["widget"]) | {"Origin": SITE}):
            for method, path, extra in calls:
                r = http.request(method, path, headers=who, **extra)
                assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden", (method, path, r.text)
        page_html = http.get("/admin")
        assert page_html.status_code == 200 and "rang_" not in page_html.text.split("placeholder")[0]


def test_dry_run_reports_each_file(console: Console) -> None:
    admin = auth(console.keys["admin"])
    bad = b"%PDF-1.4 nothing else"
    with httpx.Client(base_url=console.url, timeout=60) as http:
        before = http.get("/v1/documents", headers=admin).json()
        r = http.post("/v1/ingest/dry-run", headers=admin, data={"manifest": '{"note.txt": {"kind": "note"}}'},
                      files=[("files", (PDF.name, PDF.read_bytes(), "application/pdf")),
                             ("files", ("broken.pdf", bad, "application/pdf")),
                             ("files", ("note.txt", "[00:00:05] คุณสมชาย: ทดสอบ\n".encode(), "text/plain"))])
        after = http.get("/v1/documents", headers=admin).json()
        spec = http.get("/openapi.json").json()["paths"]
    for path in ("/v1/ingest/dry-run", "/v1/insights", "/v1/insights/charts/{name}.svg", "/v1/insights/export.csv",
                 "/v1/documents/{key}/versions/{label}/file"):
        op = next(iter(spec[path].values()))
        assert op["security"] == [{"bearer": []}] and "403" in op["responses"], path
    assert spec["/v1/insights"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "InsightsOut")
    assert r.status_code == 200, r.text
    good, broken, note = r.json()["files"]
    assert good["ok"] and good["action"] == "new_version" and (good["document"], good["version"]) == (DRAFT, "v2")
    assert good["suggested_document"] == DRAFT and good["unit"] == "มาตรา" and good["sections"] >= 40
    assert good["structure"]["sections"][0]["number_printed"] and good["structure"]["file"] == PDF.name
    assert not broken["ok"] and "PDF" in broken["error"]
    assert note["ok"] and note["kind"] == "note" and note["action"] == "new_document"
    uploads = console.settings.uploads_dir
    assert after == before and not (uploads.exists() and any(uploads.iterdir()))  # nothing published, nothing left


def test_widget_opens_the_original_pdf_at_the_cited_page(page: object, console: Console) -> None:
    """A citation's passage view links the kept original PDF at its page (fetched with the widget's key)."""
    from service.ops.auth import KeyStore

    key = KeyStore(Database(console.settings.db_file)).create("widget", "console-test-widget", [console.url])[1]
    page.goto(console.url + "/")
    page.evaluate("""(key) => { const chat = document.createElement('rang-chat');
        chat.id = 'keyed'; chat.setAttribute('placement', 'inline'); chat.setAttribute('key', key);
        document.body.prepend(chat); }""", key)
    chat = page.locator("#keyed")
    ask(chat, QUESTIONS[0])
    chat.locator(".a .chip").first.wait_for(timeout=60_000)
    chat.locator(".a .chip").first.click()
    button = chat.locator("dialog [data-links=original] button")
    label = button.inner_text()
    assert label.startswith("เปิดไฟล์ต้นฉบับ (PDF) หน้า ")
    with page.context.expect_page() as opened:
        button.click()
    pdf = opened.value
    pdf.wait_for_url(lambda url: url.startswith("blob:"), wait_until="commit")
    number = label.rsplit(" ", 1)[1].translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789"))
    assert number.isdigit() and pdf.url.endswith(f"#page={number}")
    page.bring_to_front()
    _shot(page, "7-widget-original-link")
