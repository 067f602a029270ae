"""Specification of witness building: minimal documents and strings that fit a pattern."""

from __future__ import annotations

import re

import pytest
from campaign_contract.gate.shapes import Origin
from campaign_contract.gate.witness import Builder, json_type, pattern_escapes, sample_pattern
from campaign_contract.schema import REQUEST, RESPONSE, SchemaSet

PATTERNS = [
    "^([01][0-9]|2[0-3]):[0-5][0-9]$",
    "^[A-Za-z0-9_]+(\\.[A-Za-z0-9_]+)*$",
    "^[a-z]+$",
    "^\\d{3}-\\w+\\s?$",
    "x|y",
    "[^a]",
    "^[^0-9a-z]$",
]


@pytest.mark.parametrize("pattern", PATTERNS)
@pytest.mark.parametrize("last", [False, True])
def test_a_pattern_sample_matches_its_pattern(pattern: str, last: bool) -> None:
    """The first-choice and last-choice samples of a pattern match it."""
    sample = sample_pattern(pattern, last=last)
    assert sample is not None
    assert re.search(pattern, sample)


def test_pattern_escapes_match_one_pattern_and_not_the_other() -> None:
    """Edits of a sample find `29:00`-like strings a widened clock pattern adds."""
    old, new = "^([01][0-9]|2[0-3]):[0-5][0-9]$", "^[0-2][0-9]:[0-5][0-9]$"
    escapes = list(pattern_escapes(new, old))
    assert escapes
    assert all(re.search(new, s) and not re.search(old, s) for s in escapes)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, "null"), (True, "boolean"), (3, "integer"), (3.0, "integer"), (0.5, "number"),
     ("", "string"), ([], "array"), ({}, "object")],
)  # fmt: skip
def test_json_type_names_values_as_json_schema_does(value: object, expected: str) -> None:
    """Whole numbers are integers, booleans are not."""
    assert expected == json_type(value)


def test_the_minimal_request_holds_the_required_fields_only() -> None:
    """Name padded to its minimum length, meta with the first send type."""
    builder = Builder(SchemaSet.packaged())
    document = builder.minimal(builder.resolver.shape(Origin(REQUEST, "")))
    expected = {"name": "aaa", "meta": {"send_type": "manual"}}
    assert expected == document


def test_the_minimal_response_is_valid() -> None:
    """Every field the server always sends, each with a value its schema accepts."""
    schemas = SchemaSet.packaged()
    builder = Builder(schemas)
    document = builder.minimal(builder.resolver.shape(Origin(RESPONSE, "")))
    assert schemas.validator(RESPONSE).is_valid(document)
