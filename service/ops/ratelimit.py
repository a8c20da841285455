"""Sliding-window rate limits, per key (asks) and per client address (all API calls).

`SlidingWindow` counts in this process (one worker, one machine: exact, no I/O). `SharedWindow`
counts in the database, so every worker and every replica draws on one budget per key and per
address (RANG_RATE_LIMIT_STORE, docs/DEPLOY.md for why the database and not Redis).
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections import deque
from collections.abc import Callable

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from service.ops.auth import ApiError
from service.ops.sql import DatabaseError, SqlDatabase

log = logging.getLogger("rang.ratelimit")
WINDOW_S = 60.0


class _Window:
    """What both counters share: a hit is recorded, or the seconds to wait are returned."""

    _warned = 0.0

    def _hit(self, bucket: str, limit: int) -> float:
        raise NotImplementedError

    def hit(self, bucket: str, limit: int) -> float:
        """Record a hit and return 0, or return the seconds to wait (nothing recorded). Fails open:
        with the database unreachable the request goes on (a key check would refuse it anyway)."""
        if limit <= 0:
            return 0.0
        try:
            return self._hit(bucket, limit)
        except DatabaseError as exc:
            now = time.monotonic()
            if now - self._warned > 60:
                self._warned = now
                log.warning("rate limit not counted (database unreachable): %s", str(exc).splitlines()[0])
            return 0.0


class SlidingWindow(_Window):
    """At most `limit` hits per bucket in any `window_s` seconds (an exact log of hit times)."""

    def __init__(self, window_s: float = WINDOW_S, clock: Callable[[], float] = time.monotonic) -> None:
        self.window_s = window_s
        self.clock = clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()
        self._calls = 0

    def _hit(self, bucket: str, limit: int) -> float:
        now = self.clock()
        with self._lock:
            self._calls += 1
            if self._calls % 1000 == 0:
                self._prune(now)
            q = self._hits.setdefault(bucket, deque())
            while q and q[0] <= now - self.window_s:
                q.popleft()
            if len(q) >= limit:
                return max(q[0] + self.window_s - now, 0.001)
            q.append(now)
            return 0.0

    async def check(self, bucket: str, limit: int) -> float:
        return self.hit(bucket, limit)

    def _prune(self, now: float) -> None:
        for bucket in [b for b, q in self._hits.items() if not q or q[-1] <= now - self.window_s]:
            del self._hits[bucket]


class SharedWindow(_Window):
    """At most about `limit` hits per bucket in any `window_s` seconds, counted in the database.

    A sliding-window counter: one row per bucket and window (`rate_counts`); a hit is allowed when
    this window's count plus the previous window's, weighted by how much of it still overlaps
    the last `window_s` seconds, stays within the limit. The increment is one conditional upsert,
    atomic under concurrent replicas; the previous window's count no longer changes, so each
    process reads it once per bucket and window. Typically one statement per hit.
    """

    def __init__(self, db: SqlDatabase, window_s: float = WINDOW_S, clock: Callable[[], float] = time.time) -> None:
        self.db, self.window_s, self.clock = db, window_s, clock
        self._previous: dict[str, tuple[int, int]] = {}  # bucket -> (window, hits in the window before it)
        self._lock = threading.Lock()
        self._calls = 0
        self._warned = 0.0
        self._upsert = ("INSERT INTO rate_counts (bucket, win, hits) VALUES (?, ?, 1) ON CONFLICT (bucket, win) "
                        "DO UPDATE SET hits = rate_counts.hits + 1 WHERE rate_counts.hits < ? RETURNING hits")

    def _hit(self, bucket: str, limit: int) -> float:
        now = self.clock()
        win = int(now // self.window_s)
        into = (now - win * self.window_s) / self.window_s  # how far into this window, 0..1
        weighted = self._previous_hits(bucket, win) * (1.0 - into)
        room = math.floor(limit - weighted + 1e-9)  # hits this window may hold now
        if room >= 1 and self.db.query(self._upsert, (bucket, win, room)):
            self._maybe_prune(win)
            return 0.0
        current = room if room >= 1 else 0
        return self._wait(bucket, win, into, limit, current)

    async def check(self, bucket: str, limit: int) -> float:
        if limit <= 0:
            return 0.0
        return await run_in_threadpool(self.hit, bucket, limit)

    def _previous_hits(self, bucket: str, win: int) -> int:
        with self._lock:
            known = self._previous.get(bucket)
        if known is not None and known[0] == win:
            return known[1]
        rows = self.db.query("SELECT hits FROM rate_counts WHERE bucket = ? AND win = ?", (bucket, win - 1))
        hits = int(rows[0]["hits"]) if rows else 0
        with self._lock:
            if len(self._previous) > 100_000:
                self._previous.clear()
            self._previous[bucket] = (win, hits)
        return hits

    def _wait(self, bucket: str, win: int, into: float, limit: int, current: int) -> float:
        """Seconds until the weighted count leaves room for one more hit."""
        prev = self._previous_hits(bucket, win)
        left = (1.0 - into) * self.window_s
        need = 1.0 - (limit - current - 1) / prev if prev else 1.0  # the fraction `into` must reach
        if need < 1.0:  # room appears as the previous window slides out
            return max((need - into) * self.window_s, 0.001)
        return max(left, 0.001)  # not before the next window

    def _maybe_prune(self, win: int) -> None:
        with self._lock:
            self._calls += 1
            due = self._calls % 1000 == 1
        if due:
            self.db.execute("DELETE FROM rate_counts WHERE win < ?", (win - 1,))


def client_address(request: Request) -> str:
    """The peer address (uvicorn replaces it with X-Forwarded-For from trusted proxies only)."""
    return request.client.host if request.client else "unknown"


def too_many(wait_s: float, what: str) -> ApiError:
    seconds = max(1, math.ceil(wait_s))
    return ApiError(429, "rate_limited", f"too many {what}: retry in {seconds} s", {"Retry-After": str(seconds)})


async def limit_asks(request: Request) -> None:
    """Dependency after `authorize`: RANG_RATE_ASK_PER_MINUTE per key (per address when keyless)."""
    svc = request.app.state.services
    principal = getattr(request.state, "principal", None)
    key_id = getattr(principal, "key_id", None)
    bucket = f"key:{key_id}" if key_id else f"anon:{client_address(request)}"
    wait = await svc.limiter.check(bucket, svc.settings.rate_ask_per_minute)
    if wait:
        raise too_many(wait, "questions for this key" if key_id else "questions from this address")
