"""pytest fixtures for the mock endpoint; enable with
`pytest_plugins = ["campaign_contract.testing.pytest_plugin"]` in a `conftest.py`.

`campaign_endpoint` is a started `MockEndpoint` (token `test-token`, base URL
`https://api.comm.com`, empty store: seed the ids you PUT to); `campaign_client` is a
`CampaignClient` already pointed at it, retrying without sleeping.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from campaign_contract.client import DEFAULT_BASE_URL, CampaignClient
from campaign_contract.mock import MockCampaignApi
from campaign_contract.testing.respx_mock import MockEndpoint, mock_endpoint


@pytest.fixture
def campaign_endpoint() -> Iterator[MockEndpoint]:
    """The mock endpoint behind respx, started for the test and stopped after it."""
    endpoint = mock_endpoint(MockCampaignApi(), base_url=DEFAULT_BASE_URL, sleep=lambda _: None)
    with endpoint.router:
        yield endpoint


@pytest.fixture
def campaign_client(campaign_endpoint: MockEndpoint) -> Iterator[CampaignClient]:
    """A client for `campaign_endpoint` whose retries never really sleep."""
    with CampaignClient(
        DEFAULT_BASE_URL, campaign_endpoint.api.token, sleep=lambda _: None
    ) as client:
        yield client
