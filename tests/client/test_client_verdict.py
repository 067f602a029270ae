"""The client's local check is the verdict on the bytes it sends, and it never crashes on them."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest
from campaign_contract import errors
from campaign_contract.lint.verdict import judge

if TYPE_CHECKING:
    from campaign_contract.client import CampaignClient
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
