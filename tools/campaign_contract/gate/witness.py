"""Witnesses: the smallest document that one schema set accepts and the other rejects.

A witness starts from a minimal valid document (required fields only, values taken from the
schema) and puts one distinguishing value at an instance path. It is only ever reported after
both validators agreed: the accepting set accepts it and the rejecting set rejects it at or below
that path.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Iterator
from typing import Any, Final

from campaign_contract.gate.shapes import Origin, Resolver, Shape, property_origin
from campaign_contract.schema import SchemaSet

EXTRA_KEY: Final = "extra_key"
"""The key a witness uses for "a property the schema does not list"."""
KEY_NAME: Final = "<property name>"
"""Path step meaning: the value is a property *name* of the object above."""

FORMAT_SAMPLES: Final = {
    "uuid": "3c90c3cc-0d44-4b50-8888-8dd25736052a",
    "date-time": "2024-01-01T00:00:00Z",
    "date": "2024-01-01",
    "time": "00:00:00Z",
    "email": "someone@example.com",
    "uri": "https://example.com/",
    "hostname": "example.com",
    "ipv4": "127.0.0.1",
}
_GENERIC: Final[tuple[Any, ...]] = (None, False, True, 0, -1, 1, 0.5, "", "x", [], {})
_TYPE_ORDER: Final = ("string", "integer", "number", "boolean", "array", "object", "null")

Path = tuple[str | int, ...]


def json_type(value: Any) -> str:
    """The JSON Schema type name of a JSON value (`integer` for whole numbers)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def sample_pattern(pattern: str, last: bool = False) -> str | None:
    """A short string that `pattern` matches (first choice everywhere, or last), or None."""

    # The standard library's own regular-expression parser (private, stable since 3.11).
    c: Any = importlib.import_module("re._constants")
    parser: Any = importlib.import_module("re._parser")

    def emit(items: Any) -> str:
        out = []
        for op, arg in items:
            if op is c.LITERAL:
                out.append(chr(arg))
            elif op is c.ANY:
                out.append("a")
            elif op is c.NOT_LITERAL:
                out.append("b" if chr(arg) == "a" else "a")
            elif op is c.IN:
                out.append(_first_in(arg))
            elif op is c.BRANCH:
                out.append(emit(arg[1][-1 if last else 0]))
            elif op is c.SUBPATTERN:
                out.append(emit(arg[-1]))
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
                out.append(emit(arg[2]) * arg[0])
        return "".join(out)

    def _first_in(items: Any) -> str:
        if items and items[0][0] is c.NEGATE:
            return next((ch for ch in "a0_ -x" if not _member(ch, items[1:])), "a")
        op, arg = items[-1 if last else 0]
        if op is c.LITERAL:
            return chr(arg)
        if op is c.RANGE:
            return chr(arg[1 if last else 0])
        return {c.CATEGORY_DIGIT: "0", c.CATEGORY_SPACE: " "}.get(arg, "a")

    def _member(ch: str, items: Any) -> bool:
        categories = {c.CATEGORY_DIGIT: r"\d", c.CATEGORY_SPACE: r"\s", c.CATEGORY_WORD: r"\w"}
        for op, arg in items:
            if op is c.LITERAL and chr(arg) == ch:
                return True
            if op is c.RANGE and arg[0] <= ord(ch) <= arg[1]:
                return True
            if op is c.CATEGORY and re.fullmatch(categories.get(arg, "(?!)"), ch):
                return True
        return False

    try:
        text = emit(parser.parse(pattern))
    except (re.error, IndexError, TypeError, AttributeError):  # pragma: no cover - odd regex
        return None
    return text if re.search(pattern, text) else None


def pattern_escapes(accept: str, reject: str) -> Iterator[str]:
    """Strings `accept` matches and `reject` does not: samples of `accept`, edited in one or
    two places, filtered with the regular expressions themselves."""
    alphabet = "0123456789azAZ_-:. "
    samples = {s for s in (sample_pattern(accept), sample_pattern(accept, last=True)) if s}
    edits = set(samples)
    for text in samples:
        once = {text[:i] + ch + text[i + 1 :] for i in range(len(text)) for ch in alphabet}
        edits |= once
        if len(text) <= 8:
            edits |= {
                t[:i] + ch + t[i + 1 :] for t in once for i in range(len(t)) for ch in alphabet
            }
    found = sorted(t for t in edits if re.search(accept, t) and not re.search(reject, t))
    yield from found[:5]


class Builder:
    """Builds minimal documents valid under one schema set."""

    def __init__(self, schemas: SchemaSet) -> None:
        self.schemas = schemas
        self.resolver = Resolver(schemas)

    def minimal(self, shape: Shape, as_type: str | None = None, depth: int = 0) -> Any:
        """A small value `shape` accepts (best effort: callers validate what they build)."""
        words = shape.keywords
        if "const" in words:
            return words["const"]
        if words.get("enum"):
            fits = [v for v in words["enum"] if as_type in (None, json_type(v))]
            return (fits or words["enum"])[0]
        return self._of_type(self._kind(shape, as_type), shape, depth)

    @staticmethod
    def _kind(shape: Shape, as_type: str | None) -> str:
        if as_type is not None:
            return as_type
        types: list[str] = [t for t in _TYPE_ORDER if t in shape.types]
        if "properties" in shape.keywords or "required" in shape.keywords:
            types = ["object", *types]
        return types[0] if types else "null"

    def _of_type(self, kind: str, shape: Shape, depth: int) -> Any:
        words = shape.keywords
        if kind == "string":
            return self._string(words)
        if kind in ("integer", "number"):
            return self._number(words)
        if kind == "array":
            return self.many(self.items(shape), words.get("minItems", 0), depth)
        if kind == "object":
            return self.minimal_object(shape, depth)
        return False if kind == "boolean" else None

    def _string(self, words: dict[str, Any]) -> str:
        text: str = FORMAT_SAMPLES.get(words.get("format", ""), "")
        if "pattern" in words and not text:
            text = sample_pattern(words["pattern"]) or ""
        shortfall: int = words.get("minLength", 0) - len(text)
        return text + "a" * max(0, shortfall)

    def _number(self, words: dict[str, Any]) -> int | float:
        value: int | float = 0
        if "minimum" in words:
            value = words["minimum"]
        elif "exclusiveMinimum" in words:
            value = words["exclusiveMinimum"] + 1
        if "maximum" in words and value > words["maximum"]:
            value = words["maximum"]
        return value

    def items(self, shape: Shape) -> Shape:
        """The shape of the items of an array at `shape`."""
        origin = shape.origins.get("items")
        return self.resolver.shape(origin.child("items")) if origin else Shape(shape.home)

    def prop(self, shape: Shape, name: str) -> Shape:
        """The shape of property `name` of an object at `shape`."""
        origin = property_origin(shape, name)
        return self.resolver.shape(origin) if origin else Shape(shape.home)

    def many(self, shape: Shape, count: int, depth: int = 0) -> list[Any]:
        """`count` distinct small values of `shape` where it can manage, for `uniqueItems`."""
        if count <= 0:
            return []
        if "enum" in shape.keywords and len(shape.keywords["enum"]) >= count:
            return list(shape.keywords["enum"][:count])
        first = self.minimal(shape, depth=depth + 1)
        if isinstance(first, str) and first:
            return [first[:-1] + ch for ch in "0123456789abcdef"[:count]] + [first] * (count - 16)
        if isinstance(first, int) and not isinstance(first, bool):
            return [first + i for i in range(count)]
        return [first] * count

    def minimal_object(self, shape: Shape, depth: int = 0) -> dict[str, Any]:
        """An object holding only the properties `shape` requires."""
        assert depth < 32, f"required properties nest too deep at {shape.home}"
        required = shape.keywords.get("required", [])
        return {name: self.minimal(self.prop(shape, name), depth=depth + 1) for name in required}

    def place(self, shape: Shape, path: Path, value: Any) -> Any:
        """A minimal document of `shape` with `value` at instance `path`."""
        if not path:
            return value
        if path == (KEY_NAME,):
            document = self.minimal_object(shape)
            document[value] = self.minimal(self.prop(shape, value))
            return document
        step, rest = path[0], path[1:]
        if isinstance(step, int):
            return [self.place(self.items(shape), rest, value)]
        document = self.minimal_object(shape)
        document[step] = self.place(self.prop(shape, step), rest, value)
        return document


def rejected_at(schemas: SchemaSet, root: str, document: Any, location: Path) -> bool:
    """True when `schemas` rejects `document` with an error at or below `location`."""
    prefix = tuple(step for step in location if step != KEY_NAME)

    def errors(items: Iterable[Any]) -> Iterator[Any]:
        for error in items:
            yield error
            yield from errors(error.context or ())

    return any(
        tuple(error.absolute_path)[: len(prefix)] == prefix
        for error in errors(schemas.validator(root).iter_errors(document))
    )


def find(
    accepting: SchemaSet,
    rejecting: SchemaSet,
    root: str,
    location: Path,
    candidates: Iterable[tuple[Path, Any]],
) -> Any | None:
    """The first candidate (value at path) whose minimal document tells the two sets apart."""
    builder = Builder(accepting)
    top = builder.resolver.shape(Origin(root, ""))
    validator = accepting.validator(root)
    seen: set[str] = set()
    for path, value in candidates:
        try:
            document = builder.place(top, path, value)
        except (AssertionError, TypeError, KeyError):
            continue
        key = repr(document)
        if key in seen:
            continue
        seen.add(key)
        if validator.is_valid(document) and rejected_at(rejecting, root, document, location):
            return document
    return None


def generic_values(builder: Builder, shape: Shape) -> Iterator[Any]:
    """Values worth trying for any change: the minimal one of each type, then odd ones."""
    for kind in _TYPE_ORDER:
        if kind in shape.types:
            yield builder.minimal(shape, as_type=kind)
    yield from _GENERIC
