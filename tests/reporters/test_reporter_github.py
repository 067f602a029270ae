"""Specification of the GitHub Actions reporter: escaped annotations, caps and step summary."""

from __future__ import annotations

import re

import pytest
from campaign_contract.findings import Edit, Finding, Fix, Position, RuleInfo, Severity, Span
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


def test_at_most_ten_per_level_then_the_rest_as_log_lines_and_a_notice() -> None:
    """12 errors and 10 notes: 10 errors and 9 notices annotated, the 3 others as log lines in
    a group, then a notice counting them and saying where they are."""
    errors = [
        Finding("r", Severity.ERROR, f"e{i}", "a.json", "", Span.at(i, 1)) for i in range(1, 13)
    ]
    notes = [
        Finding("r", Severity.NOTE, f"n{i}", "a.json", "", Span.at(i, 1)) for i in range(1, 11)
    ]
    lines = GithubReporter().render(make_report(*notes, *errors)).splitlines()
    levels = [parse(line)[0] for line in lines[:19]]
    assert levels == ["error"] * 10 + ["notice"] * 9
    expected_rest = [
        "::group::validate-campaign: 3 findings not shown as annotations",
        "- a.json:11:1: error r: e11",
        "- a.json:12:1: error r: e12",
        "- a.json:10:1: note r: n10",
        "::endgroup::",
        "::notice title=validate-campaign::3 more findings not shown as annotations "
        "(GitHub shows 10 per level): listed in the log above",
    ]
    assert expected_rest == lines[19:]


def test_the_notice_names_the_job_summary_only_when_one_was_written() -> None:
    """`step_summary=True` (the run wrote `$GITHUB_STEP_SUMMARY`) adds it to the notice."""
    errors = [
        Finding("r", Severity.ERROR, f"e{i}", "a.json", "", Span.at(i, 1)) for i in range(1, 12)
    ]
    last = GithubReporter(step_summary=True).render(make_report(*errors)).splitlines()[-1]
    assert last.endswith("listed in the log above and in the job summary")
    assert "summary" not in GithubReporter().render(make_report(*errors))


def test_suppressed_findings_are_log_lines_not_annotations() -> None:
    """Baseline-accepted findings stay out of the annotations but not out of the log; they
    need no notice."""
    finding = Finding("r", Severity.ERROR, "m", "a.json", suppressed=True)
    expected = (
        "::group::validate-campaign: 1 finding not shown as annotations\n"
        "- a.json:1:1: error r: m (suppressed)\n"
        "::endgroup::\n"
    )
    assert expected == GithubReporter().render(make_report(finding))


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


def test_step_summary_puts_findings_about_the_arguments_in_no_file() -> None:
    """A pattern that matched nothing names no checked file: the heading does not say its
    finding is "in" the files checked, as the text summary does not."""
    no_match = Finding("glob-no-match", Severity.ERROR, "no file matches", "x*.json")
    in_a_file = Finding("r", Severity.ERROR, "m", "a.json")
    report = make_report(no_match)._replace(checked=frozenset({"a.json", "b.json", "c.json"}))
    mixed = make_report(no_match, in_a_file)._replace(checked=report.checked)
    assert step_summary(report).startswith("### validate-campaign: 1 finding; 3 files checked\n")
    assert step_summary(mixed).startswith("### validate-campaign: 2 findings in 3 files\n")


def test_reporter_is_registered_as_github() -> None:
    """`--format github` finds this reporter through the name table."""
    assert isinstance(get_reporter("github"), GithubReporter)


def test_annotations_escape_control_characters_and_direction_overrides() -> None:
    """ESC, BEL, direction overrides and undecodable bytes from a file name or a key reach
    the log as `\\xNN`/`\\uNNNN` text; line breaks in a message stay (escaped as `%0A`)."""
    finding = Finding(
        "r",
        Severity.ERROR,
        'unknown key "\x1b]0;x\x07\u202e"\nsecond line',
        "a\x1b[31m\u2066\udcff.json",
        hint="\x9b1m",
    )
    (line,) = GithubReporter().render(make_report(finding)).splitlines()
    _, properties, message = parse(line)
    assert properties["file"] == "a\\x1b[31m\\u2066\\xff.json"
    assert message == 'unknown key "\\x1b]0;x\\x07\\u202e"\nsecond line\nhint: \\x9b1m'
    assert not any(character in line for character in "\x1b\x07\u202e\u2066\x9b\udcff")


@pytest.mark.parametrize(
    "name",
    ["::warning::x.json", "  ::add-mask::x", "a##[error]b.json", "##[group]x", "x\n::error::y"],
)
def test_log_lines_cannot_be_taken_for_workflow_commands(name: str) -> None:
    """A left-out finding's log line never starts with `::` (after blanks) nor holds `##[`,
    the runner's two command syntaxes, whatever the file is called."""
    finding = Finding("r", Severity.ERROR, "m", name, suppressed=True)
    lines = GithubReporter().render(make_report(finding)).splitlines()
    assert lines[0].startswith("::group::")
    assert lines[-1] == "::endgroup::"
    (log_line,) = lines[1:-1]
    assert not log_line.lstrip().startswith("::")
    assert "##[" not in log_line
    assert log_line.startswith("- ")


def test_step_summary_escapes_markdown_and_control_characters() -> None:
    """Links, images, HTML, entities and emphasis from the input stay text (a backslash is
    escaped too, so the `\\x1b` written for ESC shows as it is)."""
    finding = Finding(
        "r", Severity.ERROR, "![x](https://e.invalid/p.png) <b>&#8238;</b> *a_b*", "\x1b`c`.json"
    )
    row = step_summary(make_report(finding)).splitlines()[-1]
    assert row == (
        "| error | \\\\x1b\\`c\\`.json | 1 | r | !\\[x\\](https://e.invalid/p.png) "
        "\\<b\\>\\&#8238;\\</b\\> \\*a\\_b\\* |"
    )


def test_step_summary_stays_under_its_limit_and_counts_the_rest() -> None:
    """GitHub takes at most 1 MiB of summary: rows that do not fit are counted, with a
    pointer to the log, and the text stays within the limit given."""
    findings = [
        Finding("r", Severity.ERROR, "m" * 80, f"f{index:03d}.json") for index in range(100)
    ]
    whole = step_summary(make_report(*findings))
    cut = step_summary(make_report(*findings), limit=4096)
    assert len(cut.encode("utf-8")) <= 4096 < len(whole.encode("utf-8"))
    rows = [line for line in cut.splitlines() if line.startswith("| error |")]
    assert (
        cut.splitlines()[-1]
        == f"{100 - len(rows)} more findings (over GitHub's 1 MiB): see the log."
    )
    assert whole == step_summary(make_report(*findings), limit=1 << 20)


def test_an_annotation_names_the_fix_on_its_last_line() -> None:
    """The fix follows the message (and hint) on a line of its own."""
    fix = Fix('rename "a" to "b"', (Edit(Span.at(1, 2, 3), '"b"'),))
    finding = Finding("r", Severity.ERROR, "unknown key", "p.json", "/a", Span.at(1, 2, 3), fix=fix)
    (line,) = [
        x
        for x in GithubReporter().render(make_report(finding)).splitlines()
        if x.startswith("::error")
    ]
    assert parse(line)[2] == 'unknown key\nfix: rename "a" to "b" (validate-campaign --fix)'
