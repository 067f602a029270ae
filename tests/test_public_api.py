"""The public names of each product are exactly what the README and the docs document."""

from __future__ import annotations

import importlib

import pytest
from campaign_contract.testing import strategies

PUBLIC = {
    "campaign_contract.lint": [
        "EXIT_BROKEN",
        "EXIT_CLEAN",
        "EXIT_FINDINGS",
        "EXIT_USAGE",
        "Checked",
        "Options",
        "all_rules",
        "check_bytes",
        "failure_exit_code",
        "rule_groups",
        "run",
        "validate_bytes",
        "validate_file",
    ],
    "campaign_contract.source": [
        "MAX_BYTES",
        "MAX_DEPTH",
        "RULES",
        "Document",
        "load",
        "oversize_finding",
    ],
    "campaign_contract.reporters": ["FORMATS", "Format", "Report", "Reporter", "get_reporter"],
    "campaign_contract.client": [
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
    ],
    "campaign_contract.mock": ["DEFAULT_TOKEN", "Fault", "MockCampaignApi", "RateLimiter", "Reply"],
    "campaign_contract.codegen": ["CodegenOptions", "execute", "render", "stale_files"],
    "campaign_contract.gate": ["Change", "GateOptions", "Role", "Verdict", "compare", "execute"],
    "campaign_contract.editor": ["ROLES", "bundle", "render"],
    "campaign_contract.lsp": ["CampaignServer", "build_server"],
    "campaign_contract.testing": ["near_misses", "pytest_plugin", "respx_mock", "strategies"],
    "campaign_contract.testing.strategies": [
        "FAULT_KINDS",
        "PayloadFault",
        "complete_payloads",
        "invalid_payloads",
        "near_miss_of",
        "semantically_valid_payloads",
        "strategy_for",
        "valid_payloads",
    ],
    "campaign_contract.testing.respx_mock": ["MockEndpoint", "mock_endpoint", "router"],
}


@pytest.mark.parametrize("module", sorted(PUBLIC))
def test_each_public_module_exports_its_documented_names(module: str) -> None:
    """`__all__` of each product package (and the test kit's modules) is the documented list."""
    assert PUBLIC[module] == importlib.import_module(module).__all__


def test_every_fault_kind_is_reachable_in_the_declared_list() -> None:
    """`FAULT_KINDS` names every kind `invalid_payloads()` can record, and nothing else."""
    from campaign_contract.testing.near_misses import near_misses
    from payloads import full_payload

    assert set(strategies.FAULT_KINDS) == {v.kind for v in near_misses(full_payload())}
