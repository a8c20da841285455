"""A draft is labelled ร่าง in the widget, an enacted act is not: no one takes a draft for law in force."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ingest.pipeline import ingest_paths
from tests.conftest import make_settings
from tests.service.test_word_kinds import ACT, QUESTION, docx_bytes
from tests.widget.helpers import HASH_FOUND, ask

pytestmark = pytest.mark.browser
# a draft whose title lacks the word ร่าง (as manifests sometimes name them): only its kind says it
UNTITLED_DRAFT = ["มาตรา ๒ ผู้ก่อกากอุตสาหกรรมต้องเก็บเอกสารกำกับการขนส่งกากอุตสาหกรรมไว้สิบปี"]


@pytest.fixture(scope="module")
def kinds_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from ingest.manifest import Manifest, ManifestEntry
    from tests.service.conftest import serve

    root = tmp_path_factory.mktemp("kinds")
    (root / "waste.docx").write_bytes(docx_bytes(UNTITLED_DRAFT))
    (root / "factory-act.docx").write_bytes(docx_bytes(ACT))
    manifest = Manifest({"waste.docx": ManifestEntry(key="waste", title="พระราชบัญญัติจัดการกาก", kind="draft")},
                        root)
    settings = make_settings(root / "data", embed_backend="hash", **HASH_FOUND)
    report = ingest_paths([root / "waste.docx", root / "factory-act.docx"], settings, manifest=manifest)
    assert report.ok, [f.reason for f in report.failed]
    with serve(settings) as url:
        yield url


def test_a_draft_chip_says_ร่าง_and_an_act_chip_does_not(page, shot, kinds_service: str) -> None:
    html = ('<!doctype html><html lang="th"><head><meta charset="utf-8"><title>t</title></head><body>'
            '<rang-chat id="draft" placement="inline" document="waste"></rang-chat>'
            '<rang-chat id="act" placement="inline" document="factory-act"></rang-chat>'
            '<script src="/widget.js" data-placement="none" defer></script></body></html>')
    page.route(kinds_service + "/host.html",
               lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html))
    page.goto(kinds_service + "/host.html")
    chips = {}
    for name in ("draft", "act"):
        chat = page.locator(f"#{name}")
        ask(chat, QUESTION)
        chips[name] = chat.locator(".a .chip").first
        chips[name].wait_for(timeout=60_000)
    draft, act = chips["draft"], chips["act"]
    assert draft.locator(".kind").inner_text() == "ร่าง"
    assert draft.inner_text().split("ร่าง", 1)[1].lstrip().startswith("พ.ร.บ.จัดการกาก"), draft.inner_text()
    assert "ย่อหน้า" in draft.inner_text()
    assert "พ.ร.บ.โรงงาน" in act.inner_text() and "ย่อหน้า" in act.inner_text()
    assert act.locator(".kind").count() == 0 and "ร่าง" not in act.inner_text()
    shot(page, "chips")
    draft.click()
    meta = page.locator("#draft dialog .pm")
    meta.wait_for()
    assert "ร่าง ยังไม่มีผลใช้บังคับ" in meta.inner_text()
    assert page.locator("#draft dialog h3").inner_text().startswith("ร่าง พ.ร.บ.จัดการกาก")
