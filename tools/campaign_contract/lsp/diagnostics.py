"""Findings as LSP diagnostics: the same rule, severity, message and place as the command line.

The rule id is the diagnostic's `code`, with a `codeDescription` link to its section of the rule
catalogue; error, warning and note are LSP severities 1, 2 and 3; a finding's hint follows its
message on a line of its own; related places (the first of two duplicate keys, the other file
with the same campaign id) are `relatedInformation`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Final

from lsprotocol import types

from campaign_contract.findings import Finding, Severity
from campaign_contract.lint.runner import all_rules
from campaign_contract.lsp.positions import TextIndex

SOURCE: Final = "validate-campaign"

SEVERITIES: Final = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.NOTE: types.DiagnosticSeverity.Information,
}


def message(finding: Finding) -> str:
    """The diagnostic's text: the finding's message, then its hint."""
    return finding.message if finding.hint is None else f"{finding.message}\nhint: {finding.hint}"


def to_diagnostic(
    finding: Finding,
    index: TextIndex,
    encoding: str,
    uri: str,
    elsewhere: Callable[[str], tuple[str, TextIndex] | None],
) -> types.Diagnostic:
    """`finding` of the document at `uri` (whose text `index` holds) as an LSP diagnostic.

    `elsewhere` gives the URI and text of another file a related place names, or None."""
    rule = all_rules().get(finding.rule)
    related = []
    for place in finding.related:
        target = (uri, index) if place.file is None else elsewhere(place.file)
        if target is None:
            continue
        target_uri, target_index = target
        related.append(
            types.DiagnosticRelatedInformation(
                types.Location(target_uri, target_index.to_range(place.span, encoding)),
                place.message,
            )
        )
    return types.Diagnostic(
        range=index.to_range(finding.span, encoding),
        message=message(finding),
        severity=SEVERITIES[finding.severity],
        code=finding.rule,
        code_description=types.CodeDescription(rule.help_uri) if rule is not None else None,
        source=SOURCE,
        related_information=related or None,
    )


def to_diagnostics(
    findings: Iterable[Finding],
    text: str,
    encoding: str,
    uri: str,
    elsewhere: Callable[[str], tuple[str, TextIndex] | None],
) -> list[types.Diagnostic]:
    """Every finding of the document at `uri`, whose current text is `text`."""
    index = TextIndex(text)
    return [to_diagnostic(finding, index, encoding, uri, elsewhere) for finding in findings]


def file_uri(path: Path) -> str:
    """The `file:` URI of `path`."""
    return path.resolve().as_uri()
