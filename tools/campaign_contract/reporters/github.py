"""GitHub Actions output: workflow-command annotations, and a Markdown step summary.

GitHub shows at most 10 annotations of each level per step, so the most severe findings come
first. No finding is lost: those that do not fit, and those a baseline accepts (never
annotated), follow as plain log lines in a collapsed group, and a last notice counts the ones
left out and says where they are: in the log, and in the job summary when the run wrote one
(`GithubReporter(step_summary=True)`). Columns are given only for findings on one line, as
GitHub ignores them otherwise.

Everything taken from the input (file names, keys and values in messages) is made `printable`
first (control characters, direction overrides and undecodable bytes written as `\\xNN` or
`\\uNNNN`), then escaped for the workflow command. A plain log line never starts with `::` and
never holds `##[`, so the runner cannot take it for a command.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Final

from campaign_contract.findings import WHOLE_FILE, Finding, Severity
from campaign_contract.reporters.base import Report, fix_note
from campaign_contract.reporters.escape import printable, printable_lines

MAX_PER_LEVEL: Final = 10
COMMANDS: Final = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "notice"}

_DATA_ESCAPES: Final = {"%": "%25", "\r": "%0D", "\n": "%0A"}
_PROPERTY_ESCAPES: Final = {**_DATA_ESCAPES, ":": "%3A", ",": "%2C"}
_OLD_COMMAND: Final = "##["
"""The prefix of the runner's older command syntax, recognised anywhere in a line."""


def _translate(text: str, table: dict[str, str]) -> str:
    pattern = "|".join(re.escape(key) for key in table)
    return re.sub(pattern, lambda match: table[match.group()], text)


def escape_data(text: str) -> str:
    """`text` as the message of a workflow command (`%`, CR and LF escaped)."""
    return _translate(text, _DATA_ESCAPES)


def escape_property(text: str) -> str:
    """`text` as a workflow-command property value (also `:` and `,` escaped)."""
    return _translate(text, _PROPERTY_ESCAPES)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def annotation(finding: Finding) -> str:
    """The workflow command annotating `finding`."""
    properties = {"file": printable(finding.file)}
    span = finding.span
    if span != WHOLE_FILE:
        properties |= {"line": str(span.start.line), "endLine": str(span.end.line)}
        if span.start.line == span.end.line:
            properties |= {"col": str(span.start.column), "endColumn": str(span.end.column)}
    else:
        properties["line"] = "1"
    properties["title"] = printable(f"{finding.rule} ({finding.severity.label})")
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    message = printable_lines(finding.message)
    if finding.hint is not None:
        message += f"\nhint: {printable_lines(finding.hint)}"
    fix = fix_note(finding)
    if fix is not None:
        message += f"\nfix: {printable_lines(fix)}"
    return f"::{COMMANDS[finding.severity]} {rendered}::{escape_data(message)}"


def log_line(finding: Finding) -> str:
    """`finding` as a plain line of the job log: `- file:line:column: severity rule: message`."""
    start = finding.span.start
    hint = f" (hint: {finding.hint})" if finding.hint is not None else ""
    fix = fix_note(finding)
    hint += f" (fix: {fix})" if fix is not None else ""
    tag = " (suppressed)" if finding.suppressed else ""
    text = printable(
        f"{finding.file}:{start.line}:{start.column}: {finding.severity.label} {finding.rule}: "
        f"{finding.message}{hint}{tag}"
    )
    return "- " + text.replace(_OLD_COMMAND, "##\\x5b")


class GithubReporter:
    """Renders findings as annotations, most severe first, 10 per level, then the rest as log
    lines; `step_summary` says that the job summary lists them all too."""

    def __init__(self, step_summary: bool = False) -> None:
        self.step_summary = step_summary

    def render(self, report: Report) -> str:
        """One workflow command or log line per line; empty when there is no finding."""
        ordered = sorted(report.findings, key=lambda finding: (-finding.severity, finding.sort_key))
        shown = [finding for finding in ordered if not finding.suppressed]
        total = Counter(finding.severity for finding in shown)
        overflow = any(count > MAX_PER_LEVEL for count in total.values())
        # the closing notice must itself fit under the notice cap
        limits = dict.fromkeys(Severity, MAX_PER_LEVEL)
        if overflow:
            limits[Severity.NOTE] = MAX_PER_LEVEL - 1
        emitted: Counter[Severity] = Counter()
        lines = []
        rest = []
        for finding in ordered:
            if not finding.suppressed and emitted[finding.severity] < limits[finding.severity]:
                emitted[finding.severity] += 1
                lines.append(annotation(finding))
            else:
                rest.append(finding)
        if rest:
            title = f"validate-campaign: {_plural(len(rest), 'finding')} not shown as annotations"
            lines.append(f"::group::{escape_data(title)}")
            lines += [log_line(finding) for finding in rest]
            lines.append("::endgroup::")
        left_out = len(shown) - sum(emitted.values())
        if left_out:
            where = "in the log above" + (" and in the job summary" if self.step_summary else "")
            message = (
                f"{left_out} more finding{'s' if left_out != 1 else ''} not shown as "
                f"annotations (GitHub shows 10 per level): listed {where}"
            )
            lines.append(f"::notice title=validate-campaign::{escape_data(message)}")
        return "".join(line + "\n" for line in lines)


_MARKDOWN: Final = re.compile(r"[\\`*_\[\]<>|~&]")
"""Characters that Markdown could read as formatting, links, HTML or entities."""


def _cell(text: str) -> str:
    """`text` safe inside a Markdown table cell: printable, Markdown characters escaped with a
    backslash, line breaks as `<br>`."""
    lines = printable_lines(re.sub(r"\r\n|\r", "\n", text))
    return _MARKDOWN.sub(lambda match: "\\" + match.group(), lines).replace("\n", "<br>")


def step_summary(report: Report, limit: int | None = None) -> str:
    """A Markdown table of every finding, for `$GITHUB_STEP_SUMMARY`; with `limit`, at most that
    many UTF-8 bytes (GitHub refuses a summary over 1 MiB), the rows that do not fit counted in
    a last line that points to the log."""
    count = len(report.findings)
    files = f"{report.files_checked} file{'s' if report.files_checked != 1 else ''}"
    findings = f"{count} finding{'s' if count != 1 else ''}"
    checked = report.checked
    if count and checked is not None and not any(f.file in checked for f in report.findings):
        # every finding is about the arguments or the configuration, none about a checked file
        heading = f"### validate-campaign: {findings}; {files} checked"
    else:
        heading = f"### validate-campaign: {findings} in {files}"
    if not count:
        return heading + "\n"
    lines = [
        heading,
        "",
        "| severity | file | line | rule | message |",
        "|---|---|---:|---|---|",
    ]
    size = sum(len(line.encode("utf-8")) + 1 for line in lines)
    room = None if limit is None else limit - 200  # the last line's share
    for index, finding in enumerate(report.findings):
        severity = finding.severity.label + (" (baseline)" if finding.suppressed else "")
        cells = (
            severity,
            finding.file,
            str(finding.span.start.line),
            finding.rule,
            finding.message,
        )
        row = "| " + " | ".join(_cell(cell) for cell in cells) + " |"
        size += len(row.encode("utf-8")) + 1
        if room is not None and size > room:
            left = count - index
            lines += ["", f"{_plural(left, 'more finding')} (over GitHub's 1 MiB): see the log."]
            break
        lines.append(row)
    return "\n".join(lines) + "\n"
