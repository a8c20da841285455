"""At most one ingest (or delete) at a time across every replica and worker that shares the database.

PostgreSQL: a session advisory lock, held on one connection for the whole ingest. SQLite: an
exclusive `flock` on a file beside the database (one machine). Either way the operating system or
the database server releases it when the holder's process dies, so a crashed replica never leaves
the lock behind. Who holds it is written to the `locks` table, for the message a waiter shows.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import time
from typing import IO, Any

from service.ops.sql import DatabaseError, SqlDatabase, upsert

log = logging.getLogger("rang.locks")
INGEST_LOCK = 0x72616E67_0002  # pg advisory lock key: 'rang' + 2


class LockHeld(Exception):
    """Raised by `hold()` when another holder has the lock; `holder` says who, when known."""

    def __init__(self, holder: str | None) -> None:
        super().__init__(f"the ingest lock is held by {holder or 'another process'}")
        self.holder = holder


class ClusterLock:
    """One named lock; `acquire` never blocks (callers poll and show who holds it)."""

    def __init__(self, db: SqlDatabase, name: str = "ingest", key: int = INGEST_LOCK) -> None:
        self.db, self.name, self.key = db, name, key
        self._conn: Any = None  # the PostgreSQL connection that holds the advisory lock
        self._file: IO[str] | None = None
        self._holder = ""

    @property
    def held(self) -> bool:
        return self._conn is not None or self._file is not None

    def acquire(self, holder: str) -> bool:
        if self.held:
            raise RuntimeError("this ClusterLock object already holds the lock")
        if self.db.dialect == "postgresql":
            conn = self.db.engine.connect()
            try:
                got = conn.exec_driver_sql("SELECT pg_try_advisory_lock(%s)", (self.key,)).scalar()
            except BaseException:
                conn.close()
                raise
            if not got:
                conn.close()
                return False
            self._conn = conn
        else:
            assert self.db.path is not None
            fh = open(self.db.path.with_name(self.db.path.name + f".{self.name}.lock"), "a+")  # noqa: SIM115
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                fh.close()
                return False
            self._file = fh
        self._holder = holder
        with contextlib.suppress(DatabaseError):  # the name is informative; the lock is what counts
            self.db.execute(upsert("locks", ("name", "holder", "since"), ("name",)), (self.name, holder, time.time()))
        return True

    def release(self) -> None:
        if not self.held:
            return
        with contextlib.suppress(DatabaseError):
            self.db.execute("DELETE FROM locks WHERE name = ? AND holder = ?", (self.name, self._holder))
        if self._conn is not None:
            conn, self._conn = self._conn, None
            try:
                conn.exec_driver_sql("SELECT pg_advisory_unlock(%s)", (self.key,))
                conn.close()
            except Exception:  # never return a connection that may still hold the lock to the pool
                log.warning("could not release the %s lock cleanly; dropping its connection", self.name)
                conn.invalidate()
                conn.close()
        if self._file is not None:
            fh, self._file = self._file, None
            fcntl.flock(fh, fcntl.LOCK_UN)
            fh.close()

    def holder(self) -> str | None:
        """Who holds the lock now, as its holder wrote it (None when unknown or free)."""
        try:
            rows = self.db.query("SELECT holder FROM locks WHERE name = ?", (self.name,))
        except DatabaseError:
            return None
        return str(rows[0]["holder"]) if rows else None

    @contextlib.contextmanager
    def hold(self, holder: str):
        """Hold the lock for a block, or raise LockHeld at once."""
        if not self.acquire(holder):
            raise LockHeld(self.holder())
        try:
            yield self
        finally:
            self.release()
