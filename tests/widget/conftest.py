"""Browser fixtures for the widget: Debian's Chromium driven by Playwright, against the real service.

Browsers cannot be downloaded here, so the system `chromium` is launched directly. Each test gets
a fresh browser context (its own sessionStorage). Screenshots go to test-output/widget/.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ingest.settings import Settings
from tests.conftest import ROOT, make_settings
from tests.widget.helpers import CHROMIUM_ARGS, HASH_FOUND, XSS_TRANSCRIPT, chromium_path

SHOTS = ROOT / "test-output" / "widget"
FAILED = pytest.StashKey[bool]()


def _name(request: pytest.FixtureRequest) -> str:
    return re.sub(r"[^\w.-]+", "-", request.node.name, flags=re.ASCII).strip("-")[:120]


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    """One headless Chromium for the session."""
    if not Path(chromium_path()).exists():
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> object:
    report = yield
    if report.when == "call":
        item.stash[FAILED] = report.failed
    return report


@pytest.fixture
def page(chromium: object, request: pytest.FixtureRequest) -> Iterator[object]:
    """A page in a fresh context; page errors fail the test (the widget must not throw).

    A failed test leaves test-output/widget/<test name>-failed.png behind.
    """
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="th-TH")  # type: ignore[attr-defined]
    context.set_default_timeout(20_000)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    yield pg
    if request.node.stash.get(FAILED, False):
        SHOTS.mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(SHOTS / f"{_name(request)}-failed.png"))
    context.close()
    assert not errors, f"uncaught errors in the page: {errors}"


@pytest.fixture
def shot(request: pytest.FixtureRequest) -> Callable[[object, str], Path]:
    """shot(page, "step") saves test-output/widget/<test name>[-step].png."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    base = _name(request)

    def take(pg: object, step: str = "") -> Path:
        path = SHOTS / (f"{base}-{step}.png" if step else f"{base}.png")
        pg.screenshot(path=str(path))  # type: ignore[attr-defined]
        return path

    return take


@pytest.fixture(scope="session")
def demo_service(demo_index: Settings) -> Iterator[str]:
    """The real service over the demo corpus (real embedding model), serving the widget and demo page."""
    from tests.service.conftest import serve

    with serve(demo_index) as url:
        yield url


@pytest.fixture(scope="session")
def xss_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A separate index holding one transcript full of markup (hash embedder: fast)."""
    from ingest.pipeline import ingest_paths

    folder = tmp_path_factory.mktemp("xss")
    path = folder / "xss-notes-2025-04-09.txt"
    path.write_text(XSS_TRANSCRIPT, encoding="utf-8")
    settings = make_settings(folder / "data", embed_backend="hash", **HASH_FOUND)
    report = ingest_paths([path], settings)
    assert report.ok, [f.reason for f in report.failed]
    return settings


@pytest.fixture(scope="session")
def xss_service(xss_settings: Settings) -> Iterator[str]:
    from tests.service.conftest import serve

    with serve(xss_settings) as url:
        yield url
