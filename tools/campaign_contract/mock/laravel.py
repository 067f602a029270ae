"""What the real server does with a PUT body, as pure functions over the request schema.

`fill_defaults` is laravel-data's habit of filling constructor defaults, and `laravel_errors`
is Laravel's 422 error map (dot paths to messages). Both read the request schema, so they follow
it when it changes. The mock endpoint is built on them; so is anything else that needs to
predict the server's answer.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final

from campaign_contract.lint.schema_findings import SchemaValidator, packaged_validator
from campaign_contract.pointer import leaves
from campaign_contract.schema import REQUEST, SchemaSet

_FIELD: Final = re.compile(r"[A-Za-z0-9_]+")
BODY_KEY: Final = "_body"
"""The error-map key for a problem with no representable field path (e.g. an odd root key)."""
_TYPE_WORDS: Final = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "object": "an object",
    "array": "an array",
    "null": "null",
}


def _deref(schemas: SchemaSet, name: str, node: Any) -> tuple[str, dict[str, Any]]:
    """Follow `$ref`s until a schema with content; `default`s on the way are kept."""
    default = node.get("default", ...) if isinstance(node, dict) else ...
    while isinstance(node, dict) and "$ref" in node:
        target, _, fragment = node["$ref"].partition("#")
        name = target or name
        node = schemas.subschema(name, fragment)
        if default is ... and isinstance(node, dict):
            default = node.get("default", ...)
    result = dict(node) if isinstance(node, dict) else {}
    if default is not ...:
        result["default"] = default
    return name, result


def _object_branch(schemas: SchemaSet, name: str, node: dict[str, Any]) -> tuple[str, Any]:
    """The branch of a nullable `anyOf` that describes an object (or the node itself)."""
    for branch in node.get("anyOf", ()):
        branch_name, resolved = _deref(schemas, name, branch)
        if "properties" in resolved:
            return branch_name, resolved
    return name, node


def _fill(schemas: SchemaSet, name: str, node: dict[str, Any], instance: Any) -> None:
    name, node = _object_branch(schemas, name, node)
    if not isinstance(instance, dict):
        return
    for key, subschema in node.get("properties", {}).items():
        sub_name, resolved = _deref(schemas, name, subschema)
        if key in instance:
            _fill(schemas, sub_name, resolved, instance[key])
        elif "default" in resolved:
            instance[key] = copy.deepcopy(resolved["default"])


_UTF8_BOM: Final = b"\xef\xbb\xbf"
UNDECODABLE: Final = frozenset(
    {"json-syntax", "json-encoding", "json-non-finite", "json-empty", "json-too-deep"}
)
"""The loader's refusals that PHP's `json_decode` fails on too, so Laravel sees no input (deep
nesting: PHP stops at 512 levels, the loader at 64; the mock answers both as no input)."""


def json_input(headers: Mapping[str, str], body: bytes) -> bytes | None:
    """The body Laravel reads as JSON input, or None when it reads no input at all: a
    `Content-Type` that is not JSON (Laravel's `isJson`: the header contains `/json` or `+json`,
    compared as written, so `APPLICATION/JSON` is not JSON), or a body starting with a UTF-8
    byte-order mark, which `json_decode` refuses."""
    lowered = {key.lower(): value for key, value in headers.items()}
    content_type = lowered.get("content-type", "")
    if "/json" not in content_type and "+json" not in content_type:
        return None
    if body.startswith(_UTF8_BOM):
        return None
    return body


class _Unstorable(float):
    """A number the loader refuses as too long or out of range, kept as a marker."""


def _number(token: str) -> float:
    number = float(token)
    return _Unstorable(number) if number in (float("inf"), float("-inf")) else number


def _integer(token: str) -> int | float:
    if float(token) in (float("inf"), float("-inf")):  # beyond a double, or Python's digit limit
        return _Unstorable("inf")
    return int(token)


def unstorable_numbers(body: bytes) -> list[tuple[str | int, ...]]:
    """Where a body that parses holds numbers beyond a double or Python's digit limit (the
    loader refuses them without a place); empty when it does not parse at all."""
    try:
        value = json.loads(body, parse_float=_number, parse_int=_integer)
    except (ValueError, RecursionError):
        return []

    return [path for path, leaf in leaves(value) if isinstance(leaf, _Unstorable)]


def fill_defaults(
    value: dict[str, Any], schemas: SchemaSet | None = None, definition: str | None = None
) -> dict[str, Any]:
    """A copy of a (valid) request body, or of one `$defs` object of the request schema, with
    every schema `default` filled in.

    Defaults are filled only inside objects the value has (a missing or null `manual_data` stays
    missing or null): at the top (`status`), in `meta` (`segment_ids`, `use_dedicated_domains`),
    and in whichever of `manual_data`, `multistep_data`, `planner_data` (and the planner's own
    `multistep_data`) and `multistep_status` are objects.
    """
    schemas = schemas or SchemaSet.packaged()
    result = copy.deepcopy(value)
    root: Any = schemas.documents[REQUEST]
    if definition is not None:
        root = {"$ref": f"#/$defs/{definition}"}
    name, node = _deref(schemas, REQUEST, root)
    _fill(schemas, name, node, result)
    return result


def dot_path(path: tuple[str | int, ...]) -> str:
    """Laravel's dot path for a location in the body; cut at the first unrepresentable key."""
    parts: list[str] = []
    for step in path:
        text = str(step)
        if not _FIELD.fullmatch(text):
            break
        parts.append(text)
    return ".".join(parts) or BODY_KEY


def _leaf_errors(error: Any) -> Iterator[Any]:
    """The engine's errors inside a nullable `anyOf`, without the uninformative "is not null"
    branch (jsonschema-rs errors: `kind.name` is the failing keyword)."""
    if error.kind.name != "anyOf":
        yield error
        return
    for branch in error.kind.context:
        for inner in branch:
            if not (inner.kind.name == "type" and list(inner.kind.types) == ["null"]):
                yield from _leaf_errors(inner)


_TEMPLATES: Final = {
    "minimum": "The {{}} field must be at least {value}.",
    "minLength": "The {{}} field must be at least {value} characters.",
    "maxLength": "The {{}} field must not be greater than {value} characters.",
    "enum": "The selected {{}} is invalid.",
    "format": "The {{}} field must be a valid {value_upper}.",
    "pattern": "The {{}} field format is invalid.",
}


def _key_errors(error: Any) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Errors about keys (missing, unknown) or items (duplicates), placed at the key or item."""
    path = tuple(error.instance_path)
    instance: Any = error.instance
    kind = error.kind
    if kind.name == "required":
        yield (*path, kind.property), "The {} field is required."
    elif kind.name == "additionalProperties":
        for key in kind.unexpected:
            yield (*path, key), "The {} field is prohibited."
    else:  # uniqueItems: Laravel names the first repeated item
        seen: list[Any] = []
        for index, item in enumerate(instance):
            if item in seen:
                yield (*path, index), "The {} field has a duplicate value."
                return
            seen.append(item)
        yield path, "The {} field has duplicate values."


def _describe(error: Any) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """(path, message template) pairs, in Laravel's wording, for one engine error."""
    kind = error.kind
    if kind.name in ("required", "additionalProperties", "uniqueItems"):
        yield from _key_errors(error)
        return
    path = tuple(error.instance_path)
    if kind.name == "type":
        words = " or ".join(_TYPE_WORDS.get(t, t) for t in kind.types if t != "null")
        yield path, f"The {{}} field must be {words}."
        return
    value = kind.limit if hasattr(kind, "limit") else getattr(kind, "format", None)
    template = _TEMPLATES.get(kind.name, "The {{}} field is invalid.")
    yield path, template.format(value=value, value_upper=str(value).upper())


@dataclass(frozen=True)
class Problem:
    """One schema problem, placed where Laravel would put it (a missing key at the key)."""

    path: tuple[str | int, ...]
    keyword: str
    """The JSON Schema keyword that failed: `required`, `type`, `minimum`, ..."""
    template: str
    """The Laravel-style message with `{}` where the field's dot path goes."""


def schema_problems(payload: Any, validator: SchemaValidator | None = None) -> list[Problem]:
    """Every request-schema problem of a (normalised) body, nullable `anyOf`s looked through,
    found by the one engine of the verdict (`campaign_contract.lint.verdict`)."""
    compiled = (validator or packaged_validator()).compiled
    problems = [
        Problem(path, str(leaf.kind.name), template)
        for error in compiled.iter_errors(payload)
        for leaf in _leaf_errors(error)
        for path, template in _describe(leaf)
    ]
    return [_required_when_null(problem, payload, compiled) for problem in problems]


def _required_when_null(problem: Problem, payload: Any, compiled: Any) -> Problem:
    """Laravel's `required` fails on null too: a required field sent as null (or as a string
    the server emptied) is reported as missing, not as the wrong type."""
    if problem.keyword != "type" or not problem.path:
        return problem
    *parents, key = problem.path
    parent = payload
    for step in parents:
        parent = parent[step]
    if not isinstance(parent, dict) or parent.get(key, ...) is not None:
        return problem
    without = copy.deepcopy(payload)
    holder = without
    for step in parents:
        holder = holder[step]
    del holder[key]
    for error in compiled.iter_errors(without):
        for leaf in _leaf_errors(error):
            kind, place = leaf.kind, tuple(leaf.instance_path)
            if kind.name == "required" and kind.property == key and place == tuple(parents):
                return Problem(problem.path, "required", "The {} field is required.")
    return problem


def laravel_errors(payload: Any, validator: SchemaValidator | None = None) -> dict[str, list[str]]:
    """Laravel's 422 `errors` map for a body: dot path -> messages; empty when the body is valid.

    A body that is not a JSON object is validated as `{}`, as Laravel sees no input in it.
    """
    body = payload if isinstance(payload, dict) else {}
    errors: dict[str, list[str]] = {}
    for problem in schema_problems(body, validator):
        add_error(errors, dot_path(problem.path), problem.template)
    return errors


def add_error(errors: dict[str, list[str]], key: str, template: str) -> None:
    """Add one message to an error map, once."""
    message = template.format(key)
    if message not in errors.setdefault(key, []):
        errors[key].append(message)


def laravel_message(errors: dict[str, list[str]]) -> str:
    """Laravel's 422 `message`: the first error, then "(and N more errors)"."""
    messages = [message for group in errors.values() for message in group]
    if not messages:
        return "The given data was invalid."
    more = len(messages) - 1
    if more == 0:
        return messages[0]
    return f"{messages[0]} (and {more} more error{'s' if more > 1 else ''})"
