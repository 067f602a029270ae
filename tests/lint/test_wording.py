"""Specification of how schema findings are worded."""

from __future__ import annotations

import json
from typing import NamedTuple

import pytest
from campaign_contract.findings import json_literal, value_of
from campaign_contract.lint import wording
from hypothesis import given
from hypothesis import strategies as st


@pytest.mark.parametrize(
    ("value", "shown"),
    [(True, "true"), (None, "null"), ("ab", '"ab"'), ([1, 2], "[1,2]"), ({"a": 1}, '{"a":1}')],
)
def test_values_are_shown_as_json(value: object, shown: str) -> None:
    """Messages show JSON spellings, not Python ones."""
    assert shown == wording.show(value)


def test_long_values_are_cut() -> None:
    """A long string is cut to MAX_SHOWN characters and still reads as a string."""
    shown = wording.show("x" * 500)
    assert len(shown) == wording.MAX_SHOWN
    assert shown.endswith('…"')


@pytest.mark.parametrize(
    ("word", "candidates", "expected"),
    [
        ("send_amout", ["send_amount", "send_datetime"], "send_amount"),
        ("Multistep", ["manual", "multistep", "planner"], "multistep"),
        ("mon", ["Mon", "Tue"], "Mon"),
        ("priority", ["send_type", "segment_ids"], None),
    ],
)
def test_did_you_mean(word: str, candidates: list[str], expected: str | None) -> None:
    """Case slips and small typos find the intended word; unrelated words find nothing."""
    assert expected == wording.closest(word, candidates)


def test_places_are_named_by_their_last_key_and_indexes() -> None:
    """`segment_ids[1]` names the second item of segment_ids."""
    assert wording.name_of(["meta", "segment_ids", 1]) == "segment_ids[1]"
    assert wording.name_of([]) == "the document"


def test_wrong_type_message() -> None:
    """The type message names the field, the expected type and what was found."""
    expected = 'send_amount must be an integer, got "1000" (a string)'
    assert expected == wording.wrong_type(
        ["integer"], "1000", ["meta", "manual_data", "send_amount"]
    )


def test_unknown_key_message_with_suggestion() -> None:
    """The unknown-key message carries the suggestion."""
    expected = 'unknown key "send_amout" in manual_data; did you mean "send_amount"?'
    assert expected == wording.unknown_key(
        "send_amout", ["meta", "manual_data"], "send_amount", required=False
    )


def test_every_schema_rule_is_catalogued_once() -> None:
    """Each schema rule id has exactly one catalogue entry, with a summary and explanation."""
    ids = [rule.id for rule in wording.RULES]
    assert len(ids) == len(set(ids))
    assert all(rule.summary and rule.explanation for rule in wording.RULES)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("A", 'name must be at least 3 characters long, got "A" (1 character)'),
        ("AB", 'name must be at least 3 characters long, got "AB" (2 characters)'),
        ("x" * 256, "name must be at most 255 characters long, got "),
    ],
)
def test_a_length_message_counts_one_character_in_the_singular(name: str, expected: str) -> None:
    """`(1 character)`, never `(1 characters)`: the count agrees with its noun."""
    from campaign_contract.lint import validate_bytes

    payload = {"name": name, "meta": {"send_type": "manual", "manual_data": {}}}
    findings = validate_bytes(json.dumps(payload).encode())
    [message] = [f.message for f in findings if f.rule == "schema-length"]
    assert message.startswith(expected)
    assert "(256 characters)" in message or len(name) < 256


@given(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5))
def test_scalars_are_shown_and_valued_as_json_dumps_writes_them(value: object) -> None:
    """The literals written without an encoder (null, booleans, integers) and every other
    scalar are spelt as `json.dumps` spells them, in messages and in a finding's value."""
    compact = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    literal = json_literal(value)
    assert literal in (None, compact)
    assert (literal is not None) == (value is None or type(value) in (bool, int))
    if len(compact) <= wording.MAX_SHOWN:
        assert wording.show(value) == compact
    whole = isinstance(value, float) and value.is_integer()
    assert value_of(value) == (json.dumps(int(value)) if whole else compact)


def test_equal_options_of_other_types_are_listed_as_written() -> None:
    """Enum options are listed as JSON, and 1, 1.0 and true, or 0.0 and -0.0, stay apart
    although they are equal in Python (the listing of a set of options is remembered)."""

    class EnumKind(NamedTuple):
        options: list[object]
        name: str = "enum"

    messages = [
        wording.describe(EnumKind(options), "b", ["x"])[1]
        for options in ([1, "a"], [True, "a"], [1.0, "a"], [0.0, 1.5], [-0.0, 1.5], [1, "a"])
    ]
    assert [message.partition("expected one of ")[2] for message in messages] == [
        '1, "a")',
        'true, "a")',
        '1.0, "a")',
        "0.0, 1.5)",
        "-0.0, 1.5)",
        '1, "a")',
    ]
