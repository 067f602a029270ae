"""When and how long the client waits before trying a request again.

PUT is idempotent, so repeating it is safe; the client still retries only what is worth
retrying: 429, 502, 503, 504 and transport failures. Waits grow exponentially with full jitter,
`Retry-After` (seconds or an HTTP date) replaces the computed wait, and both the number of
attempts and the total time are capped: `max_total` is a deadline for the whole call, which
the clients enforce on the attempt in flight too. The policy is pure: clocks and randomness
are passed in.
"""

from __future__ import annotations

import email.utils
import math
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Final

RETRYABLE_STATUSES: Final = frozenset({429, 502, 503, 504})
MAX_DELTA_DIGITS: Final = 9
"""More digits than this (over 31 years) is read as "never": the wait is infinite."""


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a `Retry-After` value (delta-seconds or HTTP date), None if unusable.

    A date in the past means "now" (0.0); negative, fractional-looking or garbled values are
    ignored rather than trusted. A number too long to be meant (past `MAX_DELTA_DIGITS`) is
    infinite: no call waits that long, so the client gives up at once.
    """
    if value is None:
        return None
    text = value.strip()
    if text.isascii() and text.isdigit():
        significant = text.lstrip("0") or "0"
        return math.inf if len(significant) > MAX_DELTA_DIGITS else float(significant)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    current = now if now is not None else datetime.now(UTC)
    return max(0.0, (when - current).total_seconds())


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry; `RetryPolicy(max_attempts=1)` never retries."""

    max_attempts: int = 4
    """Attempts in all, the first one included."""
    base_delay: float = 0.5
    """The wait before the second attempt, before jitter; doubled for each later one."""
    max_delay: float = 8.0
    """No computed (jittered) wait is longer than this."""
    max_total: float = 30.0
    """Seconds the whole call may take: the attempts in flight, the waits and Retry-After."""
    retry_statuses: frozenset[int] = field(default=RETRYABLE_STATUSES)

    def __post_init__(self) -> None:
        assert self.max_attempts >= 1, "max_attempts counts the first attempt, so it is >= 1"
        assert min(self.base_delay, self.max_delay, self.max_total) >= 0, "waits are >= 0"

    def backoff(self, attempt: int, rng: random.Random) -> float:
        """The jittered wait after failed attempt number `attempt` (1-based): full jitter."""
        ceiling = min(self.max_delay, self.base_delay * math.pow(2, attempt - 1))
        return rng.uniform(0, ceiling)

    def next_wait(
        self,
        attempt: int,
        elapsed: float,
        *,
        retry_after: float | None,
        rng: random.Random,
    ) -> float | None:
        """The wait before another attempt after failed attempt `attempt`, or None to give up.

        `elapsed` is the time since the first attempt started. A server's `Retry-After` is
        honoured exactly, as long as the next attempt can start before `max_total` is over.
        """
        if attempt >= self.max_attempts:
            return None
        wait = retry_after if retry_after is not None else self.backoff(attempt, rng)
        if elapsed + wait >= self.max_total:
            return None
        return wait
