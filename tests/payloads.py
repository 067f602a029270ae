"""Boundary payloads derived from the request schema, shared by the schema and model tests.

Starting from a payload that uses every field, each case changes one value (or removes or adds
one key) at the edge of a constraint and records whether the request schema must accept it.
The cases are derived by walking the schema, so a new constraint gets its cases automatically.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from campaign_contract.schema import REQUEST, SchemaSet

EXAMPLES = Path(__file__).parent.parent / "examples"
FULL_PAYLOAD_FILE = EXAMPLES / "valid" / "seed-page-example.json"
UUID = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
_MISSING = object()


@dataclass(frozen=True)
class Case:
    """One payload, the pointer of the value it changes, and whether the schema accepts it."""

    id: str
    payload: dict[str, Any]
    pointer: str
    valid: bool


def full_payload() -> dict[str, Any]:
    """A valid request body that uses every field of the schema."""
    page: dict[str, Any] = json.loads(FULL_PAYLOAD_FILE.read_text(encoding="utf-8"))
    # the editors' `$schema` key is ours, not the API page's
    payload = {"$schema": "https://example.invalid/campaign.schema.json", **page}
    payload["meta"]["segment_ids"] = [
        UUID
    ]  # the seed page's list is empty; its items need cases too
    return payload


def _deref(schemas: SchemaSet, name: str, node: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """Follow `$ref`s (to another file or within one) until a schema with content is reached."""
    while "$ref" in node:
        target, _, fragment = node["$ref"].partition("#")
        name = target or name
        node = schemas.subschema(name, fragment)
    return name, node


def _nullable_parts(
    schemas: SchemaSet, name: str, node: dict[str, Any]
) -> tuple[str, dict[str, Any], bool]:
    """The non-null schema of a property and whether the property accepts null."""
    name, node = _deref(schemas, name, node)
    if "anyOf" in node:
        branches = [b for b in node["anyOf"] if b != {"type": "null"}]
        assert len(branches) == 1, f"unexpected anyOf shape {node}"
        name, inner = _deref(schemas, name, branches[0])
        return name, inner, True
    types = node.get("type")
    return name, node, isinstance(types, list) and "null" in types


def _set(payload: dict[str, Any], path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    """A copy of `payload` with `value` at `path`; arrays on the way keep only the item changed,
    so that a changed item cannot collide with its siblings (`uniqueItems`)."""
    result = copy.deepcopy(payload)
    node: Any = result
    for step in path[:-1]:
        if isinstance(node, list):
            del node[step + 1 :], node[:step]
        node = node[0] if isinstance(node, list) else node[step]
    if isinstance(node, list):
        del node[path[-1] + 1 :], node[: path[-1]]
        path = (*path[:-1], 0)
    if value is _MISSING:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return result


def _pointer(path: tuple[str | int, ...]) -> str:
    return "".join(f"/{str(p).replace('~', '~0').replace('/', '~1')}" for p in path)


def _wrong_type_value(types: set[str]) -> Any:
    if "integer" in types or "number" in types:
        return "5"
    if "string" in types:
        return 1
    if "boolean" in types:
        return 1
    return "text"


def _near_miss(value: str) -> str:
    return value.capitalize() if value != value.capitalize() else value.lower()


def _scalar_cases(node: dict[str, Any]) -> Iterator[tuple[str, Any, bool]]:
    if "minimum" in node:
        yield "minimum", node["minimum"], True
        yield "below-minimum", node["minimum"] - 1, False
    if "minLength" in node:
        yield "min-length", "x" * node["minLength"], True
        yield "below-min-length", "x" * (node["minLength"] - 1), False
    if "maxLength" in node:
        yield "max-length", "x" * node["maxLength"], True
        yield "above-max-length", "x" * (node["maxLength"] + 1), False
    for value in node.get("enum", ()):
        yield f"enum-{value}", value, True
        yield f"near-miss-{_near_miss(value)}", _near_miss(value), False
    if "pattern" in node:
        for good in ("00:00", "09:05", "23:59"):
            yield f"pattern-{good}", good, True
        for bad in ("9:00", "24:00", "12:60", "12:5", " 12:00", "12:00 "):
            yield f"pattern-{bad.strip()}", bad, False
    if node.get("format") == "uuid":
        yield "uuid", UUID, True
        yield "not-uuid", "campaign-42", False
        yield "uuid-without-hyphens", UUID.replace("-", ""), False


def boundary_cases(schemas: SchemaSet | None = None) -> list[Case]:
    """Every boundary case of the request schema, applied to the full payload."""
    schemas = schemas or SchemaSet.packaged()
    base = full_payload()
    cases: list[Case] = []

    def add(path: tuple[str | int, ...], label: str, value: Any, valid: bool) -> None:
        pointer = _pointer(path)
        cases.append(Case(f"{pointer or '/'}:{label}", _set(base, path, value), pointer, valid))

    def walk(name: str, node: dict[str, Any], path: tuple[str | int, ...], value: Any) -> None:
        name, node, nullable = _nullable_parts(schemas, name, node)
        if path:
            add(path, "null", None, nullable)
        types = node.get("type", "object")
        type_set = {types} if isinstance(types, str) else set(types)
        if type_set <= {"object", "null"} and "properties" in node:
            if path:
                add(path, "wrong-type", [], False)
            unknown = (*path, "unknown_key")
            add(unknown, "unknown-key", 1, node["additionalProperties"] is not False)
            for key in node.get("required", ()):
                add((*path, key), "missing-required", _MISSING, False)
            for key, child in node["properties"].items():
                assert key in value, f"{FULL_PAYLOAD_FILE.name} lacks {_pointer((*path, key))}"
                walk(name, child, (*path, key), value[key])
            return
        if "array" in type_set and isinstance(value, list):
            if node.get("uniqueItems") and value:
                add(path, "duplicate-items", [value[0], value[0]], False)
            items = node.get("items")
            if isinstance(items, dict) and value:
                walk(name, items, (*path, 0), value[0])
            return
        if type_set <= {"integer", "number", "string", "boolean", "null"}:
            add(path, "wrong-type", _wrong_type_value(type_set), False)
        for label, candidate, valid in _scalar_cases(node):
            add(path, label, candidate, valid)

    walk(REQUEST, schemas.documents[REQUEST], (), base)
    return cases
