"""Constants and small helpers shared by the widget tests (fixtures are in conftest.py)."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# the refusal thresholds are calibrated for the real model; with the hashing embedder every question
# that shares words with a passage must count as found, so that these tests do not depend on calibration
HASH_FOUND = {"refusal_min_probability": 0.0}
HOSTILE = "<script>window.__pwned=1</script>"
HOSTILE_IMG = '<img src=x onerror="window.__pwned=1">'
HOSTILE_LINK = "javascript:window.__pwned=1"
# typed notes ("Speaker: text" lines); the title line and the text carry markup that must stay text
XSS_TRANSCRIPT = f"""หัวข้อ: บันทึกทดสอบ <b onmouseover="window.__pwned=1">ตัวหนา</b>
วันที่: 2025-04-09
[00:01:05] คุณสมชาย: การทดสอบความปลอดภัยของระบบจัดเก็บเอกสาร {HOSTILE} ต้องแสดงเป็นข้อความเท่านั้น
[00:01:40] คุณวิภา: ภาพประกอบ {HOSTILE_IMG} และลิงก์ {HOSTILE_LINK} ห้ามทำงานในหน้าจอ
[00:02:10] คุณสมชาย: สรุปว่าการทดสอบความปลอดภัยผ่านเมื่อข้อความทั้งหมดแสดงตามตัวอักษร
"""


def chromium_path() -> str:
    return shutil.which("chromium") or "/usr/bin/chromium"


def ask(chat: object, question: str) -> None:
    """Type a question into a <rang-chat> (a Playwright locator) and press Enter."""
    box = chat.locator("textarea")  # type: ignore[attr-defined]
    box.fill(question)
    box.press("Enter")


def shadow_eval(pg: object, selector: str, script: str) -> object:
    """Run `script` (a function of the host's shadowRoot) for the first host matching selector."""
    return pg.evaluate(  # type: ignore[attr-defined]
        f"([sel]) => {{ const root = document.querySelector(sel).shadowRoot; return ({script})(root); }}",
        [selector],
    )


@contextmanager
def static_site(pages: dict[str, str]) -> Iterator[int]:
    """A real loopback web server for host pages on another origin than the service; yields its port.

    (Chromium refuses loopback requests from pages that `page.route` made up: they count as public.)
    """

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            return

        def do_GET(self) -> None:
            body = pages.get(self.path.split("?")[0])
            data = (body or "not found").encode("utf-8")
            self.send_response(200 if body is not None else 404)
            self.send_header("content-type", "text/html; charset=utf-8")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
