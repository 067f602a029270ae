"""`max_total` as a deadline for the whole call, the attempt in flight included.

The arithmetic is tested with an injected clock and a fake transport that moves the clock as a
slow server would, sync and async; one wall-clock test against a dripping server is `slow`.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpcore
import httpx
import pytest
from campaign_contract import errors
from campaign_contract.client import AsyncCampaignClient, CampaignClient, RetryPolicy
from campaign_contract.client.deadline import _Backend, deadline_transport
from campaign_contract.mock import MockCampaignApi
from fault_server import FaultServer, drip, response
from payloads import EXAMPLES

CAMPAIGN = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
TOKEN = "a-token-of-thirty-two-characters-at-least"
MINIMAL: dict[str, Any] = json.loads((EXAMPLES / "valid" / "minimal.json").read_text("utf-8"))
MODES = ["sync", "async"]


def _ok_body() -> bytes:
    api = MockCampaignApi(accept_any_id=True)
    headers = {"authorization": f"Bearer {api.token}", "content-type": "application/json"}
    path = f"/api/v1/sms/campaigns/{CAMPAIGN}"
    return api.handle("PUT", path, headers, json.dumps(MINIMAL).encode()).body


OK = _ok_body()


class FakeTime:
    """A clock that moves when the client sleeps or the fake server takes its time."""

    def __init__(self) -> None:
        self.now = 0.0

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds

    async def asleep(self, seconds: float) -> None:
        self.now += seconds


class SlowBody(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A body of `chunks` chunks, each taking `seconds` of the fake clock; counts what was read."""

    def __init__(self, time: FakeTime, chunks: int, seconds: float) -> None:
        self.time, self.chunks, self.seconds, self.read = time, chunks, seconds, 0

    def _next(self) -> bytes:
        self.time.now += self.seconds
        self.read += 1
        return b" "

    def __iter__(self) -> Iterator[bytes]:
        for _ in range(self.chunks):
            yield self._next()

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for _ in range(self.chunks):
            yield self._next()


Handler = Callable[[httpx.Request], httpx.Response]


def _put(mode: str, handler: Handler, time: FakeTime, retry: RetryPolicy) -> object:
    """`put_campaign` through a fake transport, with the fake clock and sleep."""
    transport = httpx.MockTransport(handler)
    if mode == "sync":
        http = httpx.Client(transport=transport)
        with CampaignClient(
            "http://api.test", TOKEN, http=http, retry=retry, clock=time.clock, sleep=time.sleep
        ) as client:
            return client.put_campaign(CAMPAIGN, MINIMAL)

    async def run() -> object:
        async with (
            httpx.AsyncClient(transport=transport) as http,
            AsyncCampaignClient(
                "http://api.test",
                TOKEN,
                http=http,
                retry=retry,
                clock=time.clock,
                sleep=time.asleep,
            ) as client,
        ):
            return await client.put_campaign(CAMPAIGN, MINIMAL)

    return asyncio.run(run())


@pytest.mark.parametrize("mode", MODES)
def test_each_attempt_is_given_only_the_time_left(mode: str) -> None:
    """After 25 s and a 1 s Retry-After, the second attempt's timeouts are cut to the 4 s left."""
    time, seen = FakeTime(), []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.extensions["timeout"])
        if len(seen) == 1:
            time.now += 25
            return httpx.Response(503, headers={"retry-after": "1"})
        return httpx.Response(200, content=OK)

    _put(mode, handler, time, RetryPolicy(max_total=30))
    expected = [
        {"connect": 5.0, "read": 10.0, "write": 10.0, "pool": 10.0},
        {"connect": 4.0, "read": 4.0, "write": 4.0, "pool": 4.0},
    ]
    assert expected == seen


@pytest.mark.parametrize("mode", MODES)
def test_no_attempt_starts_once_the_deadline_is_reached(mode: str) -> None:
    """An attempt that ends on the deadline is the last, even when the wait would be 0."""
    time, calls = FakeTime(), []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(time.now)
        time.now += 10
        return httpx.Response(503, headers={"retry-after": "0"})

    with pytest.raises(errors.ServerError):
        _put(mode, handler, time, RetryPolicy(max_attempts=10, max_total=30))
    assert calls == [0.0, 10.0, 20.0]


@pytest.mark.parametrize("mode", MODES)
def test_a_body_is_read_only_until_the_deadline(mode: str) -> None:
    """A body that takes 1 s a byte stops being read at the deadline: a TransportError."""
    time = FakeTime()
    body = SlowBody(time, chunks=100, seconds=1.0)

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, stream=body)

    with pytest.raises(errors.TransportError, match="deadline"):
        _put(mode, handler, time, RetryPolicy(max_total=5))
    assert (body.read, time.now) == (5, 5.0)


@pytest.mark.parametrize("mode", MODES)
def test_a_slow_body_within_the_deadline_is_read_whole(mode: str) -> None:
    """The deadline cuts only what overruns it."""
    time = FakeTime()

    def handler(request: httpx.Request) -> httpx.Response:
        time.now += 29
        return httpx.Response(200, content=OK)

    assert _put(mode, handler, time, RetryPolicy(max_total=30)) is not None


def test_the_blocking_clients_own_transport_holds_its_sockets_to_the_deadline() -> None:
    """httpx's pool gets the deadline-aware network backend (fails if httpx moves it)."""
    transport = deadline_transport()
    assert isinstance(transport._pool, httpcore.ConnectionPool)
    assert isinstance(transport._pool._network_backend, _Backend)
    transport.close()


def _put_over_http(mode: str, url: str, retry: RetryPolicy, timeout: float) -> None:
    if mode == "sync":
        with CampaignClient(url, TOKEN, retry=retry, timeout=timeout) as client:
            client.put_campaign(CAMPAIGN, MINIMAL)
        return

    async def run() -> None:
        async with AsyncCampaignClient(url, TOKEN, retry=retry, timeout=timeout) as client:
            await client.put_campaign(CAMPAIGN, MINIMAL)

    asyncio.run(run())


@pytest.mark.slow
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("start", [0, len(response(200, OK)) - len(OK)], ids=["headers", "body"])
def test_a_dripping_server_is_cut_off_at_max_total_on_the_wall_clock(mode: str, start: int) -> None:
    """One byte every 0.3 s never trips the 1 s read timeout; the call still ends by
    max_total plus one timeout interval (2 s + 1 s, with 1 s of slack for a loaded machine)."""
    server = FaultServer(drip(response(200, OK), 0.3, start))
    retry = RetryPolicy(max_attempts=2, base_delay=0.0, max_total=2.0)
    began = time.monotonic()
    try:
        with pytest.raises(errors.TransportError):
            _put_over_http(mode, server.url, retry, timeout=1.0)
        elapsed = time.monotonic() - began
    finally:
        server.stop()
    assert elapsed < 2.0 + 1.0 + 1.0
