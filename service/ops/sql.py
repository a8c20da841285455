"""One SQL layer for the service's own tables, on a SQLite file or a shared PostgreSQL.

SQLAlchemy Core provides the engines and the connection pool; the SQL is ours and portable:
`?` placeholders (translated to psycopg's `%s`), `INSERT ... ON CONFLICT`, `DOUBLE PRECISION`.
Connections run in autocommit, so a plain read is one round trip; `tx()` opens a transaction
explicitly (`BEGIN IMMEDIATE` on SQLite, so that two writers never deadlock on an upgrade).
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError

__all__ = ["DatabaseError", "IntegrityError", "OperationalError", "Row", "SqlDatabase", "upsert"]
DatabaseError = SQLAlchemyError
Dialect = Literal["sqlite", "postgresql"]


class Row(dict):
    """A result row: `row["col"]` like sqlite3.Row, and `row[0]` by position."""

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, int):
            return list(self.values())[key]
        return super().__getitem__(key)


class Cursor:
    def __init__(self, result: sa.CursorResult) -> None:
        self._result = result
        self.rowcount: int = result.rowcount

    def fetchone(self) -> Row | None:
        if not self._result.returns_rows:
            return None
        row = self._result.mappings().fetchone()
        return Row(row) if row is not None else None

    def fetchall(self) -> list[Row]:
        if not self._result.returns_rows:
            return []
        return [Row(r) for r in self._result.mappings().fetchall()]


class Conn:
    """One connection (inside `tx()`): `execute(sql, params)` with `?` placeholders."""

    def __init__(self, db: SqlDatabase, conn: sa.Connection) -> None:
        self._db, self.sa = db, conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        return Cursor(self._db._run(self.sa, sql, params))


class SqlDatabase:
    """A SQLite path or a `postgresql://` URL; thread-safe (a pool of connections)."""

    def __init__(self, target: str | Path, *, pool_size: int = 10,
                 on_statement: Callable[[], None] | None = None) -> None:
        url = _url(target)
        self.dialect: Dialect = "postgresql" if url.get_backend_name() == "postgresql" else "sqlite"
        self.url = url
        self._counter = itertools.count(1)
        self.statements = 0  # round trips so far (statements, BEGIN and COMMIT), for bench/replicas.py
        self._on_statement = on_statement
        if self.dialect == "sqlite":
            path = Path(url.database or "")
            path.parent.mkdir(parents=True, exist_ok=True)
            self.path: Path | None = path
            self.engine = sa.create_engine(url, isolation_level="AUTOCOMMIT", pool_size=8, max_overflow=56,
                                           connect_args={"timeout": 10, "check_same_thread": False})
            event.listen(self.engine, "connect", _sqlite_pragmas)
        else:
            self.path = None
            self.engine = sa.create_engine(url, isolation_level="AUTOCOMMIT", pool_size=pool_size,
                                           max_overflow=pool_size * 2, pool_recycle=600, pool_timeout=30,
                                           connect_args={"connect_timeout": 10})

    def where(self) -> str:
        """The database without its password, for logs and /readyz."""
        return str(self.path) if self.path else self.url.render_as_string(hide_password=True)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """Rows of one statement, run outside any transaction."""
        with self.engine.connect() as conn:
            return Cursor(self._run(conn, sql, params)).fetchall()

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """One statement in autocommit (atomic on its own); the rows it changed."""
        with self.engine.connect() as conn:
            return self._run(conn, sql, params).rowcount

    @contextmanager
    def tx(self) -> Iterator[Conn]:
        """A transaction: committed at the end of the block, rolled back on an exception."""
        with self.engine.connect() as conn:
            self._run(conn, "BEGIN IMMEDIATE" if self.dialect == "sqlite" else "BEGIN")
            try:
                yield Conn(self, conn)
            except BaseException:
                try:
                    self._run(conn, "ROLLBACK")
                except SQLAlchemyError:
                    conn.invalidate()  # a broken connection must not go back to the pool mid-transaction
                raise
            self._run(conn, "COMMIT")

    def dispose(self) -> None:
        self.engine.dispose()

    def _run(self, conn: sa.Connection, sql: str, params: Sequence[Any] = ()) -> sa.CursorResult:
        self.statements = next(self._counter)
        if self._on_statement is not None:
            self._on_statement()
        if self.dialect == "postgresql":
            sql = _pg_placeholders(sql)
        return conn.exec_driver_sql(sql, tuple(params))


def upsert(table: str, columns: Sequence[str], key: Sequence[str]) -> str:
    """INSERT of every column, or UPDATE of the non-key ones when the key exists (both dialects)."""
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in key)
    return (f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)}) "
            f"ON CONFLICT ({', '.join(key)}) DO " + (f"UPDATE SET {updates}" if updates else "NOTHING"))


def _url(target: str | Path) -> sa.URL:
    if isinstance(target, Path) or "://" not in str(target):
        return sa.URL.create("sqlite", database=str(Path(target)))
    url = make_url(str(target))
    name = url.get_backend_name()
    if name in ("postgresql", "postgres"):
        return url.set(drivername="postgresql+psycopg")  # `postgresql://` alone would mean psycopg2
    if name != "sqlite":
        raise ValueError(f"RANG_DATABASE_URL: use postgresql://… (or leave it unset for SQLite), not {name}://")
    return url


def _sqlite_pragmas(dbapi_con: Any, _record: Any) -> None:
    cur = dbapi_con.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


@functools.lru_cache(maxsize=512)
def _pg_placeholders(sql: str) -> str:
    """`?` → `%s` and `%` → `%%` outside quoted strings and identifiers."""
    out: list[str] = []
    quote = ""
    for ch in sql:
        if quote:
            out.append("%%" if ch == "%" else ch)
            if ch == quote:
                quote = ""
        elif ch in ("'", '"'):
            quote = ch
            out.append(ch)
        elif ch == "?":
            out.append("%s")
        elif ch == "%":
            out.append("%%")
        else:
            out.append(ch)
    return "".join(out)
