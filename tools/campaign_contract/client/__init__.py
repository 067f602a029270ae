"""The typed API client: `CampaignClient` and `AsyncCampaignClient` for
`PUT /api/v1/sms/campaigns/{campaign}`, with local validation, safe retries and the errors of
`campaign_contract.errors`. Needs the `client` extra (httpx, pydantic).

The modules: `clients` (the two clients), `exchange` (building requests and judging responses,
shared by both), `retry` (when and how long to wait), `redaction` (the token masked in every
form a server may echo it), `deadline` (`max_total` held on the blocking client's sockets).
"""

from campaign_contract.extras import require

require("client", __name__)

from campaign_contract.client.clients import AsyncCampaignClient, CampaignClient
from campaign_contract.client.deadline import deadline_transport
from campaign_contract.client.exchange import (
    DEFAULT_BASE_URL,
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_TIMEOUT,
    ENV_BASE_URL,
    ENV_TOKEN,
    Payload,
)
from campaign_contract.client.retry import RetryPolicy

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_RESPONSE_BYTES",
    "DEFAULT_TIMEOUT",
    "ENV_BASE_URL",
    "ENV_TOKEN",
    "AsyncCampaignClient",
    "CampaignClient",
    "Payload",
    "RetryPolicy",
    "deadline_transport",
]
