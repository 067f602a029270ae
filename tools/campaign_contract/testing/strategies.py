"""Hypothesis strategies for request payloads, built from the request schema at import.

Every constraint (types, enums, minimums, lengths, patterns, `format: uuid`, nullability,
required and optional keys, unique items) is read from the packaged schemas, so the strategies
cannot drift from them. Three public strategies:

- `valid_payloads()`: anything the request schema accepts, every branch reachable (each
  `send_type`, nulls, absent optionals, boundary integers, every enum value);
- `semantically_valid_payloads()`: valid payloads that also pass every semantic rule of
  CONTRACT.md, warnings included (built to satisfy them; the test suite checks them with
  `rules.check` and with the linter);
- `invalid_payloads()`: near misses, a valid payload with exactly one fault, as
  `(payload, PayloadFault)` where the fault records the pointer and the kind of mistake.

Integers are drawn up to 2**63 - 1 (PHP's largest), UUIDs in canonical lower case.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Final

from hypothesis import strategies as st

from campaign_contract.schema import REQUEST, SchemaSet
from campaign_contract.testing.faults import FAULT_KINDS, PayloadFault, near_misses, resolve

__all__ = [
    "FAULT_KINDS",
    "PayloadFault",
    "invalid_payloads",
    "semantically_valid_payloads",
    "strategy_for",
    "valid_payloads",
]

MAX_INT: Final = 2**63 - 1
_SCHEMAS: Final = SchemaSet.packaged()
_JSON_LEAVES: Final = (
    st.none()
    | st.booleans()
    | st.integers(-(2**31), 2**31)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8)
)
ANY_JSON: Final = st.recursive(
    _JSON_LEAVES,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)
"""Small arbitrary JSON values, for the deliberately permissive fields."""


def _resolve(name: str, node: Any) -> tuple[str, dict[str, Any]]:
    return resolve(_SCHEMAS, name, node)


def _integers(node: dict[str, Any]) -> st.SearchStrategy[int]:
    low = node.get("minimum")
    if low is None:
        return st.integers(-MAX_INT, MAX_INT)
    return st.one_of(
        st.just(low), st.just(low + 1), st.integers(low, low + 1_000), st.integers(low, MAX_INT)
    )


def _strings(node: dict[str, Any]) -> st.SearchStrategy[str]:
    if "pattern" in node:
        return st.from_regex(node["pattern"], fullmatch=True)
    if node.get("format") == "uuid":
        return st.uuids().map(str)
    low, high = node.get("minLength", 0), node.get("maxLength")
    if high is None:
        return st.text(min_size=low, max_size=low + 24)
    return st.one_of(
        st.text(min_size=low, max_size=low),
        st.text(min_size=high, max_size=high),
        st.text(min_size=low, max_size=min(high, low + 24)),
    )


def _arrays(name: str, node: dict[str, Any]) -> st.SearchStrategy[list[Any]]:
    items = node.get("items", True)
    if items is True:
        return st.lists(ANY_JSON, max_size=4)
    item_name, item_node = _resolve(name, items)
    size = len(item_node["enum"]) if "enum" in item_node else 4
    return st.lists(
        strategy_for(item_name, item_node), max_size=size, unique=bool(node.get("uniqueItems"))
    )


def _objects(name: str, node: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    properties = node.get("properties")
    if properties is None:
        return st.dictionaries(st.text(max_size=8), ANY_JSON, max_size=4)
    required = set(node.get("required", ()))
    strategies = {key: strategy_for(name, sub) for key, sub in properties.items()}
    return st.fixed_dictionaries(
        {key: s for key, s in strategies.items() if key in required},
        optional={key: s for key, s in strategies.items() if key not in required},
    )


_BY_TYPE: Final[dict[str, Callable[[str, dict[str, Any]], st.SearchStrategy[Any]]]] = {
    "null": lambda name, node: st.none(),
    "boolean": lambda name, node: st.booleans(),
    "integer": lambda name, node: _integers(node),
    "number": lambda name, node: (
        st.integers(-(10**6), 10**6) | st.floats(allow_nan=False, allow_infinity=False)
    ),
    "string": lambda name, node: _strings(node),
    "array": _arrays,
    "object": _objects,
}


def strategy_for(name: str, node: Any) -> st.SearchStrategy[Any]:
    """Values that schema `node` (inside schema file `name`) accepts, for the subset we use."""
    name, node = _resolve(name, node)
    if "anyOf" in node:
        return st.one_of(*(strategy_for(name, branch) for branch in node["anyOf"]))
    if "enum" in node:
        return st.sampled_from(node["enum"])
    types = node.get("type")
    assert types is not None, f"the strategies do not know this schema: {node}"
    if isinstance(types, list):
        return st.one_of(*(_BY_TYPE[t](name, node) for t in types))
    return _BY_TYPE[types](name, node)


@functools.cache
def valid_payloads() -> st.SearchStrategy[dict[str, Any]]:
    """Request bodies the request schema accepts, every branch of it reachable."""
    return strategy_for(REQUEST, _SCHEMAS.documents[REQUEST])


def _request_def(definition: str) -> st.SearchStrategy[dict[str, Any]]:
    return strategy_for(REQUEST, {"$ref": f"#/$defs/{definition}"})


_DATA_DEFS: Final = {
    "manual": "ManualData",
    "multistep": "MultistepData",
    "planner": "PlannerData",
}
_SEND_DATETIMES: Final = st.builds(
    "{:04d}-{:02d}-{:02d} {:02d}:{:02d}".format,
    st.integers(2031, 2099),
    st.integers(1, 12),
    st.integers(1, 28),
    st.integers(0, 23),
    st.integers(0, 59),
)
_CLOCK: Final = st.builds("{:02d}:{:02d}".format, st.integers(0, 23), st.integers(0, 59))
_WINDOWS: Final = st.lists(_CLOCK, min_size=2, max_size=2, unique=True).map(
    lambda pair: {"start": min(pair), "end": max(pair)}
)


def _fix_multistep(data: dict[str, Any], draw: st.DrawFn) -> None:
    if "send_datetime" in data:
        data["send_datetime"] = draw(_SEND_DATETIMES)
    if "min_ctr" in data:
        data["min_ctr"] = draw(st.integers(0, 100) | st.floats(0, 100))


def _fix_planner(data: dict[str, Any], draw: st.DrawFn) -> None:
    if isinstance(data.get("multistep_data"), dict):
        _fix_multistep(data["multistep_data"], draw)
    schedule = data.get("weekly_schedule")
    if isinstance(schedule, dict):
        data["weekly_schedule"] = {day: draw(_WINDOWS) for day in schedule}
    days = data.get("days_of_week") or []
    if days and "default" not in data.get("weekly_schedule", {}):
        schedule = data.setdefault("weekly_schedule", {})
        for day in days:
            schedule.setdefault(day, draw(_WINDOWS))
    weekly = data.get("weekly_sms_contact_limit", 5)
    daily = data.get("daily_sms_contact_limit", 1)
    if daily > weekly:
        data["weekly_sms_contact_limit"], data["daily_sms_contact_limit"] = daily, weekly


@st.composite
def semantically_valid_payloads(draw: st.DrawFn) -> dict[str, Any]:
    """Valid request bodies that also pass every semantic rule of CONTRACT.md (no warnings)."""
    payload = draw(valid_payloads())
    meta = payload["meta"]
    meta.pop("multistep_status", None)
    send_type = meta["send_type"]
    selected = f"{send_type}_data"
    for other in _DATA_DEFS:
        if other != send_type:
            meta.pop(f"{other}_data", None)
    if not isinstance(meta.get(selected), dict):
        meta[selected] = draw(_request_def(_DATA_DEFS[send_type]))
    data = meta[selected]
    if send_type == "manual":
        if "send_datetime" in data:
            data["send_datetime"] = draw(_SEND_DATETIMES)
    elif send_type == "multistep":
        _fix_multistep(data, draw)
    else:
        _fix_planner(data, draw)
    if data.get("is_active") is False:
        data["is_active"] = True
    if payload.get("status", "draft") != "draft" and not meta.get("segment_ids"):
        meta["segment_ids"] = [str(draw(st.uuids()))]
    return payload


@st.composite
def invalid_payloads(draw: st.DrawFn) -> tuple[dict[str, Any], PayloadFault]:
    """A valid payload with exactly one schema mistake, and where and what the mistake is."""
    payload = draw(valid_payloads())
    variants = near_misses(payload, _SCHEMAS)
    # Pick the kind first: otherwise misspelt keys (one per object) would crowd out the rest.
    kind = draw(st.sampled_from(sorted({variant.kind for variant in variants})))
    chosen = draw(st.sampled_from([variant for variant in variants if variant.kind == kind]))
    return chosen.make()
