"""The payload linter as a library: check bytes or files, or run a whole command-line job.

`validate_bytes` and `validate_file` return findings and never raise for a bad payload; `run`
does what `validate-campaign` does (expand inputs, check each, report, choose the exit code) and
is what the CLI calls with a frozen `Options`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, BinaryIO, TextIO

from campaign_contract import inputs
from campaign_contract.errors import UsageError
from campaign_contract.findings import Finding, RuleInfo, Severity
from campaign_contract.validation import SchemaValidator, packaged_validator

if TYPE_CHECKING:
    from campaign_contract.reporters import Reporter

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_BROKEN = 3


@dataclass(frozen=True)
class Checked:
    """One input's findings, and the text of its lines for code frames."""

    findings: list[Finding]
    line_text: Callable[[int], str | None]


def _no_text(line: int) -> None:
    return None


def _raw_lines(data: bytes) -> Callable[[int], str | None]:
    """Line lookup for input the strict loader rejected (decoded leniently, for display only)."""
    lines = data.decode("utf-8", errors="replace").splitlines()

    def line_text(line: int) -> str | None:
        return lines[line - 1] if 0 < line <= len(lines) else None

    return line_text


def check_bytes(data: bytes, name: str, validator: SchemaValidator | None = None) -> Checked:
    """Findings for `data` reported under `name`, with its lines for the reporters."""
    from campaign_contract import source

    too_large = source.oversize_finding(name, len(data))
    if too_large is not None:
        return Checked([too_large], _no_text)
    document, findings = source.load(data, name)
    if document is None:
        return Checked(findings, _raw_lines(data))
    validator = validator or packaged_validator()
    findings = findings + validator.check(document, name)
    return Checked(sorted(findings, key=lambda f: f.sort_key), document.line_text)


def validate_bytes(
    data: bytes, name: str = "<bytes>", validator: SchemaValidator | None = None
) -> list[Finding]:
    """Every finding for the payload `data`, reported under file name `name`, sorted."""
    return check_bytes(data, name, validator).findings


def validate_file(
    path: str | os.PathLike[str], validator: SchemaValidator | None = None
) -> list[Finding]:
    """Every finding for the payload file at `path` (a missing file is a finding too)."""
    from campaign_contract import source

    name = os.fspath(path)
    data = inputs.read(inputs.Input(name, name), source.MAX_BYTES + 1)
    if isinstance(data, Finding):
        return [data]
    return validate_bytes(data, name, validator)


def all_rules() -> dict[str, RuleInfo]:
    """The catalogue of every rule id the linter can report."""
    from campaign_contract import source, validation

    catalogue = (*inputs.RULES, *source.RULES, *validation.RULES)
    return {rule.id: rule for rule in catalogue}


@dataclass(frozen=True)
class Options:
    """Everything a `validate-campaign` run needs, as parsed from the command line."""

    paths: tuple[str, ...]
    stdin_filename: str | None = None
    format: str = "text"
    fail_on: Severity = Severity.ERROR
    color: bool = False
    traceback: bool = False
    tool_version: str = field(default="")
    schema_dir: str | None = None
    """Check against the schema files in this folder instead of the installed ones."""


def _exit_code(findings: list[Finding], fail_on: Severity) -> int:
    failing = any(f.severity >= fail_on and not f.suppressed for f in findings)
    return EXIT_FINDINGS if failing else EXIT_CLEAN


def run(options: Options, stdin: BinaryIO | None = None, stdout: TextIO | None = None) -> int:
    """Check every input of `options`, print the report, and return the exit code.

    Raises `CampaignContractError` (e.g. `SchemaError`) when the tool cannot do its job; the
    CLI turns that into exit code 3.
    """
    from campaign_contract import source
    from campaign_contract.reporters import Report

    stdout = stdout if stdout is not None else sys.stdout
    validator = _validator(options.schema_dir)
    items, findings = inputs.expand(options.paths, options.stdin_filename)
    texts: dict[str, Callable[[int], str | None]] = {}
    for item in items:
        data = inputs.read(item, source.MAX_BYTES + 1, stdin or sys.stdin.buffer)
        if isinstance(data, Finding):
            findings.append(data)
            continue
        checked = check_bytes(data, item.name, validator)
        if checked.findings:
            findings += checked.findings
            texts[item.name] = checked.line_text

    def line_text(file: str, line: int) -> str | None:
        lookup = texts.get(file)
        return lookup(line) if lookup is not None else None

    findings = sorted(set(findings), key=lambda f: f.sort_key)
    report = Report(tuple(findings), len(items), all_rules(), options.tool_version, line_text)
    stdout.write(_reporter(options).render(report))
    stdout.flush()
    return _exit_code(findings, options.fail_on)


def _validator(schema_dir: str | None) -> SchemaValidator:
    if schema_dir is None:
        return packaged_validator()
    from pathlib import Path

    from campaign_contract.schema import SchemaSet

    return SchemaValidator.build(SchemaSet.from_directory(Path(schema_dir)))


def _reporter(options: Options) -> Reporter:
    from campaign_contract.reporters import get_reporter

    if options.format == "text":
        from campaign_contract.reporters.text import TextReporter

        return TextReporter(color=options.color)
    return get_reporter(options.format)


def failure_exit_code(error: BaseException) -> int:
    """The exit code for an exception that stopped a run."""
    return EXIT_USAGE if isinstance(error, UsageError) else EXIT_BROKEN


__all__ = [
    "EXIT_BROKEN",
    "EXIT_CLEAN",
    "EXIT_FINDINGS",
    "EXIT_USAGE",
    "Checked",
    "Options",
    "all_rules",
    "check_bytes",
    "run",
    "validate_bytes",
    "validate_file",
]
