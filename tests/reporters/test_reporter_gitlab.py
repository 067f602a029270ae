"""Specification of the GitLab Code Quality reporter: the issues GitLab's merge request widget
reads, with the severity mapping and fingerprints stated in the module's docstring."""

from __future__ import annotations

import json
from typing import Any

import pytest
from campaign_contract.findings import Edit, Finding, Fix, Position, RuleInfo, Severity, Span
from campaign_contract.reporters import FORMATS, Report, get_reporter
from campaign_contract.reporters.escape import safe_json
from campaign_contract.reporters.gitlab import GitlabReporter
from campaign_contract.reporters.sarif import FINGERPRINT_KEY, SarifReporter
from finding_strategies import FINDINGS
from hypothesis import given
from hypothesis import strategies as st

GITLAB_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}
HINTED = Finding(
    "schema-type",
    Severity.ERROR,
    'send_amount must be an integer, got "1000" (a string)',
    "campaigns/spring.json",
    "/meta/manual_data/send_amount",
    Span.at(10, 22, 6),
    hint="manual_data may also be null",
)
WARNING = Finding("no-segments", Severity.WARNING, "no segment", "./campaigns/a.json", "/meta")
NOTE = Finding("safe-change", Severity.NOTE, "a safe change", "schemas/x.json", "/properties")
SUPPRESSED = Finding("read-only-field", Severity.WARNING, "m", "b.json", "/meta", suppressed=True)


def make_report(*findings: Finding) -> Report:
    rules = {f.rule: RuleInfo(f.rule, f.severity, "s", "e") for f in findings}
    return Report(tuple(findings), files_checked=2, rules=rules, tool_version="0.1.0")


def render(*findings: Finding) -> list[dict[str, Any]]:
    issues: list[dict[str, Any]] = json.loads(GitlabReporter().render(make_report(*findings)))
    return issues


def test_an_issue_has_the_fields_gitlab_reads() -> None:
    """Description with the hint, rule as check name, severity, relative path and lines."""
    (issue,) = render(HINTED)
    expected = {
        "description": 'send_amount must be an integer, got "1000" (a string) '
        "(hint: manual_data may also be null)",
        "check_name": "schema-type",
        "fingerprint": issue["fingerprint"],
        "severity": "major",
        "location": {"path": "campaigns/spring.json", "lines": {"begin": 10, "end": 10}},
    }
    assert expected == issue


def test_every_issue_has_the_required_fields_with_gitlab_values() -> None:
    """Each issue carries every documented field, a known severity and a unique fingerprint."""
    issues = render(HINTED, WARNING, NOTE, HINTED)
    for issue in issues:
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] in GITLAB_SEVERITIES
        assert isinstance(issue["location"]["lines"]["begin"], int)
        assert not issue["location"]["path"].startswith("./")
    assert len({issue["fingerprint"] for issue in issues}) == len(issues)


@pytest.mark.parametrize(
    ("severity", "expected"),
    [(Severity.ERROR, "major"), (Severity.WARNING, "minor"), (Severity.NOTE, "info")],
)
def test_severities_map_to_gitlab_levels(severity: Severity, expected: str) -> None:
    """error -> major, warning -> minor, note -> info."""
    (issue,) = render(HINTED._replace(severity=severity))
    assert expected == issue["severity"]


def test_paths_lose_a_leading_dot_slash() -> None:
    """GitLab links `campaigns/a.json`, never `./campaigns/a.json`."""
    (issue,) = render(WARNING)
    assert issue["location"]["path"] == "campaigns/a.json"


@pytest.mark.parametrize(
    ("span", "lines"),
    [
        (Span(Position(1, 1), Position(1, 1)), {"begin": 1, "end": 1}),  # the whole file
        (Span(Position(3, 5), Position(7, 2)), {"begin": 3, "end": 7}),
        (Span(Position(3, 5), Position(4, 1)), {"begin": 3, "end": 3}),  # ends with line 3
    ],
)
def test_lines_are_the_first_and_last_line_of_the_span(span: Span, lines: dict[str, int]) -> None:
    """`end` is exclusive, so a span ending at column 1 ends on the line before."""
    (issue,) = render(HINTED._replace(span=span))
    assert lines == issue["location"]["lines"]


def test_suppressed_findings_are_left_out() -> None:
    """A baseline-accepted finding is not an issue in the merge request."""
    assert render(SUPPRESSED) == []
    assert [issue["check_name"] for issue in render(SUPPRESSED, NOTE)] == ["safe-change"]


def test_no_finding_is_an_empty_array() -> None:
    """A clean run is an empty report, which GitLab reads as no issues."""
    assert GitlabReporter().render(make_report()) == "[]\n"


def test_fingerprints_survive_moved_lines_and_tell_duplicates_apart() -> None:
    """Moving a finding keeps its fingerprint; two identical findings get two fingerprints."""
    moved = HINTED._replace(span=Span.at(40, 1, 6))
    assert render(HINTED)[0]["fingerprint"] == render(moved)[0]["fingerprint"]
    first, second = render(HINTED, moved)
    assert first["fingerprint"] != second["fingerprint"]


def test_fingerprints_are_the_sarif_partial_fingerprints() -> None:
    """The same finding has the same identity in a GitLab report and in a SARIF log."""
    findings = (HINTED, WARNING, HINTED._replace(span=Span.at(40, 1, 6)))
    log = json.loads(SarifReporter().render(make_report(*findings)))
    sarif = [result["partialFingerprints"][FINGERPRINT_KEY] for result in log["runs"][0]["results"]]
    assert sarif == [issue["fingerprint"] for issue in render(*findings)]


def test_control_characters_are_escaped_in_the_text_and_kept_in_the_data() -> None:
    """A direction override from the input is written as `\\u202e`, and decodes back."""
    tricky = HINTED._replace(message="name \u202eevil", file="dir/\u202ea.json")
    output = GitlabReporter().render(make_report(tricky))
    assert "\u202e" not in output
    (issue,) = json.loads(output)
    assert (issue["description"].split(" (hint")[0], issue["location"]["path"]) == (
        "name \u202eevil",
        "dir/\u202ea.json",
    )


def test_reporter_is_registered_as_gitlab() -> None:
    """`--format gitlab` finds this reporter through the one registry of formats."""
    assert isinstance(get_reporter("gitlab"), GitlabReporter)
    assert "gitlab" in FORMATS


def test_the_description_names_the_fix_and_its_option() -> None:
    """A finding --fix can repair says so, and how; an unsafe one names --unsafe-fixes."""
    edit = Edit(Span.at(10, 22, 6), "1000")
    safe = HINTED._replace(fix=Fix("write 1000 without quotes", (edit,)))
    unsafe = WARNING._replace(fix=Fix("remove it", (edit,), safe=False))
    first, second = render(safe, unsafe)
    assert first["description"].endswith(
        "(fix: write 1000 without quotes (validate-campaign --fix))"
    )
    assert second["description"].endswith(
        "(fix: remove it (validate-campaign --fix --unsafe-fixes))"
    )


@given(st.lists(FINDINGS, max_size=4))
def test_each_issue_is_written_as_json_dumps_writes_it(findings: list[Finding]) -> None:
    """Issues are written as text directly, yet each line is `json.dumps` of its own value
    (with what `safe_json` escapes escaped)."""
    output = GitlabReporter().render(make_report(*findings))
    written = [line.strip(" ,") for line in output.splitlines()[1:-1]]
    assert [safe_json(json.dumps(json.loads(line), ensure_ascii=False)) for line in written] == (
        written
    )
    assert len([finding for finding in findings if not finding.suppressed]) == len(written)
