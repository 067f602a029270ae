"""Reporters turn a finished run into text for one output format.

A reporter is any object with `render(report) -> str` (`base.Reporter`), given the `base.Report`
of a run. `FORMATS` is the one registry of output formats: the command lines' `--format` choices
and the configuration's `format` values are read from it, and a test holds the docs' lists of
formats to it. Each format's module is imported only when it is used, so a run pays only for
the format it prints.
"""

from collections.abc import Callable, Mapping
from typing import Final, NamedTuple

from campaign_contract.reporters.base import Report, Reporter


def _text(color: bool) -> Reporter:
    from campaign_contract.reporters.text import TextReporter  # noqa: PLC0415 - only if chosen

    return TextReporter(color=color)


def _json(color: bool) -> Reporter:
    from campaign_contract.reporters.json import JsonReporter  # noqa: PLC0415 - only if chosen

    return JsonReporter()


def _sarif(color: bool) -> Reporter:
    from campaign_contract.reporters.sarif import SarifReporter  # noqa: PLC0415 - only if chosen

    return SarifReporter()


def _github(color: bool) -> Reporter:
    from campaign_contract.reporters.github import GithubReporter  # noqa: PLC0415 - only if chosen

    return GithubReporter()


def _gitlab(color: bool) -> Reporter:
    from campaign_contract.reporters.gitlab import GitlabReporter  # noqa: PLC0415 - only if chosen

    return GitlabReporter()


class Format(NamedTuple):
    """One output format: its name, and how to build its reporter."""

    name: str
    reporter: Callable[[bool], Reporter]
    """Builds the reporter; the argument asks for colour (only `text` has any)."""


FORMATS: Final[Mapping[str, Format]] = {
    format_.name: format_
    for format_ in (
        Format("text", _text),
        Format("json", _json),
        Format("sarif", _sarif),
        Format("github", _github),
        Format("gitlab", _gitlab),
    )
}
"""Every output format, by name, in the order the docs list them."""


def get_reporter(name: str, color: bool = False) -> Reporter:
    """The reporter for format `name` (a key of `FORMATS`)."""
    return FORMATS[name].reporter(color)


__all__ = ["FORMATS", "Format", "Report", "Reporter", "get_reporter"]
