"""Reporters turn a finished run into text for one output format.

A reporter is any object with `render(report) -> str`. Formats are looked up by name in
`REPORTERS` and imported only when used, so a run pays only for the format it prints.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import NamedTuple, Protocol

from campaign_contract.findings import Finding, RuleInfo


def _no_lines(file: str, line: int) -> None:
    return None


class Report(NamedTuple):
    """Everything a reporter may show about one run."""

    findings: tuple[Finding, ...]
    """All findings of the run, sorted by `Finding.sort_key`."""
    files_checked: int
    rules: Mapping[str, RuleInfo]
    """The catalogue entry of every rule id a finding can carry."""
    tool_version: str
    line_text: Callable[[str, int], str | None] = _no_lines
    """The text of line `line` of `file` (for code frames), or None when unavailable."""


class Reporter(Protocol):
    """The contract every output format fulfils."""

    def render(self, report: Report) -> str:
        """The whole output for `report`, ending with a newline when not empty."""
        ...


REPORTERS: dict[str, str] = {
    "text": "campaign_contract.reporters.text:TextReporter",
    "json": "campaign_contract.reporters.json:JsonReporter",
    "sarif": "campaign_contract.reporters.sarif:SarifReporter",
    "github": "campaign_contract.reporters.github:GithubReporter",
}
"""Format name -> `module:class`; the class is built with no arguments."""


def get_reporter(name: str) -> Reporter:
    """The reporter for format `name` (a key of `REPORTERS`)."""
    module_name, _, class_name = REPORTERS[name].partition(":")
    reporter_class = getattr(importlib.import_module(module_name), class_name)
    reporter: Reporter = reporter_class()
    return reporter
