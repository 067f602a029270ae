"""`validate-campaign`: command-line arguments in, a frozen `linter.Options` out, then `run`.

All behaviour lives in `linter`; this module only parses arguments, decides on colour, and turns
the toolkit's own failures into exit codes (2 usage, 3 cannot work) without a traceback unless
`--traceback` is given.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from campaign_contract import linter

EXIT_USAGE = 2
FORMATS = ("text", "json")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]  # exits, like the base
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also used to document the options)."""
    parser = _Parser(
        prog="validate-campaign",
        description="Check SMS campaign request payloads (JSON) against the API contract.",
        epilog="Exit codes: 0 no findings at or above --fail-on, 1 findings, 2 usage error, "
        "3 the tool could not run (e.g. a broken installed schema).",
    )
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files, directories (searched for *.json), glob patterns, or - for standard input",
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    parser.add_argument(
        "--format", choices=FORMATS, default="text", help="output format (default: text)"
    )
    parser.add_argument(
        "--stdin-filename", metavar="NAME", help="the name to report standard input under"
    )
    parser.add_argument(
        "--fail-on",
        choices=("error", "warning", "note"),
        default="error",
        help="lowest severity that makes the exit code 1 (default: error)",
    )
    parser.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the text output (auto: on a terminal, unless NO_COLOR is set)",
    )
    parser.add_argument(
        "--schema-dir",
        metavar="DIR",
        help="check against the contract's schema files in DIR instead of the installed ones",
    )
    parser.add_argument(
        "--traceback", action="store_true", help="show a Python traceback on internal failure"
    )
    return parser


def _use_color(choice: str) -> bool:
    if choice != "auto":
        return choice == "always"
    return not os.environ.get("NO_COLOR") and sys.stdout.isatty()


def main(argv: list[str]) -> int:
    """Parse `argv`, run the linter, and return the exit code."""
    arguments = build_parser().parse_args(argv)
    from campaign_contract import __version__

    if arguments.version:
        print(f"validate-campaign {__version__}")
        return 0
    if not arguments.paths:
        build_parser().print_usage(sys.stderr)
        print("validate-campaign: error: give at least one PATH (or - for stdin)", file=sys.stderr)
        return EXIT_USAGE
    from campaign_contract import linter
    from campaign_contract.findings import Severity

    options = linter.Options(
        paths=tuple(arguments.paths),
        stdin_filename=arguments.stdin_filename,
        format=arguments.format,
        fail_on=Severity.parse(arguments.fail_on),
        color=_use_color(arguments.color),
        traceback=arguments.traceback,
        tool_version=__version__,
        schema_dir=arguments.schema_dir,
    )
    return _run_guarded(options)


def _run_guarded(options: linter.Options) -> int:
    """`linter.run`, with the toolkit's failures turned into a message and an exit code."""
    from campaign_contract import linter as library

    try:
        return library.run(options)
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        if options.traceback:
            raise
        from campaign_contract.errors import CampaignContractError

        expected = isinstance(error, CampaignContractError)
        reason = str(error) if expected else f"internal error: {type(error).__name__}: {error}"
        hint = "" if expected else " (run again with --traceback for details)"
        print(f"validate-campaign: {reason}{hint}", file=sys.stderr)
        return library.failure_exit_code(error)


def _entry(argv: Sequence[str] | None = None) -> int:
    return main(list(sys.argv[1:] if argv is None else argv))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(_entry())
