"""The service's own SQLite file: API keys, the query log, feedback and ingest jobs.

Separate from the index (Chroma): losing it loses keys and history, never documents.
WAL mode so that request threads read while one writes; one connection per thread.
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
import threading
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger("rang.db")
DAY = 86400.0

SCHEMA = """
CREATE TABLE IF NOT EXISTS api_keys (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    origins TEXT NOT NULL DEFAULT '[]',
    hash TEXT NOT NULL,
    created_at REAL NOT NULL,
    last_used_at REAL,
    revoked_at REAL
);
CREATE UNIQUE INDEX IF NOT EXISTS api_keys_active_name ON api_keys(name) WHERE revoked_at IS NULL;
CREATE TABLE IF NOT EXISTS asks (
    answer_id TEXT PRIMARY KEY,
    at REAL NOT NULL,
    key_name TEXT NOT NULL,
    question TEXT NOT NULL,
    norm TEXT NOT NULL,
    found INTEGER NOT NULL,
    chunk_ids TEXT NOT NULL,
    latency_ms REAL,
    mode TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS asks_at ON asks(at);
CREATE TABLE IF NOT EXISTS feedback (
    answer_id TEXT PRIMARY KEY REFERENCES asks(answer_id) ON DELETE CASCADE,
    at REAL NOT NULL,
    key_name TEXT NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    comment TEXT
);
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    created_at REAL NOT NULL,
    state TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS jobs_created ON jobs(created_at);
"""


class Database:
    """A path and a connection per thread; every write is its own short transaction."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self.connect().executescript(SCHEMA)

    def connect(self) -> sqlite3.Connection:
        con: sqlite3.Connection | None = getattr(self._local, "con", None)
        if con is None:
            con = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            con.row_factory = sqlite3.Row
            con.execute("PRAGMA journal_mode=WAL")
            con.execute("PRAGMA synchronous=NORMAL")
            con.execute("PRAGMA foreign_keys=ON")
            self._local.con = con
        return con

    @contextmanager
    def tx(self) -> Iterator[sqlite3.Connection]:
        con = self.connect()
        con.execute("BEGIN IMMEDIATE")
        try:
            yield con
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")

    def query(self, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
        return self.connect().execute(sql, params).fetchall()

    # --- query log and feedback ------------------------------------------------------------
    def log_ask(self, answer_id: str, key_name: str, question: str, found: bool, chunk_ids: list[str],
                latency_ms: float | None, mode: str, at: float | None = None) -> None:
        with self.tx() as con:
            con.execute(
                "INSERT OR REPLACE INTO asks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (answer_id, at or time.time(), key_name, question, normalize_question(question), int(found),
                 json.dumps(chunk_ids), latency_ms, mode),
            )

    def add_feedback(self, answer_id: str, key_name: str, rating: str, comment: str | None) -> bool:
        """False when no ask has that answer id (it may also have been purged)."""
        with self.tx() as con:
            if con.execute("SELECT 1 FROM asks WHERE answer_id = ?", (answer_id,)).fetchone() is None:
                return False
            con.execute("INSERT OR REPLACE INTO feedback VALUES (?, ?, ?, ?, ?)",
                        (answer_id, time.time(), key_name, rating, comment or None))
        return True

    def purge(self, retention_days: int, now: float | None = None) -> int:
        cutoff = (now or time.time()) - retention_days * DAY
        with self.tx() as con:
            con.execute("DELETE FROM feedback WHERE answer_id IN (SELECT answer_id FROM asks WHERE at < ?)",
                        (cutoff,))
            gone = con.execute("DELETE FROM asks WHERE at < ?", (cutoff,)).rowcount
            con.execute("DELETE FROM jobs WHERE created_at < ? AND state IN ('done', 'failed')", (cutoff,))
        return gone

    def report(self, since: float) -> list[ReportRow]:
        """Unanswered and down-voted questions since `since`, grouped by normalised text."""
        rows = self.query(
            "SELECT a.norm, a.question, a.at, a.found, f.rating, f.comment FROM asks a "
            "LEFT JOIN feedback f ON f.answer_id = a.answer_id WHERE a.at >= ? ORDER BY a.at",
            (since,),
        )
        groups: dict[str, ReportRow] = {}
        for r in rows:
            g = groups.setdefault(r["norm"], ReportRow(question=r["question"]))
            g.count += 1
            g.question, g.last_asked = r["question"], max(g.last_asked, r["at"])
            g.found += int(r["found"])
            if r["rating"] == "down":
                g.downvotes += 1
            if r["comment"]:
                g.comments.append(r["comment"])
        flagged = [g for g in groups.values() if g.found < g.count or g.downvotes]
        return sorted(flagged, key=lambda g: (-g.count, -g.last_asked))


class Purger:
    """Purges old log rows now and once a day, in a daemon thread."""

    def __init__(self, db: Database, retention_days: int, every_s: float = DAY) -> None:
        self.db, self.retention_days, self.every_s = db, retention_days, every_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rang-purge", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        while True:
            try:
                gone = self.db.purge(self.retention_days)
                if gone:
                    log.info("purged %d asks older than %d days", gone, self.retention_days)
            except sqlite3.Error as exc:
                log.warning("purge failed: %s", exc)
            if self._stop.wait(self.every_s):
                return


@dataclass
class ReportRow:
    question: str
    count: int = 0
    last_asked: float = 0.0
    found: int = 0
    downvotes: int = 0
    comments: list[str] = field(default_factory=list)


_PUNCT = re.compile(r"[\s\"'“”‘’?？!！.,。、:;()\[\]]+")


def normalize_question(text: str) -> str:
    """The grouping key of the log report: NFKC, case-folded, punctuation and spacing ignored."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return _PUNCT.sub(" ", text).strip()
