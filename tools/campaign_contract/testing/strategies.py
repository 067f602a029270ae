"""Hypothesis strategies for request payloads, built from the request schema at import.

Every constraint (types, enums, minimums, lengths, patterns, `format: uuid`, nullability,
required and optional keys, unique items) is read from the packaged schemas, so the strategies
cannot drift from them. The public strategies:

- `valid_payloads()`: anything the request schema accepts, every branch reachable (each
  `send_type`, nulls, absent optionals, boundary integers, every enum value), with free text
  the server keeps as sent (no whitespace it trims, never empty: see
  `campaign_contract.lint.verdict`), so the server accepts each one and stores it unchanged;
- `semantically_valid_payloads()`: valid payloads that also pass every semantic rule of
  docs/contract.md, warnings included (built to satisfy them; the test suite checks them with
  `rules.check` and with the linter);
- `complete_payloads()`: semantically valid payloads that look like a team's real campaign
  file: every member the rules allow present and non-null, arrays of several items, names a
  person would write (see its docstring for exactly what "complete" means);
- `near_miss_of(payloads)`: one of `payloads` with exactly one fault, as
  `(payload, PayloadFault)` where the fault records the pointer and the kind of mistake;
  `invalid_payloads()` is `near_miss_of(valid_payloads())`.

Integers are drawn up to 2**63 - 1 (PHP's largest), UUIDs in canonical lower case.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any, Final, TypeVar

from campaign_contract.extras import require

require("testing", __name__)

from hypothesis import strategies as st

from campaign_contract.lint.verdict import normalise_string
from campaign_contract.schema import REQUEST, SchemaSet
from campaign_contract.testing.near_misses import FAULT_KINDS, PayloadFault, pick_near_miss, resolve

__all__ = [
    "FAULT_KINDS",
    "PayloadFault",
    "complete_payloads",
    "invalid_payloads",
    "near_miss_of",
    "semantically_valid_payloads",
    "strategy_for",
    "valid_payloads",
]

_T = TypeVar("_T")
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


_CAMPAIGN_WORDS: Final = """
    spring summer autumn winter sale flash offer weekend clearance launch reminder
    Black Friday Cyber Monday VIP loyalty win-back newsletter back to school app &
    new customers churned abandoned cart birthday wishes EU UK DE FR Q1 Q3 2031
    Rentrée Soldes d'été Noël Sommerschlussverkauf Weihnachten Año Nuevo Ofertas
    Ramadan Kareem Diwali Распродажа Новый год 夏のセール 新年促销 تخفيضات 🎉 🛒
"""
"""English words, then other markets' campaign words; some names carry an emoji."""
COMPLETE_MIN_ITEMS: Final = 2
"""The fewest items of an array in a complete payload."""
_PROSE: Final = st.lists(
    st.sampled_from(_CAMPAIGN_WORDS.split()), min_size=2, max_size=7, unique=True
).map(" ".join)
"""Free text as a person writes it (campaign names), for the complete payloads."""


def _integers(node: dict[str, Any], complete: bool) -> st.SearchStrategy[int]:
    low = node.get("minimum")
    if complete:  # everyday sizes: a send amount of 2**62 makes no realistic file
        return st.integers(low or 0, (low or 0) + 1_000)
    if low is None:
        return st.integers(-MAX_INT, MAX_INT)
    return st.one_of(
        st.just(low), st.just(low + 1), st.integers(low, low + 1_000), st.integers(low, MAX_INT)
    )


def _strings(node: dict[str, Any], complete: bool) -> st.SearchStrategy[str]:
    if "pattern" in node:
        return st.from_regex(node["pattern"], fullmatch=True)
    if node.get("format") == "uuid":
        return st.uuids().map(str)
    low, high = node.get("minLength", 0), node.get("maxLength")
    if complete:
        return _PROSE.filter(lambda text: low <= len(text) and (high is None or len(text) <= high))
    if high is None:
        return _kept(st.text(min_size=low, max_size=low + 24))
    return st.one_of(
        _kept(st.text(min_size=low, max_size=low)),
        _kept(st.text(min_size=high, max_size=high)),
        _kept(st.text(min_size=low, max_size=min(high, low + 24))),
    )


def _kept(texts: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Only text the server keeps as sent: no whitespace it trims, never empty (see
    `campaign_contract.lint.verdict.normalise`)."""
    return texts.filter(lambda text: normalise_string(text) == text)


def _arrays(name: str, node: dict[str, Any], complete: bool) -> st.SearchStrategy[list[Any]]:
    # Complete arrays hold several items: a real campaign goes to more than one segment.
    min_size = COMPLETE_MIN_ITEMS if complete else 0
    items = node.get("items", True)
    if items is True:
        return st.lists(ANY_JSON, min_size=min_size, max_size=4)
    item_name, item_node = _resolve(name, items)
    size = len(item_node["enum"]) if "enum" in item_node else 4
    return st.lists(
        strategy_for(item_name, item_node, complete=complete),
        min_size=min_size,
        max_size=size,
        unique=bool(node.get("uniqueItems")),
    )


def _objects(name: str, node: dict[str, Any], complete: bool) -> st.SearchStrategy[dict[str, Any]]:
    properties = node.get("properties")
    if properties is None:
        return st.dictionaries(st.text(max_size=8), ANY_JSON, min_size=int(complete), max_size=4)
    required = set(properties) if complete else set(node.get("required", ()))
    strategies = {
        key: strategy_for(name, sub, complete=complete) for key, sub in properties.items()
    }
    drawn = st.fixed_dictionaries(
        {key: s for key, s in strategies.items() if key in required},
        optional={key: s for key, s in strategies.items() if key not in required},
    )
    if complete:  # in the schema's order, as a person would write the file
        return drawn.map(lambda value: {key: value[key] for key in properties})
    return drawn


_BY_TYPE: Final[dict[str, Callable[[str, dict[str, Any], bool], st.SearchStrategy[Any]]]] = {
    "null": lambda name, node, complete: st.none(),
    "boolean": lambda name, node, complete: st.booleans(),
    "integer": lambda name, node, complete: _integers(node, complete),
    "number": lambda name, node, complete: (
        st.integers(-(10**6), 10**6) | st.floats(allow_nan=False, allow_infinity=False)
    ),
    "string": lambda name, node, complete: _strings(node, complete),
    "array": _arrays,
    "object": _objects,
}


def _non_null(name: str, branches: list[Any]) -> list[Any]:
    return [branch for branch in branches if _resolve(name, branch)[1] != {"type": "null"}]


def strategy_for(name: str, node: Any, *, complete: bool = False) -> st.SearchStrategy[Any]:
    """Values that schema `node` (inside schema file `name`) accepts, for the subset we use.

    `complete=True` draws only complete values: every property of an object present, no null
    where the schema allows anything else, every array of at least `COMPLETE_MIN_ITEMS` items,
    integers of everyday size and free text from a vocabulary of campaign words."""
    name, node = _resolve(name, node)
    if "anyOf" in node:
        branches = _non_null(name, node["anyOf"]) if complete else node["anyOf"]
        return st.one_of(*(strategy_for(name, branch, complete=complete) for branch in branches))
    if "enum" in node:
        return st.sampled_from(node["enum"])
    types = node.get("type")
    assert types is not None, f"the strategies do not know this schema: {node}"
    if isinstance(types, list):
        if complete and len(types) > 1:
            types = [t for t in types if t != "null"]
        return st.one_of(*(_BY_TYPE[t](name, node, complete) for t in types))
    return _BY_TYPE[types](name, node, complete)


@functools.cache
def valid_payloads() -> st.SearchStrategy[dict[str, Any]]:
    """Request bodies the request schema accepts, every branch of it reachable; their strings
    are ones the server keeps as sent, so the verdict accepts them too."""
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


def _satisfy_rules(payload: dict[str, Any], draw: st.DrawFn) -> dict[str, Any]:
    """Change the schema-valid `payload` in place so that no semantic rule finds anything."""
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
def _rule_abiding(draw: st.DrawFn, payloads: st.SearchStrategy[dict[str, Any]]) -> dict[str, Any]:
    return _satisfy_rules(draw(payloads), draw)


@functools.cache
def semantically_valid_payloads() -> st.SearchStrategy[dict[str, Any]]:
    """Valid request bodies that also pass every semantic rule of docs/contract.md (no warnings)."""
    return _rule_abiding(valid_payloads())


_RULED_OUT: Final = ("multistep_status", *(f"{send_type}_data" for send_type in _DATA_DEFS))
"""Members of `meta` that the rules want absent (or null) in a request, unless selected."""


def _complete_request(send_type: str) -> dict[str, Any]:
    """The request schema with `meta.send_type` fixed to `send_type` and the members of `meta`
    that the rules rule out (the server-computed status, the other send types' data) removed,
    so that a complete draw never builds what would be thrown away."""
    root = _SCHEMAS.documents[REQUEST]
    _, meta = _resolve(REQUEST, root["properties"]["meta"])
    keep = f"{send_type}_data"
    properties = {
        key: sub for key, sub in meta["properties"].items() if key == keep or key not in _RULED_OUT
    }
    properties["send_type"] = {"enum": [send_type]}
    narrowed_meta = {**meta, "properties": properties}
    return {**root, "properties": {**root["properties"], "meta": narrowed_meta}}


@functools.cache
def complete_payloads() -> st.SearchStrategy[dict[str, Any]]:
    """Semantically valid request bodies as complete as the schema and the rules allow.

    Complete means: every property the schema declares on an object is present, with two
    exceptions in `meta`, which the rules want absent: `multistep_status` (server-computed,
    `read-only-field`) and the data objects of the send types not selected
    (`send-type-data-unused`). No value is null where the schema allows anything else (the ids
    in `meta` are UUIDs, the selected data object and a planner's `multistep_data` are objects),
    every array holds at least `COMPLETE_MIN_ITEMS` items (`segment_ids`, `days_of_week`), and
    `name` is words a person would write, Unicode included. A planner's `weekly_schedule` has a
    window for `default` and every day.
    """
    send_types = _resolve(REQUEST, {"$ref": "#/$defs/Meta"})[1]["properties"]["send_type"]
    by_send_type = [
        strategy_for(REQUEST, _complete_request(send_type), complete=True)
        for send_type in _resolve(REQUEST, send_types)[1]["enum"]
    ]
    return _rule_abiding(st.one_of(by_send_type))


@st.composite
def near_miss_of(
    draw: st.DrawFn, payloads: st.SearchStrategy[dict[str, Any]]
) -> tuple[dict[str, Any], PayloadFault]:
    """One of the valid `payloads` with exactly one schema mistake, and where and what it is."""

    def choose(options: Sequence[_T]) -> _T:
        return draw(st.sampled_from(options))

    return pick_near_miss(draw(payloads), choose, _SCHEMAS)


def invalid_payloads() -> st.SearchStrategy[tuple[dict[str, Any], PayloadFault]]:
    """A valid payload with exactly one schema mistake, and where and what the mistake is."""
    return near_miss_of(valid_payloads())
