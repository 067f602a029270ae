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
    Related,
    RuleInfo,
    Span,
)
from campaign_contract.reporters.base import Report, numbered_fingerprints
from campaign_contract.reporters.escape import json_string, printable, safe_json

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
    if line is None or line.isascii():  # one code unit a character, past the end too
        return column
    prefix = line[: column - 1]
    beyond = max(0, column - 1 - len(line))
    return 1 + len(prefix.encode("utf-16-le")) // 2 + beyond


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
            {"artifactLocation": _shared_location(file), "replacements": replacements}
        ],
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


def indented(value: Any, level: int = 0) -> str:
    """`value` as `json.dumps(value, indent=2, ensure_ascii=False)` writes it, nested `level`
    deep. (`json.dumps` takes its pure-Python path as soon as it indents; this one does the
    same with fewer calls, which matters for the tens of thousands of results of a big run.)"""
    if isinstance(value, str):
        return json_string(value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = "\n" + _INDENT * (level + 1)
        members = f",{inner}".join(
            f"{json_string(key)}: {indented(item, level + 1)}" for key, item in value.items()
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
        separator = "[" + _AT[_RESULTS_LEVEL]
        for finding, identity in zip(
            report.findings, numbered_fingerprints(report.findings), strict=True
        ):
            result = _result(
                finding, identity, index[finding.rule], report.line_text, report.suppressed_by
            )
            yield separator + safe_json(result)
            separator = "," + _AT[_RESULTS_LEVEL]
        yield "[]" if separator.startswith("[") else _AT[_RESULTS_LEVEL - 1] + "]"
        yield tail + "\n"


# A log has tens of thousands of results in a big run, so each result is written as text
# directly, exactly as `indented` would write its dict (`_result` at `_RESULTS_LEVEL`): building
# the dicts and walking them took most of the format's time. Only the members a result rarely
# has (fixes, suppressions) are still built as values and passed to `indented`.

_AT: Final = tuple("\n" + _INDENT * level for level in range(_RESULTS_LEVEL + 6))
"""A line break and the indentation of each level a result reaches."""
_N4, _N5, _N6, _N7, _N8, _N9 = _AT[4:10]
_FINGERPRINT: Final = json_string(FINGERPRINT_KEY)


def _result(
    finding: Finding,
    identity: str,
    rule_index: int,
    line_text: LineText,
    suppressed_by: str = "the baseline",
) -> str:
    """The SARIF `result` of one finding, as indented JSON text at `_RESULTS_LEVEL`."""
    location = _physical_location(finding.file, finding.span, line_text)
    members = [
        f'"ruleId": {json_string(finding.rule)}',
        f'"ruleIndex": {rule_index}',
        f'"level": "{finding.severity.label}"',  # SARIF levels are our labels
        f'"message": {{{_N6}"text": {json_string(_message(finding))}{_N5}}}',
        f'"locations": [{_N6}{{{_N7}{location}{_N6}}}{_N5}]',
        f'"partialFingerprints": {{{_N6}{_FINGERPRINT}: {json_string(identity)}{_N5}}}',
    ]
    if finding.pointer:
        pointer = json_string(finding.pointer)
        members.append(f'"properties": {{{_N6}"jsonPointer": {pointer}{_N5}}}')
    if finding.related:
        related = f",{_N6}".join(
            _related_location(number, related, finding.file, line_text)
            for number, related in enumerate(finding.related, start=1)
        )
        members.append(f'"relatedLocations": [{_N6}{related}{_N5}]')
    level = _RESULTS_LEVEL + 1
    if finding.fix is not None:
        members.append(f'"fixes": {indented([_fix(finding.file, finding.fix, line_text)], level)}')
    if finding.suppressed:
        suppression = {"kind": "external", "justification": f"accepted by {suppressed_by}"}
        members.append(f'"suppressions": {indented([suppression], level)}')
    return "{" + _N5 + f",{_N5}".join(members) + _N4 + "}"


def _related_location(number: int, related: Related, file: str, line_text: LineText) -> str:
    """A `relatedLocations` item (its `id` is `number`), as text at level 6."""
    message = json_string(printable(related.message))
    location = _physical_location(related.file or file, related.span, line_text)
    return (
        f'{{{_N7}"id": {number},{_N7}"message": {{{_N8}"text": {message}{_N7}}},'
        f"{_N7}{location}{_N6}}}"
    )


def _physical_location(file: str, span: Span, line_text: LineText) -> str:
    """The `physicalLocation` member of a location, as text at level 7."""
    return (
        f'"physicalLocation": {{{_N8}"artifactLocation": {_artifact_text(file)},'
        f'{_N8}"region": {_region(file, span, line_text)}{_N7}}}'
    )


@functools.lru_cache(maxsize=64)
def _artifact_text(file: str) -> str:
    """`artifact_location(file)` as text at level 8; once per file of a run, as a file's
    findings come together."""
    return indented(_shared_location(file), 8)


def _region(file: str, span: Span, line_text: LineText) -> str:
    """The SARIF `region` of `span` as text at level 8; the whole-file span is just line 1."""
    if span == WHOLE_FILE:
        return f'{{{_N9}"startLine": 1{_N8}}}'
    start, end = span
    text = line_text(file, start.line)
    start_column = utf16_column(text, start.column)
    if end.line != start.line:
        text = line_text(file, end.line)
    end_column = utf16_column(text, end.column)
    return (
        f'{{{_N9}"startLine": {start.line},{_N9}"startColumn": {start_column},'
        f'{_N9}"endLine": {end.line},{_N9}"endColumn": {end_column}{_N8}}}'
    )


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
