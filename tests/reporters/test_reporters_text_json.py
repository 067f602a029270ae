"""Specification of the text and JSON output formats."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
from campaign_contract.findings import (
    ORDER,
    Edit,
    Finding,
    Fix,
    Related,
    RuleInfo,
    Severity,
    Span,
)
from campaign_contract.reporters import Report, get_reporter
from campaign_contract.reporters.escape import safe_json
from campaign_contract.reporters.text import TextReporter, code_frame, display_width
from finding_strategies import FINDINGS
from hypothesis import given
from hypothesis import strategies as st

SOURCE = ['{"name": "ab",', '  "meta": {"send_type": "Manual"}}']
TYPE_ERROR = Finding(
    "schema-enum",
    Severity.ERROR,
    '"Manual" is not a valid send_type',
    "dir/p.json",
    "/meta/send_type",
    Span.at(2, 25, 8),
    hint="values are lower case",
)
DUPLICATE = Finding(
    "json-duplicate-key",
    Severity.WARNING,
    'duplicate key "name"',
    "dir/p.json",
    "/name",
    Span.at(1, 2, 6),
    related=(Related("first occurrence", "/name", Span.at(1, 2, 6)),),
)


def report(*findings: Finding, files: int = 3) -> Report:
    def line_text(file: str, line: int) -> str | None:
        return SOURCE[line - 1] if file == "dir/p.json" else None

    rules = {f.rule: RuleInfo(f.rule, f.severity, "s", "e") for f in findings}
    return Report(tuple(findings), files, rules, "9.9", line_text)


def test_text_finding_line_frame_and_summary() -> None:
    """Location, severity, rule, message; the source line with carets; hint; summary."""
    expected = (
        'dir/p.json:2:25: error schema-enum: "Manual" is not a valid send_type\n'
        '    2 |   "meta": {"send_type": "Manual"}}\n'
        "      |                         ^^^^^^^^\n"
        "      = hint: values are lower case\n"
        "1 error in 1 of 3 files\n"
    )
    assert expected == TextReporter().render(report(TYPE_ERROR))


def test_text_shows_related_locations() -> None:
    """A duplicate key names the first occurrence as a related location."""
    output = TextReporter().render(report(DUPLICATE))
    assert "      = related: dir/p.json:1:2: first occurrence\n" in output
    assert output.endswith("1 warning in 1 of 3 files\n")


def test_text_summary_when_clean() -> None:
    """A clean run says so, with the number of files checked."""
    assert TextReporter().render(report(files=1)) == "no problems in 1 file\n"


def test_text_summary_never_counts_more_files_with_findings_than_files_checked() -> None:
    """A finding about an argument (a pattern that matched nothing) names no checked file: the
    summary says how many files were checked instead of "2 of 1 files"."""
    no_match = Finding("glob-no-match", Severity.ERROR, "no file matches", "x*.json")
    assert (
        TextReporter()
        .render(report(TYPE_ERROR, no_match, files=1))
        .endswith("2 errors; 1 file checked\n")
    )


def test_summaries_count_only_checked_files_among_files_with_findings() -> None:
    """Findings about a pattern that matched nothing or about the configuration name no checked
    file: neither summary counts them as a file with findings."""
    no_match = Finding("glob-no-match", Severity.ERROR, "no file matches", "x*.json")
    unused = Finding("unused-suppression", Severity.WARNING, "matches nothing", "pyproject.toml")
    only_arguments = report(no_match, unused, files=1)._replace(checked=frozenset({"dir/p.json"}))
    mixed = report(TYPE_ERROR, no_match, files=2)._replace(
        checked=frozenset({"dir/p.json", "dir/q.json"})
    )

    assert TextReporter().render(only_arguments).endswith("1 error, 1 warning; 1 file checked\n")
    assert TextReporter().render(mixed).endswith("2 errors in 1 of 2 files\n")
    counts = [
        json.loads(get_reporter("json").render(run))["summary"]["files_with_findings"]
        for run in (only_arguments, mixed)
    ]
    assert counts == [0, 1]


def test_text_summary_names_what_suppressed_the_findings() -> None:
    """The linter's summary names the baseline; another caller (the gate) names its own."""
    accepted = TYPE_ERROR._replace(suppressed=True)
    by_baseline = TextReporter().render(report(accepted, files=1))
    by_bump = TextReporter().render(report(accepted, files=1)._replace(suppressed_by="a bump"))
    assert by_baseline.endswith("no problems in 1 file (1 suppressed by the baseline)\n")
    assert by_bump.endswith("no problems in 1 file (1 suppressed by a bump)\n")


def test_carets_line_up_under_wide_characters_by_display_width() -> None:
    """Emoji and CJK characters take two columns on a terminal; the carets count columns."""
    line = '{"name": "🎉🎉 春のセール", "meta": {"send_type": "manul"}}'
    span = Span.at(1, 44, 7)
    frame = code_frame(line, 1, span)
    assert frame == [
        "    1 | " + line,
        "      | " + " " * (43 + 2 + 5) + "^" * 7,
    ]


def test_carets_count_combining_marks_and_joiners_as_no_column() -> None:
    """An accent written as a combining mark, and a joined emoji, do not push the carets."""
    assert display_width("e\u0301") == 1
    assert display_width("👩\u200d💻") == 4
    assert display_width("ab") == 2
    assert display_width("春") == 2


def test_text_colour_only_when_asked() -> None:
    """ANSI escapes appear with color=True and never otherwise."""
    assert "\x1b[" not in TextReporter().render(report(TYPE_ERROR))
    assert "\x1b[1;31merror\x1b[0m" in TextReporter(color=True).render(report(TYPE_ERROR))


def test_text_escapes_control_characters_from_the_input() -> None:
    """A file name or message holding escape sequences is printed escaped."""
    evil = Finding("file-not-found", Severity.ERROR, "no such file \x1b[2J", "a\x1b]0;x\x07.json")
    output = TextReporter().render(report(evil))
    assert "\x1b" not in output
    assert "\x07" not in output
    assert "a\\x1b]0;x\\x07.json:1:1" in output


def test_json_output_follows_its_published_schema() -> None:
    """The JSON report validates against output-schema/findings-v2.schema.json."""
    schema_text = (
        resources.files("campaign_contract") / "output-schema" / "findings-v2.schema.json"
    ).read_text(encoding="utf-8")
    document = json.loads(get_reporter("json").render(report(TYPE_ERROR, DUPLICATE)))
    jsonschema.Draft202012Validator(json.loads(schema_text)).validate(document)
    expected_summary = {
        "files_checked": 3,
        "files_with_findings": 1,
        "errors": 1,
        "warnings": 1,
        "notes": 0,
        "suppressed": 0,
    }
    assert expected_summary == document["summary"]


def test_json_finding_fields() -> None:
    """Each finding carries file, rule, severity, message, pointer, start and end."""
    document = json.loads(get_reporter("json").render(report(TYPE_ERROR)))
    expected = {
        "file": "dir/p.json",
        "rule": "schema-enum",
        "severity": "error",
        "message": '"Manual" is not a valid send_type',
        "pointer": "/meta/send_type",
        "start": {"line": 2, "column": 25},
        "end": {"line": 2, "column": 33},
        "related": [],
        "hint": "values are lower case",
        "suppressed": False,
        "fix": None,
    }
    assert [expected] == document["findings"]


def test_json_output_has_no_raw_control_characters() -> None:
    """C1 controls and direction overrides, which json.dumps leaves raw, are escaped."""
    evil = Finding("file-not-found", Severity.ERROR, "x\u009b\u202e\x7f", "f\x1b.json")
    output = get_reporter("json").render(report(evil))
    assert not any((ord(c) < 0x20 and c != "\n") or 0x7F <= ord(c) <= 0x9F for c in output)
    assert "\u202e" not in output
    assert json.loads(output)["findings"][0]["message"] == "x\u009b\u202e\x7f"


FIXABLE = Finding(
    "schema-unknown-key",
    Severity.ERROR,
    "unknown key",
    "p.json",
    "/a",
    Span.at(1, 2, 3),
    fix=Fix('rename "b" to "a"', (Edit(Span.at(1, 2, 3), '"a"'),)),
)


def _schema() -> dict[str, object]:
    text = resources.files("campaign_contract") / "output-schema" / "findings-v2.schema.json"
    schema: dict[str, object] = json.loads(text.read_text(encoding="utf-8"))
    return schema


def test_json_findings_say_whether_a_fix_exists_and_what_it_edits() -> None:
    """`fix` is null or the description, safety and edits (start, end exclusive, text)."""
    document = json.loads(get_reporter("json").render(report(FIXABLE)))
    jsonschema.Draft202012Validator(_schema()).validate(document)
    assert document["version"] == 2
    assert document["findings"][0]["fix"] == {
        "description": 'rename "b" to "a"',
        "safe": True,
        "edits": [
            {"start": {"line": 1, "column": 2}, "end": {"line": 1, "column": 5}, "text": '"a"'}
        ],
    }


def test_every_key_the_json_format_writes_is_declared_in_its_schema() -> None:
    """The schema is open (additions need no new version) so it cannot catch an undeclared key
    by itself: every key written is checked against the declared properties here."""
    schema = _schema()
    definitions: dict[str, dict[str, object]] = schema["$defs"]  # type: ignore[assignment]
    document = json.loads(get_reporter("json").render(report(FIXABLE, DUPLICATE)))

    def declared(node: dict[str, object]) -> set[str]:
        return set(node["properties"])  # type: ignore[arg-type]

    assert set(document) == declared(schema)
    finding = definitions["Finding"]
    for item in document["findings"]:
        assert set(item) == declared(finding) == set(finding["required"])  # type: ignore[arg-type]
        for edit in item["fix"]["edits"] if item["fix"] else []:
            assert set(edit) == declared(definitions["Edit"])


def test_every_severity_is_labelled_by_its_name_in_lower_case() -> None:
    """Every format prints `Severity.label`, a table by value: it must stay the name."""
    assert [severity.name.lower() for severity in Severity] == [s.label for s in Severity]


@given(st.lists(FINDINGS, max_size=4))
def test_each_json_finding_is_written_as_json_dumps_writes_it(findings: list[Finding]) -> None:
    """Findings are written as text directly, yet each line is `json.dumps` of its own value
    (with what `safe_json` escapes escaped), and the document reads back."""
    output = get_reporter("json").render(report(*findings))
    lines = output.splitlines()[4 : 4 + len(findings)]
    written = [line.strip(" ,") for line in lines]
    assert [safe_json(json.dumps(json.loads(line), ensure_ascii=False)) for line in written] == (
        written
    )
    assert len(findings) == len(json.loads(output)["findings"])


@given(st.lists(FINDINGS, max_size=6))
def test_findings_are_ordered_by_file_place_rule_and_message(findings: list[Finding]) -> None:
    """Findings are ordered by file, then start and end, then rule and message: `ORDER`, which
    sorts many findings cheaply, and each finding's `sort_key` both say so."""
    expected = [(f.file, f.span.start, f.span.end, f.rule, f.message) for f in findings]
    assert [ORDER(finding) for finding in findings] == expected
    assert [finding.sort_key for finding in findings] == expected
