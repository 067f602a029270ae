"""The mock endpoint as a respx router: point any httpx client at it, sync or async.

    endpoint = mock_endpoint()                 # a MockCampaignApi behind a respx router
    endpoint.api.seed("3c90c3cc-0d44-4b50-8888-8dd25736052a")
    with endpoint.router:
        CampaignClient(token=endpoint.api.token).put_campaign(campaign_id, payload)

Every request to the base URL is answered by `MockCampaignApi.handle`; requests elsewhere fail
(respx's `assert_all_mocked`). A slow fault longer than the request's read timeout raises
`httpx.ReadTimeout`, as a real slow server would; a shorter one calls the injected `sleep`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from campaign_contract.extras import require

require("testing", __name__)

import httpx
import respx

from campaign_contract.client import DEFAULT_BASE_URL
from campaign_contract.mock import MockCampaignApi

__all__ = ["MockEndpoint", "mock_endpoint", "router"]


@dataclass(frozen=True)
class MockEndpoint:
    """A mock endpoint: the behaviour (`api`), its respx `router`, and the one `route`."""

    api: MockCampaignApi
    router: respx.MockRouter
    route: respx.Route

    @property
    def requests(self) -> list[httpx.Request]:
        """Every request the endpoint received, oldest first."""
        return [call.request for call in self.route.calls]


def _read_timeout(request: httpx.Request) -> float | None:
    timeout: Any = request.extensions.get("timeout", {})
    value = timeout.get("read") if isinstance(timeout, dict) else None
    return float(value) if isinstance(value, int | float) else None


def mock_endpoint(
    api: MockCampaignApi | None = None,
    *,
    base_url: str = DEFAULT_BASE_URL,
    sleep: Callable[[float], None] = time.sleep,
) -> MockEndpoint:
    """A respx router (not started) whose every route under `base_url` is answered by `api`."""
    api = api if api is not None else MockCampaignApi()
    mock_router = respx.MockRouter(base_url=base_url, assert_all_called=False)

    def answer(request: httpx.Request) -> httpx.Response:
        reply = api.handle(request.method, request.url.path, dict(request.headers), request.content)
        if reply.delay:
            limit = _read_timeout(request)
            if limit is not None and reply.delay > limit:
                raise httpx.ReadTimeout("the mock endpoint answered too slowly", request=request)
            sleep(reply.delay)
        return httpx.Response(reply.status, headers=reply.headers, content=reply.body)

    route = mock_router.route(name="campaign-api").mock(side_effect=answer)
    return MockEndpoint(api, mock_router, route)


def router(
    api: MockCampaignApi | None = None, *, base_url: str = DEFAULT_BASE_URL
) -> respx.MockRouter:
    """Just the respx router of `mock_endpoint`, for use as `with router(api): ...`."""
    return mock_endpoint(api, base_url=base_url).router
