"""Classifying the changes between two versions of the contract, by who they can break.

`compare(old, new)` walks each role's root schema in both versions in parallel, location by
instance location, following `$ref`s in each set, and compares the keywords in force there:

- request (payload producers): breaking when some payload OLD accepts is rejected by NEW;
- response (clients reading responses): breaking when some response NEW allows is rejected by a
  client built on OLD.

A change is called breaking only with a witness both validators agreed on, safe only when the
keyword's new value provably accepts a superset (request) or subset (response) of the old one,
and unknown otherwise.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Final

from campaign_contract import keywords, witness
from campaign_contract.keywords import MISSING, Direction
from campaign_contract.schema import ERROR_MESSAGE, REQUEST, RESPONSE, VALIDATION_ERROR, SchemaSet
from campaign_contract.shapes import (
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


class Role(enum.Enum):
    """Who reads documents of a schema and can therefore be broken by a change."""

    REQUEST = "request"
    RESPONSE = "response"


class Verdict(enum.Enum):
    """The classification of one change for one role."""

    BREAKING = "breaking"
    UNKNOWN = "unknown"
    SAFE = "safe"
    ANNOTATION = "annotation"


ROOTS: Final = (
    (REQUEST, Role.REQUEST),
    (RESPONSE, Role.RESPONSE),
    (ERROR_MESSAGE, Role.RESPONSE),
    (VALIDATION_ERROR, Role.RESPONSE),
)
"""Each root schema file and the role of the documents it describes."""


@dataclass(frozen=True)
class Change:
    """One keyword change, classified for one role, with a witness when breaking."""

    role: Role
    verdict: Verdict
    keyword: str
    summary: str
    """What changed, e.g. "`minimum` 1 -> 2"."""
    root: str
    """The root schema file whose documents are affected."""
    path: str
    """The instance location (JSON Pointer) the witness uses, the shortest one affected."""
    file: str
    """The NEW schema file holding the keyword (or the object it was removed from)."""
    pointer: str
    """The keyword's JSON Pointer in `file` (the schema object's when it was removed)."""
    witness: str | None = None
    """Compact JSON of a whole document: request, OLD accepts and NEW rejects; response, the
    other way round. Present exactly when `verdict` is BREAKING."""
    other_paths: tuple[str, ...] = field(default=())
    """Further instance locations affected by the same change."""


@dataclass
class _Occurrence:
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


def pointer_of(path: witness.Path) -> str:
    """An instance path as a JSON Pointer (`<property name>` kept as a readable marker)."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


class _Walk:
    def __init__(self, old: SchemaSet, new: SchemaSet) -> None:
        self.old, self.new = Resolver(old), Resolver(new)
        self.found: list[_Occurrence] = []

    def root(self, name: str, role: Role) -> None:
        self.role, self.name = role, name
        top = Origin(name, "")
        self.location(self.old.shape(top), self.new.shape(top), (), "", frozenset())

    def location(
        self, old: Shape, new: Shape, path: witness.Path, via: str, seen: frozenset[Any]
    ) -> None:
        if (old.home, new.home) in seen or len(path) > 48:
            return  # a recursive schema: this pair of locations is compared further up
        seen = seen | {(old.home, new.home)}
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
        where = self._where(keyword, old, new)
        summary = _summary(keyword, before, after)
        if keyword in ASSERTIONS:
            direction = keywords.direction(keyword, before, after)
            if direction is not Direction.EQUAL:
                self.add(keyword, direction, summary, where, path, old, new)
        elif _comparable(before) != _comparable(after):
            modelled = keyword in ANNOTATIONS
            self.add(keyword, Direction.UNDECIDED, summary, where, path, old, new, modelled)

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
            _Occurrence(
                self.role, self.name, keyword, direction, summary, where, path, old, new, modelled
            )
        )


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
        old, new = {_comparable(v) for v in before}, {_comparable(v) for v in after}
        parts = [
            f"{verb} {', '.join(_comparable(v) for v in values if _comparable(v) in keys)}"
            for verb, values, keys in (("gained", after, new - old), ("lost", before, old - new))
            if keys
        ]
        return f"`{keyword}` {' and '.join(parts)}"
    return f"`{keyword}` {_describe(before)} -> {_describe(after)}"


def _describe(value: Any) -> str:
    return "absent" if value is MISSING else describe_value(value)


def _comparable(value: Any) -> str:
    return "\0absent" if value is MISSING else json.dumps(value, sort_keys=True, default=sorted)


def compare(old: SchemaSet, new: SchemaSet) -> tuple[Change, ...]:
    """Every change between `old` and `new`, classified per role, breaking ones with witnesses."""
    walk = _Walk(old, new)
    for name, role in ROOTS:
        walk.root(name, role)
    groups: dict[tuple[Any, ...], list[_Occurrence]] = {}
    for found in walk.found:
        key = (found.role, found.keyword, found.where, found.summary, found.direction)
        groups.setdefault(key, []).append(found)
    changes = [_classify(old, new, group) for group in groups.values()]
    return tuple(sorted(changes, key=lambda c: (c.role.value, c.file, c.pointer, c.path)))


def _classify(old: SchemaSet, new: SchemaSet, group: list[_Occurrence]) -> Change:
    group.sort(key=lambda o: (len(o.path), pointer_of(o.path), o.root))
    first = group[0]
    paths = [pointer_of(o.path) for o in group]
    verdict, found = _verdict(old, new, group)
    return Change(
        role=first.role,
        verdict=verdict,
        keyword=first.keyword,
        summary=first.summary,
        root=found.root if found else first.root,
        path=pointer_of(found.path) if found else paths[0],
        file=first.where.file,
        pointer=first.where.pointer,
        witness=found.witness if found else None,
        other_paths=tuple(dict.fromkeys(p for p in paths if p != paths[0])),
    )


@dataclass(frozen=True)
class _Found:
    root: str
    path: witness.Path
    witness: str


def _verdict(
    old: SchemaSet, new: SchemaSet, group: list[_Occurrence]
) -> tuple[Verdict, _Found | None]:
    first = group[0]
    if first.keyword in ANNOTATIONS:
        return Verdict.ANNOTATION, None
    harmful = Direction.NARROWER if first.role is Role.REQUEST else Direction.WIDER
    if first.modelled and first.direction not in (harmful, Direction.BOTH, Direction.UNDECIDED):
        return Verdict.SAFE, None
    accepting, rejecting = (old, new) if first.role is Role.REQUEST else (new, old)
    for occurrence in group[:3]:
        accept, reject = (
            (occurrence.old, occurrence.new)
            if first.role is Role.REQUEST
            else (occurrence.new, occurrence.old)
        )
        location = occurrence.path
        if occurrence.keyword in APPLICATORS or location[-1:] == (witness.EXTRA_KEY,):
            location = location[:-1]  # a closed object reports the error at the object
        document = witness.find(
            accepting,
            rejecting,
            occurrence.root,
            location,
            ((occurrence.path, v) for v in _values(occurrence, accept, reject, accepting)),
        )
        if document is not None:
            text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
            return Verdict.BREAKING, _Found(occurrence.root, occurrence.path, text)
    return Verdict.UNKNOWN, None


def _values(
    occurrence: _Occurrence, accept: Shape, reject: Shape, schemas: SchemaSet
) -> Iterator[Any]:
    builder = witness.Builder(schemas)
    if occurrence.keyword in ASSERTIONS:
        yield from keywords.candidates(occurrence.keyword, accept, reject, builder)
    yield from witness.generic_values(builder, accept)
