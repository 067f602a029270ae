"""The mock of the campaign endpoint: the same behaviour in process and over HTTP.

The modules: `api` (`MockCampaignApi`, a pure request handler over an in-memory store, and the
injectable endpoint `Fault`s), `laravel` (what the real server does with a request: which bodies
it reads as JSON, its defaults and its 422 error map), `rate_limit` (the API's rate limit, on
request), `server` (`campaign-contract mock-server`, the handler on a loopback port).
"""

from campaign_contract.mock.api import DEFAULT_TOKEN, Fault, MockCampaignApi, Reply
from campaign_contract.mock.rate_limit import RateLimiter

__all__ = ["DEFAULT_TOKEN", "Fault", "MockCampaignApi", "RateLimiter", "Reply"]
