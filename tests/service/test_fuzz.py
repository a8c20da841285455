"""Schema-based fuzzing: schemathesis reads the running service's /openapi.json and sends what
it derives from it (valid and invalid bodies, parameters and headers) to every operation, with
no key, a reader key and an admin key. Whatever it sends, no answer is a 5xx and every error is
JSON `{"error": {"code", "message"}}`.

The server runs on a private copy of the demo index (real model), so the admin calls it makes
(uploads, deletes) change nothing another test reads. Bounded: a fixed seed, at most 25 random
examples per operation besides schemathesis's boundary cases; about 20 s on two busy cores.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator

import httpx
import pytest
import schemathesis
from schemathesis.config import SchemathesisConfig

from ingest.settings import Settings
from service.ops.auth import KeyStore
from service.ops.db import Database
from tests.conftest import make_settings
from tests.service.conftest import serve

# strings the generator would not think of: invisible and control characters, markup, and real
# keys and words of the demo index (a lone surrogate is added by the test: the generator's schema
# validator cannot hold one)
HOSTILE = ["\u200b\u200c\ufeff", "\x00\x1b\x7f", "<script>alert(1)</script>",
           "../../etc/passwd", "ผู้ก่อกากอุตสาหกรรมต้องเก็บเอกสารกำกับการขนส่งไว้กี่ปี", "มาตรา ๒๒/๑",
           "waste-act-draft", "all", "ฉบับที่ ๒", "x" * 2100]
CONFIG = SchemathesisConfig.from_dict({
    "seed": 11,
    "suppress-health-check": ["all"],  # a busy CI machine is slow; the example count bounds the run
    "request-timeout": 60,
    "dictionaries": {"hostile": {"values": HOSTILE}},
    "generation": {"mode": "all", "max-examples": 25, "deterministic": True, "database": "none",
                   "dictionaries": {"string": {"dictionary": "hostile", "probability": 0.3}}},
    "phases": {"stateful": {"enabled": False}},
})
Callers = dict[str, dict[str, str]]


@pytest.fixture(scope="module")
def fuzzed(demo_index: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Callers]]:
    data = tmp_path_factory.mktemp("fuzz") / "data"
    shutil.copytree(demo_index.data_dir, data, ignore=shutil.ignore_patterns("rang.sqlite3*", "uploads"))
    settings = make_settings(data, open_reads=False, cors_origins=["https://intranet.example"], max_upload_mb=1)
    store = KeyStore(Database(settings.db_file))
    callers = {"no key": {}}
    for role in ("reader", "admin"):
        callers[f"{role} key"] = {"Authorization": f"Bearer {store.create(role, f'fuzz-{role}')[1]}"}
    with serve(settings) as url:
        yield url, callers


@pytest.fixture
def api_schema(fuzzed: tuple[str, Callers]) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_url(f"{fuzzed[0]}/openapi.json", config=CONFIG)


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture(autouse=True)
def _node_id_for_schemathesis(request: pytest.FixtureRequest) -> None:
    """schemathesis 4.32 (pytest/lazy.py) reads and rewrites `item._nodeid`, which pytest 9.2 no
    longer has; give it one (its rewrite only renames the reported subtests)."""
    if not hasattr(request.node, "_nodeid"):
        request.node._nodeid = request.node.nodeid


@pytest.mark.slow
@schema.parametrize()
def test_no_server_error_and_every_error_is_json(case: schemathesis.Case, fuzzed: tuple[str, Callers]) -> None:
    url, callers = fuzzed
    status = {}
    for caller, headers in callers.items():
        response = case.call(base_url=url, headers=headers)
        _check(response, caller, case)
        status[caller] = response.status_code
    if status["reader key"] != 200 or case.media_type != "application/json" or not isinstance(case.body, dict):
        return
    # an accepted body again, with a lone UTF-16 surrogate ("\ud800", which JSON may spell) in one
    # text field at a time; sent by hand: schemathesis checks what it sends with a validator that
    # cannot hold one
    target = url + case.formatted_path
    for field, value in case.body.items():
        if not isinstance(value, str):
            continue
        content = json.dumps({**case.body, field: value + "\ud800"})
        for caller, headers in callers.items():
            r = httpx.request(case.operation.method.upper(), target, content=content, timeout=60,
                              headers=headers | {"Content-Type": "application/json"})
            where = f"{caller}, lone surrogate in {field}: {r.request.method} {target} -> {r.status_code}: {r.text[:300]!r}"
            _check_error(r.status_code, r.headers.get("content-type", ""), r.text, where)
            assert r.status_code == (422 if caller != "no key" else 401), where


def _check(response: schemathesis.Response, caller: str, case: schemathesis.Case) -> None:
    where = f"{caller}: {case.method} {response.request.url} -> {response.status_code}: {response.text[:300]!r}"
    content_type = response.headers.get("content-type", [""])[0]
    _check_error(response.status_code, content_type, response.text, where)
    if content_type.startswith("text/event-stream"):  # a failure after the 200 is reported in-band
        assert "event: error" not in response.text, where


def _check_error(status: int, content_type: str, text: str, where: str) -> None:
    assert status < 500, where
    if status >= 400:
        assert content_type.startswith("application/json"), where
        body = json.loads(text)
        assert isinstance(body, dict) and set(body) == {"error"}, where
        error = body["error"]
        assert isinstance(error, dict) and set(error) == {"code", "message"}, where
        assert isinstance(error["code"], str) and error["code"], where
        assert isinstance(error["message"], str) and error["message"], where
