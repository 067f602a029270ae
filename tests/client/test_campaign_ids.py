"""The client's campaign id check: only canonical UUIDs reach the wire, sync and async alike."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from campaign_contract import errors
from campaign_contract.client import DEFAULT_BASE_URL, AsyncCampaignClient, CampaignClient

CAMPAIGN = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
PAYLOAD: dict[str, Any] = {"name": "Spring sale", "meta": {"send_type": "manual"}}
NOT_CAMPAIGN_IDS = [
    "..",
    ".",
    "",
    "3c90c3cc0d444b5088888dd25736052a",
    f"urn:uuid:{CAMPAIGN}",
    f"{{{CAMPAIGN}}}",
    f" {CAMPAIGN}",
    f"{CAMPAIGN}\n",
    f"{CAMPAIGN}-",
    "3c90c3cc-0d44-4b50-8888-8dd25736052a/../other",
    "3c90c3cc-0d44-4b50-8888-8dd2573605\u0662a",
]
"""Ids refused before anything is sent; `uuid.UUID()` accepts several of them."""


def _answer(request: httpx.Request) -> httpx.Response:
    data = {"id": request.url.path.rsplit("/", 1)[1], **PAYLOAD}
    data["meta"] = {**PAYLOAD["meta"], "segment_ids": [], "use_dedicated_domains": False}
    return httpx.Response(200, json={"data": {**data, "status": "draft"}})


class Recorder:
    """A fake transport that records every request and answers 200 with the campaign."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return _answer(request)


@pytest.mark.parametrize("campaign_id", NOT_CAMPAIGN_IDS)
def test_the_sync_client_sends_nothing_for_an_id_that_is_not_canonical(campaign_id: str) -> None:
    """`..`, `.`, empty, un-hyphenated, urn, braces, spaces: CampaignIdError, zero requests."""
    recorder = Recorder()
    with httpx.Client(transport=httpx.MockTransport(recorder)) as http:
        client = CampaignClient(DEFAULT_BASE_URL, "t", http=http)
        with pytest.raises(errors.CampaignIdError) as raised:
            client.put_campaign(campaign_id, PAYLOAD)
    assert (recorder.requests, raised.value.campaign_id) == ([], campaign_id)


@pytest.mark.parametrize("campaign_id", NOT_CAMPAIGN_IDS)
def test_the_async_client_sends_nothing_for_an_id_that_is_not_canonical(campaign_id: str) -> None:
    """The async twin refuses the same ids, before anything is sent."""
    recorder = Recorder()

    async def put() -> None:
        async with httpx.AsyncClient(transport=httpx.MockTransport(recorder)) as http:
            client = AsyncCampaignClient(DEFAULT_BASE_URL, "t", http=http)
            await client.put_campaign(campaign_id, PAYLOAD)

    with pytest.raises(errors.CampaignIdError):
        asyncio.run(put())
    assert recorder.requests == []


def test_the_id_is_refused_even_without_local_validation() -> None:
    """`validate=False` skips the payload check, never the id check."""
    recorder = Recorder()
    with httpx.Client(transport=httpx.MockTransport(recorder)) as http:
        client = CampaignClient(DEFAULT_BASE_URL, "t", http=http)
        with pytest.raises(errors.CampaignIdError):
            client.put_campaign("..", PAYLOAD, validate=False)
    assert recorder.requests == []


def test_an_upper_case_id_is_sent_in_lower_case() -> None:
    """Letter case aside a UUID is one campaign; the path always carries the lower-case form."""
    recorder = Recorder()
    with httpx.Client(transport=httpx.MockTransport(recorder)) as http:
        client = CampaignClient(DEFAULT_BASE_URL, "t", http=http)
        response = client.put_campaign(CAMPAIGN.upper(), PAYLOAD)
    assert [r.url.path for r in recorder.requests] == [f"/api/v1/sms/campaigns/{CAMPAIGN}"]
    assert response.data.id == CAMPAIGN


def test_the_id_error_is_a_client_error_and_a_value_error() -> None:
    """Callers catching ClientError (or ValueError, for a bad argument) see it."""
    assert issubclass(errors.CampaignIdError, errors.ClientError)
    assert issubclass(errors.CampaignIdError, ValueError)
    assert "nothing was sent" in str(errors.CampaignIdError(".."))
