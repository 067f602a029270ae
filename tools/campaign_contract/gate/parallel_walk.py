"""The parallel walk: OLD and NEW schemas side by side, instance location by location.

Each role's root schema is walked in both versions at once, following `$ref`s in each set, so a
change in a shared definition is seen at every place an instance can meet it. The walk records
every keyword whose value differs, with the direction it moved the accepted set; `compat`
classifies what it found.
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass
from typing import Any, Final

from campaign_contract.gate import keywords, witness
from campaign_contract.gate.keywords import MISSING, Direction
from campaign_contract.gate.shapes import (
    ANNOTATIONS,
    APPLICATORS,
    ASSERTIONS,
    IGNORED,
    NULLABLE,
    Origin,
    Resolver,
    Shape,
    child_origin,
    describe_value,
    property_origin,
)
from campaign_contract.schema import ERROR_MESSAGE, REQUEST, RESPONSE, VALIDATION_ERROR, SchemaSet


class Role(enum.Enum):
    """Who reads documents of a schema and can therefore be broken by a change."""

    REQUEST = "request"
    RESPONSE = "response"


ROOTS: Final = (
    (REQUEST, Role.REQUEST),
    (RESPONSE, Role.RESPONSE),
    (ERROR_MESSAGE, Role.RESPONSE),
    (VALIDATION_ERROR, Role.RESPONSE),
)
"""Each root schema file and the role of the documents it describes."""


@dataclass
class Occurrence:
    """One differing keyword at one instance location of one role."""

    role: Role
    root: str
    keyword: str
    direction: Direction
    summary: str
    where: Origin
    path: witness.Path
    old: Shape
    new: Shape
    modelled: bool


class Walk:
    """Collects the `Occurrence`s between two schema sets, one root at a time."""

    def __init__(self, old: SchemaSet, new: SchemaSet) -> None:
        self.old, self.new = Resolver(old), Resolver(new)
        self.found: list[Occurrence] = []
        self.unchanged: set[tuple[Any, Any]] = set()
        self.cuts = 0
        """Pairs of shapes whose whole subtrees compared equal."""

    def root(self, name: str, role: Role) -> None:
        """Walk root schema file `name`, whose documents are read by `role`."""
        self.role, self.name = role, name
        top = Origin(name, "")
        self.location(self.old.shape(top), self.new.shape(top), (), "", frozenset())

    def location(
        self, old: Shape, new: Shape, path: witness.Path, via: str, seen: frozenset[Any]
    ) -> None:
        if (old.home, new.home) in seen or len(path) > 48:
            self.cuts += 1
            return  # a recursive schema: this pair of locations is compared further up
        identity = (_identity(old), _identity(new))
        if identity in self.unchanged:
            return  # met before at another path (a shared definition), with nothing changed
        seen = seen | {(old.home, new.home)}
        before = (len(self.found), self.cuts)
        self._compare(old, new, path, via, seen)
        if (len(self.found), self.cuts) == before:
            self.unchanged.add(identity)

    def _compare(
        self, old: Shape, new: Shape, path: witness.Path, via: str, seen: frozenset[Any]
    ) -> None:
        if old.never or new.never:
            if old.never != new.never:
                direction = Direction.NARROWER if new.never else Direction.WIDER
                summary = f"`{via}` {'no longer' if new.never else 'now'} allows {_what(via, path)}"
                self.add(via, direction, summary, new.home, path, old, new)
            return
        for keyword in sorted(set(old.keywords) | set(new.keywords)):
            if keyword not in IGNORED and keyword not in APPLICATORS:
                self.keyword(keyword, old, new, path)
        self.children(old, new, path, seen)

    def keyword(self, keyword: str, old: Shape, new: Shape, path: witness.Path) -> None:
        before = old.keywords.get(keyword, MISSING)
        after = new.keywords.get(keyword, MISSING)
        if keyword in ASSERTIONS:
            direction = keywords.direction(keyword, before, after)
            if direction is not Direction.EQUAL and keyword == "type":
                # judged on the types the enum lets through, when there is an enum
                direction = keywords.direction(keyword, _types(old), _types(new))
            if direction is Direction.EQUAL:
                return
        elif comparable(before) == comparable(after):
            return
        else:
            direction = Direction.UNDECIDED
        where, summary = self._where(keyword, old, new), _summary(keyword, before, after)
        modelled = keyword in ASSERTIONS or keyword in ANNOTATIONS
        self.add(keyword, direction, summary, where, path, old, new, modelled)

    def _where(self, keyword: str, old: Shape, new: Shape) -> Origin:
        """The keyword in the NEW files; for a nullable wrapper, the wrapped property."""
        if keyword == "type" and ("null" in old.types) != ("null" in new.types):
            for shape in (new, old):
                origin = shape.origins.get(NULLABLE)
                holder = Origin(origin.file, origin.pointer[: -len("/anyOf")]) if origin else None
                if holder is not None and self.new.node(holder) is not None:
                    return holder  # `null` came from (or went with) `anyOf: [X, null]`
        if keyword not in new.keywords:
            return new.home
        written = new.where(keyword).child(keyword)
        return written if self.new.node(written) is not None else new.where(keyword)

    def children(self, old: Shape, new: Shape, path: witness.Path, seen: frozenset[Any]) -> None:
        listed = set(old.keywords.get("properties", {})) | set(new.keywords.get("properties", {}))
        for name in sorted(listed):
            self.location(
                self._child(self.old, old, property_origin(old, name)),
                self._child(self.new, new, property_origin(new, name)),
                (*path, name),
                "properties",
                seen,
            )
        for keyword, step in (
            ("additionalProperties", witness.EXTRA_KEY),
            ("items", 0),
            ("propertyNames", witness.KEY_NAME),
        ):
            if keyword in old.keywords or keyword in new.keywords:
                self.location(
                    self._child(self.old, old, child_origin(old, keyword)),
                    self._child(self.new, new, child_origin(new, keyword)),
                    (*path, step),
                    keyword,
                    seen,
                )

    @staticmethod
    def _child(resolver: Resolver, parent: Shape, origin: Origin | None) -> Shape:
        return resolver.shape(origin) if origin is not None else Shape(parent.home)

    def add(
        self,
        keyword: str,
        direction: Direction,
        summary: str,
        where: Origin,
        path: witness.Path,
        old: Shape,
        new: Shape,
        modelled: bool = True,
    ) -> None:
        self.found.append(
            Occurrence(
                self.role, self.name, keyword, direction, summary, where, path, old, new, modelled
            )
        )


def _types(shape: Shape) -> frozenset[str]:
    """The types an instance can have: `type`, narrowed to those of the `enum`/`const` values."""
    values = shape.keywords.get(
        "enum", [shape.keywords["const"]] if "const" in shape.keywords else None
    )
    if values is None:
        return shape.types
    kinds = {witness.json_type(v) for v in values}
    return frozenset(
        t for t in shape.types if t in kinds or (t == "number" and kinds & {"integer", "number"})
    )


def _identity(shape: Shape) -> tuple[Any, ...]:
    """What makes two shapes the same: where they live and every keyword's origin."""
    return (shape.home, shape.never, frozenset(shape.origins.items()))


def _what(via: str, path: witness.Path) -> str:
    return {
        "properties": f"property `{path[-1]}`",
        "additionalProperties": "unlisted properties",
        "items": "array items",
        "propertyNames": "property names",
    }.get(via, "any value")


def _summary(keyword: str, before: Any, after: Any) -> str:
    """`minimum` 1 -> 5; for lists of names or values, what was gained and lost."""
    if keyword in ("enum", "required") and isinstance(before, list) and isinstance(after, list):
        old, new = {comparable(v) for v in before}, {comparable(v) for v in after}
        parts = [
            f"{verb} {', '.join(comparable(v) for v in values if comparable(v) in keys)}"
            for verb, values, keys in (("gained", after, new - old), ("lost", before, old - new))
            if keys
        ]
        return f"`{keyword}` {' and '.join(parts)}"
    return f"`{keyword}` {_describe(before)} -> {_describe(after)}"


def _describe(value: Any) -> str:
    return "absent" if value is MISSING else describe_value(value)


def comparable(value: Any) -> str:
    """A keyword value as text for equality; `MISSING` differs from every value."""
    return "\0absent" if value is MISSING else json.dumps(value, sort_keys=True, default=sorted)
