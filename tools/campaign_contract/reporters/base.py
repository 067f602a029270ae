"""What every reporter works from: the `Report` of a finished run, and the `Reporter` protocol."""

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import NamedTuple, Protocol

from campaign_contract.findings import Finding, RuleInfo, fingerprint


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
    suppressed_by: str = "the baseline"
    """What accepted the suppressed findings, as the summaries name it."""
    checked: frozenset[str] | None = None
    """The names of the files checked; None when every finding names one. A finding about
    anything else (a pattern that matched nothing, a folder that could not be listed, the
    configuration) counts in no file's tally."""


def files_with_findings(report: Report) -> int:
    """How many of the checked files have a finding that is not suppressed."""
    files = {finding.file for finding in report.findings if not finding.suppressed}
    return len(files if report.checked is None else files & report.checked)


class Reporter(Protocol):
    """The contract every output format fulfils."""

    def render(self, report: Report) -> str:
        """The whole output for `report`, ending with a newline when not empty."""
        ...


class Streaming(Reporter, Protocol):
    """A reporter that can also give its output in pieces, as it makes them, so that a large
    report is written without ever being held whole (`"".join(chunks(report))` is `render`)."""

    def chunks(self, report: Report) -> Iterator[str]:
        """The output for `report`, piece by piece."""
        ...


def pieces(reporter: Reporter, report: Report) -> Iterable[str]:
    """The output of `reporter` for `report`: piece by piece from a `Streaming` reporter, else
    as one text."""
    chunks: Callable[[Report], Iterator[str]] | None = getattr(reporter, "chunks", None)
    return chunks(report) if chunks is not None else (reporter.render(report),)


def fix_note(finding: Finding) -> str | None:
    """How the text formats say a fix exists: `rename "a" to "b" (validate-campaign --fix)`;
    unsafe ones name `--unsafe-fixes`. None when the finding has no fix."""
    fix = finding.fix
    if fix is None:
        return None
    option = "--fix" if fix.safe else "--fix --unsafe-fixes"
    return f"{fix.description} (validate-campaign {option})"


def numbered_fingerprints(findings: Iterable[Finding]) -> list[str]:
    """Each finding's identity for code-scanning tools: `fingerprint(finding)` and its ordinal
    among identical ones (`...:1`, `...:2`), so that no two findings of a run share one and none
    changes when unrelated lines move. SARIF and GitLab reports give the same value."""
    seen: Counter[str] = Counter()
    numbered = []
    for finding in findings:
        key = fingerprint(finding)
        seen[key] += 1
        numbered.append(f"{key}:{seen[key]}")
    return numbered
