"""The payload strategies reach every branch of the request schema."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from campaign_contract.schema import SchemaSet
from campaign_contract.testing.strategies import invalid_payloads, valid_payloads
from hypothesis import HealthCheck, Phase, find, settings

DEFINITIONS = SchemaSet.packaged().documents["definitions.schema.json"]["$defs"]
SEARCH = settings(
    max_examples=5_000,
    database=None,
    phases=[Phase.generate],
    suppress_health_check=list(HealthCheck),
)


def _at(payload: Any, *path: str) -> Any:
    """The value at `path`, or the sentinel string "<absent>"."""
    node = payload
    for step in path:
        if not isinstance(node, dict) or step not in node:
            return "<absent>"
        node = node[step]
    return node


def _equals(value: Any, *path: str) -> Callable[[dict[str, Any]], bool]:
    return lambda payload: _at(payload, *path) == value


def _contains(value: Any, *path: str) -> Callable[[dict[str, Any]], bool]:
    return lambda payload: value in (_at(payload, *path) or [])


def _huge(payload: dict[str, Any]) -> bool:
    amount = _at(payload, "meta", "manual_data", "send_amount")
    return isinstance(amount, int) and amount > 2**40


TARGETS: dict[str, Callable[[dict[str, Any]], bool]] = {
    **{f"send_type-{v}": _equals(v, "meta", "send_type") for v in DEFINITIONS["SendType"]["enum"]},
    **{f"status-{v}": _equals(v, "status") for v in DEFINITIONS["CampaignStatus"]["enum"]},
    **{
        f"weekday-{day}": _contains(day, "meta", "planner_data", "days_of_week")
        for day in DEFINITIONS["Weekday"]["enum"]
    },
    "manual_data-null": lambda p: _at(p, "meta", "manual_data") is None,
    "manual_data-absent": lambda p: _at(p, "meta", "manual_data") == "<absent>",
    "send_amount-at-minimum": lambda p: _at(p, "meta", "manual_data", "send_amount") == 1,
    "throttle-at-minimum": lambda p: _at(p, "meta", "manual_data", "throttle_batch_size") == 0,
    "send_amount-huge": _huge,
    "name-at-max-length": lambda p: len(p["name"]) == 255,
    "name-at-min-length": lambda p: len(p["name"]) == 3,
    "planner-nested-multistep": lambda p: isinstance(
        _at(p, "meta", "planner_data", "multistep_data"), dict
    ),
    "multistep_status-object": lambda p: isinstance(_at(p, "meta", "multistep_status"), dict),
    "routing-plan-null": lambda p: _at(p, "meta", "sms_routing_plan_id") is None,
    "segments-several": lambda p: len(_at(p, "meta", "segment_ids") or []) > 1,
    "schedule-window": lambda p: isinstance(
        _at(p, "meta", "planner_data", "weekly_schedule", "default"), dict
    ),
}


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_valid_payloads_reach_every_branch(target: str) -> None:
    """Each send_type, enum value, null, absent optional and boundary is drawn eventually."""
    found = find(valid_payloads(), TARGETS[target], settings=SEARCH)
    assert TARGETS[target](found)


@pytest.mark.parametrize("kind", ["below-minimum", "bad-pattern", "bad-uuid", "duplicate-item"])
def test_invalid_payloads_reach_the_rarer_fault_kinds(kind: str) -> None:
    """Faults that need a particular field present are drawn too."""
    _, fault = find(invalid_payloads(), lambda case: case[1].kind == kind, settings=SEARCH)
    assert kind == fault.kind
