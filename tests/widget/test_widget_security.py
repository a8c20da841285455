"""Security and isolation of the widget: hostile passage text, hostile links, hostile host-page CSS."""

from __future__ import annotations

import json
import re

import httpx
import pytest

from tests.conftest import ROOT
from tests.widget.helpers import HOSTILE, HOSTILE_IMG, HOSTILE_LINK, ask, shadow_eval, static_site

pytestmark = pytest.mark.browser
FLOATING = "rang-chat[placement=floating]"
WIDGET = ROOT / "service" / "static" / "widget.js"


def test_widget_source_never_parses_data_as_html() -> None:
    """A static guard for the rule in widget.js: no HTML parsing APIs, no eval."""
    src = WIDGET.read_text(encoding="utf-8")
    for banned in (
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        "new Function",
        "DOMParser",
        "createContextualFragment",
        "setHTML",
    ):
        assert banned not in src, banned


def test_widget_js_and_demo_page_are_served(xss_service: str) -> None:
    js = httpx.get(xss_service + "/widget.js", timeout=30)
    assert js.status_code == 200 and js.headers["content-type"].startswith("text/javascript")
    print(f"\nwidget.js: {len(js.content)} bytes")
    # one file for a host page to load: the version selector, comparison table and section links
    # took it past 40 KB; 64 KB keeps it small next to any intranet page (about 15 KB gzipped)
    assert len(js.content) < 64 * 1024
    demo = httpx.get(xss_service + "/", timeout=30)
    assert demo.status_code == 200 and "<rang-chat" in demo.text and 'src="/widget.js"' in demo.text
    # closed intranets: no external scripts, styles, fonts or images
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", demo.text)
    assert not re.search(r"@import|url\(", demo.text)


def _open_floating(page: object, base: str) -> object:
    page.goto(base + "/")  # type: ignore[attr-defined]
    chat = page.locator(FLOATING)  # type: ignore[attr-defined]
    chat.locator(".launcher").click()
    return chat


def test_hostile_passage_text_stays_text(page, shot, xss_service: str) -> None:
    chat = _open_floating(page, xss_service)
    ask(chat, "การทดสอบความปลอดภัยของระบบจัดเก็บเอกสาร")
    chat.locator(".a .chip").first.wait_for()
    shot(page, "answer")
    assert "<script>" in chat.locator(".a .txt").first.inner_text()  # quoted literally in the answer
    chip_text = chat.locator(".a .chip").first.inner_text()
    assert "<b onmouseover" in chip_text  # the transcript title, as literal text

    chat.locator(".a .chip").first.click()
    dialog = chat.locator("dialog")
    dialog.wait_for()
    passage = chat.locator("dialog .pb")
    page.wait_for_function(
        "() => document.querySelector('rang-chat[placement=floating]').shadowRoot.querySelector('dialog .pb')"
        ".textContent.includes('onerror')"
    )
    shot(page, "passage")
    text = passage.inner_text()
    for literal in (HOSTILE, HOSTILE_IMG, HOSTILE_LINK):
        assert literal in text, literal
    assert page.evaluate("() => window.__pwned") is None
    counts = shadow_eval(
        page,
        FLOATING,
        """root => ({
        img: root.querySelectorAll('img').length,
        script: root.querySelectorAll('script').length,
        a: root.querySelectorAll('a').length,
        handlers: [...root.querySelectorAll('*')].filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length,
    })""",
    )
    assert counts == {"img": 0, "script": 0, "a": 0, "handlers": 0}
    assert page.evaluate("() => document.querySelectorAll('img, script:not([src])').length") == 0
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    assert page.evaluate("() => window.__pwned") is None


def _answer(citations: list[dict], text: str = "คำตอบทดสอบ [1] [2] [3]") -> dict:
    return {
        "answer_id": "a1",
        "question": "q",
        "language": "th",
        "found": True,
        "answer": text,
        "mode": "extractive",
        "citations": citations,
        "related": [],
    }


def _cite(marker: int, link: str, text: str) -> dict:
    return {
        "marker": marker,
        "chunk_id": f"c{marker}",
        "document": "d",
        "title": "เอกสารทดสอบ",
        "version": "v1",
        "latest": True,
        "kind": "draft",
        "source_file": "d.pdf",
        "chapter_path": [],
        "section": str(marker),
        "section_printed": "๑",
        "label": f"มาตรา {marker}",
        "page_start": 1,
        "page_end": 1,
        "speakers": [],
        "start": None,
        "end": None,
        "quote": "ข้อความ",
        "text": text,
        "score": 1.0,
        "link": link,
    }


def test_only_v1_links_on_the_endpoint_are_fetched(page, shot, xss_service: str) -> None:
    """Citation links that are not "/v1/..." paths are never followed (the passage text is shown instead)."""
    bad = [HOSTILE_LINK, "https://evil.example/v1/passages/x", "/v1/../admin", "//evil.example/v1/x"]
    cites = [_cite(i + 1, link, f"ข้อความ {i + 1} {HOSTILE_IMG}") for i, link in enumerate(bad)]
    cites.append(_cite(5, "/v1/passages/does-not-exist", "ข้อความ 5"))
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.route(
        "**/v1/ask",
        lambda route: route.fulfill(
            status=200,
            content_type="application/json",
            body=json.dumps(_answer(cites, "คำตอบ [1] [2] [3] [4] [5]")),
        ),
    )
    chat = _open_floating(page, xss_service)
    ask(chat, "ลิงก์")
    chips = chat.locator(".a .chip")
    chips.nth(4).wait_for()
    for i in range(5):
        chips.nth(i).click()
        chat.locator("dialog .pb").wait_for()
        assert f"ข้อความ {i + 1}" in chat.locator("dialog .pb").inner_text()
        page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    # the version selector's document list is the widget's own request, not a followed link
    fetched = [u for u in requests if "/v1/" in u and not u.endswith(("/v1/ask", "/v1/documents"))]
    assert fetched == [xss_service + "/v1/passages/does-not-exist"], fetched
    assert not [u for u in requests if "evil" in u or "admin" in u]
    assert page.evaluate("() => window.__pwned") is None


HOSTILE_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>hostile</title><style>
* { display:block !important; color: red !important; font-size: 2px !important; line-height: 1 !important;
    font-family: monospace !important; letter-spacing: 3px !important; visibility: visible; }
div { display:none !important }
button { visibility: hidden !important; }
mark { background: black !important; color: black !important; }
rang-chat { opacity: 0.05 !important; position: absolute !important; left: -9999px; }
head, style, script { display:none !important }
</style></head><body><div>a page div</div><p>host page text</p>
<rang-chat id="box" placement="inline" lang="th" title="กล่องทดสอบ"></rang-chat>
<script src="/widget.js" defer></script></body></html>"""


def test_hostile_host_css_cannot_break_the_widget(page, shot, xss_service: str) -> None:
    page.route(
        xss_service + "/hostile.html",
        lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=HOSTILE_PAGE),
    )
    page.goto(xss_service + "/hostile.html")
    inline = page.locator("#box")
    floating = page.locator(FLOATING)
    floating.locator(".launcher").wait_for()
    launcher = floating.locator(".launcher").bounding_box()
    assert launcher and launcher["width"] >= 50 and launcher["height"] >= 50
    host = page.evaluate("""() => { const s = getComputedStyle(document.querySelector('#box'));
        return {display: s.display, opacity: s.opacity, position: s.position, color: s.color, fontSize: s.fontSize}; }""")
    assert host == {
        "display": "block",
        "opacity": "1",
        "position": "static",
        "color": "rgb(28, 36, 48)",
        "fontSize": "15px",
    }

    ask(inline, "การทดสอบความปลอดภัยของระบบจัดเก็บเอกสาร")
    inline.locator(".a .chip").first.wait_for()
    styles = shadow_eval(
        page,
        "#box",
        """root => {
        const pick = (sel) => { const s = getComputedStyle(root.querySelector(sel));
            return {display: s.display, color: s.color, size: parseFloat(s.fontSize), visibility: s.visibility,
                    font: s.fontFamily, lh: parseFloat(s.lineHeight) / parseFloat(s.fontSize)}; };
        return {box: pick('.box'), txt: pick('.a .txt'), chip: pick('.a .chip'), send: pick('.send'),
                label: pick('label'), input: pick('textarea')};
    }""",
    )
    assert styles["box"]["display"] == "flex"
    for name in ("txt", "chip", "send", "label", "input"):
        s = styles[name]
        assert s["size"] >= 13, (name, s)
        assert s["visibility"] == "visible", (name, s)
        assert s["color"] != "rgb(255, 0, 0)", (name, s)
        assert "monospace" not in s["font"], (name, s)
    assert styles["txt"]["lh"] >= 1.6
    assert re.match(r'^"?Sarabun"?, "Noto Sans Thai"', styles["txt"]["font"])

    inline.locator(".a .chip").first.click()
    mark = inline.locator("dialog mark")
    mark.wait_for()
    mark_style = shadow_eval(
        page,
        "#box",
        """root => { const s = getComputedStyle(root.querySelector('dialog mark'));
        return {bg: s.backgroundColor, color: s.color}; }""",
    )
    assert mark_style == {"bg": "rgb(255, 233, 138)", "color": "rgb(28, 36, 48)"}
    shot(page)
    page.keyboard.press("Escape")
    assert not inline.locator("dialog").is_visible()


SITE: dict[str, str] = {}


@pytest.fixture(scope="module")
def cors_site(xss_settings) -> object:
    """A host page server on another origin, and a second service over the same index that lets
    exactly that origin (http://localhost:<port>) call it; http://127.0.0.1:<port> is not listed."""
    from tests.service.conftest import serve

    with static_site(SITE) as port:
        allowed = f"http://localhost:{port}"
        with serve(xss_settings.model_copy(update={"cors_origins": [allowed]})) as url:
            yield url, port


@pytest.mark.parametrize("allowed", [True, False], ids=["listed", "not-listed"])
def test_cross_origin_page_needs_the_cors_allow_list(
    page, shot, cors_site: tuple[str, int], allowed: bool
) -> None:
    service, port = cors_site
    SITE["/intranet.html"] = (
        '<!doctype html><html lang="th"><head><meta charset="utf-8"><title>t</title></head><body>'
        f'<script src="{service}/widget.js" data-placement="inline" data-key="site-key"></script></body></html>'
    )
    page.goto(f"http://{'localhost' if allowed else '127.0.0.1'}:{port}/intranet.html")
    chat = page.locator("rang-chat")
    assert chat.get_attribute("placement") == "inline"
    with page.expect_request(service + "/v1/ask") as req:
        ask(chat, "การทดสอบความปลอดภัยของระบบจัดเก็บเอกสาร")
    assert req.value.headers.get("authorization") == "Bearer site-key"
    if allowed:
        chat.locator(".a .chip").first.wait_for()
        chat.locator(".a .chip").first.click()  # the passage fetch is cross-origin too
        chat.locator("dialog mark").wait_for()
        page.keyboard.press("Escape")
    else:
        chat.locator(".err").wait_for()
        assert "ติดต่อบริการไม่ได้" in chat.locator(".err").inner_text()
    shot(page)
