"""The options of `validate-campaign`, parsed with argparse.

`lint.cli` imports this module only for an argument list with options, and to print the usage:
a list of paths alone (a hook's batch, a shell glob) takes every option's default without
argparse, whose import and parser cost about a tenth of a one-file run.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from campaign_contract.command_line import ArgumentParser
from campaign_contract.ids import canonical_campaign_id
from campaign_contract.reporters import FORMATS

EXIT_USAGE = 2
"""`lint.cli.EXIT_USAGE`, the exit code of a usage error (a test holds the two equal)."""

SEVERITIES = ("error", "warning", "note")
SHELLS = ("bash", "zsh")
"""The shells `--completion` writes a script for (with shtab)."""
_FILES = {"bash": "_shtab_compgen_files", "zsh": "_files"}
"""shtab's completion of file names (`shtab.FILE`), spelt out: the parser is built on every
run with options, and shtab is imported only by `--completion`."""
_DIRECTORIES = {"bash": "_shtab_compgen_dirs", "zsh": "_files -/"}
"""shtab's completion of folder names (`shtab.DIRECTORY`)."""
_COMPLETED = {
    "config": _FILES,
    "baseline": _FILES,
    "write_baseline": _FILES,
    "schema_dir": _DIRECTORIES,
}
"""Options whose value is a path, and how a shell completes it."""


EPILOG = """\
examples:
  validate-campaign campaigns/                  check every *.json under a folder
  validate-campaign a.json --format json b.json options may stand between paths
  validate-campaign - --stdin-filename p.json   check standard input
  validate-campaign -q --exclude 'drafts/' .    one line per finding, skip a folder
  validate-campaign --statistics campaigns/     the number of findings per rule
  validate-campaign --explain schema-enum       what a rule means

exit codes: 0 no findings at or above --fail-on (or --exit-zero), 1 findings, 2 usage error,
3 the tool could not run (e.g. a broken installed schema)."""


class _Parser(ArgumentParser):
    """argparse, with the "did you mean" the configuration's messages give: a near-miss choice
    (`--fail-on warnings`) or option (`--frmat`) names the one it most likely stands for."""

    def error(self, message: str) -> None:  # type: ignore[override]  # exits, like the base
        from campaign_contract.reporters.escape import printable  # noqa: PLC0415 - errors only

        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: error: {printable(message)}\n")
        raise SystemExit(EXIT_USAGE)

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        choices = action.choices
        if choices is None or value in choices:
            return
        allowed = [str(choice) for choice in choices]
        shown = ", ".join(f'"{choice}"' for choice in allowed)
        raise argparse.ArgumentError(
            action,
            f'invalid choice: "{value}"{_did_you_mean(value, allowed)} (choose from {shown})',
        )

    def parse_intermixed_args(  # type: ignore[override]  # same behaviour, better message
        self, args: Sequence[str] | None = None, namespace: None = None
    ) -> argparse.Namespace:
        arguments, extras = self.parse_known_intermixed_args(args, namespace)
        if extras:
            self.error(self._unrecognized(extras))
        return arguments

    def _unrecognized(self, extras: list[str]) -> str:
        message = f"unrecognized arguments: {' '.join(extras)}"
        unknown = next((extra for extra in extras if extra.startswith("--")), None)
        if unknown is None:
            return message
        options = [
            option
            for action in self._actions
            for option in action.option_strings
            if option.startswith("--")
        ]
        return message + _did_you_mean(unknown.partition("=")[0], options)


def _did_you_mean(word: str, allowed: Sequence[str]) -> str:
    """`; did you mean "warning"?`, or nothing when no single spelling is close."""
    from campaign_contract.lint.suggest import suggest  # noqa: PLC0415 - errors only

    match = suggest(word, allowed)
    return f'; did you mean "{match}"?' if match is not None else ""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also used to document the options)."""
    parser = _Parser(
        prog="validate-campaign",
        description="Check SMS campaign request payloads (JSON) against the API contract.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    paths = parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files, directories (searched for *.json), glob patterns, or - for standard input",
    )
    paths.complete = _FILES  # type: ignore[attr-defined]  # read by shtab (--completion)
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    parser.add_argument(
        "--completion",
        choices=SHELLS,
        help="print the shell completion script for SHELL and exit "
        "(e.g. validate-campaign --completion bash > ~/.local/share/bash-completion/completions/"
        "validate-campaign)",
        metavar="SHELL",
    )
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="text format: one line per finding, without code frames, hints or the summary",
    )
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="say on stderr which configuration, schemas and files the run used",
    )
    parser.add_argument(
        "--statistics",
        action="store_true",
        help="text format: print the number of findings per rule instead of the findings",
    )
    parser.add_argument(
        "--exit-zero",
        action="store_true",
        help="exit 0 even when findings reach --fail-on (usage errors still exit 2 or 3)",
    )
    parser.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="PATTERN",
        help="skip files and folders matching PATTERN, in the .gitignore dialect (repeatable; "
        "adds to the config's exclude)",
    )
    parser.add_argument(
        "--no-ignore",
        action="store_true",
        help="also check files that .gitignore ignores when walking folders in a git work tree",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        help="format printed on stdout (default: the config's, else github when "
        "GITHUB_ACTIONS=true, else text)",
    )
    parser.add_argument(
        "--output",
        action="append",
        default=[],
        type=_output,
        metavar="FORMAT=PATH",
        help="also write a report in FORMAT to PATH (repeatable)",
    )
    parser.add_argument(
        "--stdin-filename", metavar="NAME", help="the name to report standard input under"
    )
    parser.add_argument(
        "--fail-on",
        choices=SEVERITIES,
        help="lowest severity that makes the exit code 1 (default: the config's, else error)",
    )
    parser.add_argument("--config", metavar="FILE", help="read settings from FILE (TOML)")
    parser.add_argument(
        "--campaign-id",
        metavar="ID",
        type=_campaign_id,
        help="the campaign the payloads are for (every file), a UUID",
    )
    parser.add_argument(
        "--now",
        metavar="ISO",
        type=_instant,
        help="the current time for time-based rules, ISO 8601 (no offset = UTC)",
    )
    parser.add_argument("--baseline", metavar="FILE", help="accept the findings listed in FILE")
    parser.add_argument(
        "--write-baseline",
        metavar="FILE",
        help="write every current finding to FILE as a baseline (exit 0)",
    )
    parser.add_argument(
        "--fix",
        action="store_true",
        help="make the safe fixes in place (for -, print the fixed text; the report goes to "
        "stderr), then report what remains",
    )
    parser.add_argument(
        "--diff",
        action="store_true",
        help="print the fixes as a unified diff and write nothing (exit 1 when there is one)",
    )
    parser.add_argument(
        "--unsafe-fixes",
        action="store_true",
        help="with --fix or --diff, also make the fixes that change meaning (removals)",
    )
    parser.add_argument("--list-rules", action="store_true", help="list every rule and exit")
    parser.add_argument("--explain", metavar="RULE", help="explain a rule and exit")
    parser.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the text output; auto: off when NO_COLOR is set, on when FORCE_COLOR or "
        "CLICOLOR_FORCE is, off when TERM=dumb, else on a terminal",
    )
    parser.add_argument(
        "--schema-dir",
        metavar="DIR",
        help="check against the contract's schema files in DIR instead of the installed ones",
    )
    parser.add_argument(
        "--traceback", action="store_true", help="show a Python traceback on internal failure"
    )
    for action in parser._actions:  # the actions argparse made, for shtab
        if action.dest in _COMPLETED:
            action.complete = _COMPLETED[action.dest]  # type: ignore[attr-defined]
    return parser


def _output(text: str) -> tuple[str, str]:
    name, equals, path = text.partition("=")
    if not equals or not path or name not in FORMATS:
        guess = _did_you_mean(name, list(FORMATS)) if equals else ""
        raise argparse.ArgumentTypeError(
            f"expected FORMAT=PATH with FORMAT one of {', '.join(FORMATS)}, got {text!r}{guess}"
        )
    return name, path


def _campaign_id(text: str) -> str:
    if canonical_campaign_id(text) is None:
        raise argparse.ArgumentTypeError(f"not a campaign id (a canonical UUID): {text!r}")
    return text


def _instant(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        reason = _impossible(text)
        if reason is not None:
            problem = f"{text!r} is an impossible date-time: {reason}"
        else:
            problem = f"not an ISO 8601 date-time: {text!r}"
        raise argparse.ArgumentTypeError(problem) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _impossible(text: str) -> str | None:
    """Why `text`, shaped as a date and time, names no moment (`2030-02-30`: "February 2030
    has 28 days"), as `send_datetime` says it; None when the shape itself is wrong."""
    from campaign_contract.lint.rules.send_time import impossible  # noqa: PLC0415 - errors only

    fields = re.match(r"(\d{4}-\d{2}-\d{2})(?:[Tt ](\d{2}:\d{2}(?::\d{2})?))?", text, re.ASCII)
    if fields is None:
        return None
    return impossible(f"{fields[1]} {fields[2] or '00:00'}")


def parse(argv: list[str]) -> argparse.Namespace:
    """The options and paths of `argv`. Options may stand between paths, as in ruff and eslint;
    `--` still ends them (split off here: argparse's intermixed parsing mishandles it before
    Python 3.13)."""
    cut = argv.index("--") if "--" in argv else len(argv)
    arguments = build_parser().parse_intermixed_args(argv[:cut])
    arguments.paths = [*arguments.paths, *argv[cut + 1 :]]
    return arguments
