"""Wording of schema findings: short, specific messages that show values as JSON.

Kept apart from `schema_findings` so the engine plumbing and the English can change independently.
Also home of the schema rules' catalogue entries; "did you mean" is `suggest`.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from typing import Any, Final

from campaign_contract.findings import RuleInfo, Severity, json_literal
from campaign_contract.lint.suggest import suggest

Path = Sequence[str | int]
MAX_SHOWN = 60
"""Values longer than this many characters (as JSON) are cut, ending with an ellipsis."""

_TYPE_NAMES = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "object": "an object",
    "array": "an array",
    "boolean": "a boolean",
    "null": "null",
}
FORMAT_HINTS = {
    "uuid": "a UUID is 32 hexadecimal digits grouped 8-4-4-4-12, "
    "e.g. 3c90c3cc-0d44-4b50-8888-8dd25736052a",
    "date-time": "an RFC 3339 date-time, e.g. 2030-03-01T08:00:00Z",
    "date": "an RFC 3339 date, e.g. 2030-03-01",
}
"""Hints shown with a `schema-format` finding: what a valid value looks like."""

_RANGE_WORDS = {
    "minimum": "at least",
    "maximum": "at most",
    "exclusiveMinimum": "greater than",
    "exclusiveMaximum": "less than",
    "multipleOf": "a multiple of",
}
_LENGTH_WORDS = {
    "minLength": ("at least", "character", " long"),
    "maxLength": ("at most", "character", " long"),
    "minItems": ("at least", "item", ""),
    "maxItems": ("at most", "item", ""),
    "minProperties": ("at least", "key", ""),
    "maxProperties": ("at most", "key", ""),
}
"""Per length keyword: the bound's words, the unit counted (made plural unless one), and what
follows the limit ("at least 3 characters long", "at most 1 item")."""


def _count(number: int, unit: str) -> str:
    """`1 character`, `2 characters`, `0 items`."""
    return f"{number} {unit}" if number == 1 else f"{number} {unit}s"


def _rule(
    rule_id: str, summary: str, explanation: str, valid: str = "", invalid: str = ""
) -> RuleInfo:
    return RuleInfo(rule_id, Severity.ERROR, summary, explanation, valid, invalid)


RULES: tuple[RuleInfo, ...] = (
    _rule(
        "schema-type",
        "A value has the wrong JSON type.",
        "The request schema fixes the type of every field; the API rejects a number sent as a "
        'string ("1000") or a list sent as an object.',
        '{"send_amount": 1000}',
        '{"send_amount": "1000"}',
    ),
    _rule(
        "schema-required",
        "A required key is missing.",
        "The object lacks a key the API requires (`name`, `meta`, `meta.send_type`). The finding "
        "sits on the object's opening brace and names the key.",
        '{"name": "Spring", "meta": {"send_type": "manual"}}',
        '{"meta": {"send_type": "manual"}}',
    ),
    _rule(
        "schema-unknown-key",
        "An object has a key the schema does not define.",
        "Request objects are closed: a key the API does not know is most often a misspelling, "
        "which the server would silently ignore. The finding suggests the closest declared key.",
        '{"send_amount": 10}',
        '{"send_amout": 10}',
    ),
    _rule(
        "schema-enum",
        "A value is not one of the allowed values.",
        "Enumerations are case-sensitive. The finding lists the allowed values and suggests the "
        "closest one.",
        '{"send_type": "manual"}',
        '{"send_type": "Manual"}',
    ),
    _rule(
        "schema-format",
        "A string does not have the required format (e.g. uuid).",
        "Ids are UUIDs in the 8-4-4-4-12 hexadecimal form, without braces or `urn:uuid:`.",
        '{"id": "3c90c3cc-0d44-4b50-8888-8dd25736052a"}',
        '{"id": "campaign-7"}',
    ),
    _rule(
        "schema-pattern",
        "A string does not match the required pattern.",
        "Some strings have a fixed shape, e.g. times of day are `HH:MM` from 00:00 to 23:59.",
        '{"start": "09:00"}',
        '{"start": "9:00"}',
    ),
    _rule(
        "schema-range",
        "A number is outside the allowed range.",
        "Counts and limits have minimums (e.g. `send_amount` is at least 1).",
        '{"send_amount": 1}',
        '{"send_amount": 0}',
    ),
    _rule(
        "schema-length",
        "A string or list is too short or too long.",
        "Lengths count characters (not bytes) for strings and items for lists; a campaign name "
        "has 3 to 255 characters.",
        '{"name": "Spring launch"}',
        '{"name": "ab"}',
    ),
    _rule(
        "schema-unique-items",
        "A list repeats an item.",
        "Lists such as `segment_ids` and `days_of_week` hold each item at most once. The finding "
        "sits on the repeat and points at the first occurrence.",
        '{"days_of_week": ["Mon", "Tue"]}',
        '{"days_of_week": ["Mon", "Mon"]}',
    ),
    _rule(
        "schema-other",
        "The value breaks another schema constraint.",
        "A constraint without a more specific rule (const, not, oneOf, ...) failed; the message "
        "quotes the schema engine.",
    ),
)


_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
"""What `json.dumps(value, ensure_ascii=False, separators=(",", ":"))` uses, built once:
`json.dumps` with options builds a new encoder on every call, and a message shows several values."""
_CANONICAL = json.JSONEncoder(sort_keys=True, default=str)
"""What `json.dumps(value, sort_keys=True, default=str)` uses, built once."""


def show(value: Any) -> str:
    """`value` as compact JSON, cut to `MAX_SHOWN` characters."""
    try:
        text = json_literal(value)
        if text is None:
            text = _COMPACT.encode(value)
    except ValueError:
        text = "(a number too large to show)"
    if len(text) <= MAX_SHOWN:
        return text
    return text[: MAX_SHOWN - 2] + ("…" + '"' if isinstance(value, str) else "…")


def type_of(value: Any) -> str:
    """The JSON type of `value` with its article: "a string", "an integer", "null"."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "an array" if isinstance(value, list) else "an object"


def name_of(path: Path) -> str:
    """How a message names the place at `path`: `send_amount`, `segment_ids[1]`."""
    if path and type(path[-1]) is str:  # the usual place: a key
        return path[-1]
    parts = list(path)
    suffix = ""
    while parts and isinstance(parts[-1], int):
        suffix = f"[{parts.pop()}]" + suffix
    return (str(parts[-1]) if parts else "the document") + suffix


def _one_of(options: Sequence[Any]) -> str:
    """The options of an enum as a message lists them. Only lists of strings are remembered:
    equal strings are written alike, where equal numbers are not (1, 1.0 and true; 0.0, -0.0)."""
    for option in options:
        if type(option) is not str:
            return _written(options)
    return _listed(tuple(options))


def _written(options: Sequence[Any]) -> str:
    return ", ".join(show(option) for option in options)


_listed: Final = functools.lru_cache(maxsize=256)(_written)
"""`_written` remembered for a tuple of strings: the schema's few enums are listed again in
every file with a near miss."""


def _got(value: Any) -> str:
    return "got null" if value is None else f"got {show(value)} ({type_of(value)})"


def closest(word: str, candidates: Sequence[str]) -> str | None:
    """The candidate `word` most likely misspells, if exactly one (see `suggest`)."""
    return suggest(word, candidates)


def wrong_type(types: Sequence[str], value: Any, path: Path) -> str:
    """`send_amount must be an integer, got "1000" (a string)`."""
    expected = " or ".join(_TYPE_NAMES.get(t, t) for t in types)
    return f"{name_of(path)} must be {expected}, {_got(value)}"


def unknown_key(key: str, path: Path, suggestion: str | None, required: bool) -> str:
    """`unknown key "send_amout" in manual_data; did you mean "send_amount"?`."""
    where = f" in {name_of(path)}" if path else ""
    message = f"unknown key {show(key)}{where}"
    if suggestion is not None:
        message += f"; did you mean {show(suggestion)}?"
        if required:
            message += " (a required key, missing here)"
    return message


def missing_key(key: str, path: Path) -> str:
    """`meta is missing required key "send_type"`."""
    if not path:
        return f"missing required key {show(key)}"
    return f"{name_of(path)} is missing required key {show(key)}"


def duplicate_item(value: Any, path: Path, first_index: int) -> str:
    """`segment_ids[1] repeats segment_ids[0] ("Mon")`."""
    list_name = name_of(path)
    return f"{list_name} must not repeat items: {show(value)} is already at index {first_index}"


def canonical(value: Any) -> str:
    """A key equal for JSON-equal values (1 and 1.0 alike, true and 1 not)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _CANONICAL.encode(value)


def other_alternatives(other_types: Sequence[str], others: int, path: Path) -> str | None:
    """The hint on errors taken from the closest `anyOf` branch."""
    if others == 0:
        return None
    if other_types and len(other_types) == others:
        expected = " or ".join(_TYPE_NAMES.get(t, t) for t in other_types)
        return f"{name_of(path)} may also be {expected}"
    plural = "s" if others > 1 else ""
    return f"{others} other alternative{plural} for {name_of(path)} also failed"


def describe(kind: Any, value: Any, path: Path) -> tuple[str, str]:  # noqa: PLR0911 - a table
    """The rule id and message for an engine error of `kind` on `value` at `path`."""
    name = name_of(path)
    keyword = kind.name
    if keyword == "type":
        return "schema-type", wrong_type(kind.types, value, path)
    if keyword == "enum":
        options = list(kind.options)
        text_options = [o for o in options if isinstance(o, str)]
        match = closest(value, text_options) if isinstance(value, str) else None
        guess = f"; did you mean {show(match)}?" if match is not None else ""
        message = f"{show(value)} is not a valid {name}{guess} (expected one of {_one_of(options)})"
        return "schema-enum", message
    if keyword == "const":
        return "schema-enum", f"{name} must be {show(kind.expected_value)}, {_got(value)}"
    if keyword == "format":
        return "schema-format", f"{name} must be a valid {kind.format}, {_got(value)}"
    if keyword == "pattern":
        return "schema-pattern", f"{name} must match the pattern {kind.pattern}, {_got(value)}"
    if keyword in _RANGE_WORDS:
        limit = kind.multiple_of if keyword == "multipleOf" else kind.limit
        return "schema-range", f"{name} must be {_RANGE_WORDS[keyword]} {limit}, {_got(value)}"
    if keyword in _LENGTH_WORDS:
        bound, unit, after = _LENGTH_WORDS[keyword]
        size = len(value) if isinstance(value, str | list | dict) else 0
        return (
            "schema-length",
            f"{name} must be {bound} {_count(kind.limit, unit)}{after}, got {show(value)} "
            f"({_count(size, unit)})",
        )
    if keyword == "oneOf":
        return "schema-other", f"{name} must match exactly one alternative, got {show(value)}"
    return "schema-other", f"{name}: {keyword} constraint failed for {show(value)}"
