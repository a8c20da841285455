"""In-memory sliding-window rate limits, per key (asks) and per client address (all API calls).

Counts live in this process: with several workers each one counts on its own (see
docs/OPERATIONS.md for what to use across workers and machines).
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

from fastapi import Request

from service.ops.auth import ApiError

WINDOW_S = 60.0


class SlidingWindow:
    """At most `limit` hits per bucket in any `window_s` seconds (an exact log of hit times)."""

    def __init__(self, window_s: float = WINDOW_S, clock: Callable[[], float] = time.monotonic) -> None:
        self.window_s = window_s
        self.clock = clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()
        self._calls = 0

    def hit(self, bucket: str, limit: int) -> float:
        """Record a hit and return 0, or return the seconds to wait (nothing recorded)."""
        if limit <= 0:
            return 0.0
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

    def _prune(self, now: float) -> None:
        for bucket in [b for b, q in self._hits.items() if not q or q[-1] <= now - self.window_s]:
            del self._hits[bucket]


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
    wait = svc.limiter.hit(bucket, svc.settings.rate_ask_per_minute)
    if wait:
        raise too_many(wait, "questions for this key" if key_id else "questions from this address")
