"""Shared helpers for the change-gate tests: edit a copy of the real schemas, check witnesses."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from campaign_contract.gate.compat import Change, Role, Verdict
from campaign_contract.schema import SchemaSet

DEFS = "definitions.schema.json"
REQ = "campaign-request.schema.json"
RESP = "campaign-response.schema.json"
VALIDATION = "validation-error.schema.json"

Documents = dict[str, dict[str, Any]]
Edit = Callable[[Documents], object]


def edited(edit: Edit, base: SchemaSet | None = None) -> SchemaSet:
    """A copy of `base` (the packaged schemas) with `edit` applied to its documents."""
    documents: Documents = copy.deepcopy(dict((base or SchemaSet.packaged()).documents))
    edit(documents)
    return SchemaSet(documents)


def node(documents: Documents, file: str, pointer: str) -> Any:
    """The schema object at `pointer` in `file`, to edit in place."""
    target: Any = documents[file]
    for token in pointer.split("/")[1:]:
        target = target[token]
    return target


def witness_holds(change: Change, old: SchemaSet, new: SchemaSet) -> bool:
    """Request: OLD accepts the witness and NEW rejects it; response: the other way round."""
    assert change.witness is not None, f"no witness for {change}"
    document = json.loads(change.witness)
    accepting, rejecting = (old, new) if change.role is Role.REQUEST else (new, old)
    return bool(
        accepting.validator(change.root).is_valid(document)
        and not rejecting.validator(change.root).is_valid(document)
    )


def verdicts(changes: tuple[Change, ...], role: Role) -> set[Verdict]:
    """The verdicts of `role`'s changes."""
    return {change.verdict for change in changes if change.role is role}


@dataclass(frozen=True)
class Mutation:
    """One single-keyword edit of one schema object; `amount` (>= 1) sizes numeric edits."""

    id: str
    file: str
    pointer: str
    apply: Callable[[dict[str, Any], int], object]

    def edit(self, amount: int) -> Edit:
        """The edit as a function of the documents."""
        return lambda documents: self.apply(node(documents, self.file, self.pointer), amount)


def _schema_objects(documents: Documents, root: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Every schema object of one side (the `root` file and the definitions) with keywords of
    its own (not a bare `$ref`)."""
    roots = [(root, "", documents[root])]
    for file in (DEFS, root):
        roots += [(file, f"/$defs/{n}", s) for n, s in documents[file]["$defs"].items()]
    for file, pointer, schema in roots:
        yield file, pointer, schema
        if isinstance(schema.get("items"), dict) and "type" in schema["items"]:
            yield file, f"{pointer}/items", schema["items"]


def _types(schema: dict[str, Any]) -> list[str]:
    types = schema.get("type", [])
    return [types] if isinstance(types, str) else list(types)


def _tightenings_of(schema: dict[str, Any]) -> Iterator[tuple[str, Callable[..., object]]]:
    types = _types(schema)
    if "minimum" in schema:
        yield "minimum raised", lambda s, n: s.update(minimum=s["minimum"] + n)
    if {"integer", "number"} & set(types) and "maximum" not in schema:
        yield "maximum added", lambda s, n: s.update(maximum=s.get("minimum", 0) + n)
    if len(schema.get("enum", [])) >= 2:
        yield "enum value removed", lambda s, n: s["enum"].pop(n % len(s["enum"]))
    if "string" in types and "enum" not in schema:
        if "minLength" in schema:
            yield "minLength raised", lambda s, n: s.update(minLength=s["minLength"] + n)
        if "maxLength" in schema:
            yield "maxLength lowered", lambda s, n: s.update(maxLength=s["maxLength"] - n)
        if "format" not in schema and "pattern" not in schema:
            yield "format added", lambda s, n: s.update(format=("uuid", "date-time")[n % 2])
            yield "pattern added", lambda s, n: s.update(pattern="^[a-z]+$")
    if "null" in types:
        yield "null removed", lambda s, n: s.update(type=[t for t in _types(s) if t != "null"])
    yield from _container_tightenings(schema, types)


def _container_tightenings(
    schema: dict[str, Any], types: list[str]
) -> Iterator[tuple[str, Callable[..., object]]]:
    if "properties" in schema:
        optional = [k for k in schema["properties"] if k not in schema.get("required", [])]
        if optional:
            yield (
                "property required",
                lambda s, n: s.setdefault("required", []).append(optional[n % len(optional)]),
            )
    if schema.get("additionalProperties") is True:
        yield "object closed", lambda s, n: s.update(additionalProperties=False)
    if "array" in types:
        if not schema.get("uniqueItems"):
            yield "uniqueItems added", lambda s, n: s.update(uniqueItems=True)
        yield "minItems added", lambda s, n: s.update(minItems=1 + n % 3)
        yield "maxItems added", lambda s, n: s.update(maxItems=n % 5)


def _loosenings_of(schema: dict[str, Any]) -> Iterator[tuple[str, Callable[..., object]]]:
    types = _types(schema)
    if "minimum" in schema:
        yield "minimum lowered", lambda s, n: s.update(minimum=s["minimum"] - n)
        yield "minimum removed", lambda s, n: s.pop("minimum")
    if "enum" in schema:
        yield "enum value added", lambda s, n: s["enum"].append(f"new-{n}")
    if "minLength" in schema:
        yield "minLength lowered", lambda s, n: s.update(minLength=max(0, s["minLength"] - n))
    if "maxLength" in schema:
        yield "maxLength raised", lambda s, n: s.update(maxLength=s["maxLength"] + n)
    for keyword in ("format", "pattern", "uniqueItems"):
        if keyword in schema:
            yield f"{keyword} removed", lambda s, n, k=keyword: s.pop(k)
    if types and "null" not in types and "object" not in types and "enum" not in schema:
        # (not objects, which are mostly reached through a nullable wrapper, nor enums, which
        # keep rejecting null: there a null type changes nothing)
        yield "null added", lambda s, n: s.update(type=[*_types(s), "null"])
    if "integer" in types:
        yield (
            "integer widened to number",
            lambda s, n: s.update(type=["number" if t == "integer" else t for t in _types(s)]),
        )
    if schema.get("required"):
        yield "required name dropped", lambda s, n: s["required"].pop(n % len(s["required"]))
    if schema.get("additionalProperties") is False:
        yield "object opened", lambda s, n: s.update(additionalProperties=True)


def _mutations(
    propose: Callable[[dict[str, Any]], Iterator[tuple[str, Callable[..., object]]]],
    root: str,
) -> list[Mutation]:
    documents: Documents = dict(SchemaSet.packaged().documents)
    return [
        Mutation(f"{kind} at {file}#{pointer}", file, pointer, apply)
        for file, pointer, schema in _schema_objects(documents, root)
        for kind, apply in propose(schema)
    ]


def tightenings(root: str = REQ) -> list[Mutation]:
    """Every single-keyword edit of one side that accepts strictly fewer documents."""
    return _mutations(_tightenings_of, root)


def loosenings(root: str = REQ) -> list[Mutation]:
    """Every single-keyword edit of one side that accepts at least the same documents."""
    return _mutations(_loosenings_of, root)
