"""Strict loading: every parse problem is a positioned finding, every token has an exact span."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from campaign_contract.findings import Position, Span
from campaign_contract.source import (
    MAX_BYTES,
    MAX_DEPTH,
    RULES,
    Document,
    load,
    oversize_finding,
    scanner,
)
from hypothesis import example, given
from hypothesis import strategies as st

SUITE = Path(__file__).parents[1] / "data" / "JSONTestSuite" / "test_parsing"
DUPLICATE_KEY_FILES = {"y_object_duplicated_key.json", "y_object_duplicated_key_and_value.json"}
IMPLEMENTATION_DEFINED = {
    "i_number_double_huge_neg_exp.json": (),
    "i_number_huge_exp.json": ("json-number-range",),
    "i_number_neg_int_huge_exp.json": ("json-number-range",),
    "i_number_pos_double_huge_exp.json": ("json-number-range",),
    "i_number_real_neg_overflow.json": ("json-number-range",),
    "i_number_real_pos_overflow.json": ("json-number-range",),
    "i_number_real_underflow.json": (),
    "i_number_too_big_neg_int.json": (),
    "i_number_too_big_pos_int.json": (),
    "i_number_very_big_negative_int.json": (),
    "i_object_key_lone_2nd_surrogate.json": ("json-encoding",),
    "i_string_1st_surrogate_but_2nd_missing.json": ("json-encoding",),
    "i_string_1st_valid_surrogate_2nd_invalid.json": ("json-encoding",),
    "i_string_UTF-16LE_with_BOM.json": ("json-encoding",),
    "i_string_UTF-8_invalid_sequence.json": ("json-encoding",),
    "i_string_UTF8_surrogate_U+D800.json": ("json-encoding",),
    "i_string_incomplete_surrogate_and_escape_valid.json": ("json-encoding",),
    "i_string_incomplete_surrogate_pair.json": ("json-encoding",),
    "i_string_incomplete_surrogates_escape_valid.json": ("json-encoding",),
    "i_string_invalid_lonely_surrogate.json": ("json-encoding",),
    "i_string_invalid_surrogate.json": ("json-encoding",),
    "i_string_invalid_utf-8.json": ("json-encoding",),
    "i_string_inverted_surrogates_U+1D11E.json": ("json-encoding",),
    "i_string_iso_latin_1.json": ("json-encoding",),
    "i_string_lone_second_surrogate.json": ("json-encoding",),
    "i_string_lone_utf8_continuation_byte.json": ("json-encoding",),
    "i_string_not_in_unicode_range.json": ("json-encoding",),
    "i_string_overlong_sequence_2_bytes.json": ("json-encoding",),
    "i_string_overlong_sequence_6_bytes.json": ("json-encoding",),
    "i_string_overlong_sequence_6_bytes_null.json": ("json-encoding",),
    "i_string_truncated-utf-8.json": ("json-encoding",),
    "i_string_utf16BE_no_BOM.json": ("json-encoding",),
    "i_string_utf16LE_no_BOM.json": ("json-encoding",),
    "i_structure_500_nested_arrays.json": ("json-too-deep",),
    "i_structure_UTF-8_BOM_empty_object.json": ("json-bom",),
}
"""What we decided for each implementation-defined case: the rule ids reported (() = accepted)."""


def _files(prefix: str) -> list[Path]:
    return sorted(SUITE.glob(f"{prefix}_*.json"))


def _rules(data: bytes) -> list[str]:
    return [finding.rule for finding in load(data, "f.json")[1]]


def _cut(document: Document, span: Span) -> str:
    """The source text covered by `span`."""
    lines = document.text.split("\n")
    start, end = span.start, span.end
    if start.line == end.line:
        return lines[start.line - 1][start.column - 1 : end.column - 1]
    middle = lines[start.line : end.line - 1]
    return "\n".join(
        [lines[start.line - 1][start.column - 1 :], *middle, lines[end.line - 1][: end.column - 1]]
    )


def _pointers(value: Any, pointer: str = "") -> list[tuple[str, Any]]:
    found = [(pointer, value)]
    if isinstance(value, dict):
        for key, child in value.items():
            escaped = key.replace("~", "~0").replace("/", "~1")
            found += _pointers(child, f"{pointer}/{escaped}")
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _pointers(child, f"{pointer}/{index}")
    return found


@pytest.mark.parametrize("path", _files("n"), ids=lambda p: p.name)
def test_every_invalid_suite_file_gives_an_error(path: Path) -> None:
    """Each `n_` file of JSONTestSuite is refused with an error finding and no document."""
    document, findings = load(path.read_bytes(), path.name)
    assert document is None
    assert [f for f in findings if f.severity.label == "error"] != []


@pytest.mark.parametrize("path", _files("y"), ids=lambda p: p.name)
def test_every_valid_suite_file_loads(path: Path) -> None:
    """Each `y_` file loads to the value Python's json reads; only duplicate keys are flagged."""
    document, findings = load(path.read_bytes(), path.name)
    assert document is not None
    assert document.value == json.loads(path.read_bytes())
    expected = ["json-duplicate-key"] if path.name in DUPLICATE_KEY_FILES else []
    assert [f.rule for f in findings] == expected


@pytest.mark.parametrize("path", _files("i"), ids=lambda p: p.name)
def test_implementation_defined_suite_files_are_pinned(path: Path) -> None:
    """Each `i_` file gets exactly the outcome recorded in the table."""
    assert tuple(sorted(set(_rules(path.read_bytes())))) == IMPLEMENTATION_DEFINED[path.name]


def test_the_pinned_table_covers_every_implementation_defined_file() -> None:
    """No `i_` file is left out of the table, and the table names no missing file."""
    assert sorted(IMPLEMENTATION_DEFINED) == [p.name for p in _files("i")]


def test_a_duplicate_key_is_one_finding_on_the_second_key() -> None:
    """The finding sits on the repeat, names the first as related, and the last value wins."""
    document, findings = load(b'{"name":"ab","name":"abc"}', "c.json")
    assert document is not None
    assert document.value == {"name": "abc"}
    (finding,) = findings
    assert finding.rule == "json-duplicate-key"
    assert finding.pointer == "/name"
    assert finding.span == Span(Position(1, 14), Position(1, 20))
    assert [(r.message, r.span) for r in finding.related] == [
        ("first occurrence", Span(Position(1, 2), Position(1, 8)))
    ]
    assert _cut(document, document.value_span("/name")) == '"abc"'


def test_nested_duplicates_keep_only_the_last_values_spans() -> None:
    """Children of an overridden member do not linger in the position map."""
    document, _ = load(b'{"a": {"x": 1}, "a": {"y": 2}}', "c.json")
    assert document is not None
    assert _cut(document, document.value_span("/a/y")) == "2"
    assert _cut(document, document.value_span("/a/x")) == '{"y": 2}'


@pytest.mark.parametrize(
    ("data", "rule", "message", "start", "end"),
    [
        (
            b'{"a": 1,}',
            "json-syntax",
            'trailing comma before "}": JSON allows no comma after the last member; delete it',
            (1, 8),
            (1, 9),
        ),
        (
            b'{"a": 1, "b": }',
            "json-syntax",
            'unexpected character "}": expected a value',
            (1, 15),
            (1, 16),
        ),
        (b"[1, }", "json-syntax", 'unexpected character "}": expected a value', (1, 5), (1, 6)),
        (b'{"a" 1}', "json-syntax", 'expected \':\' after key "a", found "1"', (1, 6), (1, 7)),
        (
            b'{\n  "a": NaN\n}',
            "json-non-finite",
            "NaN is not valid JSON (use null or a number)",
            (2, 8),
            (2, 11),
        ),
        (
            b'["\\ud800"]',
            "json-encoding",
            "lone surrogate escape (high half without low)",
            (1, 3),
            (1, 9),
        ),
        (
            b"\xff\xfe{\x00}\x00",
            "json-encoding",
            "file is UTF-16 (little-endian, with BOM); it must be UTF-8",
            (1, 1),
            (1, 1),
        ),
        (
            b'{"a":\n "\xc3\xa9\xff"}',
            "json-encoding",
            "invalid UTF-8 (byte ff); the file must be UTF-8",
            (2, 4),
            (2, 5),
        ),
        (b"", "json-empty", "file is empty", (1, 1), (1, 1)),
        (
            b"[" * 100_000,
            "json-too-deep",
            f"nesting deeper than {MAX_DEPTH} levels",
            (1, 65),
            (1, 66),
        ),
        (
            b"1" * 5000,
            "json-number-too-long",
            "integer of 5000 digits exceeds the 4300-digit limit",
            (1, 1),
            (1, 5001),
        ),
        (b"[1e999]", "json-number-range", 'number "1e999" is out of range', (1, 2), (1, 7)),
        (
            b"[-1" + b"0" * 309 + b"]",
            "json-number-range",
            "integer of 310 digits is out of range (larger than any double)",
            (1, 2),
            (1, 313),
        ),
        (
            b'{"a": True}',
            "json-syntax",
            'unexpected word "True": expected a value (JSON spells it true)',
            (1, 7),
            (1, 11),
        ),
        (
            b'{"a": "x\x01"}',
            "json-syntax",
            "control character U+0001 in string must be escaped",
            (1, 9),
            (1, 10),
        ),
    ],
)
def test_parse_problems_are_positioned_findings(
    data: bytes, rule: str, message: str, start: tuple[int, int], end: tuple[int, int]
) -> None:
    """Each fatal problem gives one finding, at the offending characters."""
    document, findings = load(data, "p.json")
    assert document is None
    assert [(f.rule, f.message, f.span) for f in findings] == [
        (rule, message, Span(Position(*start), Position(*end)))
    ]


def test_a_bom_is_a_warning_and_the_rest_is_read() -> None:
    """A UTF-8 BOM is accepted with a `json-bom` warning."""
    document, findings = load(b'\xef\xbb\xbf{"a": 1}', "b.json")
    assert document is not None
    assert document.value == {"a": 1}
    assert [(f.rule, f.severity.label) for f in findings] == [("json-bom", "warning")]


def test_messages_never_carry_raw_control_characters() -> None:
    """A control character in the input is shown escaped."""
    _, findings = load(b"\x1b[31m", "c.json")
    assert all(ch.isprintable() for f in findings for ch in f.message)


def test_oversize_finding_only_past_the_limit() -> None:
    """Exactly MAX_BYTES is fine; one byte more is `file-too-large`."""
    assert oversize_finding("f.json", MAX_BYTES) is None
    finding = oversize_finding("f.json", MAX_BYTES + 1)
    assert finding is not None
    assert finding.rule == "file-too-large"


def test_every_rule_reported_is_in_the_catalogue() -> None:
    """Each parse rule id has a catalogue entry."""
    ids = {rule.id for rule in RULES}
    reported = {rule for rules in IMPLEMENTATION_DEFINED.values() for rule in rules}
    assert reported | {"json-syntax", "json-duplicate-key", "json-non-finite", "json-empty"} <= ids


DOCUMENT = {
    "name": 'naïve 😀 "quoted" \\ back',
    "a/b~c": [1, -2.5e3, True, None, {"": []}],
    "nested": {"deep": {"deeper": ["x", {}]}},
    "unicode": "\u00e9\u4e2d\U0001f600",
}


@pytest.mark.parametrize(
    "text",
    [
        json.dumps(DOCUMENT),
        json.dumps(DOCUMENT, separators=(",", ":"), ensure_ascii=False),
        json.dumps(DOCUMENT, indent=2, ensure_ascii=False),
        json.dumps(DOCUMENT, indent="\t").replace("\n", "\r\n"),
        json.dumps(DOCUMENT, indent=1).replace(": ", " :\t ").replace(",\n", "\n ,"),
    ],
    ids=["default", "compact", "indented", "tabs-crlf", "odd-spacing"],
)
def test_every_span_cuts_out_exactly_its_token(text: str) -> None:
    """Cut out of the text, each value span re-parses to the value and each key span is the key."""
    document, findings = load(text.encode(), "s.json")
    assert document is not None
    assert findings == []
    for pointer, value in _pointers(document.value):
        assert json.loads(_cut(document, document.value_span(pointer))) == value, pointer
        if pointer:
            key = pointer.rpartition("/")[2].replace("~1", "/").replace("~0", "~")
            key_span = document.key_span(pointer)
            if isinstance(_parent(document.value, pointer), dict):
                assert key_span is not None
                assert json.loads(_cut(document, key_span)) == key
            else:
                assert key_span is None


def _parent(value: Any, pointer: str) -> Any:
    return dict(_pointers(value))[pointer.rpartition("/")[0]]


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4)
    ),
    max_leaves=20,
)


@given(
    value=json_values,
    indent=st.sampled_from([None, 0, 2, "\t"]),
    ensure_ascii=st.booleans(),
    separators=st.sampled_from([(",", ":"), (", ", ": "), (" , ", " : ")]),
)
@example(value={"k": "\u2028"}, indent=None, ensure_ascii=False, separators=(",", ":"))
def test_spans_are_exact_for_any_json(
    value: Any, indent: Any, ensure_ascii: bool, separators: Any
) -> None:
    """For generated JSON written in many styles, every span cuts out its token."""
    text = json.dumps(value, indent=indent, ensure_ascii=ensure_ascii, separators=separators)
    document, findings = load(text.encode(), "g.json")
    assert document is not None
    assert findings == []
    for pointer, expected in _pointers(document.value):
        assert json.loads(_cut(document, document.value_span(pointer))) == expected


@given(st.binary(max_size=200))
@example(b"\xef\xbb\xbf")
@example(b'{"a":{"a":{"a":1},"a":2},"a":3}')
def test_any_bytes_give_findings_never_an_exception(data: bytes) -> None:
    """The loader is total: arbitrary bytes give a document, findings, or both."""
    document, findings = load(data, "x.json")
    assert document is not None or findings != []
    for finding in findings:
        assert all(ch.isprintable() for ch in finding.message)


@given(st.text(alphabet='{}[]",:0123456789.eE+-truefalsn \\u\n\t', max_size=60))
def test_json_like_noise_never_raises(text: str) -> None:
    """Near-JSON text (the characters JSON is made of, shuffled) never raises."""
    document, _ = load(text.encode(), "n.json")
    if document is not None:
        assert document.value == json.loads(text)


def test_a_document_reads_each_container_once_for_all_its_findings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every place asked for in one document comes from one reading of each container on the
    way (its positional index), however many findings ask."""
    text = json.dumps({"a": {"b": [1, {"c": 2}], "d": 3}, "e": [4, 5]}, indent=2)
    document, _ = load(text.encode(), "f.json")
    assert document is not None
    read: list[int] = []
    members = scanner.members

    def counted(text: str, start: int, places: dict[str, Any]) -> Any:
        read.append(start)
        return members(text, start, places)

    monkeypatch.setattr(scanner, "members", counted)
    pointers = ["/a/b/1/c", "/a/d", "/a/b/0", "/e/1", "/a/b", "/e/0", "/a/x/y", "/a/d"]
    for pointer in pointers * 2:
        document.value_span(pointer)
        document.key_span(pointer)
    assert len(read) == len(set(read)) == 5  # the root, /a, /a/b, /a/b/1 and /e


@pytest.mark.parametrize("duplicate", [b"", b', "a": 1, "a": 1'])
def test_an_integer_too_long_for_a_double_is_out_of_range_like_1e999(duplicate: bytes) -> None:
    """PHP reads an integer beyond 64 bits as a double: with 310 digits, infinity. Both the fast
    parser and the exact scanner (which a duplicate key sends the body to) refuse it."""
    largest = b"9" * scanner.DOUBLE_DIGITS
    fits, _ = load(b'{"n": ' + largest + duplicate + b"}", "p.json")
    document, findings = load(b'{"n": 1' + b"0" * 309 + duplicate + b"}", "p.json")
    assert (fits is not None, document, [f.rule for f in findings]) == (
        True,
        None,
        ["json-number-range"],
    )


COMMENT_MESSAGE = "comment: JSON has no comments; delete it and keep notes outside the payload"


@pytest.mark.parametrize(
    ("data", "message", "start", "end"),
    [
        (b'{\n  // the name\n  "name": "x"}', "a // " + COMMENT_MESSAGE, (2, 3), (2, 14)),
        (b'{"name": // why\n "x"}', "a // " + COMMENT_MESSAGE, (1, 10), (1, 16)),
        (b'{"name": "x" /* why */}', "a /* */ " + COMMENT_MESSAGE, (1, 14), (1, 23)),
        (b'{"name": "x"}\r\n// end\r\n', "a // " + COMMENT_MESSAGE, (2, 1), (2, 7)),
        (b'["x", /* why\n */ "y"]', "a /* */ " + COMMENT_MESSAGE, (1, 7), (1, 13)),
    ],
)
def test_a_comment_is_named_as_a_comment_and_spans_it(
    data: bytes, message: str, start: tuple[int, int], end: tuple[int, int]
) -> None:
    """A // or /* */ comment, wherever it stands, is called a comment, spanned to its end (or the
    end of its line), with what to do instead."""
    document, findings = load(data, "c.json")
    assert document is None
    assert [(f.rule, f.message, f.span) for f in findings] == [
        ("json-syntax", message, Span(Position(*start), Position(*end)))
    ]


@pytest.mark.parametrize(
    ("data", "message", "at"),
    [
        (
            b'{"a": 1,\n}',
            'trailing comma before "}": JSON allows no comma after the last member',
            (1, 8),
        ),
        (
            b"[1, 2,  ]",
            'trailing comma before "]": JSON allows no comma after the last item',
            (1, 6),
        ),
        (
            b'{"a": [1,\n\t]}',
            'trailing comma before "]": JSON allows no comma after the last item',
            (1, 9),
        ),
    ],
)
def test_a_trailing_comma_is_reported_on_the_comma(
    data: bytes, message: str, at: tuple[int, int]
) -> None:
    """The finding points at the comma to delete, not at the bracket after it."""
    _, findings = load(data, "c.json")
    assert [(f.message, f.span.start) for f in findings] == [
        (message + "; delete it", Position(*at))
    ]
