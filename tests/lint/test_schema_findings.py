"""Specification of schema findings: anchored where the mistake is, worded to help fix it."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest
from campaign_contract import source
from campaign_contract.errors import SchemaError
from campaign_contract.lint.runner import validate_bytes, validate_file
from campaign_contract.lint.schema_findings import SchemaValidator
from campaign_contract.schema import SchemaSet
from hypothesis import given
from hypothesis import strategies as st
from payloads import EXAMPLES, boundary_cases

if TYPE_CHECKING:
    from campaign_contract.findings import Finding, Span

INVALID = EXAMPLES / "invalid"
FAULT_LABELS = ("wrong-type", "unknown-key", "below-minimum", "missing-required")
FAULTS = [
    case
    for case in boundary_cases()
    if not case.valid and (case.id.rpartition(":")[2] in FAULT_LABELS or ":near-miss-" in case.id)
]


def cut(text: str, span: Span) -> str:
    """The source text covered by `span` (lines split on \\n, columns in characters)."""
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    start = offsets[span.start.line - 1] + span.start.column - 1
    end = offsets[span.end.line - 1] + span.end.column - 1
    return text[start:end]


def only(findings: list[Finding]) -> Finding:
    assert len(findings) == 1, findings
    return findings[0]


def test_every_invalid_example_has_schema_findings_only() -> None:
    """Each invalid example yields schema findings and nothing from the loader."""
    for path in sorted(INVALID.glob("*.json")):
        findings = validate_file(path)
        assert findings, path.name
        assert all(f.rule.startswith("schema-") for f in findings), (path.name, findings)


def test_valid_examples_have_no_schema_findings() -> None:
    """The valid examples pass the schema (the loader may still warn, e.g. about nothing)."""
    for path in sorted((EXAMPLES / "valid").glob("*.json")):
        assert [f for f in validate_file(path) if f.rule.startswith("schema-")] == [], path.name


def test_misspelt_key_is_one_finding_suggesting_the_right_key() -> None:
    """`send_amout` gives exactly one finding, on the key, suggesting `send_amount`."""
    path = INVALID / "misspelt-key.json"
    finding = only(validate_file(path))
    assert (finding.rule, finding.pointer) == ("schema-unknown-key", "/meta/manual_data/send_amout")
    assert 'did you mean "send_amount"?' in finding.message
    assert cut(path.read_text(encoding="utf-8"), finding.span) == '"send_amout"'


def test_misspelt_required_key_absorbs_the_missing_key_finding() -> None:
    """`nmae` for the required `name` is one finding, not unknown + missing."""
    data = b'{"nmae": "Spring", "meta": {"send_type": "manual", "manual_data": {}}}'
    finding = only(validate_bytes(data, "p.json"))
    expected = 'unknown key "nmae"; did you mean "name"? (a required key, missing here)'
    assert (finding.rule, finding.message) == ("schema-unknown-key", expected)


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (
            "bad-enum.json",
            '"Manual" is not a valid send_type; did you mean "manual"? '
            '(expected one of "manual", "multistep", "planner")',
        ),
        ("wrong-type.json", 'send_amount must be an integer, got "1000" (a string)'),
        ("below-minimum.json", "send_amount must be at least 1, got 0 (an integer)"),
        ("missing-required.json", 'missing required key "name"'),
    ],
)
def test_messages_of_examples(file: str, message: str) -> None:
    """The examples' single mistakes read as intended."""
    assert only(validate_file(INVALID / file)).message == message


@pytest.mark.parametrize(
    ("typed", "allowed"),
    [("sunday", "Sun"), ("Wednesday", "Wed"), ("monday", "Mon"), ("SAT", "Sat"), ("Thurs", "Thu")],
)
def test_a_weekday_in_full_or_another_case_is_reported_on_the_value_with_its_spelling(
    typed: str, allowed: str
) -> None:
    """`"sunday"` in days_of_week: a schema-enum finding spanning the string, suggesting `Sun`,
    without the "may also be null" hint of the planner_data object."""
    text = (
        '{"name": "Spring", "meta": {"send_type": "planner", '
        f'"planner_data": {{"days_of_week": ["{typed}"]}}}}}}'
    )
    finding = only(validate_bytes(text.encode(), "p.json"))
    assert (finding.rule, finding.pointer, cut(text, finding.span), finding.hint) == (
        "schema-enum",
        "/meta/planner_data/days_of_week/0",
        f'"{typed}"',
        None,
    )
    assert finding.message == (
        f'"{typed}" is not a valid days_of_week[0]; did you mean "{allowed}"? '
        '(expected one of "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")'
    )


def test_near_miss_weekday_is_suggested() -> None:
    """`mon` suggests `Mon`."""
    finding = only(validate_file(INVALID / "bad-weekday.json"))
    assert 'did you mean "Mon"?' in finding.message


def test_missing_key_sits_on_the_opening_brace() -> None:
    """A missing required key is anchored at the `{` of the object that lacks it."""
    text = '{"name": "Spring",\n  "meta": {"segment_ids": []}}'
    finding = only(validate_bytes(text.encode(), "p.json"))
    assert (finding.pointer, finding.span.start.line, finding.span.start.column) == ("/meta", 2, 11)
    assert cut(text, finding.span) == "{"


def test_duplicate_items_point_at_the_repeat_and_the_first() -> None:
    """A repeated list item is reported on the repeat, with the first as a related place."""
    finding = only(validate_file(INVALID / "duplicate-segment.json"))
    assert finding.rule == "schema-unique-items"
    assert finding.pointer == "/meta/segment_ids/1"
    assert [r.pointer for r in finding.related] == ["/meta/segment_ids/0"]


def test_a_wrong_object_or_null_value_is_one_type_finding() -> None:
    """A number where an object or null is expected gives one finding naming both types."""
    data = b'{"name": "Spring", "meta": {"send_type": "manual", "manual_data": 7}}'
    finding = only(validate_bytes(data, "p.json"))
    assert finding.message == "manual_data must be an object or null, got 7 (an integer)"


def test_errors_inside_an_object_or_null_value_come_from_the_object_branch() -> None:
    """Inside an anyOf [object, null], the object's own errors are reported, without the hint
    "manual_data may also be null": following it would trade the finding for
    send-type-data-missing."""
    data = b'{"name": "Spring", "meta": {"send_type": "manual", "manual_data": {"send_amount": 0}}}'
    finding = only(validate_bytes(data, "p.json"))
    assert (finding.rule, finding.pointer) == ("schema-range", "/meta/manual_data/send_amount")
    assert finding.hint is None


def test_an_unknown_key_in_an_object_or_null_value_has_no_null_hint() -> None:
    """The mistake is the key, so the hint that the object may be null is left out."""
    data = b'{"name": "Spring", "meta": {"send_type": "manual", "manual_data": {"sendamount": 5}}}'
    finding = only(validate_bytes(data, "p.json"))
    assert (finding.rule, finding.hint) == ("schema-unknown-key", None)
    assert 'did you mean "send_amount"?' in finding.message


def test_the_null_hint_is_given_when_the_mistake_is_the_object_itself() -> None:
    """A missing required key of an object-or-null member keeps "n may also be null"."""
    branches = [{"type": "object", "required": ["a"]}, {"type": "null"}]
    validator = _validator_for({"properties": {"n": {"anyOf": branches}}})
    finding = only(_check(validator, '{"n": {}}'))
    assert (finding.rule, finding.pointer, finding.hint) == (
        "schema-required",
        "/n",
        "n may also be null",
    )


def test_all_errors_are_reported_sorted_by_position() -> None:
    """Several mistakes give several findings, in source order."""
    data = b'{"name": 1, "meta": {"send_type": "x", "priority": 2}, "status": "Draft"}'
    findings = validate_bytes(data, "p.json")
    assert [f.pointer for f in findings] == [
        "/name",
        "/meta/send_type",
        "/meta/priority",
        "/status",
    ]


LAYOUTS = {
    "compact": {"separators": (",", ":")},
    "indented": {"indent": 2},
    "odd": {"indent": "\t ", "separators": (" ,  ", " :\t")},
}


@given(
    case=st.sampled_from(FAULTS),
    layout=st.sampled_from(sorted(LAYOUTS)),
    ascii_only=st.booleans(),
    name=st.text(
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=3, max_size=12
    ),
)
def test_findings_span_exactly_the_faulty_token(
    case: Any, layout: str, ascii_only: bool, name: str
) -> None:
    """One injected fault is reported at its pointer; the span cut from the text is its token."""
    payload = json.loads(json.dumps(case.payload))
    if case.pointer != "/name":
        payload["name"] = name
    text = json.dumps(payload, ensure_ascii=ascii_only, **LAYOUTS[layout])
    findings = validate_bytes(text.encode("utf-8"), "p.json")
    label = case.id.rpartition(":")[2]
    parent, _, key = case.pointer.rpartition("/")
    if label == "missing-required":
        expected_pointer, token = parent, "{"
    elif label == "unknown-key":
        expected_pointer, token = case.pointer, json.dumps(key, ensure_ascii=ascii_only)
    else:
        node = payload
        for part in case.pointer.split("/")[1:]:
            node = node[int(part)] if isinstance(node, list) else node[part]
        expected_pointer, token = case.pointer, json.dumps(node, ensure_ascii=ascii_only)
    at_pointer = [f for f in findings if f.pointer == expected_pointer]
    assert at_pointer, (findings, expected_pointer)
    assert [cut(text, f.span) for f in at_pointer] == [token] * len(at_pointer)


def test_property_covers_every_fault_kind() -> None:
    """The fault catalogue holds wrong types, unknown keys, near-miss enums and low integers."""
    labels = {case.id.rpartition(":")[2].split("-")[0] for case in FAULTS}
    assert {"wrong", "unknown", "near", "below", "missing"} <= labels


def test_examples_folder_is_the_corpus() -> None:
    """Sanity: the invalid examples exist (the tests above would pass vacuously otherwise)."""
    assert len(list(INVALID.glob("*.json"))) >= 10


def _readme_rows(heading: str) -> list[str]:
    text = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    section = text.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    return [line.split("`")[1] for line in section.splitlines() if line.startswith("| `")]


def test_the_examples_readme_lists_exactly_the_files_of_each_folder() -> None:
    """Every example is described once in examples/README.md, and nothing else is."""
    for folder in ("valid", "invalid"):
        files = sorted(path.name for path in (EXAMPLES / folder).glob("*.json"))
        assert files == sorted(_readme_rows(f"{folder}/")), folder


def test_each_invalid_example_is_exactly_one_finding_as_its_readme_says() -> None:
    """ "Exactly one mistake, reported as exactly one finding": one finding per invalid file."""
    assert "reports as exactly one\nfinding" in (EXAMPLES / "README.md").read_text()
    counts = {path.name: len(validate_file(path)) for path in sorted(INVALID.glob("*.json"))}
    assert counts == dict.fromkeys(counts, 1)


def _validator_for(schema: dict[str, Any]) -> SchemaValidator:
    document = {"$id": "https://campaign-contract.invalid/schemas/test.schema.json", **schema}
    return SchemaValidator.build(SchemaSet({"test.schema.json": document}), "test.schema.json")


def _check(validator: SchemaValidator, text: str) -> list[Finding]:
    document, findings = source.load(text.encode(), "t.json")
    assert document is not None, findings
    return validator.check(document, "t.json")


def test_one_of_matching_several_alternatives_is_reported() -> None:
    """A oneOf matched by two alternatives is a finding, not silently dropped."""
    validator = _validator_for(
        {"properties": {"n": {"oneOf": [{"type": "integer"}, {"minimum": 0}]}}}
    )
    finding = only(_check(validator, '{"n": 5}'))
    assert (finding.rule, finding.pointer) == ("schema-other", "/n")
    assert finding.message == "n must match exactly one alternative, got 5"


def test_one_of_matching_none_reports_the_closest_alternative() -> None:
    """A oneOf matched by no alternative reports the errors of the closest one."""
    branches = [{"type": "object", "required": ["a"]}, {"type": "string"}]
    validator = _validator_for({"properties": {"n": {"oneOf": branches}}})
    finding = only(_check(validator, '{"n": {"b": 1}}'))
    assert (finding.rule, finding.message) == ("schema-required", 'n is missing required key "a"')
    assert finding.hint == "n may also be a string"


def test_a_schema_that_cannot_compile_is_a_schema_error() -> None:
    """A broken schema raises SchemaError (exit 3 in the CLI), never a raw engine error."""
    with pytest.raises(SchemaError):
        _validator_for({"type": 5})


def test_a_pasted_response_envelope_is_named_as_one_on_its_data_key() -> None:
    """`{"data": {...}}` is one finding on `data` saying the request body is inside it, not a
    wall of missing and unknown keys."""
    text = '{"data": {"name": "Spring", "meta": {"send_type": "manual"}}, "links": {}}'
    findings = validate_bytes(text.encode(), "p.json")
    assert [(f.rule, f.pointer, f.message, f.hint) for f in findings] == [
        (
            "schema-unknown-key",
            "/data",
            'this looks like a response envelope; the request body is the object inside "data"',
            'send the value of "data" on its own',
        ),
        ("schema-unknown-key", "/links", 'unknown key "links"', None),
    ]
    assert cut(text, findings[0].span) == '"data"'


def test_a_request_with_a_data_key_beside_its_name_is_no_envelope() -> None:
    """With `name` at the top, `data` is just an unknown key of the request."""
    text = '{"name": "Spring", "meta": {"send_type": "manual", "manual_data": {}}, "data": {}}'
    finding = only(validate_bytes(text.encode(), "p.json"))
    assert (finding.rule, finding.message) == ("schema-unknown-key", 'unknown key "data"')


def test_a_top_level_editor_schema_string_is_part_of_the_contract() -> None:
    """`"$schema": "..."` at the top (how editors find a schema) is accepted; a non-string is a
    type finding, and inside `meta` it is still an unknown key."""
    valid = (
        b'{"$schema": "./c.json", "name": "Spring", '
        b'"meta": {"send_type": "manual", "manual_data": {}}}'
    )
    assert validate_bytes(valid, "p.json") == []
    wrong = valid.replace(b'"./c.json"', b"1")
    assert [(f.rule, f.pointer) for f in validate_bytes(wrong, "p.json")] == [
        ("schema-type", "/$schema")
    ]
    nested = (
        b'{"name": "Spring", "meta": {"$schema": "x", "send_type": "manual", "manual_data": {}}}'
    )
    assert [f.rule for f in validate_bytes(nested, "p.json")] == ["schema-unknown-key"]
