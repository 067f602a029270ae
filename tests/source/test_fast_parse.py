"""The loader's fast paths never hide a problem: a text without an escaped quote or a surrogate
escape is parsed without hooks and then surveyed (`_plain_parse`); every verdict must be the
hooked parse's."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from campaign_contract.findings import Finding
from campaign_contract.pointer import leaves
from campaign_contract.source import MAX_DEPTH, load
from campaign_contract.source import document as loader
from hypothesis import example, given
from hypothesis import strategies as st

EXAMPLES = Path(__file__).parents[2] / "examples" / "valid"

_Loaded = tuple[Any, list[Finding]]


def _loaded(text: str) -> _Loaded:
    document, findings = load(text.encode(), "p.json")
    return (None if document is None else document.value), findings


def _hooked(text: str) -> _Loaded:
    """What the loader says with the plain parse turned off (the hooks decide everything)."""
    with mock.patch.object(loader, "_plain_parse", return_value=None):
        return _loaded(text)


def _strings(value: Any) -> list[str]:
    return [leaf for _, leaf in leaves(value) if isinstance(leaf, str)]


DEEPEST = "[" * MAX_DEPTH + "]" * MAX_DEPTH
TOO_DEEP = "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)

PROBLEMS = [
    ('{"a": 1, "a": 2}', "json-duplicate-key"),
    ('{"a" \n : 1, "a": 2}', "json-duplicate-key"),
    ('{"a": 1, "a"\t:2}', "json-duplicate-key"),
    # A string value starting with a colon, beside keys written with a space before theirs.
    ('{"a" : 1, "a" : ":x"}', "json-duplicate-key"),
    ('{"t": "02:42", "u": "a:b:c", "a": 1, "a": 2}', "json-duplicate-key"),
    ('{":": 1, ":": 2}', "json-duplicate-key"),
    ('{"a": {"b": 1}, "a": {"c": 2, "d": 3}}', "json-duplicate-key"),
    ('{"a": "x", "a": "y"}', "json-duplicate-key"),
    ('{"a": ["p", "q"], "a": [], "b": "r"}', "json-duplicate-key"),
    ('{"a\\":1": 1, "a\\":1": 2}', "json-duplicate-key"),
    ('{"s": "a\\":1", "a": 1, "a": 2}', "json-duplicate-key"),
    ("[1e999]", "json-number-range"),
    ('{"a": {"b": -1e400}}', "json-number-range"),
    ('{"a": 2E+308}', "json-number-range"),
    ("[1" + "0" * 309 + "]", "json-number-range"),
    ('{"a": -1' + "0" * 309 + "}", "json-number-range"),
    ('{"a": 1' + "0" * 5000 + "}", "json-number-too-long"),
    ('{"a": "\\ud800"}', "json-encoding"),
    ('{"a": ["x:", "\\udc00"]}', "json-encoding"),
    (TOO_DEEP, "json-too-deep"),
    ('{"a": ' + TOO_DEEP + "}", "json-too-deep"),
    ('{"a": [' + '{"k": ' * MAX_DEPTH + "1" + "}" * MAX_DEPTH + "]}", "json-too-deep"),
    ("[NaN]", "json-non-finite"),
]


def _placed(problem: str) -> list[str]:
    """`problem` where it may sit: alone, deep in an object, after a value that looks like a
    key (with and without a backslash), and after keys spaced from their colons."""
    return [
        problem,
        '{"w": [1, ' + problem + "]}",
        '{"k": "a\\":1", "v": ' + problem + "}",
        '{"k": "\\"a\\": 1", "v": ' + problem + "}",
        '{"k" : ":", "x"\n: "y: z", "v": ' + problem + "}",
    ]


@pytest.mark.parametrize(("problem", "rule"), PROBLEMS)
def test_every_problem_is_found_wherever_it_sits(problem: str, rule: str) -> None:
    """A duplicate key, an overflowing number, a too-long integer, a lone surrogate, too deep a
    nesting: found on both paths, in every place, as the hooked parse finds it."""
    for text in _placed(problem):
        loaded = _loaded(text)
        assert rule in [finding.rule for finding in loaded[1]], text
        assert loaded == _hooked(text), text


@pytest.mark.parametrize(
    "text",
    [
        DEEPEST,
        '{"a": ' + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "}",
        "[" + "9" * 308 + ", -" + "9" * 308 + ", 1.7976931348623157e308, 1e-999]",
        '{"a" : 1, "b"\n: ":", "c": "x:y", "d": [":", {"e": ""}]}',
        '"just a string"',
        "-0",
    ],
)
def test_what_is_at_the_limits_loads_on_the_plain_path(text: str) -> None:
    """The deepest nesting allowed, the longest integers that fit a double, spaced keys and
    colons in strings load without a finding, from the plain parse, with their strings."""
    plain = loader._plain_parse(text)
    assert plain is not None
    document, findings = load(text.encode(), "p.json")
    assert document is not None
    assert (findings, document.strings) == ([], _strings(document.value))
    assert _loaded(text) == _hooked(text)


def test_every_valid_example_takes_the_plain_path() -> None:
    """The usual payload is parsed without hooks (else the fast path would be dead weight)."""
    for path in sorted(EXAMPLES.glob("*.json")):
        document, _ = load(path.read_bytes(), path.name)
        assert document is not None, path
        if b'\\"' not in path.read_bytes():
            assert document.strings == _strings(document.value), path


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ('{"name": "Caf\\u00e9", "note": "a\\nb", "path": "c:\\\\d"}', True),
        ('{"a": 1, "\\u0061": 2}', False),  # a repeat spelt two ways: the counts differ
        ('{"quote": "say \\"hi\\""}', False),
        ('{"emoji": "\\ud83d\\uded2"}', False),
    ],
)
def test_escapes_other_than_a_quote_keep_the_plain_path(text: str, plain: bool) -> None:
    """Payloads written with `ensure_ascii` (every non-ASCII character escaped) or holding `\\n`
    take the plain parse; an escaped quote or a surrogate escape sends a text to the hooked
    parse, and a key spelt two ways is still a repeat."""
    document, _ = load(text.encode(), "p.json")
    assert document is not None
    assert (document.strings is not None) is plain
    assert _loaded(text) == _hooked(text)
    if "\\u0061" in text:
        assert [finding.rule for finding in _loaded(text)[1]] == ["json-duplicate-key"]


_KEYS = st.sampled_from(['"a"', '"b"', '"a:"', '":"', '""', '"a\\":1"', '"\\u0061"', '"a "'])
_SPACES = st.sampled_from(["", " ", "\n", " \n  ", "\t"])
_NUMBERS = st.sampled_from(
    [
        "0",
        "-0",
        "1.5",
        "-12",
        "1e999",
        "-1e400",
        "1E+308",
        "2e-999",
        "1" + "0" * 309,
        "9" * 308,
        "12345678901234567890",
    ]
)
_STRINGS = st.text(alphabet=' :ab"\\\u00a0é🛒\u2028', max_size=5).map(
    lambda text: json.dumps(text, ensure_ascii=False)
) | st.sampled_from(['"\\ud800"', '"\\ud83d\\uded2"', '"x\\":1"', '": "', '"02:42"'])
_NESTED = st.integers(MAX_DEPTH - 3, MAX_DEPTH + 1).map(lambda depth: "[" * depth + "]" * depth)


def _array(items: list[tuple[str, str]]) -> str:
    return "[" + ",".join(space + item for space, item in items) + "]"


def _object(members: list[tuple[str, str, str, str]]) -> str:
    written = (f"{key}{before}:{after}{item}" for key, before, after, item in members)
    return "{" + ",".join(written) + "}"


json_texts = st.recursive(
    _NUMBERS | _STRINGS | _NESTED | st.sampled_from(["true", "false", "null", "NaN"]),
    lambda children: (
        st.lists(st.tuples(_SPACES, children), max_size=4).map(_array)
        | st.lists(st.tuples(_KEYS, _SPACES, _SPACES, children), max_size=4).map(_object)
    ),
    max_leaves=12,
)


@given(json_texts)
@example('{"a" : 1, "a" : ":x"}')
@example('{"a": {"a": 1, "a": ":"}, "b": "::"}')
@example('{"a": "x", "a"\n:"y"}')
def test_the_plain_parse_agrees_with_the_hooked_one(text: str) -> None:
    """On JSON texts full of repeated keys, spaced colons, colons and quotes in strings and
    keys, numbers at the edge of a double and nestings at the edge of the limit, the loader
    gives what the hooked parse alone gives, and the strings it lists are the value's."""
    assert _loaded(text) == _hooked(text)
    document, _ = load(text.encode(), "p.json")
    if document is not None and document.strings is not None:
        assert document.strings == _strings(document.value)
