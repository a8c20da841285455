"""`python -m service`: run the API (`--host`, `--port`) on the index RANG_DATA_DIR points at;
`python -m service keys ...` and `python -m service log` are the maintenance commands (service/ops/keys.py)."""

from __future__ import annotations

import argparse
import logging.config
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from pydantic import ValidationError

LOG_FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s %(message)s"


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in ("keys", "log"):
        from service.ops.keys import main as maintenance

        return maintenance(argv)
    p = argparse.ArgumentParser(prog="python -m service", description="Run the Rang Q&A API.",
                                epilog="maintenance: python -m service keys {create,list,revoke} | log --since 7d")
    p.add_argument("--host", help="bind address (default RANG_HOST or 127.0.0.1)")
    p.add_argument("--port", type=int, help="port (default RANG_PORT or 8000)")
    p.add_argument("--data-dir", type=Path, help="override RANG_DATA_DIR")
    p.add_argument("--workers", type=int, default=1,
                   help="worker processes (each holds the index; rate limits count per worker unless "
                        "RANG_RATE_LIMIT_STORE=database or RANG_DATABASE_URL is set)")
    p.add_argument("--log-level", default="info")
    args = p.parse_args(argv)

    # Parallelise across questions, not within one: a single-threaded embedding per core gave
    # 72 requests/s at 8 concurrent clients, against 40 with every embedding on all cores
    # (docs/DECISIONS.md). Must be set before any OpenMP library loads.
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    from ingest.settings import Settings

    overrides = {k: v for k, v in (("host", args.host), ("port", args.port), ("data_dir", args.data_dir)) if v}
    try:
        settings = Settings(**overrides)
    except ValidationError as exc:
        print(f"settings: {exc.errors()[0]['msg']}", file=sys.stderr)
        return 2
    import uvicorn

    from service.api.app import create_app

    logging.config.dictConfig(log_config(args.log_level))
    if args.workers > 1:
        # each worker process builds its own app from the environment
        if args.data_dir:
            os.environ["RANG_DATA_DIR"] = str(args.data_dir)
        # /metrics sums every worker's counters: prometheus_client's multiprocess mode, chosen by
        # this variable before a worker imports it; the workers share this replica's name
        os.environ.setdefault("RANG_REPLICA_NAME", settings.replica)
        metrics_dir = _metrics_dir()
        # uvicorn applies log_config again in each worker it spawns (a fresh interpreter)
        try:
            uvicorn.run("service.api.app:create_app", factory=True, workers=args.workers, host=settings.host,
                        port=settings.port, log_level=args.log_level, log_config=log_config(args.log_level),
                        access_log=False)
        finally:
            if metrics_dir:
                shutil.rmtree(metrics_dir, ignore_errors=True)
        return 0
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level=args.log_level,
                log_config=log_config(args.log_level), access_log=False)
    return 0


def _metrics_dir() -> str | None:
    """PROMETHEUS_MULTIPROC_DIR for the workers: the operator's (emptied of a previous run's
    files, as prometheus_client requires) or a new temporary one, removed at exit (returned)."""
    given = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if given:
        Path(given).mkdir(parents=True, exist_ok=True)
        for old in Path(given).glob("*.db"):
            old.unlink(missing_ok=True)
        return None
    made = tempfile.mkdtemp(prefix="rang-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = made
    return made


def log_config(level: str) -> dict[str, Any]:
    """One format for every line, ours and uvicorn's, in every process: time, process id (which
    worker), level, logger. Uvicorn's own config would drop the `rang.` loggers in its workers
    and print its lines without a time."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"plain": {"format": LOG_FORMAT}},
        "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain", "stream": "ext://sys.stderr"}},
        "root": {"level": level.upper(), "handlers": ["stderr"]},
        "loggers": {"uvicorn": {"level": level.upper(), "handlers": [], "propagate": True}},
    }
