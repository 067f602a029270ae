"""Writing what a run produces: the report on stdout, `--output` files, the GitHub step summary
and `--write-baseline`.

Every target is written, even when another failed, so that no report is lost to a problem with
a different one; then the failures are raised together, one clause per target. A target that
cannot be opened (a missing folder, no permission) is a `UsageError` (exit 2); a write that
fails on the way (a full disk, a closed pipe) leaves the output incomplete and is an
`OutputError` (exit 3). Files are written as UTF-8; a character with no UTF-8 form (which the
reporters already escape) would be written as a backslash escape, never raise. Reports are
written piece by piece as their reporters make them (`reporters.base.pieces`), so that a run
with tens of thousands of findings never holds its whole report as one text.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Final, TextIO

from campaign_contract.errors import CampaignContractError, OutputError, UsageError
from campaign_contract.reporters import FORMATS, get_reporter, text
from campaign_contract.reporters.base import pieces

if TYPE_CHECKING:
    from campaign_contract.reporters import Report

STDOUT: Final = "standard output"
STEP_SUMMARY_VARIABLE: Final = "GITHUB_STEP_SUMMARY"
STEP_SUMMARY_LIMIT: Final = 1 << 20
"""GitHub refuses a step summary file larger than 1 MiB (and then shows none of it)."""


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


def _pieces(text: str | Iterable[str]) -> Iterable[str]:
    return (text,) if isinstance(text, str) else text


def write_file(path: str, text: str | Iterable[str], what: str, *, append: bool = False) -> None:
    """Write (or append) `text`, or its pieces, to the file `path`; `what` names it in the
    error."""
    try:
        handle = open(  # noqa: PTH123, SIM115 - str paths; closed below, where errors count too
            path, "a" if append else "w", encoding="utf-8", errors="backslashreplace"
        )
    except OSError as error:
        raise UsageError(f"cannot write {what} to {path}: {_reason(error)}") from None
    try:
        with handle:
            for piece in _pieces(text):
                handle.write(piece)
    except OSError as error:
        raise OutputError(f"writing {what} to {path} failed: {_reason(error)}") from None


def write_stream(stream: TextIO | None, text: str | Iterable[str], what: str) -> None:
    """Write `text`, or its pieces, to standard output (`stream`) and flush it."""
    if stream is None:  # started with its standard output closed
        raise OutputError(f"cannot write {what} to {STDOUT}: it is closed")
    try:
        for piece in _pieces(text):
            stream.write(piece)
        stream.flush()
    except OSError as error:
        raise OutputError(f"writing {what} to {STDOUT} failed: {_reason(error)}") from None
    except ValueError:  # closed by the caller
        raise OutputError(f"cannot write {what} to {STDOUT}: it is closed") from None


def default_format() -> str:
    """The format printed on stdout when neither option nor configuration names one."""
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def render(
    name: str,
    report: Report,
    color: bool = False,
    step_summary: bool = False,
    view: str = "full",
) -> Iterable[str]:
    """The report in format `name`, in the pieces its reporter makes them; `step_summary`
    tells the github format that the job summary lists every finding; `view` ("quiet",
    "statistics") shapes the text format."""

    if view != "full":
        if view == "statistics":
            return [text.statistics(report)]
        return pieces(text.TextReporter(color, quiet=True), report)
    if step_summary:
        from campaign_contract.reporters.github import GithubReporter  # noqa: PLC0415 - CI-only

        return pieces(GithubReporter(step_summary=True), report)

    return pieces(get_reporter(name, color), report)


def _step_summary_room(path: str) -> int:
    try:
        used = os.stat(path).st_size  # noqa: PTH116 - str paths
    except (OSError, ValueError):
        used = 0
    return max(STEP_SUMMARY_LIMIT - used, 0)


def write_reports(
    report: Report,
    stdout: TextIO | None,
    shown: str,
    *,
    color: bool = False,
    files: Sequence[tuple[str, str]] = (),
    baseline: tuple[str, Callable[[], str]] | None = None,
    view: str = "full",
) -> None:
    """Write `report`: the step summary (with the github format on stdout under GitHub
    Actions), the report in format `shown` on `stdout`, each (format, path) of `files`, then
    the baseline (path, text maker) if asked for; every one attempted, the failures raised
    together. `view` shapes the text on `stdout` only (`--quiet`, `--statistics`)."""

    for name in (shown, *(name for name, _ in files)):
        if name not in FORMATS:
            raise UsageError(f"unknown format {name!r} (expected one of {', '.join(FORMATS)})")
    failures: list[CampaignContractError] = []

    def attempt(write: Callable[..., None], *arguments: object, **options: bool) -> bool:
        try:
            write(*arguments, **options)
        except CampaignContractError as error:
            failures.append(error)
            return False
        return True

    summary_path = os.environ.get(STEP_SUMMARY_VARIABLE) if shown == "github" else None
    summary_written = False
    if summary_path:
        from campaign_contract.reporters.github import step_summary  # noqa: PLC0415 - CI-only

        summary = step_summary(report, _step_summary_room(summary_path))
        summary_written = attempt(
            write_file, summary_path, summary, "the GitHub step summary", append=True
        )
    main = render(shown, report, color, step_summary=summary_written, view=view)
    attempt(write_stream, stdout, main, f"the {shown} report")
    for name, path in files:
        attempt(write_file, path, render(name, report), f"the {name} report")
    if baseline is not None:
        target, text = baseline
        attempt(write_file, target, text(), "the baseline")
    if failures:
        _raise(failures)


def _raise(failures: list[CampaignContractError]) -> None:
    message = "; ".join(str(failure) for failure in failures)
    if any(isinstance(failure, OutputError) for failure in failures):
        raise OutputError(message)
    raise UsageError(message)
