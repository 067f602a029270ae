"""Run inside a foreign environment where the toolkit is installed with every extra: each part
works from there, not from this checkout. Prints one line per part; fails with a traceback.

Used by the packaging tests (built packages) and the version-floor test (lowest versions):
`python smoke.py EXAMPLES_DIR`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

DEFAULT_CAMPAIGN = "3c90c3cc-0d44-4b50-8888-8dd25736052a"


def models(payload: dict[str, Any]) -> str:
    from campaign_contract.models import parse_request, to_wire

    assert to_wire(parse_request(payload)) == payload
    return "models: a valid example parses and goes back to the same wire JSON"


def client_and_mock(payload: dict[str, Any]) -> str:
    from campaign_contract.client import DEFAULT_BASE_URL, CampaignClient
    from campaign_contract.mock import MockCampaignApi
    from campaign_contract.testing.respx_mock import mock_endpoint

    campaign = payload.get("id", DEFAULT_CAMPAIGN)
    endpoint = mock_endpoint(MockCampaignApi(), base_url=DEFAULT_BASE_URL, sleep=lambda _: None)
    endpoint.api.seed(campaign)
    with endpoint.router, CampaignClient(DEFAULT_BASE_URL, endpoint.api.token) as client:
        stored = client.put_campaign(campaign, payload)
    assert stored.data.name == payload["name"], stored
    return "client and mock: a PUT through respx is stored and read back"


def strategies() -> str:
    from campaign_contract.lint import validate_bytes
    from campaign_contract.testing.strategies import valid_payloads
    from hypothesis import HealthCheck, find, settings

    quick = settings(database=None, max_examples=20, suppress_health_check=list(HealthCheck))
    drawn = find(valid_payloads(), lambda body: "meta" in body, settings=quick)
    findings = validate_bytes(json.dumps(drawn).encode(), "drawn.json")
    assert [f for f in findings if f.rule.startswith("schema-")] == [], findings
    return "testing: the strategies draw a payload the linter accepts"


def gate() -> str:
    from campaign_contract.gate import compare
    from campaign_contract.schema import SchemaSet

    assert compare(SchemaSet.packaged(), SchemaSet.packaged()) == ()
    return "gate: the packaged schemas compare equal to themselves"


def main(examples: Path) -> None:
    import campaign_contract

    assert "site-packages" in campaign_contract.__file__, campaign_contract.__file__
    payload = json.loads((examples / "valid" / "manual.json").read_text(encoding="utf-8"))
    for line in (models(payload), client_and_mock(payload), strategies(), gate()):
        print(line)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
