"""The mock's rate limit, when asked: 60 a minute per token, then 429 with Retry-After."""

from __future__ import annotations

from campaign_contract.mock import DEFAULT_TOKEN, MockCampaignApi
from campaign_contract.mock.rate_limit import RateLimiter
from payloads import EXAMPLES

CAMPAIGN = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
PATH = f"/api/v1/sms/campaigns/{CAMPAIGN}"
JSON = {"Authorization": f"Bearer {DEFAULT_TOKEN}", "Content-Type": "application/json"}
MINIMAL = (EXAMPLES / "valid" / "minimal.json").read_bytes()


class Clock:
    """A clock the test moves."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _api(clock: Clock) -> MockCampaignApi:
    api = MockCampaignApi(rate_limit=RateLimiter(clock=clock))
    api.seed(CAMPAIGN)
    return api


def test_the_61st_request_in_a_minute_is_429_with_retry_after() -> None:
    """60 answers, then `Too Many Attempts.` with the seconds left in the window."""
    clock = Clock()
    api = _api(clock)
    statuses = [api.handle("PUT", PATH, JSON, MINIMAL).status for _ in range(60)]
    clock.now += 20
    refused = api.handle("PUT", PATH, JSON, MINIMAL)
    assert (set(statuses), refused.status, refused.json()) == (
        {200},
        429,
        {"message": "Too Many Attempts."},
    )
    assert (refused.headers["retry-after"], refused.headers["x-ratelimit-remaining"]) == ("40", "0")


def test_the_window_ends_after_a_minute_and_tokens_are_counted_apart() -> None:
    """A new minute starts a new count; another token has its own."""
    clock = Clock()
    api = _api(clock)
    for _ in range(61):
        api.handle("PUT", PATH, JSON, MINIMAL)
    other = {**JSON, "Authorization": "Bearer someone-else"}
    clock.now += 60
    after = api.handle("PUT", PATH, JSON, MINIMAL)
    assert (api.handle("PUT", PATH, other, MINIMAL).status, after.status) == (401, 200)
    assert (after.headers["x-ratelimit-limit"], after.headers["x-ratelimit-remaining"]) == (
        "60",
        "59",
    )


def test_without_a_rate_limit_nothing_is_counted() -> None:
    """The default mock never answers 429 on its own, and adds no rate-limit headers."""
    api = MockCampaignApi()
    api.seed(CAMPAIGN)
    replies = [api.handle("PUT", PATH, JSON, MINIMAL) for _ in range(100)]
    assert {(r.status, "x-ratelimit-limit" in r.headers) for r in replies} == {(200, False)}
