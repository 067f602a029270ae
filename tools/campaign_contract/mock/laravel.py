"""What the real server does with a PUT body, as pure functions over the request schema.

`fill_defaults` is laravel-data's habit of filling constructor defaults, and `laravel_errors`
is Laravel's 422 error map (dot paths to messages). Both read the request schema, so they follow
it when it changes. The mock endpoint is built on them; so is anything else that needs to
predict the server's answer.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from campaign_contract.schema import REQUEST, SchemaSet

if TYPE_CHECKING:
    from jsonschema import ValidationError

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


def _leaf_errors(error: ValidationError) -> Iterator[ValidationError]:
    """The errors inside a nullable `anyOf`, without the uninformative "is not null" branch."""
    if error.validator != "anyOf":
        yield error
        return
    for inner in error.context or ():
        if not (inner.validator == "type" and inner.validator_value == "null"):
            yield from _leaf_errors(inner)


_TEMPLATES: Final = {
    "minimum": "The {{}} field must be at least {value}.",
    "minLength": "The {{}} field must be at least {value} characters.",
    "maxLength": "The {{}} field must not be greater than {value} characters.",
    "enum": "The selected {{}} is invalid.",
    "format": "The {{}} field must be a valid {value_upper}.",
    "pattern": "The {{}} field format is invalid.",
}


def _key_errors(error: ValidationError) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Errors about keys (missing, unknown) or items (duplicates), placed at the key or item."""
    path = tuple(error.absolute_path)
    instance: Any = error.instance
    value: Any = error.validator_value
    if error.validator == "required":
        for key in value:
            if isinstance(instance, dict) and key not in instance:
                yield (*path, key), "The {} field is required."
    elif error.validator == "additionalProperties":
        known = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
        for key in instance:
            if key not in known:
                yield (*path, key), "The {} field is prohibited."
    else:  # uniqueItems: Laravel names the first repeated item
        seen: list[Any] = []
        for index, item in enumerate(instance):
            if item in seen:
                yield (*path, index), "The {} field has a duplicate value."
                return
            seen.append(item)
        yield path, "The {} field has duplicate values."


def _describe(error: ValidationError) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """(path, message template) pairs, in Laravel's wording, for one schema error."""
    if error.validator in ("required", "additionalProperties", "uniqueItems"):
        yield from _key_errors(error)
        return
    path = tuple(error.absolute_path)
    value: Any = error.validator_value
    if error.validator == "type":
        types = [value] if isinstance(value, str) else [t for t in value if t != "null"]
        words = " or ".join(_TYPE_WORDS.get(t, t) for t in types)
        yield path, f"The {{}} field must be {words}."
        return
    template = _TEMPLATES.get(str(error.validator), "The {{}} field is invalid.")
    yield path, template.format(value=value, value_upper=str(value).upper())


@dataclass(frozen=True)
class Problem:
    """One schema problem, placed where Laravel would put it (a missing key at the key)."""

    path: tuple[str | int, ...]
    keyword: str
    """The JSON Schema keyword that failed: `required`, `type`, `minimum`, ..."""
    template: str
    """The Laravel-style message with `{}` where the field's dot path goes."""


def schema_problems(payload: Any, schemas: SchemaSet | None = None) -> list[Problem]:
    """Every request-schema problem of a body, nullable `anyOf`s looked through."""
    schemas = schemas or SchemaSet.packaged()
    return [
        Problem(path, str(leaf.validator), template)
        for error in schemas.validator(REQUEST).iter_errors(payload)
        for leaf in _leaf_errors(error)
        for path, template in _describe(leaf)
    ]


def laravel_errors(payload: Any, schemas: SchemaSet | None = None) -> dict[str, list[str]]:
    """Laravel's 422 `errors` map for a body: dot path -> messages; empty when the body is valid.

    A body that is not a JSON object is validated as `{}`, as Laravel sees no input in it.
    """
    body = payload if isinstance(payload, dict) else {}
    errors: dict[str, list[str]] = {}
    for problem in schema_problems(body, schemas):
        key = dot_path(problem.path)
        message = problem.template.format(key)
        if message not in errors.setdefault(key, []):
            errors[key].append(message)
    return errors


def laravel_message(errors: dict[str, list[str]]) -> str:
    """Laravel's 422 `message`: the first error, then "(and N more errors)"."""
    messages = [message for group in errors.values() for message in group]
    if not messages:
        return "The given data was invalid."
    more = len(messages) - 1
    if more == 0:
        return messages[0]
    return f"{messages[0]} (and {more} more error{'s' if more > 1 else ''})"
