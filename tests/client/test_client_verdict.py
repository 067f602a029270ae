"""The client's local check is the verdict on the bytes it sends, and it never crashes on them."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import httpx
import pytest
from campaign_contract import errors
from campaign_contract.client import DEFAULT_BASE_URL, CampaignClient
from campaign_contract.lint.verdict import judge
from campaign_contract.schema import RESPONSE, SchemaSet

if TYPE_CHECKING:
    from campaign_contract.testing.respx_mock import MockEndpoint

pytest_plugins = ["campaign_contract.testing.pytest_plugin"]

CAMPAIGN = "3c90c3cc-0d44-4b50-8888-8dd25736052a"


def _payload(name: str) -> dict[str, Any]:
    return {"name": name, "meta": {"send_type": "manual"}}


def test_a_lone_surrogate_is_refused_locally_instead_of_crashing(
    campaign_endpoint: MockEndpoint, campaign_client: CampaignClient
) -> None:
    """A str with a lone surrogate cannot be UTF-8: LocalValidationError, nothing sent."""
    campaign_endpoint.api.seed(CAMPAIGN)
    with pytest.raises(errors.LocalValidationError) as raised:
        campaign_client.put_campaign(CAMPAIGN, _payload("ab\ud800c"))
    assert ([f.rule for f in raised.value.findings], campaign_endpoint.requests) == (
        ["json-encoding"],
        [],
    )


def test_sent_anyway_a_lone_surrogate_is_escaped_and_the_mock_sees_no_input(
    campaign_endpoint: MockEndpoint, campaign_client: CampaignClient
) -> None:
    """`validate=False`: the body carries the escape, the server answers as for no input."""
    campaign_endpoint.api.seed(CAMPAIGN)
    with pytest.raises(errors.ServerValidationError) as raised:
        campaign_client.put_campaign(CAMPAIGN, _payload("ab\ud800c"), validate=False)
    sent = campaign_endpoint.requests[0].content
    assert (b"\\ud800" in sent, sorted(raised.value.errors)) == (True, ["meta", "name"])


@pytest.mark.parametrize(("name", "refused"), [("  ab  ", True), ("   ", True), (" abc ", False)])
def test_the_client_judges_names_after_trimming_like_the_server(
    campaign_endpoint: MockEndpoint, campaign_client: CampaignClient, name: str, refused: bool
) -> None:
    """The local check takes the verdict on the normalised body: "  ab  " is too short."""
    campaign_endpoint.api.seed(CAMPAIGN)
    body = json.dumps(_payload(name)).encode()
    try:
        response = campaign_client.put_campaign(CAMPAIGN, _payload(name))
    except errors.LocalValidationError:
        outcome = True
    else:
        outcome = False
        assert response.data.name == name.strip()
    assert (outcome, not judge(body).accepted) == (refused, refused)


def test_a_conformant_200_with_integral_floats_is_returned_not_raised() -> None:
    """Class 4: the response schema accepts 200.0 in an integer field; so does the client."""
    manual = {"send_amount": 200.0, "throttle_batch_size": -0.0}
    status = {"current_step": 3.0, "total_sent": 1e3, "total_available_contacts": 0.0}
    meta = {"send_type": "manual", "segment_ids": [], "use_dedicated_domains": False}
    meta |= {"manual_data": manual, "multistep_status": status}
    data = {"id": CAMPAIGN, "name": "Spring", "status": "draft", "meta": meta}
    assert SchemaSet.packaged().validator(RESPONSE).is_valid({"data": data})

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"data": data})

    with httpx.Client(transport=httpx.MockTransport(answer)) as http:
        client = CampaignClient(DEFAULT_BASE_URL, "t", http=http)
        response = client.put_campaign(CAMPAIGN, _payload("Spring"))
    wire = response.model_dump(mode="json", by_alias=True, exclude_unset=True)
    assert wire["data"]["meta"]["manual_data"] == manual
