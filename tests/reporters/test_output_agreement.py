"""Text, JSON, SARIF, GitHub and GitLab output of one run place every finding at the same place."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from campaign_contract.lint.runner import Options, run
from campaign_contract.reporters.sarif import utf16_column
from workflow_commands import unescape_data, unescape_property

EXAMPLES = Path(__file__).parents[2] / "examples" / "invalid"
# Non-ASCII text before the mistakes, so that SARIF's UTF-16 columns differ from characters.
WIDE = (
    '{"name": "Été 😀 campaign", "meta": {"send_type": "planner", "planner_data": {\n'
    '  "days_of_week": ["Mon"], "weekly_sms_contact_limit": 1, "daily_sms_contact_limit": 3,\n'
    '  "weekly_schedule": {"Mon": {"start": "😀", "end": "09:00"}}}}}\n'
)
Place = tuple[str, str, int, int, int, int]


@pytest.fixture
def payloads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A few invalid examples and a non-ASCII file, with paths relative to the run's folder."""
    for name in ("bad-enum.json", "misspelt-key.json", "bad-time-window.json", "wrong-type.json"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    (tmp_path / "wide.json").write_text(WIDE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return sorted(path.name for path in tmp_path.iterdir())


def _output(paths: list[str], format_: str) -> str:
    out = io.StringIO()
    run(Options(tuple(paths), format=format_), stdout=out)
    return out.getvalue()


def _json_places(paths: list[str]) -> list[Place]:
    findings = json.loads(_output(paths, "json"))["findings"]
    return [
        (
            f["file"],
            f["rule"],
            f["start"]["line"],
            f["start"]["column"],
            f["end"]["line"],
            f["end"]["column"],
        )
        for f in findings
    ]


def _lines(file: str) -> list[str]:
    return Path(file).read_text(encoding="utf-8").split("\n")


def test_text_output_starts_where_json_does(payloads: list[str]) -> None:
    """Each `path:line:col: severity rule:` line matches a JSON finding's start, in order."""
    text = _output(payloads, "text")
    found = re.findall(r"^(\S+):(\d+):(\d+): \w+ ([\w-]+): ", text, flags=re.MULTILINE)
    expected = [
        (file, str(line), str(col), rule) for file, rule, line, col, _, _ in _json_places(payloads)
    ]
    assert [(f, line, col, rule) for f, line, col, rule in found] == expected


def test_sarif_regions_are_the_json_spans_in_utf16_units(payloads: list[str]) -> None:
    """SARIF regions are the JSON spans, columns converted to UTF-16 code units."""
    log: dict[str, Any] = json.loads(_output(payloads, "sarif"))
    results = log["runs"][0]["results"]
    actual = []
    for result in results:
        location = result["locations"][0]["physicalLocation"]
        region = location["region"]
        actual.append(
            (
                location["artifactLocation"]["uri"],
                result["ruleId"],
                region["startLine"],
                region["startColumn"],
                region["endLine"],
                region["endColumn"],
            )
        )
    expected = []
    for file, rule, line, col, end_line, end_col in _json_places(payloads):
        lines = _lines(file)
        expected.append(
            (
                file,
                rule,
                line,
                utf16_column(lines[line - 1], col),
                end_line,
                utf16_column(lines[end_line - 1], end_col),
            )
        )
    assert sorted(actual) == sorted(expected)
    assert any(a != e for a, e in zip(sorted(actual), sorted(_json_places(payloads)), strict=True))


def test_github_annotations_carry_the_json_spans(payloads: list[str]) -> None:
    """Each annotation names the JSON finding's file, lines and (one-line spans) columns."""
    annotations = []
    for command in _output(payloads, "github").splitlines():
        match = re.fullmatch(r"::(error|warning|notice) (.*?)::(.*)", command)
        assert match is not None, command
        properties = dict(part.split("=", 1) for part in match.group(2).split(","))
        properties = {key: unescape_property(value) for key, value in properties.items()}
        rule = properties["title"].rsplit(" (", 1)[0]
        place = (properties["file"], rule, int(properties["line"]), int(properties["endLine"]))
        columns = (
            (int(properties["col"]), int(properties["endColumn"])) if "col" in properties else None
        )
        annotations.append((place, columns, unescape_data(match.group(3))))
    expected = []
    for file, rule, line, col, end_line, end_col in _json_places(payloads):
        columns = (col, end_col) if line == end_line else None
        expected.append(((file, rule, line, end_line), columns))
    assert sorted((place, columns) for place, columns, _ in annotations) == sorted(expected)


def test_gitlab_issues_carry_the_json_files_rules_and_lines(payloads: list[str]) -> None:
    """Each Code Quality issue names the JSON finding's file, rule, first and last line."""
    issues = json.loads(_output(payloads, "gitlab"))
    actual = [
        (
            issue["location"]["path"],
            issue["check_name"],
            issue["location"]["lines"]["begin"],
            issue["location"]["lines"]["end"],
        )
        for issue in issues
    ]
    expected = [(file, rule, line, end) for file, rule, line, _, end, _ in _json_places(payloads)]
    assert expected == actual
