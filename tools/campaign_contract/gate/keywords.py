"""What a change of one assertion keyword does to the set of accepted instances.

`direction` says whether the new value accepts fewer instances (narrower), more (wider), both
some fewer and some more, or whether that cannot be decided from the values alone. `candidates`
proposes values the accepting side allows and the rejecting side may refuse; `witness.find`
checks them against the real validators.
"""

from __future__ import annotations

import enum
import json
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Final

from campaign_contract.gate.shapes import ALL_TYPES, Shape
from campaign_contract.gate.witness import Builder, json_type, pattern_escapes

MISSING: Final = object()


class Direction(enum.Enum):
    """How the accepted set moved from OLD to NEW."""

    EQUAL = "equal"
    NARROWER = "narrower"
    WIDER = "wider"
    BOTH = "both"
    UNDECIDED = "undecided"


_LOWER_BOUNDS: Final = {"minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties"}
_UPPER_BOUNDS: Final = {"maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties"}
_SIZE_DEFAULTS: Final = {"minLength": 0, "minItems": 0, "minProperties": 0}


def _key(value: Any) -> str:
    """JSON equality: 1 == 1.0, but true != 1."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return json.dumps(value, sort_keys=True)


def _from_sets(old: set[str], new: set[str]) -> Direction:
    if old == new:
        return Direction.EQUAL
    if old <= new:
        return Direction.WIDER
    if new <= old:
        return Direction.NARROWER
    return Direction.BOTH


def _admitted(types: frozenset[str]) -> set[str]:
    """Types as disjoint kinds: `number` admits integers and non-integral numbers."""
    kinds = {t for t in types if t != "number"}
    if "number" in types:
        kinds |= {"integer", "fraction"}
    return kinds


def _values(value: Any) -> set[str] | None:
    if value is MISSING:
        return None
    return {_key(v) for v in value}


def direction(keyword: str, old: Any, new: Any) -> Direction:
    """The effect of `keyword` going from `old` to `new` (either may be `MISSING`)."""
    if keyword == "type":
        return _from_sets(
            _admitted(ALL_TYPES if old is MISSING else old),
            _admitted(ALL_TYPES if new is MISSING else new),
        )
    if old is MISSING and new is MISSING:
        return Direction.EQUAL
    if old is not MISSING and new is not MISSING and _key(old) == _key(new):
        return Direction.EQUAL
    if keyword in _LOWER_BOUNDS or keyword in _UPPER_BOUNDS:
        return _bound(keyword, old, new)
    return _DIRECTIONS.get(keyword, _undecided)(old, new)


def _enum(old: Any, new: Any) -> Direction:
    old_set, new_set = _values(old), _values(new)
    if old_set is None:
        return Direction.NARROWER
    if new_set is None:
        return Direction.WIDER
    return _from_sets(old_set, new_set)


def _const(old: Any, new: Any) -> Direction:
    return _enum(old if old is MISSING else [old], new if new is MISSING else [new])


def _required(old: Any, new: Any) -> Direction:
    return _from_sets(
        set(new if new is not MISSING else []), set(old if old is not MISSING else [])
    )


def _bound(keyword: str, old: Any, new: Any) -> Direction:
    lower = keyword in _LOWER_BOUNDS
    absent = _SIZE_DEFAULTS.get(keyword, -math.inf if lower else math.inf)
    before = absent if old is MISSING else old
    after = absent if new is MISSING else new
    if before == after:
        return Direction.EQUAL
    return Direction.NARROWER if (after > before) == lower else Direction.WIDER


def _unique_items(old: Any, new: Any) -> Direction:
    before, after = old is not MISSING and bool(old), new is not MISSING and bool(new)
    if before == after:
        return Direction.EQUAL
    return Direction.NARROWER if after else Direction.WIDER


def _added_or_removed(old: Any, new: Any) -> Direction:
    """`pattern`, `format`: adding one narrows, removing widens, replacing is undecidable here."""
    if old is MISSING:
        return Direction.NARROWER
    return Direction.WIDER if new is MISSING else Direction.UNDECIDED


def _multiple_of(old: Any, new: Any) -> Direction:
    if old is MISSING or new is MISSING:
        return _added_or_removed(old, new)
    before, after = Fraction(str(old)), Fraction(str(new))
    if (before / after).denominator == 1:
        return Direction.WIDER
    if (after / before).denominator == 1:
        return Direction.NARROWER
    return Direction.BOTH


def _undecided(old: Any, new: Any) -> Direction:
    return Direction.UNDECIDED


_DIRECTIONS: Final[dict[str, Callable[[Any, Any], Direction]]] = {
    "enum": _enum,
    "const": _const,
    "required": _required,
    "uniqueItems": _unique_items,
    "pattern": _added_or_removed,
    "format": _added_or_removed,
    "multipleOf": _multiple_of,
}


@dataclass(frozen=True)
class _Sides:
    """What `candidates` needs: both shapes, the keyword's value on each side, a builder."""

    keyword: str
    accept: Shape
    reject: Shape
    builder: Builder

    @property
    def has(self) -> Any:
        return self.accept.keywords.get(self.keyword, MISSING)

    @property
    def bar(self) -> Any:
        return self.reject.keywords.get(self.keyword, MISSING)

    @property
    def text(self) -> str:
        base = self.builder.minimal(self.accept)
        return base if isinstance(base, str) else ""


def candidates(keyword: str, accept: Shape, reject: Shape, builder: Builder) -> Iterator[Any]:
    """Values `accept` may allow and `reject` may refuse because of `keyword`."""
    sides = _Sides(keyword, accept, reject, builder)
    proposer = _PROPOSERS.get(keyword)
    if proposer is not None:
        yield from proposer(sides)
    base = builder.minimal(accept)
    yield base
    if json_type(base) == "integer" and not isinstance(base, bool):
        yield base + 1


def _types(s: _Sides) -> Iterator[Any]:
    for kind in sorted(_admitted(s.accept.types) - _admitted(s.reject.types)):
        if kind == "fraction":
            yield s.builder.minimal(s.accept, as_type="number") + 0.5
        else:
            yield s.builder.minimal(s.accept, as_type=kind)


def _enum_values(s: _Sides) -> Iterator[Any]:
    has, bar = s.has, s.bar
    if s.keyword == "const":
        has, bar = (has if has is MISSING else [has]), (bar if bar is MISSING else [bar])
    refused = _values(bar) or set()
    pool = has if has is not MISSING else [s.builder.minimal(s.accept), "x", "zz", 0, -1, None]
    yield from (v for v in pool if _key(v) not in refused)


def _beyond(s: _Sides) -> Iterator[Any]:
    if s.bar is MISSING:
        return
    step = -1 if "inimum" in s.keyword else 1
    if s.has is not MISSING:
        yield s.has
    if s.keyword.startswith("exclusive"):
        yield s.bar
    yield s.bar + step
    yield s.bar + step / 2


def _lengths(s: _Sides) -> Iterator[Any]:
    if s.bar is MISSING:
        return
    length = s.bar - 1 if s.keyword == "minLength" else s.bar + 1
    yield (s.text + "a" * length)[:length]
    yield "a" * length


def _counts(s: _Sides) -> Iterator[Any]:
    if s.bar is MISSING:
        return
    count = s.bar - 1 if s.keyword == "minItems" else s.bar + 1
    items = s.builder.items(s.accept)
    yield s.builder.many(items, count)
    yield [s.builder.minimal(items)] * count


def _duplicates(s: _Sides) -> Iterator[Any]:
    item = s.builder.minimal(s.builder.items(s.accept))
    yield [item, item]


def _strings(s: _Sides) -> Iterator[Any]:
    text, bar = s.text, s.bar
    pool = ["", "x", " ", "0", "-", text + " ", " " + text, text + "~", f"not-a-{bar}"]
    if s.keyword == "pattern" and isinstance(bar, str):
        pool = [p for p in pool if not re.search(bar, p)]
        if isinstance(s.has, str):
            pool += list(pattern_escapes(s.has, bar))
    yield from pool


def _objects(s: _Sides) -> Iterator[Any]:
    yield s.builder.minimal_object(s.accept)


def _multiples(s: _Sides) -> Iterator[Any]:
    yield from (s.has if s.has is not MISSING else 1, 1, 0.5, 3, 7)


_PROPOSERS: Final[dict[str, Callable[[_Sides], Iterator[Any]]]] = {
    "type": _types,
    "enum": _enum_values,
    "const": _enum_values,
    **dict.fromkeys(("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"), _beyond),
    **dict.fromkeys(("minLength", "maxLength"), _lengths),
    **dict.fromkeys(("minItems", "maxItems"), _counts),
    "uniqueItems": _duplicates,
    **dict.fromkeys(("pattern", "format"), _strings),
    **dict.fromkeys(("required", "minProperties", "maxProperties"), _objects),
    "multipleOf": _multiples,
}
