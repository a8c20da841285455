"""A real HTTP server (uvicorn in a thread) over a real index, for API tests."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from ingest.settings import Settings
from service.api.app import create_app
from service.ops.auth import KeyStore
from service.ops.db import Database
from tests.service.llm_server import free_port


@contextmanager
def serve(settings: Settings | None = None, *, app: FastAPI | None = None) -> Iterator[str]:
    """Run the app (or a new one for `settings`) on a free port; yields its base URL."""
    port = free_port()
    app = app or create_app(settings)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 120
    while not server.started:
        if time.time() > deadline or not thread.is_alive():
            raise RuntimeError("service did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def admin_headers(settings: Settings) -> dict[str, str]:
    """A new admin key in the database of `settings` (e.g. to read /readyz in full), as headers."""
    secret = KeyStore(Database(settings.db_file)).create("admin")[1]
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture(scope="session")
def demo_url(demo_index: Settings) -> Iterator[str]:
    with serve(demo_index) as url:
        yield url


@pytest.fixture
def client(demo_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=demo_url, timeout=60) as c:
        yield c
