"""Effective schemas at one instance location, for comparing two versions of the contract.

A `Shape` is the schema that applies at one place of an instance once `$ref`s are followed and
the nullable wrapper `anyOf: [X, {"type": "null"}]` is folded into `X` (as a `"null"` type). Each
keyword remembers the file and schema object it is written in, so a change can be reported at
the keyword itself, in the file where the changed definition lives.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final
from urllib.parse import urldefrag, urljoin

from campaign_contract.pointer import escape_token, resolve_pointer
from campaign_contract.schema import SchemaSet

ALL_TYPES: Final = frozenset({"string", "integer", "number", "boolean", "array", "object", "null"})

IGNORED: Final = frozenset({"title", "description", "$comment", "$defs", "$id", "$anchor"})
"""Keywords that never change what an instance may be, and are not worth a note."""
ANNOTATIONS: Final = frozenset({"default", "examples", "deprecated", "readOnly", "writeOnly"})
"""Keywords that change no validation result but that a reader of the contract relies on."""
ASSERTIONS: Final = frozenset(
    {
        "type",
        "enum",
        "const",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
        "minLength",
        "maxLength",
        "pattern",
        "format",
        "required",
        "uniqueItems",
        "minItems",
        "maxItems",
        "minProperties",
        "maxProperties",
    }
)
"""Keywords classified by comparing their values alone."""
NULLABLE: Final = "(nullable wrapper)"
"""Pseudo-keyword of `Shape.origins`: where a folded `anyOf: [X, {"type": "null"}]` is written."""
APPLICATORS: Final = frozenset({"properties", "additionalProperties", "items", "propertyNames"})
"""Keywords holding subschemas; the walk compares those subschemas location by location."""


@dataclass(frozen=True, slots=True, order=True)
class Origin:
    """A schema object in a file: where a keyword is written (or would be added)."""

    file: str
    pointer: str

    def child(self, *tokens: str) -> Origin:
        """The origin `tokens` below this one."""
        escaped = (escape_token(t) for t in tokens)
        return Origin(self.file, self.pointer + "".join(f"/{t}" for t in escaped))


@dataclass
class Shape:
    """The effective schema at one instance location of one schema set."""

    home: Origin
    """The innermost schema object reached: where a keyword missing here would be written."""
    keywords: dict[str, Any] = field(default_factory=dict)
    """Assertions (with `type` as a frozenset), applicators, annotations and anything else."""
    origins: dict[str, Origin] = field(default_factory=dict)
    """Keyword -> the schema object it is written in."""
    never: bool = False
    """True for the `false` schema, which accepts nothing."""

    @property
    def types(self) -> frozenset[str]:
        """The JSON types this shape's `type` keyword admits (all when absent)."""
        types: frozenset[str] = self.keywords.get("type", ALL_TYPES)
        return types

    def where(self, keyword: str) -> Origin:
        """The schema object holding `keyword`, or the home where it would be added."""
        return self.origins.get(keyword, self.home)


def _is_opaque(keyword: str) -> bool:
    """A keyword this module does not model: any change to it is reported as unclassified."""
    known = IGNORED | ANNOTATIONS | ASSERTIONS | APPLICATORS
    return keyword not in known and not keyword.startswith("x-")


class Resolver:
    """Flattens the schemas of one `SchemaSet` into `Shape`s."""

    def __init__(self, schemas: SchemaSet) -> None:
        self.schemas = schemas
        self._by_uri = {schemas.uri(name): name for name in schemas.documents}
        self._targets: dict[tuple[str, str], Origin] = {}
        self._shapes: dict[Origin, Shape] = {}

    def target(self, origin: Origin, reference: str) -> Origin:
        """Where `$ref` value `reference`, written in `origin`'s file, points to."""
        key = (origin.file, reference)
        if key not in self._targets:
            uri, fragment = _join(self.schemas.uri(origin.file), reference)
            self._targets[key] = Origin(self._by_uri[uri], fragment)
        return self._targets[key]

    def node(self, origin: Origin) -> Any:
        """The raw schema at `origin`."""
        return resolve_pointer(self.schemas.documents[origin.file], origin.pointer)

    def shape(self, origin: Origin, depth: int = 0) -> Shape:
        """The effective schema of the subschema at `origin` (a fresh copy, free to change)."""
        if origin not in self._shapes:
            self._shapes[origin] = self._flatten(origin, depth)
        cached = self._shapes[origin]
        return Shape(cached.home, dict(cached.keywords), dict(cached.origins), cached.never)

    def _flatten(self, origin: Origin, depth: int) -> Shape:
        assert depth < 64, f"$ref chain too long at {origin}"
        node = self.node(origin)
        if node is True or node is None:
            return Shape(origin)
        if node is False:
            return Shape(origin, never=True)
        assert isinstance(node, dict), f"not a schema at {origin}"
        shape = Shape(origin)
        if "$ref" in node:
            shape = self.shape(self.target(origin, node["$ref"]), depth + 1)
        nullable = _nullable_branch(node.get("anyOf"))
        if nullable is not None:
            inner = self.shape(origin.child("anyOf", str(nullable)), depth + 1)
            shape = _merge(shape, inner) if "$ref" in node else inner
            _add_null(shape, origin.child("anyOf"))
        for keyword, value in node.items():
            if keyword == "$ref" or (keyword == "anyOf" and nullable is not None):
                continue
            if keyword in IGNORED or keyword.startswith("x-"):
                continue
            name = keyword
            if keyword in shape.keywords and shape.origins[keyword] != origin:
                # `$ref` with a sibling of the same name: both apply, which a flat shape
                # cannot say; keep it as an opaque keyword so any change is "unclassified".
                name = f"{keyword} (beside $ref)"
            shape.keywords[name] = (
                self._normalise(keyword, value, origin)
                if name == keyword
                else self.inline(origin.child(keyword), 0)
            )
            shape.origins[name] = origin
        return shape

    def _normalise(self, keyword: str, value: Any, origin: Origin) -> Any:
        if keyword == "type":
            return frozenset([value] if isinstance(value, str) else value)
        if _is_opaque(keyword):
            return self.inline(origin.child(keyword), 0)
        return value

    def inline(self, origin: Origin, depth: int) -> Any:
        """The raw value at `origin` with every `$ref` replaced by its target, for equality."""
        node = self.node(origin)
        if depth > 32:
            return "<recursive>"
        if isinstance(node, dict):
            result = {
                k: self.inline(origin.child(k), depth + 1)
                for k in node
                if k not in IGNORED and k != "$ref"
            }
            if "$ref" in node:
                result["$ref"] = self.inline(self.target(origin, node["$ref"]), depth + 1)
            return result
        if isinstance(node, list):
            return [self.inline(origin.child(str(i)), depth + 1) for i in range(len(node))]
        return node


@functools.lru_cache(maxsize=1024)
def _join(base: str, reference: str) -> tuple[str, str]:
    """`reference` resolved against `base`, split into document URI and fragment."""
    uri, fragment = urldefrag(urljoin(base, reference))
    return uri, fragment


def _nullable_branch(any_of: Any) -> int | None:
    """Index of X in `anyOf: [X, {"type": "null"}]` (either order), else None."""
    if not isinstance(any_of, list) or len(any_of) != 2:
        return None
    nulls = [
        i
        for i, branch in enumerate(any_of)
        if isinstance(branch, dict)
        and branch.get("type") == "null"
        and set(branch) - IGNORED == {"type"}
    ]
    return 1 - nulls[0] if len(nulls) == 1 else None


def _merge(outer: Shape, inner: Shape) -> Shape:
    """`inner`'s keywords added to `outer` (both apply); clashes become opaque keywords."""
    for keyword, value in inner.keywords.items():
        name = keyword if keyword not in outer.keywords else f"{keyword} (beside $ref)"
        outer.keywords[name] = value
        outer.origins[name] = inner.origins[keyword]
    return outer


def _add_null(shape: Shape, origin: Origin) -> None:
    """Fold the `{"type": "null"}` branch of a nullable wrapper into `shape`."""
    shape.origins[NULLABLE] = origin
    if "type" in shape.keywords:
        shape.keywords["type"] = shape.keywords["type"] | {"null"}
    for keyword in ("enum", "const"):
        if keyword in shape.keywords:
            values = shape.keywords.pop(keyword)
            shape.keywords["enum"] = [*(values if keyword == "enum" else [values]), None]
            shape.origins["enum"] = shape.origins.pop(keyword)
    if shape.never:
        shape.never = False
        shape.keywords["type"] = frozenset({"null"})
        shape.origins["type"] = origin


def child_origin(shape: Shape, keyword: str, *tokens: str) -> Origin | None:
    """Where the subschema of applicator `keyword` (e.g. `properties`, name) is written."""
    if keyword not in shape.keywords:
        return None
    if keyword == "properties" and tokens[0] not in shape.keywords["properties"]:
        return None
    return shape.origins[keyword].child(keyword, *tokens)


def property_origin(shape: Shape, name: str) -> Origin | None:
    """The subschema that applies to property `name` (None: any value is allowed)."""
    found = child_origin(shape, "properties", name)
    return found if found is not None else child_origin(shape, "additionalProperties")


def describe_value(value: Any) -> str:
    """A keyword value as a reviewer reads it."""

    if isinstance(value, frozenset):
        value = sorted(value)
    if isinstance(value, Mapping):
        return "a schema"
    return json.dumps(value, sort_keys=True)
