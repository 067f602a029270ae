"""Specification of the GitHub Actions reporter: escaped annotations, caps and step summary."""

from __future__ import annotations

import re

import pytest
from campaign_contract.findings import Finding, Position, RuleInfo, Severity, Span
from campaign_contract.reporters import Report, get_reporter
from campaign_contract.reporters.github import (
    GithubReporter,
    escape_data,
    escape_property,
    step_summary,
)
from workflow_commands import unescape_data, unescape_property

COMMAND = re.compile(r"::(?P<level>\w+) (?P<properties>[^:]*)::(?P<message>.*)")


def make_report(*findings: Finding) -> Report:
    rules = {"r": RuleInfo("r", Severity.ERROR, "s", "e")}
    return Report(findings=tuple(findings), files_checked=3, rules=rules, tool_version="0.1.0")


def parse(line: str) -> tuple[str, dict[str, str], str]:
    """A workflow command split the way the runner splits it, then unescaped."""
    match = COMMAND.fullmatch(line)
    assert match is not None, line
    properties = dict(item.split("=", 1) for item in match["properties"].split(","))
    unescaped = {key: unescape_property(value) for key, value in properties.items()}
    return match["level"], unescaped, unescape_data(match["message"])


def test_path_and_message_round_trip_through_the_escaping() -> None:
    """A path with `,` and `:` and a message with `%` and a newline come back unchanged."""
    finding = Finding(
        "r", Severity.ERROR, "100% wrong\nsecond line", "dir,a/b:c.json", "/x", Span.at(2, 3, 4)
    )
    (line,) = GithubReporter().render(make_report(finding)).splitlines()
    level, properties, message = parse(line)
    assert level == "error"
    expected = {
        "file": "dir,a/b:c.json",
        "line": "2",
        "endLine": "2",
        "col": "3",
        "endColumn": "7",
        "title": "r (error)",
    }
    assert expected == properties
    assert message == "100% wrong\nsecond line"


@pytest.mark.parametrize("text", ["%0A", "a%25b", "x:,y\r\n%", ""])
def test_unescaping_inverts_escaping(text: str) -> None:
    """Escaped text, even text that looks escaped already, unescapes to itself."""
    assert text == unescape_data(escape_data(text))
    assert text == unescape_property(escape_property(text))


def test_multiline_span_has_no_columns() -> None:
    """Columns are given only when the span is on one line."""
    finding = Finding(
        "r", Severity.WARNING, "m", "a.json", "", Span(Position(2, 3), Position(4, 2))
    )
    _, properties, _ = parse(GithubReporter().render(make_report(finding)).strip())
    assert {"file", "line", "endLine", "title"} == set(properties)


def test_levels_map_to_error_warning_and_notice() -> None:
    """Notes become notices; the most severe findings come first."""
    findings = [
        Finding("r", severity, "m", "a.json", "", Span.at(line, 1))
        for line, severity in enumerate(Severity, start=1)
    ]
    levels = [
        parse(line)[0] for line in GithubReporter().render(make_report(*findings)).splitlines()
    ]
    assert levels == ["error", "warning", "notice"]


def test_at_most_ten_per_level_then_one_notice_counts_the_rest() -> None:
    """12 errors and 10 notes: 10 errors, 9 notices, and a notice naming the 3 left out."""
    errors = [
        Finding("r", Severity.ERROR, f"e{i}", "a.json", "", Span.at(i, 1)) for i in range(1, 13)
    ]
    notes = [
        Finding("r", Severity.NOTE, f"n{i}", "a.json", "", Span.at(i, 1)) for i in range(1, 11)
    ]
    lines = GithubReporter().render(make_report(*notes, *errors)).splitlines()
    levels = [parse(line)[0] if " " in line.split("::")[1] else "summary" for line in lines]
    assert levels.count("error") == 10
    assert levels[:10] == ["error"] * 10
    assert len(lines) == 20
    assert lines[-1] == (
        "::notice title=validate-campaign::3 more findings not shown as annotations "
        "(GitHub shows 10 per level); see the job summary or the log"
    )


def test_suppressed_findings_are_not_annotated() -> None:
    """Baseline-accepted findings stay out of the annotations."""
    finding = Finding("r", Severity.ERROR, "m", "a.json", suppressed=True)
    assert GithubReporter().render(make_report(finding)) == ""


def test_step_summary_escapes_cells() -> None:
    """The Markdown table escapes `|` and turns line breaks into `<br>`."""
    finding = Finding("r", Severity.ERROR, "a | b\nc", "x|y.json", "", Span.at(4, 1))
    suppressed = Finding("r", Severity.NOTE, "old", "z.json", suppressed=True)
    expected = (
        "### validate-campaign: 2 findings in 3 files\n"
        "\n"
        "| severity | file | line | rule | message |\n"
        "|---|---|---:|---|---|\n"
        "| error | x\\|y.json | 4 | r | a \\| b<br>c |\n"
        "| note (baseline) | z.json | 1 | r | old |\n"
    )
    assert expected == step_summary(make_report(finding, suppressed))


def test_step_summary_without_findings() -> None:
    """A clean run still gets a heading."""
    assert step_summary(make_report()) == "### validate-campaign: 0 findings in 3 files\n"


def test_reporter_is_registered_as_github() -> None:
    """`--format github` finds this reporter through the name table."""
    assert isinstance(get_reporter("github"), GithubReporter)
