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
from typing import Any

from campaign_contract.gate import keywords, witness
from campaign_contract.gate.keywords import Direction
from campaign_contract.gate.parallel_walk import ROOTS, Occurrence, Role, Walk
from campaign_contract.gate.shapes import ANNOTATIONS, APPLICATORS, ASSERTIONS, Shape
from campaign_contract.pointer import from_path
from campaign_contract.schema import SchemaSet

__all__ = ["ROOTS", "Change", "Role", "Verdict", "compare"]


class Verdict(enum.Enum):
    """The classification of one change for one role."""

    BREAKING = "breaking"
    UNKNOWN = "unknown"
    SAFE = "safe"
    ANNOTATION = "annotation"


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


def compare(old: SchemaSet, new: SchemaSet) -> tuple[Change, ...]:
    """Every change between `old` and `new`, classified per role, breaking ones with witnesses."""
    walk = Walk(old, new)
    for name, role in ROOTS:
        walk.root(name, role)
    groups: dict[tuple[Any, ...], list[Occurrence]] = {}
    for found in walk.found:
        key = (found.role, found.keyword, found.where, found.summary, found.direction)
        groups.setdefault(key, []).append(found)
    changes = [_classify(old, new, group) for group in groups.values()]
    return tuple(sorted(changes, key=lambda c: (c.role.value, c.file, c.pointer, c.path)))


def _classify(old: SchemaSet, new: SchemaSet, group: list[Occurrence]) -> Change:
    group.sort(key=lambda o: (len(o.path), from_path(o.path), o.root))
    first = group[0]
    paths = [from_path(o.path) for o in group]
    verdict, found = _verdict(old, new, group)
    return Change(
        role=first.role,
        verdict=verdict,
        keyword=first.keyword,
        summary=first.summary,
        root=found.root if found else first.root,
        path=from_path(found.path) if found else paths[0],
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
    old: SchemaSet, new: SchemaSet, group: list[Occurrence]
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
    occurrence: Occurrence, accept: Shape, reject: Shape, schemas: SchemaSet
) -> Iterator[Any]:
    builder = witness.Builder(schemas)
    if occurrence.keyword in ASSERTIONS:
        yield from keywords.candidates(occurrence.keyword, accept, reject, builder)
    yield from witness.generic_values(builder, accept)
