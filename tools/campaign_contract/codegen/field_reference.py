"""The field reference (`generated/fields.md`): every field of the contract, one table row each.

Rows come from walking the request schema (and the error bodies); each row joins what the
request and the response schemas say about the same path, so a reader sees at once what may be
sent, what is always returned, and the evidence behind it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Final

from campaign_contract.schema import ERROR_MESSAGE, REQUEST, RESPONSE, VALIDATION_ERROR, SchemaSet

_EVIDENCE: Final = re.compile(r"\[(doc|2023|inf)\]")
_CONSTRAINTS: Final = (
    ("minimum", "≥ {}"),
    ("maximum", "≤ {}"),
    ("minLength", "at least {} characters"),
    ("maxLength", "at most {} characters"),
    ("minItems", "at least {} items"),
    ("pattern", "matches `{}`"),
)


@dataclass(frozen=True)
class Field:
    """What one schema says about the field at `path`."""

    path: str
    type: str
    default: str
    constraints: str
    nullable: bool
    required: bool
    description: str
    evidence: str


def resolve(schemas: SchemaSet, name: str, node: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """Follow `$ref`s; keywords beside a `$ref` (its description) win over the target's."""
    siblings: dict[str, Any] = {}
    while "$ref" in node:
        siblings = {**{k: v for k, v in node.items() if k != "$ref"}, **siblings}
        target, _, fragment = node["$ref"].partition("#")
        name = target or name
        node = schemas.subschema(name, fragment)
    return name, {**node, **siblings}


def split_null(
    schemas: SchemaSet, name: str, node: dict[str, Any]
) -> tuple[str, dict[str, Any], bool]:
    """The non-null part of a property's schema and whether it admits null."""
    branches = node.get("anyOf")
    if isinstance(branches, list):
        others = [b for b in branches if b != {"type": "null"}]
        if len(others) == 1 and len(others) < len(branches):
            outer = {k: v for k, v in node.items() if k != "anyOf"}
            name, inner = resolve(schemas, name, others[0])
            return name, {**inner, **outer}, True
    types = node.get("type")
    return name, node, isinstance(types, list) and "null" in types


def type_text(schemas: SchemaSet, name: str, node: dict[str, Any]) -> str:
    types = node.get("type", "any")
    names = [t for t in (types if isinstance(types, list) else [types]) if t != "null"]
    parts = []
    for kind in names:
        if kind == "object" and "title" in node:
            parts.append(f"object `{node['title']}`")
        elif kind == "array" and isinstance(node.get("items"), dict):
            item_name, items = resolve(schemas, name, node["items"])
            parts.append(f"array of {type_text(schemas, item_name, items)}")
        elif kind == "string" and "enum" in node:
            parts.append("string, one of " + ", ".join(f"`{v}`" for v in node["enum"]))
        elif kind == "string" and "format" in node:
            parts.append(f"string ({node['format']})")
        else:
            parts.append(kind)
    return " or ".join(parts)


def constraints_text(node: dict[str, Any]) -> str:
    found = [text.format(node[key]) for key, text in _CONSTRAINTS if key in node]
    if node.get("uniqueItems"):
        found.append("items unique")
    if "properties" in node:
        closed = node.get("additionalProperties") is False
        found.append("closed: no other keys" if closed else "open: other keys allowed")
    names = node.get("propertyNames")
    if isinstance(names, dict) and "pattern" in names:
        found.append(f"keys match `{names['pattern']}`")
    values = node.get("additionalProperties")
    if isinstance(values, dict) and "properties" not in node:
        each = constraints_text(values) or "any"
        found.append(f"each value: {values.get('type', 'any')}, {each}")
    return "; ".join(found)


def _fields(
    schemas: SchemaSet, name: str, node: dict[str, Any], prefix: str, seen: dict[str, str]
) -> Iterator[Field]:
    """Every property under object schema `node`, depth first; a reused object is listed once."""
    required = set(node.get("required", ()))
    for key, child in node.get("properties", {}).items():
        path = f"{prefix}{key}"
        child_name, resolved = resolve(schemas, name, child)
        child_name, inner, nullable = split_null(schemas, child_name, resolved)
        description = str(resolved.get("description", inner.get("description", "")))
        comment = str(inner.get("$comment", ""))
        evidence = " ".join(dict.fromkeys(_EVIDENCE.findall(f"{description} {comment}")))
        title = inner.get("title")
        first = seen.get(title) if isinstance(title, str) and "properties" in inner else None
        constraints = f"same fields as `{first}`" if first else constraints_text(inner)
        yield Field(
            path=path,
            type=type_text(schemas, child_name, inner),
            default=json.dumps(inner["default"]) if "default" in inner else "",
            constraints=constraints,
            nullable=nullable,
            required=key in required,
            description=description,
            evidence=" ".join(f"[{tag}]" for tag in evidence.split()),
        )
        if "properties" in inner and not first:
            if isinstance(title, str):
                seen[title] = path
            yield from _fields(schemas, child_name, inner, f"{path}.", seen)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ") or "-"


def _code(text: str) -> str:
    return f"`{text}`" if text else "-"


def _campaign_table(schemas: SchemaSet) -> list[str]:
    request = list(_fields(schemas, REQUEST, schemas.documents[REQUEST], "", {}))
    response_root = schemas.subschema(RESPONSE, "/$defs/SmsCampaignData")
    in_response = {f.path: f for f in _fields(schemas, RESPONSE, response_root, "", {})}
    lines = [
        "| path | type | default | constraints | nullable | request | response | "
        "description | evidence |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for field in request:
        echoed = in_response.get(field.path)
        sent = "required" if field.required else "optional"
        returned = "always" if echoed and echoed.required else "may be absent"
        lines.append(
            f"| `{field.path}` | {_cell(field.type)} | {_code(field.default)} | "
            f"{_cell(field.constraints)} | {'yes' if field.nullable else 'no'} | {sent} | "
            f"{returned} | {_cell(field.description)} | {_cell(field.evidence)} |"
        )
    return lines


def _body_table(schemas: SchemaSet, name: str) -> list[str]:
    lines = [
        "| path | type | constraints | required | description | evidence |",
        "|---|---|---|---|---|---|",
    ]
    for field in _fields(schemas, name, schemas.documents[name], "", {}):
        lines.append(
            f"| `{field.path}` | {_cell(field.type)} | {_cell(field.constraints)} | "
            f"{'yes' if field.required else 'no'} | {_cell(field.description)} | "
            f"{_cell(field.evidence)} |"
        )
    return lines


def field_reference(schemas: SchemaSet, header: str) -> str:
    """The Markdown text of `generated/fields.md`; `header` is its generated-file notice."""
    lines = [
        header,
        "",
        "# Field reference",
        "",
        "Every field of `PUT /api/v1/sms/campaigns/{campaign}`. **request**: whether the body",
        "must carry the field (`campaign-request.schema.json`, where every object is closed);",
        "**response**: whether `data` always carries it (`campaign-response.schema.json`, where",
        "every object is open). Evidence: **[doc]** the public API reference, **[2023]** the",
        "2023 backend source, **[inf]** inferred (the schema's `$comment` says why). An object",
        "used in several places is listed once; later places say `same fields as ...`.",
        "",
        "## Campaign (request body; `data` of the 200 response)",
        "",
        *_campaign_table(schemas),
        "",
        "## Error bodies",
        "",
        "### 401, 403 and 404: `ErrorMessage`",
        "",
        *_body_table(schemas, ERROR_MESSAGE),
        "",
        "### 422: `ValidationError`",
        "",
        *_body_table(schemas, VALIDATION_ERROR),
        "",
    ]
    return "\n".join(lines)
