"""GitLab Code Quality output: the report a job uploads as `artifacts:reports:codequality`.

GitLab reads a JSON array of issues, a subset of the Code Climate format. The mapping:

- `description`: the message, with ` (hint: ...)` when there is a hint and ` (fix: ...)` when
  `--fix` can repair it;
- `check_name`: the rule id;
- `fingerprint`: the value of SARIF's partial fingerprint (rule, file, pointer and offending
  value hashed, then an ordinal among identical findings): no line number and no message, so a
  finding keeps its identity in the merge request widget when unrelated lines move;
- `severity`: error -> `major`, warning -> `minor`, note -> `info` (`critical` and `blocker`
  are left to security and build failures);
- `location.path`: the file as given on the command line, with `/` separators, no `./` (a
  byte of a name that is not UTF-8 as `\\xNN`, as in every format);
- `location.lines`: `begin` and `end`, the first and last line of the finding's span (both 1
  for a finding about the whole file).

Decisions:
- Baseline-suppressed findings are left out: they are accepted, and GitLab has no way to show
  a finding as suppressed.
- GitLab wants paths relative to the repository: give the linter relative paths (an absolute
  path is kept as it is, and GitLab will not link it).
"""

from __future__ import annotations

from typing import Final

from campaign_contract.findings import Finding, Severity, posix_name
from campaign_contract.reporters.base import Report, fix_note, numbered_fingerprints
from campaign_contract.reporters.escape import json_string, safe_json

SEVERITIES: Final = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.NOTE: "info"}


def report_path(file: str) -> str:
    """`file` as a Code Quality `location.path`: `/` separators, no leading `./`."""
    return posix_name(file)


def issue(finding: Finding, identity: str) -> str:
    """The Code Quality issue of `finding`, whose numbered fingerprint is `identity`, as
    `json.dumps(..., ensure_ascii=False)` writes it; written directly, member by member, as
    a dict per finding handed to `json.dumps` cost several times as much."""
    description = (
        finding.message if finding.hint is None else f"{finding.message} (hint: {finding.hint})"
    )
    fix = fix_note(finding)
    if fix is not None:
        description += f" (fix: {fix})"
    start, end = finding.span
    last = end.line - 1 if end.column == 1 else end.line  # `end` is exclusive
    lines = f'{{"begin": {start.line}, "end": {max(start.line, last)}}}'
    return (
        f'{{"description": {json_string(description)}, "check_name": {json_string(finding.rule)}, '
        f'"fingerprint": {json_string(identity)}, "severity": "{SEVERITIES[finding.severity]}", '
        f'"location": {{"path": {json_string(report_path(finding.file))}, "lines": {lines}}}}}'
    )


class GitlabReporter:
    """Renders the unsuppressed findings of a run as a GitLab Code Quality report."""

    def render(self, report: Report) -> str:
        """A JSON array, one issue per line; `[]` when there is nothing to report."""
        shown = [finding for finding in report.findings if not finding.suppressed]
        issues = [
            safe_json(issue(finding, identity))
            for finding, identity in zip(shown, numbered_fingerprints(shown), strict=True)
        ]
        return "[\n  " + ",\n  ".join(issues) + "\n]\n" if issues else "[]\n"
