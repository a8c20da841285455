"""A throwaway PostgreSQL cluster for tests and benchmarks: `initdb` in a temporary folder, `pg_ctl`
on a free port (its socket in that folder too), removed at the end.

initdb refuses to run as root, so under root the cluster belongs to the `postgres` user (Debian's
package makes it) or, failing that, `nobody`. Binaries are found on PATH or in Debian's
/usr/lib/postgresql/<version>/bin; without them the tests that need PostgreSQL are skipped.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

SKIP_REASON = "PostgreSQL binaries (initdb, pg_ctl) not found: apt-get install postgresql (.ci/setup does)"


def pg_bin() -> Path | None:
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    dirs = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda d: int(Path(d).parent.name), reverse=True)
    return next((Path(d) for d in dirs if (Path(d) / "initdb").exists()), None)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """`with Cluster() as pg:` starts it; `pg.url(db)` and `pg.create_database(name)` use it."""

    def __init__(self, *, fast: bool = True) -> None:
        self.bin = pg_bin()
        if self.bin is None:
            raise FileNotFoundError(SKIP_REASON)
        self.fast = fast  # no fsync: a test cluster never outlives a crash
        self.root = Path(tempfile.mkdtemp(prefix="rang-pg-"))
        self.port = _free_port()
        self.user: pwd.struct_passwd | None = None
        if os.geteuid() == 0:
            self.user = _unprivileged()
            os.chown(self.root, self.user.pw_uid, self.user.pw_gid)
        self.data = self.root / "data"

    def _run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        extra: dict = {}
        if self.user is not None:
            extra = {"user": self.user.pw_uid, "group": self.user.pw_gid, "extra_groups": []}
        env = {"PATH": os.environ.get("PATH", ""), "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8",
               "HOME": str(self.root), "TZ": "UTC"}
        done = subprocess.run(args, cwd=self.root, env=env, capture_output=True, text=True, timeout=timeout,
                              check=False, **extra)
        if done.returncode != 0:
            log = (self.root / "log").read_text(errors="replace")[-2000:] if (self.root / "log").exists() else ""
            raise RuntimeError(f"{' '.join(args[:2])} failed ({done.returncode}): {done.stderr[-2000:]}\n{log}")
        return done

    def start(self) -> Cluster:
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", "rang", "--auth=trust", "-E", "UTF8",
                  "--no-locale", "--no-sync")
        opts = [f"-p {self.port}", f"-k {self.root}", "-c listen_addresses=127.0.0.1", "-c max_connections=300",
                "-c shared_buffers=64MB"]
        if self.fast:
            opts += ["-F", "-c synchronous_commit=off", "-c full_page_writes=off"]
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.root / "log"), "-w", "-t", "60",
                  "-o", " ".join(opts), "start")
        return self

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop", timeout=60)
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://rang@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as con:
            con.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def __enter__(self) -> Cluster:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _unprivileged() -> pwd.struct_passwd:
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise RuntimeError("running as root and no 'postgres' or 'nobody' user to run PostgreSQL as")


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """One throwaway PostgreSQL for the test session (skipped where PostgreSQL is not installed)."""
    if pg_bin() is None:
        pytest.skip(SKIP_REASON)
    with Cluster() as cluster:
        yield cluster


_counter = iter(range(1, 1_000_000))


@pytest.fixture
def pg_url(pg_cluster: Cluster) -> str:
    """A new empty database on the session's cluster, as a postgresql:// URL."""
    return pg_cluster.create_database(f"rang_test_{os.getpid()}_{next(_counter)}_{int(time.time())}")
