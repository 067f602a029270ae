"""The public names of the client and the test kit are exactly what the README documents."""

from __future__ import annotations

from campaign_contract import client
from campaign_contract.testing import respx_mock, strategies


def test_the_client_module_exports_the_two_clients_and_their_settings() -> None:
    """`campaign_contract.client.__all__`."""
    expected = [
        "DEFAULT_BASE_URL",
        "DEFAULT_TIMEOUT",
        "ENV_BASE_URL",
        "ENV_TOKEN",
        "AsyncCampaignClient",
        "CampaignClient",
        "Payload",
        "RetryPolicy",
    ]
    assert expected == client.__all__


def test_the_strategies_module_exports_the_payload_strategies() -> None:
    """`campaign_contract.testing.strategies.__all__` (used by the benchmark corpus generator)."""
    expected = [
        "FAULT_KINDS",
        "PayloadFault",
        "complete_payloads",
        "invalid_payloads",
        "near_miss_of",
        "semantically_valid_payloads",
        "strategy_for",
        "valid_payloads",
    ]
    assert expected == strategies.__all__


def test_the_respx_module_exports_the_router_and_its_holder() -> None:
    """`campaign_contract.testing.respx_mock.__all__`."""
    assert respx_mock.__all__ == ["MockEndpoint", "mock_endpoint", "router"]


def test_every_fault_kind_is_reachable_in_the_declared_list() -> None:
    """`FAULT_KINDS` names every kind `invalid_payloads()` can record, and nothing else."""
    from campaign_contract.testing.near_misses import near_misses
    from payloads import full_payload

    assert set(strategies.FAULT_KINDS) == {v.kind for v in near_misses(full_payload())}
