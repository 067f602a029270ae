"""Near-miss faults: one mistake injected into a valid request body, and a record of it.

`near_misses(payload)` walks a valid payload alongside the request schema and lists every
single-fault variant the schema allows at each value or object (a wrong type, a null where none
is allowed, one below a minimum, a wrong-case enum value, a string one too short or too long, a
time that breaks the pattern, a truncated UUID, a misspelt or missing key, a duplicate item).
Pure Python: `pick_near_miss(payload, choose)` picks one with any random choice (the Hypothesis
strategies pass theirs, the benchmark a seeded `random.Random`).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Final, Protocol, TypeVar

from campaign_contract.pointer import from_path
from campaign_contract.schema import REQUEST, SchemaSet

FAULT_KINDS: Final = (
    "wrong-type",
    "null-not-allowed",
    "below-minimum",
    "bad-enum",
    "too-short",
    "too-long",
    "bad-pattern",
    "bad-uuid",
    "unknown-key",
    "missing-required",
    "duplicate-item",
)
# Wrong-type values that no lax parser coerces into the expected type.
_WRONG: Final[dict[str, Any]] = {
    "string": 123,
    "integer": 1.5,
    "number": "not a number",
    "boolean": "maybe",
    "object": [],
    "array": "not a list",
}


def _json_types(value: Any) -> set[str]:
    """The JSON Schema types `value` has (an integer is also a number)."""
    if isinstance(value, bool):
        return {"boolean"}
    if isinstance(value, int):
        return {"integer", "number"}
    names = {float: "number", str: "string", list: "array", dict: "object", type(None): "null"}
    return {names[type(value)]}


@dataclass(frozen=True)
class PayloadFault:
    """Where the one mistake of a near-miss payload is, and what kind of mistake it is."""

    pointer: str
    """The value changed, the key added or removed, or the duplicated array item."""
    kind: str

    @property
    def parent(self) -> str:
        """The pointer of the object or array that holds the faulty place."""
        return self.pointer.rpartition("/")[0]


@dataclass(frozen=True)
class Variant:
    """One near miss, made on demand (`make()`), so listing the variants copies nothing."""

    kind: str
    make: Callable[[], tuple[dict[str, Any], PayloadFault]]


Path = tuple[str | int, ...]


def resolve(schemas: SchemaSet, name: str, node: Any) -> tuple[str, dict[str, Any]]:
    """Follow `$ref`s from `node` (inside schema file `name`) to a schema with content."""
    while isinstance(node, dict) and "$ref" in node:
        target, _, fragment = node["$ref"].partition("#")
        name = target or name
        node = schemas.subschema(name, fragment)
    return name, node if isinstance(node, dict) else {}


def _replace(payload: dict[str, Any], path: Path, value: Any) -> dict[str, Any]:
    result = copy.deepcopy(payload)
    node: Any = result
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return result


def _delete(payload: dict[str, Any], path: Path) -> dict[str, Any]:
    result = copy.deepcopy(payload)
    node: Any = result
    for step in path[:-1]:
        node = node[step]
    del node[path[-1]]
    return result


def _variant(payload: dict[str, Any], path: Path, kind: str, value: Any) -> Variant:
    return Variant(
        kind, lambda: (_replace(payload, path, value), PayloadFault(from_path(path), kind))
    )


def _deletion(payload: dict[str, Any], path: Path) -> Variant:
    kind = "missing-required"
    return Variant(kind, lambda: (_delete(payload, path), PayloadFault(from_path(path), kind)))


def _misspell(key: str, taken: set[str]) -> str:
    candidates = [key[:-2] + key[-1] + key[-2]] if len(key) > 1 else []
    candidates += [key + "s", key + "_x"]
    return next(c for c in candidates if c not in taken)


def _value_faults(
    payload: dict[str, Any], path: Path, node: dict[str, Any], value: Any, nullable: bool
) -> Iterator[Variant]:
    """Faults that replace the value at `path`, whose (resolved, non-anyOf) schema is `node`."""
    types = node.get("type")
    accepted = set(types) if isinstance(types, list) else {types} if types else set()
    preferred = [w for t, w in _WRONG.items() if t in accepted]
    wrong = next(w for w in [*preferred, *_WRONG.values()] if not _json_types(w) & accepted)
    yield _variant(payload, path, "wrong-type", wrong)
    if not nullable and "null" not in accepted:
        yield _variant(payload, path, "null-not-allowed", None)
    if "minimum" in node:
        yield _variant(payload, path, "below-minimum", node["minimum"] - 1)
    if "enum" in node:
        first = str(node["enum"][0])
        near = first.capitalize() if first.capitalize() != first else first.upper()
        yield _variant(payload, path, "bad-enum", near)
    if isinstance(value, str):
        if node.get("minLength", 0) > 0:
            yield _variant(payload, path, "too-short", value[: node["minLength"] - 1])
        if "maxLength" in node:
            # The value itself, lengthened: files with this fault keep names of their own.
            too_long = value + "x" * (node["maxLength"] + 1 - len(value))
            yield _variant(payload, path, "too-long", too_long)
        if "pattern" in node:
            bad = next(t for t in ("24:00", "9:00", "!") if not re.search(node["pattern"], t))
            yield _variant(payload, path, "bad-pattern", bad)
        if node.get("format") == "uuid":
            yield _variant(payload, path, "bad-uuid", value[:-1])


def _walk(
    schemas: SchemaSet,
    payload: dict[str, Any],
    name: str,
    raw: Any,
    value: Any,
    path: Path,
    nullable: bool = False,
) -> Iterator[Variant]:
    name, node = resolve(schemas, name, raw)
    if "anyOf" in node:
        if value is None:
            # Only the null branch matched: a wrong type is the one fault that stays single.
            yield _variant(payload, path, "wrong-type", 123)
            return
        branch = next(b for b in node["anyOf"] if resolve(schemas, name, b)[1] != {"type": "null"})
        yield from _walk(schemas, payload, name, branch, value, path, nullable=True)
        return
    if path:
        yield from _value_faults(payload, path, node, value, nullable)
    if isinstance(value, dict) and "properties" in node:
        properties: dict[str, Any] = node["properties"]
        if node.get("additionalProperties") is False and properties:
            key = _misspell(next(iter(value), next(iter(properties))), set(properties) | set(value))
            yield _variant(payload, (*path, key), "unknown-key", True)
        for key in node.get("required", ()):
            if key in value:
                yield _deletion(payload, (*path, key))
        for key, child in value.items():
            if key in properties:
                yield from _walk(schemas, payload, name, properties[key], child, (*path, key))
    elif isinstance(value, list) and isinstance(node.get("items"), dict):
        if node.get("uniqueItems") and value:
            duplicate = (*path, len(value))
            yield Variant(
                "duplicate-item",
                lambda: (
                    _replace(payload, path, [*value, copy.deepcopy(value[0])]),
                    PayloadFault(from_path(duplicate), "duplicate-item"),
                ),
            )
        for index, item in enumerate(value):
            yield from _walk(schemas, payload, name, node["items"], item, (*path, index))


def near_misses(payload: dict[str, Any], schemas: SchemaSet | None = None) -> list[Variant]:
    """Every single-fault variant of the valid request body `payload` (never empty)."""
    schemas = schemas or SchemaSet.packaged()
    root = schemas.documents[REQUEST]
    variants = list(_walk(schemas, payload, REQUEST, root, payload, ()))
    assert variants, "a request body always has at least a key to misspell"
    return variants


_T = TypeVar("_T")


class Choose(Protocol):
    """A random choice of one of `options`, such as `random.Random.choice`."""

    def __call__(self, options: Sequence[_T], /) -> _T: ...


def pick_near_miss(
    payload: dict[str, Any], choose: Choose, schemas: SchemaSet | None = None
) -> tuple[dict[str, Any], PayloadFault]:
    """`payload` with one fault, and the fault: the kind is chosen first, then a variant of it
    (otherwise misspelt keys, one per object, would crowd out the rest)."""
    variants = near_misses(payload, schemas)
    kind = choose(sorted({variant.kind for variant in variants}))
    return choose([variant for variant in variants if variant.kind == kind]).make()
