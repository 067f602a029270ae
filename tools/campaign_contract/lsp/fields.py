"""What the request schema says at a place of a payload: hover text and completions.

Hover shows a field's description, type, default and constraints, worded as the field
reference (`generated/fields.md`) words them; completion offers an object's keys, required
ones first, and the enum values of the field being typed. Both walk the request schema along
the path `cursor.place_at` found.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from lsprotocol import types

from campaign_contract.codegen.field_reference import (
    constraints_text,
    resolve,
    split_null,
    type_text,
)
from campaign_contract.lsp.cursor import Part, Place
from campaign_contract.schema import REQUEST, SchemaSet

Node = tuple[str, dict[str, Any], bool]
"""A schema node: the schema file it is in, the node (references and null resolved), and
whether null is allowed."""


class FieldHelp:
    """The request schema, read for hover and completion."""

    def __init__(self, schemas: SchemaSet | None = None) -> None:
        self.schemas = schemas or SchemaSet.packaged()

    def _node(self, name: str, node: dict[str, Any]) -> Node:
        name, resolved = resolve(self.schemas, name, node)
        name, inner, nullable = split_null(self.schemas, name, resolved)
        description = resolved.get("description", inner.get("description"))
        if description is not None:
            inner = {**inner, "description": description}
        return name, inner, nullable

    def node_at(self, path: Iterable[Part]) -> Node | None:
        """The schema of the value at `path` from the payload's top, or None where the schema
        has nothing there (a misspelt key)."""
        current = self._node(REQUEST, self.schemas.documents[REQUEST])
        for part in path:
            name, node, _ = current
            if isinstance(part, int):
                child = node.get("items")
            else:
                properties = node.get("properties", {})
                child = properties.get(part, node.get("additionalProperties"))
            if not isinstance(child, dict):
                return None
            current = self._node(name, child)
        return current

    def hover(self, place: Place) -> str | None:
        """Markdown about the field the cursor is on (its key or its value; for an item of an
        array, the array's field, as the field reference documents it), or None."""
        if place.key is not None:
            path: tuple[Part, ...] = (*place.container, place.key)
        elif place.role == "value" and place.container:
            path = place.container
        else:
            return None
        found = self.node_at(path)
        if found is None:
            return None
        name, node, nullable = found
        lines = [
            f"**{'.'.join(str(part) for part in path)}**: {type_text(self.schemas, name, node)}"
        ]
        if nullable:
            lines[0] += " or null"
        if "default" in node:
            lines.append(f"default `{json.dumps(node['default'])}`")
        constraints = constraints_text(node)
        if constraints:
            lines.append(constraints)
        if node.get("description"):
            lines.append(str(node["description"]))
        return "\n\n".join(lines)

    def completions(self, place: Place) -> list[types.CompletionItem]:
        """Keys of the object at the cursor (required first, each group in schema order, those
        present left out), or the
        enum values (and true, false, null where allowed) of the value being typed."""
        if place.role == "key":
            return self._keys(place)
        # The value of the key in an object; in an array, an item (every index has the
        # schema's `items`, so any will do).
        step: Part = place.key if place.key is not None else 0
        found = self.node_at((*place.container, step))
        return self._values(found, place.in_string) if found is not None else []

    def _keys(self, place: Place) -> list[types.CompletionItem]:
        found = self.node_at(place.container)
        if found is None:
            return []
        name, node, _ = found
        required = set(node.get("required", ()))
        items = []
        for order, (key, child) in enumerate(node.get("properties", {}).items()):
            if key in place.present:
                continue
            _, inner, _ = self._node(name, child)
            rank = "0" if key in required else "1"
            items.append(
                types.CompletionItem(
                    label=key,
                    kind=types.CompletionItemKind.Property,
                    detail="required" if key in required else "optional",
                    documentation=str(inner.get("description", "")) or None,
                    sort_text=f"{rank}{order:03}",
                    insert_text=key if place.in_string else f'"{key}": ',
                )
            )
        return items

    def _values(self, found: Node, in_string: bool) -> list[types.CompletionItem]:
        _, node, nullable = found
        values: list[Any] = list(node.get("enum", ()))
        if node.get("type") == "boolean":
            values += [True, False]
        if nullable:
            values.append(None)
        items = []
        for rank, value in enumerate(values):
            text = json.dumps(value)
            if in_string and not isinstance(value, str):
                continue
            shown = value if in_string else text
            items.append(
                types.CompletionItem(
                    label=shown,
                    kind=types.CompletionItemKind.EnumMember,
                    sort_text=f"{rank:03}",
                    insert_text=shown,
                )
            )
        return items
