"""Suppressions: findings a project accepts, by file glob and JSON Pointer, each with a reason.

Configured as `[[tool.validate-campaign.suppress]]` tables (`files`, `pointer`, `reason`, and
optionally `rules`), like Spectral's overrides. A suppressed finding is still reported, marked,
and never fails the run. A suppression whose globs match a file of the run but no finding in
it is reported as `unused-suppression`; files outside the run (a pre-commit run on changed
files) say nothing.
"""

import re
from collections.abc import Callable, Collection, Iterable
from typing import Any, Final, NamedTuple

from campaign_contract.findings import WHOLE_FILE, Finding, Severity, Span
from campaign_contract.lint.tool_rules import UNUSED_SUPPRESSION
from campaign_contract.pointer import split

KEYS: Final = ("files", "pointer", "reason", "rules")


class Suppression(NamedTuple):
    """Accept the findings in files matching `files` at or inside `pointer`."""

    files: tuple[str, ...]
    pointer: str
    reason: str
    rules: tuple[str, ...] = ()
    """Only these rules' findings (all rules when empty)."""

    def accepts(self, finding: Finding) -> bool:
        """Whether `finding` (in a file matching `files`) is at or inside `pointer`."""
        if self.rules and finding.rule not in self.rules:
            return False
        inside = split(self.pointer)
        return split(finding.pointer)[: len(inside)] == inside

    def describe(self, index: int) -> str:
        """How messages name the entry: `suppress[0] (files "a/*.json", pointer "/meta")`."""
        files = ", ".join(f'"{pattern}"' for pattern in self.files)
        return f'suppress[{index}] (files {files}, pointer "{self.pointer}")'


Matches = Callable[[Iterable[str], str], bool]
"""Whether a file matches one of some globs (the configuration's own matcher)."""


def mark(
    suppressions: tuple[Suppression, ...], matches: Matches, findings: Iterable[Finding]
) -> list[Finding]:
    """`findings`, those a suppression accepts marked suppressed."""
    result = []
    for finding in findings:
        accepted = any(s.accepts(finding) and matches(s.files, finding.file) for s in suppressions)
        result.append(finding._replace(suppressed=True) if accepted else finding)
    return result


def unused(
    suppressions: tuple[Suppression, ...],
    matches: Matches,
    findings: Iterable[Finding],
    files: Iterable[str],
    source: str,
    text: Callable[[], str | None] = lambda: None,
) -> list[Finding]:
    """An `unused-suppression` finding (in the configuration file `source`) for each
    suppression that matches a checked file of `files` but none of `findings` there; placed
    on its `[[...suppress]]` header when `text` (the file's text, asked for only then) has one
    header per suppression."""
    findings = list(findings)
    files = list(files)
    unused_ones: list[tuple[int, str]] = []
    for index, suppression in enumerate(suppressions):
        covered = [file for file in files if matches(suppression.files, file)]
        if not covered or any(
            suppression.accepts(f) and matches(suppression.files, f.file) for f in findings
        ):
            continue
        count = f"{len(covered)} checked file{'s' if len(covered) > 1 else ''}"
        message = f"{suppression.describe(index)} matched no finding in the {count} it covers"
        unused_ones.append((index, message))
    spans = _headers(text()) if unused_ones else []
    if len(spans) != len(suppressions):
        spans = [WHOLE_FILE] * len(suppressions)
    return [
        Finding(UNUSED_SUPPRESSION, Severity.WARNING, message, source, span=spans[index])
        for index, message in unused_ones
    ]


_HEADER = re.compile(
    r"^[ \t]*(\[\[[ \t]*(?:tool\.validate-campaign\.)?suppress[ \t]*\]\])", re.MULTILINE
)


def _headers(text: str | None) -> list[Span]:
    """Where each `[[...suppress]]` table header of a configuration text is written."""
    spans = []
    for match in _HEADER.finditer(text or ""):
        start = match.start(1)
        line_start = match.string.rfind("\n", 0, start) + 1
        line = match.string.count("\n", 0, start) + 1
        spans.append(Span.at(line, start - line_start + 1, len(match[1])))
    return spans


_POINTER: Final = re.compile(r"(/([^~/]|~[01])*)*")
"""RFC 6901: a pointer that never matches (`/meta/~2x`) would only surface as unused."""


def read(
    value: Any, fail: Callable[[str, str], Exception], known_rules: Collection[str]
) -> tuple[Suppression, ...]:
    """The `suppress` list of tables, validated; `fail(where, problem)` makes the error."""
    if not isinstance(value, list):
        raise fail("suppress", "must be a list of tables ([[...suppress]])")
    entries = []
    for index, entry in enumerate(value):
        where = f"suppress[{index}]"
        if not isinstance(entry, dict):
            raise fail(where, "must be a table with files, pointer and reason")
        for key in entry:
            if key not in KEYS:
                raise fail(where, f'unknown key "{key}" (expected {", ".join(KEYS)})')
        files = entry.get("files")
        if not (isinstance(files, list) and files and all(isinstance(f, str) for f in files)):
            raise fail(f"{where}.files", "must be a non-empty list of glob strings")
        pointer = entry.get("pointer")
        if not isinstance(pointer, str) or not _POINTER.fullmatch(pointer):
            raise fail(
                f"{where}.pointer",
                'must be a JSON Pointer ("" or starting with "/"; "~" only as "~0" or "~1")',
            )
        reason = entry.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            raise fail(f"{where}.reason", "must say why the findings are accepted")
        rules = entry.get("rules", [])
        if not (isinstance(rules, list) and all(isinstance(r, str) for r in rules)):
            raise fail(f"{where}.rules", "must be a list of rule ids")
        for rule in rules:
            if rule not in known_rules:
                raise fail(f"{where}.rules", f'unknown rule id "{rule}"')
        entries.append(Suppression(tuple(files), pointer, reason, tuple(rules)))
    return tuple(entries)
