"""The service's own tables: API keys, the query log, feedback, ingest jobs, rate-limit counters.

Separate from the index (Chroma): losing them loses keys and history, never documents. A SQLite
file by default (WAL, one machine); with RANG_DATABASE_URL a PostgreSQL that every replica shares
(docs/DEPLOY.md). The same SQL runs on both (service/ops/sql.py); the schema is versioned
(service/ops/migrations.py) and brought up to date when a Database is opened.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from service.ops.migrations import migrate
from service.ops.sql import DatabaseError, SqlDatabase, upsert

log = logging.getLogger("rang.db")
DAY = 86400.0
ASK_COLUMNS = ("answer_id", "at", "key_name", "question", "norm", "found", "chunk_ids", "latency_ms", "mode",
               "replica")
FEEDBACK_COLUMNS = ("answer_id", "at", "key_name", "rating", "comment")


class Database(SqlDatabase):
    """`Database(path_or_url)`: a SQLite path or `postgresql://…`; `query(sql, params)` returns
    dict-like rows and `tx()` a transaction, both with `?` placeholders on either database."""

    def __init__(self, target: str | Path, *, replica: str | None = None, pool_size: int = 10,
                 on_statement: Callable[[], None] | None = None) -> None:
        super().__init__(target, pool_size=pool_size, on_statement=on_statement)
        self.replica = replica
        migrate(self)

    # --- query log and feedback ------------------------------------------------------------
    def log_ask(self, answer_id: str, key_name: str, question: str, found: bool, chunk_ids: list[str],
                latency_ms: float | None, mode: str, at: float | None = None) -> None:
        self.execute(upsert("asks", ASK_COLUMNS, ("answer_id",)),
                     (answer_id, at or time.time(), key_name, question, normalize_question(question), int(found),
                      json.dumps(chunk_ids), latency_ms, mode, self.replica))

    def add_feedback(self, answer_id: str, key_name: str, rating: str, comment: str | None) -> bool:
        """False when no ask has that answer id (it may also have been purged)."""
        with self.tx() as con:
            if con.execute("SELECT 1 FROM asks WHERE answer_id = ?", (answer_id,)).fetchone() is None:
                return False
            con.execute(upsert("feedback", FEEDBACK_COLUMNS, ("answer_id",)),
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
            except DatabaseError as exc:
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
