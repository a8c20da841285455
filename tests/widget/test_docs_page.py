"""/docs in the real browser: every asset comes from the service itself (an intranet cannot reach
a CDN), Swagger UI renders, and Authorize then Try it out meets the real key check."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect

from ingest.settings import Settings

pytestmark = pytest.mark.browser
WAIT_MS = 20_000


@pytest.fixture(scope="module")
def docs(xss_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """A service that needs a key for everything but the health checks, with one admin key."""
    from service.ops.auth import KeyStore
    from service.ops.db import Database
    from tests.service.conftest import serve

    db: Path = tmp_path_factory.mktemp("docs") / "rang.sqlite3"
    settings = xss_settings.model_copy(update={"open_reads": False, "db_path": db})
    _, secret = KeyStore(Database(settings.db_file)).create("admin", "docs-admin")
    with serve(settings) as url:
        spec = httpx.get(url + "/openapi.json", timeout=30).json()
        yield {"url": url, "admin": secret, "spec": spec}


def _requests(page: object) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url))  # type: ignore[attr-defined]
    return seen


def _assert_local(seen: list[str], url: str, must_load: list[str]) -> None:
    """Every request went to the service (or never left the page: data:, blob:), and the page
    really loaded its assets from there (so an empty log cannot pass)."""
    away = [u for u in seen if not u.startswith((url + "/", "data:", "blob:"))]
    assert not away, f"requests that left the host: {away}"
    for path in must_load:
        assert url + path in seen, f"{path} was not loaded from the service: {seen}"


def test_swagger_ui_renders_from_the_service_alone(page, shot, docs: dict) -> None:
    seen = _requests(page)
    page.goto(docs["url"] + "/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Rang", timeout=WAIT_MS)
    operations = sum(len(ops) for ops in docs["spec"]["paths"].values())
    expect(page.locator(".opblock")).to_have_count(operations, timeout=WAIT_MS)
    expect(page.locator(".auth-wrapper button.authorize")).to_be_visible()
    page.wait_for_load_state("networkidle")
    shot(page)
    _assert_local(seen, docs["url"], ["/docs", "/docs-assets/swagger-ui-bundle.js", "/docs-assets/swagger-ui.css",
                                      "/openapi.json"])


def _execute(page: object, op: object) -> str:
    """Press Execute on an expanded operation; the status code Swagger UI shows."""
    op.locator("button.execute").click()  # type: ignore[attr-defined]
    status = op.locator(".live-responses-table tr.response .response-col_status")  # type: ignore[attr-defined]
    expect(status).to_be_visible(timeout=WAIT_MS)
    return status.inner_text().strip()


def test_authorize_then_try_it_out_against_the_real_service(page, shot, docs: dict) -> None:
    page.goto(docs["url"] + "/docs")
    op = page.locator("#operations-operations-jobs_v1_jobs_get")
    op.locator(".opblock-summary").click()
    op.locator("button.try-out__btn").click()
    assert _execute(page, op) == "401"  # no key yet: the service's own refusal

    page.locator(".auth-wrapper button.authorize").click()
    modal = page.locator(".modal-ux")
    expect(modal).to_contain_text("bearer", timeout=WAIT_MS)
    modal.locator("input").fill(docs["admin"])
    modal.locator("button.authorize").click()
    modal.locator("button.btn-done").click()
    expect(modal).to_have_count(0)

    op.locator("button.btn-clear").click()
    assert _execute(page, op) == "200"
    expect(op.locator(".live-responses-table tr.response .response-col_description")).to_contain_text('"jobs"')
    expect(op.locator(".curl-command")).to_contain_text("Authorization: Bearer rang_")
    shot(page)

