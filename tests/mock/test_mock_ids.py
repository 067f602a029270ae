"""The mock's campaign ids: canonical UUIDs in the path and in `seed`, letter case aside."""

from __future__ import annotations

import pytest
from campaign_contract.mock import DEFAULT_TOKEN, MockCampaignApi
from payloads import EXAMPLES

CAMPAIGN = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
AUTH = {"Authorization": f"Bearer {DEFAULT_TOKEN}", "Content-Type": "application/json"}
MINIMAL = (EXAMPLES / "valid" / "minimal.json").read_bytes()
NOT_CANONICAL = [
    CAMPAIGN.replace("-", ""),
    f"urn:uuid:{CAMPAIGN}",
    f"{{{CAMPAIGN}}}",
    f"{CAMPAIGN}-",
    CAMPAIGN.replace("-", "_"),
    f"+{CAMPAIGN[1:]}",
    "..",
    ".",
]
"""Spellings `uuid.UUID()` (or a path) would let through, each a 404 here."""


def _put(api: MockCampaignApi, campaign_id: str) -> tuple[int, str | None]:
    reply = api.handle("PUT", f"/api/v1/sms/campaigns/{campaign_id}", AUTH, MINIMAL)
    data = reply.json().get("data")
    return reply.status, data["id"] if data else None


@pytest.mark.parametrize("campaign_id", NOT_CANONICAL)
def test_a_path_id_that_is_not_canonical_is_404_even_when_any_id_is_accepted(
    campaign_id: str,
) -> None:
    """Neither a seeded store nor `accept_any_id` turns an odd spelling into a campaign."""
    seeded = MockCampaignApi(accept_any_id=True)
    seeded.seed(CAMPAIGN)
    assert (_put(seeded, campaign_id), list(seeded.campaigns)) == ((404, None), [CAMPAIGN])


def test_an_upper_case_seed_is_found_by_either_case_and_answered_in_lower_case() -> None:
    """`seed` stores the canonical lower-case id; a PUT in upper case finds it."""
    api = MockCampaignApi()
    api.seed(CAMPAIGN.upper())
    assert [_put(api, CAMPAIGN.upper()), _put(api, CAMPAIGN)] == [(200, CAMPAIGN)] * 2
    assert list(api.campaigns) == [CAMPAIGN]


@pytest.mark.parametrize("campaign_id", [*NOT_CANONICAL, "", "abc"])
def test_seeding_something_that_is_not_a_campaign_id_is_a_value_error(campaign_id: str) -> None:
    """`seed` refuses what no PUT could reach."""
    with pytest.raises(ValueError, match="not a campaign id"):
        MockCampaignApi().seed(campaign_id)
