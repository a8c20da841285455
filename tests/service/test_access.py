"""Keys, roles, origins, rate limits, the query log and the keys/log CLI, over real HTTP.

Each server here runs on a private copy of the demo index (real model) with its own SQLite
file, `open_reads=False` and the browser origins below.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from ingest.settings import Settings
from service.ops.auth import KeyStore, hash_key, normalize_origin
from service.ops.db import Database, normalize_question
from service.ops.keys import parse_since
from service.ops.ratelimit import SlidingWindow
from tests.conftest import PYTHON, ROOT, make_settings
from tests.service.conftest import serve

OUT = ROOT / "test-output" / "access"
SITE = "https://intranet.example"
OTHER_SITE = "https://other.example"
DRAFT = "waste-act-draft"
UNANSWERED = "ราคาทองคำวันนี้เท่าไร"
TRANSCRIPT = """หัวข้อ: บันทึกทดสอบสิทธิ์ผู้ดูแล
วันที่: 2025-05-01
[00:00:05] คุณสมชาย: การทดสอบการนำเข้าเอกสารผ่าน API โดยผู้ดูแลระบบ
[00:00:40] คุณวิภา: เอกสารนี้ใช้ทดสอบการลบเอกสารด้วย
"""


@dataclass
class Ops:
    url: str
    settings: Settings
    keys: dict[str, str]

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("RANG_")}
        return env | {"RANG_DATA_DIR": str(self.settings.data_dir), "RANG_DB_PATH": str(self.settings.db_file)}

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([PYTHON, "-m", "service", *args], cwd=ROOT, env=self.env(), capture_output=True,
                              text=True, timeout=120)


def copy_index(demo_index: Settings, dst: Path) -> Path:
    data = dst / "data"
    shutil.copytree(demo_index.data_dir, data, ignore=shutil.ignore_patterns("rang.sqlite3*", "uploads"))
    return data


def keyed_settings(data: Path, **overrides: object) -> Settings:
    return make_settings(data, open_reads=False, db_path=data.parent / "ops.sqlite3", cors_origins=[SITE, OTHER_SITE],
                         **overrides)


def create_keys(settings: Settings) -> dict[str, str]:
    store = KeyStore(Database(settings.db_file))
    return {"reader": store.create("reader", "test-reader")[1],
            "widget": store.create("widget", "test-widget", [SITE])[1],
            "admin": store.create("admin", "test-admin")[1]}


@pytest.fixture(scope="module")
def ops(demo_index: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ops]:
    data = copy_index(demo_index, tmp_path_factory.mktemp("access"))
    settings = keyed_settings(data, refusal_min_probability=0.9999, rate_ask_per_minute=0, rate_ip_per_minute=0)
    keys = create_keys(settings)
    with serve(settings) as url:
        yield Ops(url, settings, keys)


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def _callers(ops: Ops) -> dict[str, dict[str, str]]:
    k = ops.keys
    return {
        "none": {},
        "wrong": auth("rang_" + "x" * 43),
        "reader": auth(k["reader"]),
        "widget (its origin)": auth(k["widget"]) | {"Origin": SITE},
        "widget (other origin)": auth(k["widget"]) | {"Origin": OTHER_SITE},
        "admin": auth(k["admin"]),
    }


EXPECTED = {
    #             none wrong reader widget widget-other admin
    "ask":        (401, 401, 200, 200, 403, 200),
    "search":     (401, 401, 200, 200, 403, 200),
    "documents":  (401, 401, 200, 403, 403, 200),
    "section":    (401, 401, 200, 403, 403, 200),
    "passage":    (401, 401, 200, 200, 403, 200),
    "ingest":     (401, 401, 403, 403, 403, 202),
    "jobs":       (401, 401, 403, 403, 403, 200),
    "delete":     (401, 401, 403, 403, 403, 200),
    "feedback":   (401, 401, 200, 200, 403, 200),
    "metrics":    (401, 401, 403, 403, 403, 200),
}


def _wait_job(c: httpx.Client, job_id: str, headers: dict[str, str], timeout: float = 300) -> dict:
    deadline = time.time() + timeout
    while time.time() < deadline:
        job = c.get(f"/v1/jobs/{job_id}", headers=headers).json()
        if job["state"] in ("done", "failed"):
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not finish in {timeout} s")


def test_every_role_on_every_endpoint(ops: Ops, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    callers = _callers(ops)
    admin = callers["admin"]
    with httpx.Client(base_url=ops.url, timeout=120) as c:
        hit = c.post("/v1/search", json={"query": "ผู้ก่อกากอุตสาหกรรม", "top_k": 1}, headers=admin).json()["results"][0]
        answer_id = c.post("/v1/ask", json={"question": "มาตรา ๕"}, headers=admin).json()["answer_id"]

        def call(endpoint: str, headers: dict[str, str]) -> httpx.Response:
            if endpoint == "ask":
                return c.post("/v1/ask", json={"question": "มาตรา ๕"}, headers=headers)
            if endpoint == "search":
                return c.post("/v1/search", json={"query": "มาตรา ๕"}, headers=headers)
            if endpoint == "documents":
                return c.get("/v1/documents", headers=headers)
            if endpoint == "section":
                return c.get(f"/v1/documents/{hit['document']}/sections/{hit['section']}", headers=headers)
            if endpoint == "passage":
                return c.get(hit["link"], headers=headers)
            if endpoint == "ingest":
                return c.post("/v1/ingest", headers=headers, data={"document": "access-note"},
                              files=[("files", ("access-note-2025-05-01.txt", TRANSCRIPT.encode(), "text/plain"))])
            if endpoint == "jobs":
                return c.get("/v1/jobs", headers=headers)
            if endpoint == "delete":
                return c.delete("/v1/documents/access-note", headers=headers)
            if endpoint == "feedback":
                return c.post("/v1/feedback", json={"answer_id": answer_id, "rating": "up"}, headers=headers)
            return c.get("/metrics", headers=headers)

        got: dict[str, list[int]] = {}
        for endpoint in EXPECTED:
            got[endpoint] = []
            for headers in callers.values():
                r = call(endpoint, headers)
                got[endpoint].append(r.status_code)
                body = r.json() if r.headers.get("content-type", "").startswith("application/json") else {}
                if r.status_code == 401:
                    assert r.headers.get("www-authenticate") == "Bearer" and body["error"]["code"] == "unauthorized"
                if r.status_code == 403:
                    assert body["error"]["code"] in ("forbidden", "origin_not_allowed"), body
                if endpoint == "ingest" and r.status_code == 202:
                    job = _wait_job(c, body["job_id"], admin)
                    assert job["state"] == "done", job
    table = _table(got, list(callers))
    print("\n" + table)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "role-matrix.md").write_text(table + "\n", encoding="utf-8")
    assert got == {e: list(v) for e, v in EXPECTED.items()}, "\n" + table
    logged = caplog.text
    assert '"key": "test-reader"' in logged, "the access log names the key"
    folder = ops.settings.db_file.parent  # grep runs in another process: closing the database file here
    for secret in ops.keys.values():    # would drop this process's SQLite locks (POSIX lock semantics)
        assert secret not in logged, "a key reached the log"
        assert subprocess.run(["grep", "-rqF", secret, str(folder)]).returncode == 1, "a key is stored in clear"
    assert subprocess.run(["grep", "-rqF", hash_key(ops.keys["admin"]), str(folder)]).returncode == 0


def _table(got: dict[str, list[int]], callers: list[str]) -> str:
    lines = ["| endpoint | " + " | ".join(callers) + " |", "|---" * (len(callers) + 1) + "|"]
    for endpoint, statuses in got.items():
        cells = [str(s) if s == e else f"**{s}** (want {e})" for s, e in zip(statuses, EXPECTED[endpoint], strict=True)]
        lines.append(f"| {endpoint} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def test_browser_origins(ops: Ops) -> None:
    reader = auth(ops.keys["reader"])
    with httpx.Client(base_url=ops.url, timeout=60) as c:
        for path in ("/v1/documents", "/healthz"):
            r = c.get(path, headers=reader | {"Origin": "https://evil.example"})
            assert r.status_code == 403 and r.json()["error"]["code"] == "origin_not_allowed"
        assert c.get("/v1/documents", headers=reader | {"Origin": ops.url}).status_code == 200  # same origin
        assert c.get("/v1/documents", headers=reader | {"Origin": SITE}).status_code == 200  # RANG_CORS_ORIGINS
        r = c.post("/v1/ask", json={"question": "มาตรา ๕"}, headers=auth(ops.keys["widget"]))  # no Origin at all
        assert r.status_code == 403
        for path in ("/healthz", "/", "/widget.js", "/openapi.json", "/docs"):
            assert c.get(path).status_code in (200, 503), path


def test_readyz_shows_its_details_to_admins_only(ops: Ops) -> None:
    with httpx.Client(base_url=ops.url, timeout=60) as c:
        for caller, headers in _callers(ops).items():
            r = c.get("/readyz", headers=headers)
            assert r.status_code == 200, caller
            if caller == "admin":
                full = r.json()
                assert full["status"] == "ready" and full["chunks"] > 50
                assert full["index"] == str(ops.settings.chroma_dir)
            else:
                assert r.json() == {"status": "ready"}, caller
                assert str(ops.settings.data_dir) not in r.text


def test_a_refused_cors_preflight_answers_json(ops: Ops) -> None:
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    with httpx.Client(base_url=ops.url, timeout=60) as c:
        ok = c.options("/v1/ask", headers=preflight | {"Origin": SITE})
        assert ok.status_code == 200 and ok.headers["access-control-allow-origin"] == SITE
        for origin, extra, refused in (("https://evil.example", {}, "origin"),
                                       (SITE, {"Access-Control-Request-Method": "PUT"}, "method"),
                                       (SITE, {"Access-Control-Request-Headers": "x-evil"}, "headers")):
            r = c.options("/v1/ask", headers=preflight | {"Origin": origin} | extra)
            assert r.status_code == 400 and r.headers["content-type"].startswith("application/json"), r.text
            error = r.json()["error"]
            assert error["code"] == "cors_refused" and f"refused: {refused} not allowed" in error["message"]


def test_feedback_and_the_log_report(ops: Ops) -> None:
    reader = auth(ops.keys["reader"])
    with httpx.Client(base_url=ops.url, timeout=120) as c:
        first = c.post("/v1/ask", json={"question": UNANSWERED}, headers=reader).json()
        assert first["found"] is False
        again = c.post("/v1/ask", json={"question": f"  {UNANSWERED} ?", "stream": True}, headers=reader)
        assert again.status_code == 200 and "event: done" in again.text
        named = c.post("/v1/ask", json={"question": "มาตรา ๕ ว่าอย่างไร"}, headers=reader).json()
        assert named["found"] is True
        r = c.post("/v1/feedback", headers=reader,
                   json={"answer_id": named["answer_id"], "rating": "down", "comment": "ตอบไม่ตรงคำถาม"})
        assert r.status_code == 200 and r.json() == {"answer_id": named["answer_id"], "rating": "down"}
        assert c.post("/v1/feedback", json={"answer_id": "nope", "rating": "up"}, headers=reader).status_code == 404
        bad = c.post("/v1/feedback", json={"answer_id": named["answer_id"], "rating": "meh"}, headers=reader)
        assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_request"
    rows = Database(ops.settings.db_file).query("SELECT * FROM asks WHERE answer_id = ?", (first["answer_id"],))
    assert rows and rows[0]["key_name"] == "test-reader" and rows[0]["found"] == 0 and rows[0]["mode"] == "extractive"
    assert rows[0]["latency_ms"] > 0

    report = ops.cli("log", "--since", "7d")
    assert report.returncode == 0, report.stderr
    print("\n" + report.stdout)
    assert UNANSWERED in report.stdout and "ตอบไม่ตรงคำถาม" in report.stdout
    data = json.loads(ops.cli("log", "--since", "7d", "--json").stdout)
    top = next(r for r in data if r["question"].strip(" ?") == UNANSWERED)
    assert top["count"] == 2 and top["found"] == 0
    down = next(r for r in data if r["downvotes"])
    assert down["comments"] == ["ตอบไม่ตรงคำถาม"] and down["found"] == down["count"]
    assert data.index(top) < data.index(down), "most frequent first"


def test_keys_cli_create_list_revoke(ops: Ops) -> None:
    created = ops.cli("keys", "create", "--role", "reader", "--name", "cli-reader")
    assert created.returncode == 0, created.stderr
    secret = created.stdout.strip()
    assert secret.startswith("rang_") and len(secret) > 40 and "not shown again" in created.stderr
    listed = ops.cli("keys", "list")
    assert listed.returncode == 0 and "cli-reader" in listed.stdout and secret not in listed.stdout
    as_json = json.loads(ops.cli("keys", "list", "--json").stdout)
    mine = next(k for k in as_json if k["name"] == "cli-reader")
    assert mine["role"] == "reader" and mine["revoked"] is None and secret not in json.dumps(as_json)
    assert ops.cli("keys", "create", "--role", "reader", "--name", "cli-reader").returncode == 1  # name taken
    assert ops.cli("keys", "create", "--role", "widget").returncode == 1  # a widget key needs --origin
    with httpx.Client(base_url=ops.url, timeout=60) as c:
        assert c.get("/v1/documents", headers=auth(secret)).status_code == 200
        revoked = ops.cli("keys", "revoke", "cli-reader")
        assert revoked.returncode == 0, revoked.stderr
        r = c.get("/v1/documents", headers=auth(secret))
        assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    again = json.loads(ops.cli("keys", "list", "--json").stdout)
    assert next(k for k in again if k["name"] == "cli-reader")["revoked"] is not None


def test_rate_limits_answer_429_with_retry_after(demo_index: Settings, tmp_path: Path) -> None:
    data = copy_index(demo_index, tmp_path)
    settings = keyed_settings(data, rate_ask_per_minute=3, rate_ip_per_minute=8)
    keys = create_keys(settings)
    with serve(settings) as url, httpx.Client(base_url=url, timeout=60) as c:
        reader = auth(keys["reader"])
        statuses = [c.post("/v1/search", json={"query": "มาตรา ๕"}, headers=reader).status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        r = c.post("/v1/ask", json={"question": "มาตรา ๕"}, headers=reader)
        assert r.status_code == 429 and r.json()["error"]["code"] == "rate_limited"
        assert 1 <= int(r.headers["retry-after"]) <= 60
        assert c.post("/v1/search", json={"query": "มาตรา ๕"}, headers=auth(keys["admin"])).status_code == 200
        # 6 API calls so far from this address; the IP limit (8) allows two more of anything
        assert [c.get("/v1/documents", headers=reader).status_code for _ in range(3)] == [200, 200, 429]
        r = c.get("/v1/documents", headers=reader)
        assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
        assert c.get("/healthz").status_code == 200  # not an API call


def test_sliding_window_counts_the_last_minute() -> None:
    now = [1000.0]
    window = SlidingWindow(clock=lambda: now[0])
    assert [window.hit("k", 3) for _ in range(3)] == [0.0, 0.0, 0.0]
    now[0] += 20
    assert window.hit("k", 3) == pytest.approx(40.0)
    assert window.hit("other", 3) == 0.0 and window.hit("k", 0) == 0.0
    now[0] += 40.5
    assert window.hit("k", 3) == 0.0


def test_purge_keeps_recent_rows_and_their_feedback(tmp_path: Path) -> None:
    db = Database(tmp_path / "log.sqlite3")
    now = time.time()
    db.log_ask("old", "k", "เก่า", False, [], 5.0, "extractive", at=now - 91 * 86400)
    db.log_ask("new", "k", "ใหม่", False, ["c1"], 5.0, "llm", at=now - 89 * 86400)
    assert db.add_feedback("old", "k", "down", "x") and db.add_feedback("new", "k", "up", None)
    assert db.purge(90, now=now) == 1
    assert [r["answer_id"] for r in db.query("SELECT answer_id FROM asks")] == ["new"]
    assert [r["answer_id"] for r in db.query("SELECT answer_id FROM feedback")] == ["new"]
    assert normalize_question("  What  is THIS?? ") == normalize_question("what is this")


def test_since_and_origins_parse() -> None:
    assert parse_since("7d", now=1_000_000.0) == 1_000_000.0 - 7 * 86400
    assert parse_since("90m", now=1000.0) == 1000.0 - 5400
    with pytest.raises(ValueError):
        parse_since("last week")
    assert normalize_origin("HTTPS://Intranet.Example:443/") == "https://intranet.example"
    assert normalize_origin("http://127.0.0.1:8000") == "http://127.0.0.1:8000"
    for bad in ("intranet.example", "https://x.example/path", "ftp://x.example", "null"):
        with pytest.raises(ValueError):
            normalize_origin(bad)
