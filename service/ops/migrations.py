"""Versioned schema of the service's own tables, applied at start-up on SQLite and PostgreSQL.

Each migration runs once, in order, inside one transaction with its row in `schema_migrations`.
Replicas starting together take a lock first (a PostgreSQL transaction-level advisory lock;
SQLite's `BEGIN IMMEDIATE`), so exactly one of them applies a step and the others see it done.
A database already at the newest version costs one read. Never edit a released step: add one.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from service.ops.sql import Conn, DatabaseError, SqlDatabase

log = logging.getLogger("rang.db")
MIGRATE_LOCK = 0x72616E67_0001  # pg_advisory_xact_lock key: 'rang' + 1


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    # the tables of the SQLite file before versioned migrations (IF NOT EXISTS adopts such a file)
    Migration(1, "keys, query log, feedback, jobs", (
        """CREATE TABLE IF NOT EXISTS api_keys (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            role TEXT NOT NULL,
            origins TEXT NOT NULL DEFAULT '[]',
            hash TEXT NOT NULL,
            created_at DOUBLE PRECISION NOT NULL,
            last_used_at DOUBLE PRECISION,
            revoked_at DOUBLE PRECISION
        )""",
        "CREATE UNIQUE INDEX IF NOT EXISTS api_keys_active_name ON api_keys(name) WHERE revoked_at IS NULL",
        """CREATE TABLE IF NOT EXISTS asks (
            answer_id TEXT PRIMARY KEY,
            at DOUBLE PRECISION NOT NULL,
            key_name TEXT NOT NULL,
            question TEXT NOT NULL,
            norm TEXT NOT NULL,
            found INTEGER NOT NULL,
            chunk_ids TEXT NOT NULL,
            latency_ms DOUBLE PRECISION,
            mode TEXT NOT NULL
        )""",
        "CREATE INDEX IF NOT EXISTS asks_at ON asks(at)",
        """CREATE TABLE IF NOT EXISTS feedback (
            answer_id TEXT PRIMARY KEY REFERENCES asks(answer_id) ON DELETE CASCADE,
            at DOUBLE PRECISION NOT NULL,
            key_name TEXT NOT NULL,
            rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
            comment TEXT
        )""",
        """CREATE TABLE IF NOT EXISTS jobs (
            id TEXT PRIMARY KEY,
            created_at DOUBLE PRECISION NOT NULL,
            state TEXT NOT NULL,
            data TEXT NOT NULL
        )""",
        "CREATE INDEX IF NOT EXISTS jobs_created ON jobs(created_at)",
    )),
    Migration(2, "replicas: job heartbeats, who answered, shared rate-limit counters, the ingest lock's holder", (
        "ALTER TABLE jobs ADD COLUMN replica TEXT",
        "ALTER TABLE jobs ADD COLUMN heartbeat_at DOUBLE PRECISION",
        "CREATE INDEX jobs_state ON jobs(state)",
        "ALTER TABLE asks ADD COLUMN replica TEXT",
        """CREATE TABLE rate_counts (
            bucket TEXT NOT NULL,
            win BIGINT NOT NULL,
            hits INTEGER NOT NULL,
            PRIMARY KEY (bucket, win)
        )""",
        "CREATE INDEX rate_counts_win ON rate_counts(win)",
        """CREATE TABLE locks (
            name TEXT PRIMARY KEY,
            holder TEXT NOT NULL,
            since DOUBLE PRECISION NOT NULL
        )""",
    )),
)
LATEST = MIGRATIONS[-1].version


def schema_version(db: SqlDatabase) -> int:
    """The newest applied migration, 0 for an empty database."""
    try:
        rows = db.query("SELECT max(version) AS v FROM schema_migrations")
    except DatabaseError:
        return 0
    return int(rows[0]["v"] or 0)


def migrate(db: SqlDatabase) -> list[int]:
    """Apply what is missing; returns the versions applied here (usually none)."""
    if schema_version(db) >= LATEST:
        return []
    applied: list[int] = []
    with db.tx() as con:
        if db.dialect == "postgresql":
            con.execute("SELECT pg_advisory_xact_lock(?)", (MIGRATE_LOCK,))
        con.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                    "applied_at DOUBLE PRECISION NOT NULL)")
        done = {int(r["version"]) for r in con.execute("SELECT version FROM schema_migrations").fetchall()}
        for m in MIGRATIONS:
            if m.version in done:
                continue
            _apply(con, m)
            applied.append(m.version)
    if applied:
        log.info("database %s: applied schema migrations %s", db.where(), applied)
    return applied


def _apply(con: Conn, m: Migration) -> None:
    for sql in m.statements:
        con.execute(sql)
    con.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                (m.version, m.name, time.time()))
