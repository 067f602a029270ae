"""Which findings can be repaired, and how: each repair a `Fix` of minimal text edits.

Safe fixes keep what the payload means: a misspelt key or an enum near miss with exactly one
intended spelling, the one `lint.suggest` names in the message (`"Manual"`, `"Monday"`), a number
or boolean written as the string of its canonical JSON text (`"1000"`, `"true"`; never `"1,000"`
or `"1e3"`), a trailing comma.
Unsafe fixes remove something the server ignores or that repeats: a read-only field, the data
object of another send type, a repeated list item.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any, Final

from campaign_contract.findings import Edit, Finding, Fix, Span
from campaign_contract.lint.fixes.text import Lines, removal
from campaign_contract.lint.rules.catalogue import READ_ONLY_FIELD, SEND_TYPE_DATA_UNUSED
from campaign_contract.lint.suggest import suggest
from campaign_contract.source import Document

_REMOVABLE: Final = {
    READ_ONLY_FIELD: "remove the read-only field",
    SEND_TYPE_DATA_UNUSED: "remove the data object the send type does not use",
    "schema-unique-items": "remove the repeated item",
}
"""Rules whose finding is fixed, unsafely, by removing the member or item it points at."""

_TYPES_OF: Final = {bool: ("boolean",), int: ("integer", "number"), float: ("number",)}


_quoted: Callable[[str], str] = json.encoder.encode_basestring
"""A string as `json.dumps(text, ensure_ascii=False)` writes it, without building an encoder."""


def rename_key(span: Span, key: str, new_key: str) -> Fix:
    """The fix that writes `new_key` in place of the misspelt key at `span`."""
    description = f"rename {_quoted(key)} to {_quoted(new_key)}"
    return Fix(description, (Edit(span, _quoted(new_key)),))


def enum_value(value: Any, options: Sequence[Any], span: Span) -> Fix | None:
    """The fix for an enum near miss with exactly one intended value (see `lint.suggest`)."""
    if not isinstance(value, str):
        return None
    intended = suggest(value, [option for option in options if isinstance(option, str)])
    if intended is None:
        return None
    return Fix(
        f"replace {_quoted(value)} with {_quoted(intended)}", (Edit(span, _quoted(intended)),)
    )


def _not_json(constant: str) -> Any:
    raise ValueError(f"{constant} is not JSON")


def typed_string(value: Any, types: Sequence[str], span: Span) -> Fix | None:
    """The fix for a number or boolean written as the string of its canonical JSON text."""
    if not isinstance(value, str) or len(value) > 400:
        return None
    try:  # NaN and Infinity are Python's, not JSON's: never a fix
        parsed = json.loads(value, parse_constant=_not_json)
    except ValueError:
        return None
    if not any(t in types for t in _TYPES_OF.get(type(parsed), ())):
        return None
    if json.dumps(parsed) != value:
        return None
    return Fix(f"write {value} without quotes", (Edit(span, value),))


def for_schema_error(keyword: str, value: Any, expected: Sequence[Any], span: Span) -> Fix | None:
    """The fix for a schema error of `keyword` ("enum": `expected` are the options; "type":
    the wanted types) on `value` written at `span`, when a safe one exists."""
    if keyword == "enum":
        return enum_value(value, expected, span)
    if keyword == "type":
        return typed_string(value, expected, span)
    return None


def attach(findings: list[Finding], text: str | None, document: Document | None) -> list[Finding]:
    """`findings` with the fixes that need the whole file: trailing commas, removals; renames
    that would give two keys one name lose their fix."""
    if text is None:
        return findings
    index: Lines | None = None

    def lines() -> Lines:
        """The line index of `text`, built for the first finding that reads the text (most
        findings do not: a file's findings are made for its text, only a few fixes check it)."""
        nonlocal index
        if index is None:
            index = Lines(text)
        return index

    targets = Counter(
        (f.pointer.rpartition("/")[0], f.fix.edits[0].text)
        for f in findings
        if f.rule == "schema-unknown-key" and f.fix is not None
    )
    result = []
    for finding in findings:
        fix = finding.fix
        if finding.rule == "schema-unknown-key" and fix is not None:
            if targets[(finding.pointer.rpartition("/")[0], fix.edits[0].text)] > 1:
                fix = None
        elif finding.rule == "schema-type" and fix is not None:
            fix = fix if _written_as_string_of(lines(), fix) else None
        elif finding.rule == "json-syntax" and document is None:
            fix = _trailing_comma(lines(), finding.span)
        elif finding.rule in _REMOVABLE and document is not None:
            fix = _removal(lines(), document, finding)
        result.append(finding if fix is finding.fix else finding._replace(fix=fix))
    return result


def _written_as_string_of(lines: Lines, fix: Fix) -> bool:
    """Whether the file itself writes the string of the value (`"1000"`): the schema judges
    the value as the server normalises it (`" 1000"` trimmed), but only the text as written
    is fixed."""
    (edit,) = fix.edits
    start, end = lines.offset(edit.span.start), lines.offset(edit.span.end)
    return lines.text[start:end] == f'"{edit.text}"'


def _trailing_comma(lines: Lines, span: Span) -> Fix | None:
    """A syntax error on a comma followed by a closing bracket is a trailing comma, when the
    bracket closes the innermost open one (`[1, }` misses a `]`: removing its comma mends
    nothing)."""
    text = lines.text
    comma = lines.offset(span.start)
    if comma >= len(text) or text[comma] != ",":
        return None
    after = len(text) - len(text[comma + 1 :].lstrip(" \t\r\n"))
    if after >= len(text) or text[after] not in "}]":
        return None
    if _innermost_open(text, comma) != _OPENER[text[after]]:
        return None
    return Fix("remove the trailing comma", (Edit(lines.span(comma, comma + 1), ""),))


_OPENER: Final = {"}": "{", "]": "["}
_TOKENS: Final = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)
"""Strings (whose brackets do not count) and brackets."""


def _innermost_open(text: str, end: int) -> str | None:
    """The innermost bracket still open at `end`; the text before the syntax error scanned
    well, so its strings and brackets are read right."""
    stack: list[str] = []
    for token in _TOKENS.finditer(text, 0, end):
        bracket = token.group()
        if bracket in "{[":
            stack.append(bracket)
        elif bracket in "}]" and stack:
            stack.pop()
    return stack[-1] if stack else None


def _removal(lines: Lines, document: Document, finding: Finding) -> Fix | None:
    if not finding.pointer:
        return None
    value = document.value_span(finding.pointer)
    key = document.key_span(finding.pointer)
    start = lines.offset((key or value).start)
    edit = removal(lines, start, lines.offset(value.end))
    return Fix(_REMOVABLE[finding.rule], (edit,), safe=False)
