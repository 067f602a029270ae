"""The `json` output format: one versioned object, described by `output-schema/findings-v2`.

Stable for machines: from version 2 on, a release may add keys (readers ignore the ones they do
not know); removing, renaming or changing the meaning of one bumps `version`. Version 2 added
each finding's `fix`. Positions are 1-based, columns count characters, and `end` is exclusive.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from campaign_contract.findings import Finding, Fix, Related, Severity, Span
from campaign_contract.reporters.base import Report
from campaign_contract.reporters.escape import safe_json

VERSION = 2


def _span(span: Span) -> dict[str, Any]:
    return {
        "start": {"line": span.start.line, "column": span.start.column},
        "end": {"line": span.end.line, "column": span.end.column},
    }


def _related(related: Related, file: str) -> dict[str, Any]:
    return {
        "message": related.message,
        "file": related.file if related.file is not None else file,
        "pointer": related.pointer,
        **_span(related.span),
    }


def _fix(fix: Fix | None) -> dict[str, Any] | None:
    if fix is None:
        return None
    edits = [{**_span(edit.span), "text": edit.text} for edit in fix.edits]
    return {"description": fix.description, "safe": fix.safe, "edits": edits}


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        "file": finding.file,
        "rule": finding.rule,
        "severity": finding.severity.label,
        "message": finding.message,
        "pointer": finding.pointer,
        **_span(finding.span),
        "related": [_related(related, finding.file) for related in finding.related],
        "hint": finding.hint,
        "suppressed": finding.suppressed,
        "fix": _fix(finding.fix),
    }


def summary(report: Report) -> dict[str, int]:
    """Counts of the run's findings; suppressed (baselined) findings are counted apart."""
    active = [finding for finding in report.findings if not finding.suppressed]
    return {
        "files_checked": report.files_checked,
        "files_with_findings": len({finding.file for finding in active}),
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
        per line, each serialised by the C encoder and escaped on its own."""
        tool = safe_json(json.dumps({"name": "validate-campaign", "version": report.tool_version}))
        yield f'{{\n  "version": {VERSION},\n  "tool": {tool},\n  "findings": '
        separator = "[\n    "
        for finding in report.findings:
            yield separator + safe_json(json.dumps(_finding(finding), ensure_ascii=False))
            separator = ",\n    "
        yield "[]" if separator == "[\n    " else "\n  ]"
        yield f',\n  "summary": {json.dumps(summary(report))}\n}}\n'
