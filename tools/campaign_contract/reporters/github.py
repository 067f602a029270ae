"""GitHub Actions output: workflow-command annotations, and a Markdown step summary.

GitHub shows at most 10 annotations of each level per step, so the most severe findings come
first and, when some do not fit, a last notice says how many were left out (the step summary
lists them all). Findings suppressed by a baseline are not annotated; the summary marks them.
Columns are given only for findings on one line, as GitHub ignores them otherwise.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Final

from campaign_contract.findings import WHOLE_FILE, Finding, Severity
from campaign_contract.reporters.base import Report

MAX_PER_LEVEL: Final = 10
COMMANDS: Final = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "notice"}

_DATA_ESCAPES: Final = {"%": "%25", "\r": "%0D", "\n": "%0A"}
_PROPERTY_ESCAPES: Final = {**_DATA_ESCAPES, ":": "%3A", ",": "%2C"}


def _translate(text: str, table: dict[str, str]) -> str:
    pattern = "|".join(re.escape(key) for key in table)
    return re.sub(pattern, lambda match: table[match.group()], text)


def escape_data(text: str) -> str:
    """`text` as the message of a workflow command (`%`, CR and LF escaped)."""
    return _translate(text, _DATA_ESCAPES)


def escape_property(text: str) -> str:
    """`text` as a workflow-command property value (also `:` and `,` escaped)."""
    return _translate(text, _PROPERTY_ESCAPES)


def annotation(finding: Finding) -> str:
    """The workflow command annotating `finding`."""
    properties = {"file": finding.file}
    span = finding.span
    if span != WHOLE_FILE:
        properties |= {"line": str(span.start.line), "endLine": str(span.end.line)}
        if span.start.line == span.end.line:
            properties |= {"col": str(span.start.column), "endColumn": str(span.end.column)}
    else:
        properties["line"] = "1"
    properties["title"] = f"{finding.rule} ({finding.severity.label})"
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    message = (
        finding.message if finding.hint is None else f"{finding.message}\nhint: {finding.hint}"
    )
    return f"::{COMMANDS[finding.severity]} {rendered}::{escape_data(message)}"


class GithubReporter:
    """Renders unsuppressed findings as annotations, most severe first, 10 per level."""

    def render(self, report: Report) -> str:
        """One workflow command per line; empty when there is nothing to annotate."""
        shown = [finding for finding in report.findings if not finding.suppressed]
        shown.sort(key=lambda finding: (-finding.severity, finding.sort_key))
        total = Counter(finding.severity for finding in shown)
        overflow = any(count > MAX_PER_LEVEL for count in total.values())
        # the closing notice must itself fit under the notice cap
        limits = dict.fromkeys(Severity, MAX_PER_LEVEL)
        if overflow:
            limits[Severity.NOTE] = MAX_PER_LEVEL - 1
        emitted: Counter[Severity] = Counter()
        lines = []
        for finding in shown:
            if emitted[finding.severity] < limits[finding.severity]:
                emitted[finding.severity] += 1
                lines.append(annotation(finding))
        left_out = len(shown) - len(lines)
        if left_out:
            message = (
                f"{left_out} more finding{'s' if left_out != 1 else ''} not shown as "
                "annotations (GitHub shows 10 per level); see the job summary or the log"
            )
            lines.append(f"::notice title=validate-campaign::{escape_data(message)}")
        return "".join(line + "\n" for line in lines)


def _cell(text: str) -> str:
    """`text` safe inside a Markdown table cell: `|` escaped, line breaks as `<br>`."""
    escaped = text.replace("\\", "\\\\").replace("|", "\\|")
    return re.sub(r"\r\n|\r|\n", "<br>", escaped)


def step_summary(report: Report) -> str:
    """A Markdown table of every finding, for `$GITHUB_STEP_SUMMARY`."""
    count = len(report.findings)
    files = f"{report.files_checked} file{'s' if report.files_checked != 1 else ''}"
    heading = f"### validate-campaign: {count} finding{'s' if count != 1 else ''} in {files}"
    if not count:
        return heading + "\n"
    lines = [
        heading,
        "",
        "| severity | file | line | rule | message |",
        "|---|---|---:|---|---|",
    ]
    for finding in report.findings:
        severity = finding.severity.label + (" (baseline)" if finding.suppressed else "")
        cells = (
            severity,
            finding.file,
            str(finding.span.start.line),
            finding.rule,
            finding.message,
        )
        lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    return "\n".join(lines) + "\n"
