"""The `json` output format: one versioned object, described by `output-schema/findings-v2`.

Stable for machines: from version 2 on, a release may add keys (readers ignore the ones they do
not know); removing, renaming or changing the meaning of one bumps `version`. Version 2 added
each finding's `fix`. Positions are 1-based, columns count characters, and `end` is exclusive.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Final

from campaign_contract.findings import Finding, Fix, Related, Severity, Span
from campaign_contract.reporters.base import Report, files_with_findings
from campaign_contract.reporters.escape import json_string, safe_json

VERSION = 2


# Each finding is written as text directly, member by member, exactly as
# `json.dumps(value, ensure_ascii=False)` writes the object (`", "` and `": "` between, keys in
# this order): a big run has tens of thousands of findings, and building a dict for each and
# starting the encoder on it cost several times as much.
_BOOLEANS: Final = ("false", "true")


def _optional(text: str | None) -> str:
    return "null" if text is None else json_string(text)


def _span(span: Span) -> str:
    start, end = span
    return (
        f'"start": {{"line": {start.line}, "column": {start.column}}}, '
        f'"end": {{"line": {end.line}, "column": {end.column}}}'
    )


def _related(related: Related, file: str) -> str:
    other = related.file if related.file is not None else file
    return (
        f'{{"message": {json_string(related.message)}, "file": {json_string(other)}, '
        f'"pointer": {json_string(related.pointer)}, {_span(related.span)}}}'
    )


def _fix(fix: Fix | None) -> str:
    if fix is None:
        return "null"
    edits = ", ".join(
        f'{{{_span(edit.span)}, "text": {json_string(edit.text)}}}' for edit in fix.edits
    )
    description = json_string(fix.description)
    return f'{{"description": {description}, "safe": {_BOOLEANS[fix.safe]}, "edits": [{edits}]}}'


def _finding(finding: Finding) -> str:
    """The finding's object, on one line."""
    related = ", ".join(_related(related, finding.file) for related in finding.related)
    return (
        f'{{"file": {json_string(finding.file)}, "rule": {json_string(finding.rule)}, '
        f'"severity": "{finding.severity.label}", "message": {json_string(finding.message)}, '
        f'"pointer": {json_string(finding.pointer)}, {_span(finding.span)}, '
        f'"related": [{related}], '
        f'"hint": {_optional(finding.hint)}, "suppressed": {_BOOLEANS[finding.suppressed]}, '
        f'"fix": {_fix(finding.fix)}}}'
    )


def summary(report: Report) -> dict[str, int]:
    """Counts of the run's findings; suppressed (baselined) findings are counted apart."""
    active = [finding for finding in report.findings if not finding.suppressed]
    return {
        "files_checked": report.files_checked,
        "files_with_findings": files_with_findings(report),
        "errors": sum(finding.severity == Severity.ERROR for finding in active),
        "warnings": sum(finding.severity == Severity.WARNING for finding in active),
        "notes": sum(finding.severity == Severity.NOTE for finding in active),
        "suppressed": len(report.findings) - len(active),
    }


class JsonReporter:
    """Renders a run as the versioned JSON document."""

    def render(self, report: Report) -> str:
        return "".join(self.chunks(report))

    def chunks(self, report: Report) -> Iterator[str]:
        """The document in pieces, one finding at a time, for writing as it is made: one finding
        per line, each escaped on its own."""
        tool = safe_json(json.dumps({"name": "validate-campaign", "version": report.tool_version}))
        yield f'{{\n  "version": {VERSION},\n  "tool": {tool},\n  "findings": '
        separator = "[\n    "
        for finding in report.findings:
            yield separator + safe_json(_finding(finding))
            separator = ",\n    "
        yield "[]" if separator == "[\n    " else "\n  ]"
        yield f',\n  "summary": {json.dumps(summary(report))}\n}}\n'
