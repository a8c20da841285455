"""The site key, the CORS allow-list and the rate limit, against the real service's own checks."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.settings import Settings
from tests.widget.helpers import ask, static_site

pytestmark = pytest.mark.browser
QUESTION = "การทดสอบความปลอดภัยของระบบจัดเก็บเอกสาร"
SITE: dict[str, str] = {}


@pytest.fixture(scope="module")
def keyed(xss_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """A service that needs a key (no open reads); a widget key bound to http://localhost:<port>;
    both http://localhost:<port> and http://127.0.0.1:<port> are in RANG_CORS_ORIGINS."""
    from service.ops.auth import KeyStore
    from service.ops.db import Database
    from tests.service.conftest import serve

    db: Path = tmp_path_factory.mktemp("keys") / "rang.sqlite3"
    with static_site(SITE) as port:
        bound, other = f"http://localhost:{port}", f"http://127.0.0.1:{port}"
        settings = xss_settings.model_copy(
            update={"open_reads": False, "cors_origins": [bound, other], "db_path": db}
        )
        _, secret = KeyStore(Database(settings.db_file)).create("widget", "intranet", [bound])
        with serve(settings) as url:
            yield {"url": url, "key": secret, "bound": bound, "other": other}


def _page(page: object, keyed: dict, origin: str, key: str | None) -> object:
    attrs = f' data-key="{key}"' if key else ""
    SITE["/intranet.html"] = (
        '<!doctype html><html lang="th"><head><meta charset="utf-8"><title>t</title></head><body>'
        f'<script src="{keyed["url"]}/widget.js" data-placement="inline"{attrs}></script></body></html>'
    )
    page.goto(origin + "/intranet.html")  # type: ignore[attr-defined]
    return page.locator("rang-chat")  # type: ignore[attr-defined]


def test_widget_key_bound_to_the_site(page, shot, keyed: dict) -> None:
    chat = _page(page, keyed, keyed["bound"], keyed["key"])
    with page.expect_request(keyed["url"] + "/v1/ask") as req:
        ask(chat, QUESTION)
    assert req.value.headers.get("authorization") == f"Bearer {keyed['key']}"
    chat.locator(".a .chip").first.wait_for()
    chat.locator(".a .chip").first.click()
    chat.locator(
        "dialog mark"
    ).wait_for()  # shown from the citation even if the full-passage fetch is refused
    shot(page)
    page.keyboard.press("Escape")


@pytest.mark.parametrize(
    ("where", "key", "message"),
    [
        ("bound", None, "บริการต้องใช้รหัสการใช้งาน (key) แต่เว็บไซต์นี้ไม่ได้ระบุไว้"),
        ("bound", "rang_not-a-real-key-0000000000000000000000000", "รหัสการใช้งาน (key) ของเว็บไซต์นี้ไม่ถูกต้อง"),
        ("other", "good", "บริการไม่อนุญาตให้ใช้งานจากเว็บไซต์นี้"),
    ],
    ids=["no-key", "bad-key", "other-site"],
)
def test_refusals_are_explained(page, shot, keyed: dict, where: str, key: str | None, message: str) -> None:
    chat = _page(page, keyed, keyed[where], keyed["key"] if key == "good" else key)
    ask(chat, QUESTION)
    error = chat.locator(".err")
    error.wait_for()
    assert message in error.inner_text()
    assert chat.locator(".err .retry").is_visible()
    shot(page)


@pytest.fixture(scope="module")
def limited(xss_settings: Settings) -> Iterator[str]:
    """One question a minute per address."""
    from tests.service.conftest import serve

    with serve(xss_settings.model_copy(update={"rate_ask_per_minute": 1})) as url:
        yield url


def test_rate_limit_says_how_long_to_wait(page, shot, limited: str) -> None:
    page.goto(limited + "/")
    chat = page.locator("rang-chat[placement=floating]")
    chat.locator(".launcher").click()
    ask(chat, QUESTION)
    chat.locator(".a").wait_for()
    ask(chat, QUESTION + " อีกข้อ")
    error = chat.locator(".err")
    error.wait_for()
    waited = re.search(r"กรุณารอ (\d+) วินาที", error.inner_text())
    assert waited and 1 <= int(waited.group(1)) <= 60, error.inner_text()
    assert chat.locator(".err .retry").is_disabled()  # until Retry-After has passed
    shot(page)
