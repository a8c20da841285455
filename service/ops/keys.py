"""`python -m service keys ...` (API keys) and `python -m service log` (the questions to look at).

Both work on the database the service uses (RANG_DATABASE_URL, else the SQLite file RANG_DB_PATH,
default <RANG_DATA_DIR>/rang.sqlite3) while the service runs: a revoked key is refused from its
next request on, by every replica that shares the database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import time
from pathlib import Path

from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

from service.ops.auth import ROLES, ApiKey, KeyAdminError, KeyStore
from service.ops.db import Database
from service.ops.sql import DatabaseError

_SPAN = re.compile(r"^(\d+)\s*([mhdw])$")
_UNIT_S = {"m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    from ingest.settings import Settings

    overrides = {k: v for k, v in (("data_dir", args.data_dir), ("db_path", args.db)) if v}
    try:
        settings = Settings(**overrides)
    except ValidationError as exc:
        print(f"settings: {exc.errors()[0]['msg']}", file=sys.stderr)
        return 2
    path = settings.db_file
    if settings.database_url is None and not (args.command == "keys" and args.action == "create") \
            and not path.exists():
        print(f"no database at {path} (set RANG_DATA_DIR, RANG_DB_PATH or RANG_DATABASE_URL)", file=sys.stderr)
        return 1
    try:
        db = Database(settings.database, pool_size=2)
    except (DatabaseError, ValueError) as exc:
        print(f"database: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 1
    try:
        if args.command == "log":
            return _log(db, args)
        return _keys(KeyStore(db), args)
    except KeyAdminError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", type=Path, help="override RANG_DATA_DIR")
    common.add_argument("--db", type=Path, help="override RANG_DB_PATH")
    p = argparse.ArgumentParser(prog="python -m service", description="Rang maintenance commands.")
    sub = p.add_subparsers(dest="command", required=True)
    keys = sub.add_parser("keys", help="create, list and revoke API keys")
    actions = keys.add_subparsers(dest="action", required=True)
    create = actions.add_parser("create", parents=[common], help="print a new key once")
    create.add_argument("--role", required=True, choices=ROLES)
    create.add_argument("--origin", action="append", default=[], metavar="URL",
                        help="browser origin a widget key may be used from (repeatable)")
    create.add_argument("--name", help="a unique name (default: role-id)")
    listing = actions.add_parser("list", parents=[common], help="keys without their secrets")
    listing.add_argument("--json", action="store_true")
    revoke = actions.add_parser("revoke", parents=[common], help="refuse a key from now on")
    revoke.add_argument("key", metavar="NAME_OR_ID")
    log = sub.add_parser("log", parents=[common], help="unanswered and down-voted questions")
    log.add_argument("--since", default="7d", help="7d, 24h, 2w, 90m or a date (YYYY-MM-DD); default 7d")
    log.add_argument("--limit", type=int, default=50)
    log.add_argument("--json", action="store_true")
    return p


def _keys(store: KeyStore, args: argparse.Namespace) -> int:
    if args.action == "create":
        key, secret = store.create(args.role, args.name, args.origin)
        print(secret)
        print(f"created {key.role} key {key.name!r} (id {key.id}): store it now, it is not shown again",
              file=sys.stderr)
        return 0
    if args.action == "revoke":
        key = store.revoke(args.key)
        print(f"revoked {key.role} key {key.name!r} (id {key.id})")
        return 0
    keys = store.list()
    if args.json:
        print(json.dumps([_key_json(k) for k in keys], ensure_ascii=False, indent=2))
        return 0
    table = Table("id", "name", "role", "origins", "created", "last used", "revoked")
    for k in keys:
        table.add_row(k.id, k.name, k.role, "\n".join(k.origins) or "-", _when(k.created_at),
                      _when(k.last_used_at), _when(k.revoked_at) if k.revoked_at else "")
    _console().print(table)
    return 0


def _key_json(k: ApiKey) -> dict:
    return {"id": k.id, "name": k.name, "role": k.role, "origins": list(k.origins), "created": _iso(k.created_at),
            "last_used": _iso(k.last_used_at), "revoked": _iso(k.revoked_at)}


def _log(db: Database, args: argparse.Namespace) -> int:
    try:
        since = parse_since(args.since)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    total = db.query("SELECT count(*) AS n, sum(1 - found) AS unanswered FROM asks WHERE at >= ?", (since,))[0]
    rows = db.report(since)[: args.limit]
    if args.json:
        print(json.dumps([{"count": r.count, "question": r.question, "last_asked": _iso(r.last_asked),
                           "found": r.found, "downvotes": r.downvotes, "comments": r.comments} for r in rows],
                         ensure_ascii=False, indent=2))
        return 0
    console = _console()
    console.print(f"{total['n'] or 0} questions since {_when(since)}, {total['unanswered'] or 0} not answered; "
                  f"{len(rows)} to look at (unanswered or down-voted), most frequent first")
    table = Table("count", "question", "last asked", "found", "down", "comments")
    for r in rows:
        table.add_row(str(r.count), r.question, _when(r.last_asked), f"{r.found}/{r.count}", str(r.downvotes),
                      "\n".join(c[:200] for c in r.comments[-3:]))
    console.print(table)
    return 0


def parse_since(text: str, now: float | None = None) -> float:
    """`7d`, `24h`, `2w`, `90m` before now, or a date (`2026-01-31`, local midnight)."""
    now = time.time() if now is None else now
    m = _SPAN.match(text.strip().lower())
    if m:
        return now - int(m.group(1)) * _UNIT_S[m.group(2)]
    try:
        return dt.datetime.fromisoformat(text.strip()).timestamp()
    except ValueError:
        raise ValueError(f"--since {text!r}: use 7d, 24h, 2w, 90m or YYYY-MM-DD") from None


def _console() -> Console:
    return Console(width=None if sys.stdout.isatty() else 160, soft_wrap=False)


def _when(ts: float | None) -> str:
    return dt.datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M") if ts else "never"


def _iso(ts: float | None) -> str | None:
    return dt.datetime.fromtimestamp(ts).astimezone().isoformat(timespec="seconds") if ts else None
