"""pytest fixtures for the mock endpoint, loaded by pytest wherever the toolkit is installed
(its `pytest11` entry point); listing the module in a `conftest.py`'s `pytest_plugins` is still
accepted.

`campaign_endpoint` is a started `MockEndpoint` (token `test-token`, base URL
`https://api.comm.com`, empty store: seed the ids you PUT to); `campaign_client` is a
`CampaignClient` already pointed at it, retrying without sleeping.

pytest loads this module into every suite of an environment where the toolkit is installed, the
lean default install included: at the top it imports only the standard library and pytest, and
the fixtures import the rest when they run, failing the test with the extra to install.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from campaign_contract.client import CampaignClient
    from campaign_contract.testing.respx_mock import MockEndpoint


@pytest.fixture
def campaign_endpoint() -> Iterator[MockEndpoint]:
    """The mock endpoint behind respx, started for the test and stopped after it."""
    from campaign_contract.errors import MissingExtraError  # noqa: PLC0415 - keeps the plugin light
    from campaign_contract.extras import missing  # noqa: PLC0415 - keeps the plugin light

    absent = missing("testing")
    if absent:  # failed here, not inside an `except`, so pytest shows the one line once
        error = MissingExtraError("the campaign_endpoint fixture", "testing", absent)
        pytest.fail(str(error), pytrace=False)
    from campaign_contract.client import DEFAULT_BASE_URL  # noqa: PLC0415 - testing extra
    from campaign_contract.mock import MockCampaignApi  # noqa: PLC0415 - testing extra
    from campaign_contract.testing.respx_mock import mock_endpoint  # noqa: PLC0415 - testing extra

    endpoint = mock_endpoint(MockCampaignApi(), base_url=DEFAULT_BASE_URL, sleep=lambda _: None)
    with endpoint.router:
        yield endpoint


@pytest.fixture
def campaign_client(campaign_endpoint: MockEndpoint) -> Iterator[CampaignClient]:
    """A client for `campaign_endpoint` whose retries never really sleep."""
    from campaign_contract.client import DEFAULT_BASE_URL, CampaignClient  # noqa: PLC0415 - extra

    with CampaignClient(
        DEFAULT_BASE_URL, campaign_endpoint.api.token, sleep=lambda _: None
    ) as client:
        yield client
