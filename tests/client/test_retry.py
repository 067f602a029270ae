"""The retry policy: what is retried, how long the client waits, and when it gives up."""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime

import pytest
from campaign_contract.client.retry import RETRYABLE_STATUSES, RetryPolicy, parse_retry_after

NOW = datetime(2030, 1, 15, 9, 0, 0, tzinfo=UTC)


def _seeded(seed: int = 0) -> random.Random:
    return random.Random(seed)  # noqa: S311  # jitter in tests, reproducible on purpose


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("7", 7.0),
        (" 0 ", 0.0),
        ("Tue, 15 Jan 2030 09:00:30 GMT", 30.0),
        ("Tue, 15 Jan 2030 08:00:00 GMT", 0.0),
        ("-3", None),
        ("1.5", None),
        ("soon", None),
        ("", None),
        (None, None),
        ("9" * 309, math.inf),  # float(int(...)) raised OverflowError
        ("9" * 4301, math.inf),  # int(...) raised ValueError past Python's digit limit
        ("0" * 400 + "7", 7.0),
        ("999999999", 999_999_999.0),
        ("1000000000", math.inf),
        ("Tue, 15 Jan 99999999999999999999 09:00:30 GMT", None),
    ],
)
def test_retry_after_is_read_as_seconds_or_an_http_date(
    header: str | None, expected: float | None
) -> None:
    """Delta-seconds and HTTP dates are honoured; a past date means now; garbage is ignored."""
    assert expected == parse_retry_after(header, NOW)


def test_only_rate_limits_and_gateway_failures_are_retried() -> None:
    """429, 502, 503 and 504 are transient; 500 may be a bug that a retry would repeat."""
    assert frozenset({429, 502, 503, 504}) == RETRYABLE_STATUSES


def test_backoff_doubles_up_to_the_cap_with_full_jitter() -> None:
    """Each wait lies in [0, min(max_delay, base * 2**(attempt-1))]."""
    policy = RetryPolicy(base_delay=1.0, max_delay=5.0, max_attempts=10, max_total=1_000)
    rng = _seeded(7)
    for attempt, ceiling in [(1, 1.0), (2, 2.0), (3, 4.0), (4, 5.0), (9, 5.0)]:
        waits = [policy.backoff(attempt, rng) for _ in range(200)]
        assert min(waits) >= 0
        assert max(waits) <= ceiling
        assert max(waits) > ceiling * 0.8  # the jitter spreads over the whole range


def test_no_wait_after_the_last_attempt() -> None:
    """`max_attempts` counts every attempt, the first included."""
    policy = RetryPolicy(max_attempts=3)
    rng = _seeded()
    assert policy.next_wait(2, 0.0, retry_after=None, rng=rng) is not None
    assert policy.next_wait(3, 0.0, retry_after=None, rng=rng) is None


def test_retry_after_replaces_the_backoff_within_the_total_time() -> None:
    """The server's wait is used as given, unless it would overrun `max_total`."""
    policy = RetryPolicy(max_total=30.0)
    rng = _seeded()
    assert policy.next_wait(1, 5.0, retry_after=20.0, rng=rng) == 20.0
    assert policy.next_wait(1, 5.0, retry_after=26.0, rng=rng) is None


def test_a_policy_of_one_attempt_never_retries() -> None:
    """`RetryPolicy(max_attempts=1)` turns retrying off."""
    assert RetryPolicy(max_attempts=1).next_wait(1, 0.0, retry_after=0.0, rng=_seeded()) is None


def test_a_retry_after_too_long_to_be_meant_gives_up_at_once() -> None:
    """An infinite wait never fits in `max_total`: no further attempt."""
    policy = RetryPolicy()
    assert policy.next_wait(1, 0.0, retry_after=math.inf, rng=_seeded()) is None
