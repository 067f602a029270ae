"""Which findings can be repaired, and how: each repair a `Fix` of minimal text edits.

Safe fixes keep what the payload means: a misspelt key with one candidate, an enum value written
in another case or spelling (`"Manual"`, `"Monday"`), a number or boolean written as the string
of its canonical JSON text (`"1000"`, `"true"`; never `"1,000"` or `"1e3"`), a trailing comma.
Unsafe fixes remove something the server ignores or that repeats: a read-only field, the data
object of another send type, a repeated list item.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import Any, Final

from campaign_contract.findings import Edit, Finding, Fix, Span
from campaign_contract.lint.fixes.text import Lines, removal, skip_back
from campaign_contract.lint.rules.catalogue import READ_ONLY_FIELD, SEND_TYPE_DATA_UNUSED
from campaign_contract.source import Document

_REMOVABLE: Final = {
    READ_ONLY_FIELD: "remove the read-only field",
    SEND_TYPE_DATA_UNUSED: "remove the data object the send type does not use",
    "schema-unique-items": "remove the repeated item",
}
"""Rules whose finding is fixed, unsafely, by removing the member or item it points at."""

_LONG_FORMS: Final = {
    "Mon": "monday",
    "Tue": "tuesday",
    "Wed": "wednesday",
    "Thu": "thursday",
    "Fri": "friday",
    "Sat": "saturday",
    "Sun": "sunday",
}
"""Enum values that abbreviate a word: any spelling from the value up to the word is a near
miss (`"Monday"`, `"tues"`, `"THURS"`)."""

_TYPES_OF: Final = {bool: ("boolean",), int: ("integer", "number"), float: ("number",)}


def _normal(text: str) -> str:
    return text.strip().casefold().replace(" ", "_").replace("-", "_")


def _spells(value: str, option: str) -> bool:
    """Whether `value` is another spelling of the enum value `option`."""
    word = _normal(value)
    if word == _normal(option):
        return True
    long_form = _LONG_FORMS.get(option)
    return long_form is not None and word.startswith(_normal(option)) and long_form.startswith(word)


def sole_candidate(word: str, candidates: Sequence[str]) -> str | None:
    """The one candidate `word` misspells (another letter case, or the only close match)."""
    import difflib

    same = [c for c in candidates if c.casefold() == word.casefold()]
    if same:
        return same[0] if len(same) == 1 else None
    matches = difflib.get_close_matches(word, list(candidates), n=2, cutoff=0.75)
    return matches[0] if len(matches) == 1 else None


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def rename_key(span: Span, key: str, new_key: str) -> Fix:
    """The fix that writes `new_key` in place of the misspelt key at `span`."""
    description = f"rename {_quoted(key)} to {_quoted(new_key)}"
    return Fix(description, (Edit(span, _quoted(new_key)),))


def enum_value(value: Any, options: Sequence[Any], span: Span) -> Fix | None:
    """The fix for an enum near miss with exactly one intended value."""
    if not isinstance(value, str):
        return None
    intended = [o for o in options if isinstance(o, str) and _spells(value, o)]
    if len(intended) != 1:
        return None
    return Fix(
        f"replace {_quoted(value)} with {_quoted(intended[0])}", (Edit(span, _quoted(intended[0])),)
    )


def typed_string(value: Any, types: Sequence[str], span: Span) -> Fix | None:
    """The fix for a number or boolean written as the string of its canonical JSON text."""
    if not isinstance(value, str) or len(value) > 400:
        return None
    try:
        parsed = json.loads(value)
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
    lines = Lines(text)
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
            fix = fix if _written_as_string_of(lines, fix) else None
        elif finding.rule == "json-syntax" and document is None:
            fix = _trailing_comma(lines, finding.span)
        elif finding.rule in _REMOVABLE and document is not None:
            fix = _removal(lines, document, finding)
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
    """A syntax error at a closing bracket right after a comma is a trailing comma."""
    text = lines.text
    at = lines.offset(span.start)
    if at >= len(text) or text[at] not in "}]":
        return None
    comma = skip_back(text, at) - 1
    if comma < 0 or text[comma] != ",":
        return None
    return Fix("remove the trailing comma", (Edit(lines.span(comma, comma + 1), ""),))


def _removal(lines: Lines, document: Document, finding: Finding) -> Fix | None:
    if not finding.pointer:
        return None
    value = document.value_span(finding.pointer)
    key = document.key_span(finding.pointer)
    start = lines.offset((key or value).start)
    edit = removal(lines, start, lines.offset(value.end))
    return Fix(_REMOVABLE[finding.rule], (edit,), safe=False)
