"""Typed clients for `PUT /api/v1/sms/campaigns/{campaign}`: `CampaignClient` and its async twin.

Both check a payload with the linter before sending it (parse and schema errors: nothing is
sent; semantic findings: logged as warnings, as the server accepts them), retry only what is
safe to retry (see `retry.py`), turn error statuses into the exception tree of `errors.py`, and
never let the token reach a repr, a log line, an exception message or a URL. `max_total` is a
deadline for the whole call: the attempt in flight is held to it (the async client with
`asyncio.timeout`, the blocking one with `deadline.bounded` and its own transport's sockets),
and a body is read chunk by chunk, at most `max_response_bytes` of it. Building requests and
judging responses is `exchange.Exchange`'s job, shared by both.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

import httpx

from campaign_contract.client.deadline import bounded, deadline_transport
from campaign_contract.client.exchange import (
    DEFAULT_MAX_RESPONSE_BYTES,
    Body,
    Exchange,
    Outcome,
    Payload,
)
from campaign_contract.client.retry import RetryPolicy

if TYPE_CHECKING:
    from types import TracebackType

    from campaign_contract.models import SmsCampaignDataResponse

__all__ = ["AsyncCampaignClient", "CampaignClient"]


class CampaignClient:
    """A blocking client; use as a context manager, or call `close()` when done."""

    def __init__(
        self,
        base_url: str | None = None,
        token: str | None = None,
        *,
        http: httpx.Client | None = None,
        timeout: httpx.Timeout | float | None = None,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        self._core = Exchange(base_url, token, timeout, retry, clock, rng, max_response_bytes)
        self._owns_http = http is None
        self._http = (
            http
            if http is not None
            else httpx.Client(timeout=self._core.timeout, transport=deadline_transport())
        )
        self._sleep = sleep

    def __repr__(self) -> str:
        return f"CampaignClient({self._core!r})"

    def __enter__(self) -> CampaignClient:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the HTTP client if this object created it."""
        if self._owns_http:
            self._http.close()

    def put_campaign(
        self, campaign_id: str, payload: Payload, *, validate: bool = True
    ) -> SmsCampaignDataResponse:
        """Store `payload` as campaign `campaign_id`; the server's 200 body.

        `validate=False` skips the local check (to see what the server says about a bad body).
        """
        request = self._core.build(campaign_id, payload, validate)
        started = self._core.clock()
        deadline = started + self._core.retry.max_total
        attempt = 0
        while True:
            attempt += 1
            outcome = self._attempt(request, deadline)
            wait = self._core.wait_after(request, attempt, started, outcome)
            if wait is None:
                if isinstance(outcome, Exception):
                    raise self._core.transport_error(request, outcome, attempt)
                response, content = outcome
                return self._core.interpret(response, content, campaign_id)
            self._sleep(wait)

    def _attempt(self, request: httpx.Request, deadline: float) -> Outcome:
        """One exchange held to `deadline`: the response and its body, or the transport error."""
        left = self._core.time_left(request, deadline)
        if left <= 0:
            return httpx.ReadTimeout("the call's deadline (max_total) passed")
        try:
            with bounded(left):
                response = self._http.send(request, stream=True)
                try:
                    body = Body(self._core, response, deadline)
                    for chunk in response.iter_raw() if body.pending else ():
                        body.add(chunk)
                finally:
                    response.close()
        except httpx.RequestError as error:  # the transport's, or a body that cannot be decoded
            return error
        return response, body.content


class AsyncCampaignClient:
    """The asyncio twin of `CampaignClient`, with the same behaviour and errors."""

    def __init__(
        self,
        base_url: str | None = None,
        token: str | None = None,
        *,
        http: httpx.AsyncClient | None = None,
        timeout: httpx.Timeout | float | None = None,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        self._core = Exchange(base_url, token, timeout, retry, clock, rng, max_response_bytes)
        self._owns_http = http is None
        self._http = http if http is not None else httpx.AsyncClient(timeout=self._core.timeout)
        self._sleep = sleep

    def __repr__(self) -> str:
        return f"AsyncCampaignClient({self._core!r})"

    async def __aenter__(self) -> AsyncCampaignClient:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the HTTP client if this object created it."""
        if self._owns_http:
            await self._http.aclose()

    async def put_campaign(
        self, campaign_id: str, payload: Payload, *, validate: bool = True
    ) -> SmsCampaignDataResponse:
        """Store `payload` as campaign `campaign_id`; the server's 200 body."""
        request = self._core.build(campaign_id, payload, validate)
        started = self._core.clock()
        deadline = started + self._core.retry.max_total
        attempt = 0
        while True:
            attempt += 1
            outcome = await self._attempt(request, deadline)
            wait = self._core.wait_after(request, attempt, started, outcome)
            if wait is None:
                if isinstance(outcome, Exception):
                    raise self._core.transport_error(request, outcome, attempt)
                response, content = outcome
                return self._core.interpret(response, content, campaign_id)
            await self._sleep(wait)

    async def _attempt(self, request: httpx.Request, deadline: float) -> Outcome:
        """One exchange held to `deadline`: the response and its body, or the transport error."""
        left = self._core.time_left(request, deadline)
        if left <= 0:
            return httpx.ReadTimeout("the call's deadline (max_total) passed")
        try:
            async with asyncio.timeout(left):
                response = await self._http.send(request, stream=True)
                try:
                    body = Body(self._core, response, deadline)
                    if body.pending:
                        async for chunk in response.aiter_raw():
                            body.add(chunk)
                finally:
                    await response.aclose()
        except httpx.RequestError as error:  # the transport's, or a body that cannot be decoded
            return error
        except TimeoutError:
            return httpx.ReadTimeout("the call's deadline (max_total) passed")
        return response, body.content
