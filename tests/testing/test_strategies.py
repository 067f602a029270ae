"""The payload strategies reach every branch of the request schema, and complete payloads are
complete."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from campaign_contract.pointer import from_path
from campaign_contract.schema import REQUEST, SchemaSet
from campaign_contract.testing.near_misses import pick_near_miss, resolve
from campaign_contract.testing.strategies import (
    COMPLETE_MIN_ITEMS,
    complete_payloads,
    invalid_payloads,
    valid_payloads,
)
from hypothesis import HealthCheck, Phase, find, given, settings

SCHEMAS = SchemaSet.packaged()
DEFINITIONS = SCHEMAS.documents["definitions.schema.json"]["$defs"]
SEARCH = settings(
    max_examples=5_000,
    database=None,
    derandomize=True,  # the same draws every run: a rare branch is found always or never
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


# --- complete payloads ----------------------------------------------------------------------

DATA_OBJECTS = {"manual_data", "multistep_data", "planner_data"}


def _gaps(name: str, raw: Any, value: Any, path: tuple[str | int, ...]) -> Iterator[str]:
    """Where `value` falls short of complete under schema `raw`: a null, an array of fewer than
    `COMPLETE_MIN_ITEMS` items, an object without every property (in `meta`: without the ones
    the rules want absent, the server's `multistep_status` and the unselected data objects)."""
    name, node = resolve(SCHEMAS, name, raw)
    if "anyOf" in node:
        nulls = [b for b in node["anyOf"] if resolve(SCHEMAS, name, b)[1] == {"type": "null"}]
        name, node = resolve(SCHEMAS, name, next(b for b in node["anyOf"] if b not in nulls))
    at = from_path(path)
    if value is None:
        yield f"{at}: null"
    elif isinstance(value, list):
        if len(value) < COMPLETE_MIN_ITEMS:
            yield f"{at}: {len(value)} items"
        for index, item in enumerate(value):
            yield from _gaps(name, node["items"], item, (*path, index))
    elif isinstance(value, dict) and "properties" in node:
        expected = set(node["properties"])
        if path == ("meta",):
            expected -= {"multistep_status"} | DATA_OBJECTS - {f"{value['send_type']}_data"}
        if set(value) != expected:
            yield f"{at}: keys {sorted(set(value) ^ expected)}"
        for key, child in value.items():
            if key in node["properties"]:
                yield from _gaps(name, node["properties"][key], child, (*path, key))


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(complete_payloads())
def test_complete_payloads_have_every_member_the_rules_allow(payload: dict[str, Any]) -> None:
    """No null, no array under COMPLETE_MIN_ITEMS, every property but the ones the rules rule out;
    the name is printable words."""
    gaps = list(_gaps(REQUEST, SCHEMAS.documents[REQUEST], payload, ()))
    words = payload["name"].split()
    assert gaps == []
    assert len(words) >= 2
    assert payload["name"].isprintable()


@pytest.mark.parametrize(
    ("key", "value"),
    [("send_type", v) for v in DEFINITIONS["SendType"]["enum"]]
    + [("status", v) for v in DEFINITIONS["CampaignStatus"]["enum"]],
)
def test_complete_payloads_reach_every_send_type_and_status(key: str, value: str) -> None:
    """Each send type and each campaign status is drawn eventually."""
    found = find(
        complete_payloads(),
        lambda payload: value in (payload["meta"].get(key), payload.get(key)),
        settings=SEARCH,
    )
    assert value in (found["meta"].get(key), found.get(key))


def test_pick_near_miss_picks_the_same_fault_for_the_same_seed() -> None:
    """With a seeded `random.Random.choice` (the benchmark's), the fault is reproducible."""
    payload = {"name": "Spring sale", "meta": {"send_type": "manual", "segment_ids": []}}
    first = pick_near_miss(payload, random.Random(7).choice)  # noqa: S311  # not a secret
    second = pick_near_miss(payload, random.Random(7).choice)  # noqa: S311  # not a secret
    assert first == second
