"""SARIF 2.1.0 output, for GitHub code scanning and any other SARIF viewer.

Decisions:
- Columns are UTF-16 code units (SARIF's default, stated as `columnKind`), converted from our
  character columns with `report.line_text`; GitHub code scanning reads columns that way.
  When a line's text is unavailable the character column is kept (equal for BMP-only text).
- File locations are relative URIs, percent-escaped, with `uriBaseId` `%SRCROOT%` (the checkout
  root when uploaded from CI); absolute paths become `file://` URIs without a base.
- `partialFingerprints["campaignContract/v2"]` is the baseline fingerprint (rule, file, pointer,
  offending value; no line numbers, no message) plus an ordinal among identical ones, so alerts
  keep their identity when unrelated lines move or a message is reworded (`v1` hashed the
  message).
- Findings accepted by the baseline or a configured suppression carry
  `suppressions: [{"kind": "external"}]`.
- A finding that `--fix` can repair carries `fixes`: one fix whose `artifactChanges` replace
  each edit's `deletedRegion` (explicit columns, even for an insertion) with `insertedContent`;
  an unsafe fix says in its description that it needs `--unsafe-fixes`.
- The driver's `informationUri` is the project's address (`findings.PROJECT_URL`); each rule of
  the catalogue has a `helpUri` to its section of docs/rules.md (`RuleInfo.help_uri`) and a
  `name`, its id in PascalCase (`json-bom` -> `JsonBom`), the readable identifier SARIF viewers
  show. A rule missing from the report's catalogue has no section to link to, so no `helpUri`.
- Message texts are made `printable` (control characters and direction overrides from file
  names, keys and values written as `\\xNN`/`\\uNNNN`), as viewers show them as they are. A byte
  of a file name that is not UTF-8 is percent-encoded in the URI (`%FF`, so the URI still names
  the file) and written `\\xNN` in texts; the log is always valid UTF-8.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterator
from pathlib import PurePath
from typing import Any, Final
from urllib.parse import quote

from campaign_contract.findings import (
    PROJECT_URL,
    WHOLE_FILE,
    Finding,
    Fix,
    Position,
    RuleInfo,
    Span,
)
from campaign_contract.reporters.base import Report, numbered_fingerprints
from campaign_contract.reporters.escape import printable, safe_json

SCHEMA_URI: Final = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
TOOL_NAME: Final = "validate-campaign"
FINGERPRINT_KEY: Final = "campaignContract/v2"

LineText = Callable[[str, int], str | None]


def artifact_location(file: str) -> dict[str, str]:
    """The SARIF `artifactLocation` of `file`: relative and escaped, or an absolute file URI."""
    path = PurePath(file)
    if path.is_absolute():
        return {"uri": _absolute_uri(path)}
    return {"uri": _quote(path.as_posix(), safe="/"), "uriBaseId": "%SRCROOT%"}


_shared_location = functools.lru_cache(maxsize=64)(artifact_location)
"""`artifact_location`, once per file of a run (a file's findings come together): the results
share the dict, which nothing changes."""


def _quote(text: str, safe: str) -> str:
    """`text` percent-encoded as UTF-8; the undecodable bytes of a file name (kept by Python
    as lone surrogates) as the bytes they were."""
    try:
        return quote(text, safe=safe, errors="surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate that was never a byte
        return quote(text, safe=safe, errors="backslashreplace")


def _absolute_uri(path: PurePath) -> str:
    posix = path.as_posix()
    if not posix.startswith("/"):
        posix = "/" + posix  # a Windows drive: file:///C:/...
    return "file://" + _quote(posix, safe="/:")


def utf16_column(line: str | None, column: int) -> int:
    """Character column `column` of `line` as a 1-based UTF-16 code unit column."""
    if line is None:
        return column
    prefix = line[: column - 1]
    beyond = max(0, column - 1 - len(line))
    return 1 + len(prefix.encode("utf-16-le")) // 2 + beyond


def region(file: str, span: Span, line_text: LineText) -> dict[str, int]:
    """The SARIF `region` of `span`; the whole-file span becomes just line 1."""
    if span == WHOLE_FILE:
        return {"startLine": 1}

    def column(position: Position) -> int:
        return utf16_column(line_text(file, position.line), position.column)

    return {
        "startLine": span.start.line,
        "startColumn": column(span.start),
        "endLine": span.end.line,
        "endColumn": column(span.end),
    }


def _fix(file: str, fix: Fix, line_text: LineText) -> dict[str, Any]:
    """The SARIF `fix` object of `fix` in `file`."""

    def column(position: Position) -> int:
        return utf16_column(line_text(file, position.line), position.column)

    replacements = [
        {
            "deletedRegion": {
                "startLine": edit.span.start.line,
                "startColumn": column(edit.span.start),
                "endLine": edit.span.end.line,
                "endColumn": column(edit.span.end),
            },
            "insertedContent": {"text": edit.text},
        }
        for edit in fix.edits
    ]
    note = "" if fix.safe else " (unsafe: validate-campaign --fix --unsafe-fixes)"
    return {
        "description": {"text": printable(fix.description + note)},
        "artifactChanges": [
            {"artifactLocation": artifact_location(file), "replacements": replacements}
        ],
    }


def _location(file: str, span: Span, line_text: LineText) -> dict[str, Any]:
    return {
        "physicalLocation": {
            "artifactLocation": _shared_location(file),
            "region": region(file, span, line_text),
        }
    }


def rule_name(rule_id: str) -> str:
    """The SARIF `name` of a rule: its id in PascalCase, `json-bom` -> `JsonBom`."""
    return "".join(word[:1].upper() + word[1:] for word in rule_id.split("-"))


def rule_descriptor(rule: RuleInfo, catalogued: bool = True) -> dict[str, Any]:
    """A SARIF `reportingDescriptor` for a rule; only a `catalogued` one links to its docs."""
    markdown = [f"**{rule.id}**: {rule.summary}", "", rule.explanation]
    if rule.valid_example:
        markdown += ["", "Accepted:", "", "```json", rule.valid_example, "```"]
    if rule.invalid_example:
        markdown += ["", "Reported:", "", "```json", rule.invalid_example, "```"]
    return {
        "id": rule.id,
        "name": rule_name(rule.id),
        **({"helpUri": rule.help_uri} if catalogued else {}),
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.explanation},
        "help": {"text": f"{rule.summary}\n\n{rule.explanation}", "markdown": "\n".join(markdown)},
        "defaultConfiguration": {"level": rule.default_severity.label},
    }


def _message(finding: Finding) -> str:
    text = finding.message if finding.hint is None else f"{finding.message} (hint: {finding.hint})"
    return printable(text)


_INDENT: Final = "  "
_encode_string: Callable[[str], str] = json.encoder.encode_basestring  # C, as json.dumps uses


def indented(value: Any, level: int = 0) -> str:
    """`value` as `json.dumps(value, indent=2, ensure_ascii=False)` writes it, nested `level`
    deep. (`json.dumps` takes its pure-Python path as soon as it indents; this one does the
    same with fewer calls, which matters for the tens of thousands of results of a big run.)"""
    if isinstance(value, str):
        return _encode_string(value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = "\n" + _INDENT * (level + 1)
        members = f",{inner}".join(
            f"{_encode_string(key)}: {indented(item, level + 1)}" for key, item in value.items()
        )
        return f"{{{inner}{members}\n{_INDENT * level}}}"
    if isinstance(value, list):
        if not value:
            return "[]"
        inner = "\n" + _INDENT * (level + 1)
        items = f",{inner}".join(indented(item, level + 1) for item in value)
        return f"[{inner}{items}\n{_INDENT * level}]"
    # An int (not a bool) is its repr, as json.dumps writes it, without json.dumps's calls.
    return repr(value) if type(value) is int else json.dumps(value)


_RESULTS_LEVEL: Final = 4
"""How deep a result sits in the log: log > runs > run > results > result."""


class SarifReporter:
    """Renders a run as one SARIF 2.1.0 log with one run."""

    def render(self, report: Report) -> str:
        """The SARIF log as indented JSON, ending with a newline."""
        return "".join(self.chunks(report))

    def chunks(self, report: Report) -> Iterator[str]:
        """`render` in pieces, one result at a time, for writing as it is made."""
        rules = dict(report.rules)
        for finding in report.findings:  # a rule missing from the catalogue still gets an entry
            rules.setdefault(finding.rule, RuleInfo(finding.rule, finding.severity, "", ""))
        index = {rule_id: position for position, rule_id in enumerate(rules)}
        head, _, tail = safe_json(indented(_log(report, rules))).rpartition('"results": []')
        yield head + '"results": '
        separator = "[\n" + _INDENT * _RESULTS_LEVEL
        for finding, identity in zip(
            report.findings, numbered_fingerprints(report.findings), strict=True
        ):
            result = _result(
                finding, identity, index[finding.rule], report.line_text, report.suppressed_by
            )
            yield separator + safe_json(indented(result, _RESULTS_LEVEL))
            separator = ",\n" + _INDENT * _RESULTS_LEVEL
        yield "[]" if separator.startswith("[") else "\n" + _INDENT * (_RESULTS_LEVEL - 1) + "]"
        yield tail + "\n"


def _result(
    finding: Finding,
    identity: str,
    rule_index: int,
    line_text: LineText,
    suppressed_by: str = "the baseline",
) -> dict[str, Any]:
    """The SARIF `result` of one finding."""
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": finding.severity.label,  # SARIF levels are our labels
        "message": {"text": _message(finding)},
        "locations": [_location(finding.file, finding.span, line_text)],
        "partialFingerprints": {FINGERPRINT_KEY: identity},
    }
    if finding.pointer:
        result["properties"] = {"jsonPointer": finding.pointer}
    if finding.related:
        result["relatedLocations"] = [
            {
                "id": number,
                "message": {"text": printable(related.message)},
                **_location(related.file or finding.file, related.span, line_text),
            }
            for number, related in enumerate(finding.related, start=1)
        ]
    if finding.fix is not None:
        result["fixes"] = [_fix(finding.file, finding.fix, line_text)]
    if finding.suppressed:
        result["suppressions"] = [
            {"kind": "external", "justification": f"accepted by {suppressed_by}"}
        ]
    return result


def _log(report: Report, rules: dict[str, RuleInfo]) -> dict[str, Any]:
    """The SARIF log without its results (`"results": []`, the last member written)."""
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": TOOL_NAME,
                        "version": report.tool_version,
                        "informationUri": PROJECT_URL,
                        "rules": [
                            rule_descriptor(rule, rule.id in report.rules)
                            for rule in rules.values()
                        ],
                    }
                },
                "invocations": [{"executionSuccessful": True}],
                "columnKind": "utf16CodeUnits",
                "results": [],
            }
        ],
    }
