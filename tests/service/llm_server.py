"""A small real OpenAI-compatible chat-completions server for tests (HTTP, JSON and SSE).

It plays a model that follows the prompt: it answers from the first fenced passage with
marker [1], and adds one claim citing a passage that does not exist ([9]) so that the
service's check has something to drop. `behaviour` switches it to the ways real local
models go wrong:

- `bare`: Thai sentences taken from the passages, without any marker, and one invented claim;
- `mismarked`: passage 2's sentence cited [1] and passage 1's cited [7];
- `unsupported`: only invented claims, no markers;
- `refuse`, `error` (HTTP 500), `slow` (past the service's timeout).
"""

from __future__ import annotations

import contextlib
import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

_PASSAGE = re.compile(r'<passage id="(\d+)"[^>]*>\n(.*?)\n</passage>', re.S)


class State:
    behaviour = "ok"  # ok | bare | mismarked | unsupported | refuse | error | slow
    requests: ClassVar[list[dict]] = []


def _reply(body: dict) -> str:
    prompt = "\n".join(str(m.get("content", "")) for m in body.get("messages", []))
    if State.behaviour == "refuse":
        return "เอกสารที่มีอยู่ไม่ครอบคลุมเรื่องนี้"
    passages = _PASSAGE.findall(prompt)
    if State.behaviour == "unsupported":
        return f"{INVENTED}\n{INVENTED_TOO}"
    if not passages:
        return "ไม่มีข้อมูล"
    if State.behaviour == "bare":
        return "\n".join([*(f"ตามร่างกฎหมาย {clause(text)}" for _, text in passages[:2]), INVENTED])
    if State.behaviour == "mismarked":
        (p1, t1), (p2, t2) = passages[0], passages[min(1, len(passages) - 1)]
        lines = [f"{clause(t1)} [7]"] if p1 == p2 else [f"{clause(t2)} [{p1}]", f"{clause(t1)} [7]"]
        return "\n".join(lines)
    pid, text = passages[0]
    first = text.split("\n", 1)[0][:160]
    return f"สรุปจากเอกสาร: {first} [{pid}]\n{INVENTED} [9]"


INVENTED = "นอกจากนี้ยังต้องจ่ายค่าธรรมเนียมพิเศษหนึ่งล้านบาทต่อปี"
INVENTED_TOO = "ผู้ประกอบการรายย่อยได้รับยกเว้นไม่ต้องปฏิบัติตามกฎหมายนี้"


def clause(passage: str) -> str:
    """The passage's first paragraph without its 'มาตรา N' heading, cut at a space near 160 characters."""
    first = re.sub(r"^มาตรา\s*[0-9๐-๙/]+(?:\s*(?:ทวิ|ตรี))?\s+", "", passage.strip().split("\n", 1)[0])
    return first if len(first) <= 160 else first[:160].rsplit(" ", 1)[0]


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        return

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length", 0))
        body = json.loads(self.rfile.read(length) or b"{}")
        State.requests.append(body)
        if State.behaviour == "error":
            self._json(500, {"error": {"message": "model crashed", "type": "server_error"}})
            return
        if State.behaviour == "slow":
            time.sleep(5)
        text = _reply(body)
        model = body.get("model", "stub")
        if body.get("stream"):
            self.send_response(200)
            self.send_header("content-type", "text/event-stream")
            self.end_headers()
            for i in range(0, len(text), 12):
                chunk = {"id": "c1", "object": "chat.completion.chunk", "created": 0, "model": model,
                         "choices": [{"index": 0, "delta": {"content": text[i : i + 12]}, "finish_reason": None}]}
                self.wfile.write(f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n".encode())
                self.wfile.flush()
            end = {"id": "c1", "object": "chat.completion.chunk", "created": 0, "model": model,
                   "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
            self.wfile.write(f"data: {json.dumps(end)}\n\ndata: [DONE]\n\n".encode())
            return
        self._json(200, {
            "id": "c1", "object": "chat.completion", "created": 0, "model": model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        })

    def _json(self, status: int, obj: dict) -> None:
        data = json.dumps(obj, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # `slow`: the service gave up first
            self.wfile.write(data)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def llm_server() -> Iterator[str]:
    """Yields the base URL (…/v1) of a running stub model server."""
    port = free_port()
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    State.behaviour = "ok"
    State.requests = []
    try:
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        server.shutdown()
        server.server_close()
