"""The API's rate limit, as Laravel's `ThrottleRequests` counts it, for the mock when asked.

[2023] The `api` route group allows 60 requests a minute per user (or IP); the 61st within the
minute gets a 429 with `Retry-After` and `X-RateLimit-*` headers. [inf] Laravel's limiter opens a
window of one minute at the first request of a key and counts until the window ends; every
answer carries `X-RateLimit-Limit` and `X-RateLimit-Remaining`, a refusal also `Retry-After`
(whole seconds until the window ends) and `X-RateLimit-Reset`.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Final

PER_MINUTE: Final = 60
"""The 2023 backend's limit: `Limit::perMinute(60)`."""
WINDOW: Final = 60.0


@dataclass
class RateLimiter:
    """Requests per key in fixed one-minute windows; thread-safe; the clock is injectable."""

    per_minute: int = PER_MINUTE
    clock: Callable[[], float] = time.monotonic
    _windows: dict[str, tuple[float, int]] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def hit(self, key: str) -> tuple[bool, dict[str, str]]:
        """Count one request for `key`: (allowed, the headers to answer with)."""
        now = self.clock()
        with self._lock:
            started, count = self._windows.get(key, (now, 0))
            if now - started >= WINDOW:
                started, count = now, 0
            count += 1
            self._windows[key] = (started, count)
        remaining = max(self.per_minute - count, 0)
        headers = {
            "x-ratelimit-limit": str(self.per_minute),
            "x-ratelimit-remaining": str(remaining),
        }
        if count <= self.per_minute:
            return True, headers
        wait = max(math.ceil(started + WINDOW - now), 1)
        headers["retry-after"] = str(wait)
        headers["x-ratelimit-reset"] = str(math.ceil(time.time() + wait))
        return False, headers
