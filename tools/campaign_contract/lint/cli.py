"""`validate-campaign`: command-line arguments in, a frozen `runner.Options` out, then `run`.

All behaviour lives in `runner`; this module only reads the arguments (with `arguments`, the
argparse parser, when there are options), decides on colour, and turns the toolkit's own
failures into exit codes (2 usage, 3 cannot work) without a traceback unless `--traceback` is
given.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from types import SimpleNamespace
from typing import TYPE_CHECKING, Final

from campaign_contract import __version__
from campaign_contract.findings import Severity

if TYPE_CHECKING:
    import argparse

    from campaign_contract.lint import runner

EXIT_USAGE = 2
EXIT_BROKEN = 3


def _set(variable: str) -> bool:
    """An environment variable is set to something other than empty or "0"."""
    return os.environ.get(variable, "") not in ("", "0")


def _use_color(choice: str) -> bool:
    """Colour, by precedence: `--color always|never`, `NO_COLOR`, `FORCE_COLOR` or
    `CLICOLOR_FORCE`, `TERM=dumb`, then whether standard output is a terminal."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if _set("FORCE_COLOR") or _set("CLICOLOR_FORCE"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    return sys.stdout is not None and sys.stdout.isatty()


FLAGS: Final = {
    "--version": "version",
    "-q": "quiet",
    "--quiet": "quiet",
    "-v": "verbose",
    "--verbose": "verbose",
    "--statistics": "statistics",
    "--exit-zero": "exit_zero",
    "--no-ignore": "no_ignore",
    "--fix": "fix",
    "--diff": "diff",
    "--unsafe-fixes": "unsafe_fixes",
    "--list-rules": "list_rules",
    "--traceback": "traceback",
}
"""The options that take no value, as spelt in full, and what each turns on (a test holds the
table to the parser's options)."""


def parse_arguments(argv: list[str]) -> argparse.Namespace | SimpleNamespace:
    """The paths and options of `argv`, as `arguments.parse(argv)` has them.

    A list of paths and options that take no value, as a hook's batch or a shell glob is (with
    `--fix` for the fixing hook), is read without argparse: importing it, building the parser
    and parsing cost about a tenth of a one-file run, and some 4,600 instructions a path.
    Anything else (a value, an abbreviation, `--`, `-` for standard input) goes to argparse."""
    options = [argument for argument in argv if argument.startswith("-")]
    if any(option not in FLAGS for option in options):
        from campaign_contract.lint import arguments  # noqa: PLC0415 - only options need argparse

        return arguments.parse(argv)
    parsed = _defaults(
        [path for path in argv if not path.startswith("-")] if options else list(argv)
    )
    for option in options:
        setattr(parsed, FLAGS[option], True)
    return parsed


def _defaults(paths: list[str]) -> SimpleNamespace:
    """What argparse makes of `paths` without options: each option's default (a test holds the
    two to each other)."""
    return SimpleNamespace(
        paths=paths,
        version=False,
        completion=None,
        quiet=False,
        verbose=False,
        statistics=False,
        exit_zero=False,
        exclude=[],
        no_ignore=False,
        format=None,
        output=[],
        stdin_filename=None,
        fail_on=None,
        config=None,
        campaign_id=None,
        now=None,
        baseline=None,
        write_baseline=None,
        fix=False,
        diff=False,
        unsafe_fixes=False,
        list_rules=False,
        explain=None,
        color="auto",
        schema_dir=None,
        traceback=False,
    )


def main(argv: list[str], whole_process: bool = False) -> int:
    """Parse `argv`, run the linter, and return the exit code.

    Reports are written as UTF-8 whatever the locale (JSON and SARIF must be), and standard
    output is flushed here: a write that fails (a full disk, a closed pipe) is one line on
    stderr and exit 3, never a traceback or Python's "Exception ignored" at exit.
    `whole_process`: the caller is the process's entry point and exits with the answer (the
    console script), so what the run has imported is set aside from the garbage collector."""
    _utf8_stdout()
    return _flush_stdout(_main(argv, whole_process))


def _utf8_stdout() -> None:
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None and sys.stdout.encoding.lower().replace("-", "") != "utf8":
        reconfigure(encoding="utf-8")


def _flush_stdout(code: int) -> int:
    """`code`, or 3 when what is left in standard output's buffer cannot be written."""
    if sys.stdout is None:
        return code
    try:
        sys.stdout.flush()
    except (OSError, ValueError) as error:
        _stdout_failed(error, report=code != EXIT_BROKEN)  # else the run reported its failure
        return EXIT_BROKEN
    return code


def _stdout_failed(error: OSError | ValueError, report: bool = True) -> None:
    """Say why standard output failed, then point it at the null device, so that the
    interpreter's own flush at exit has nothing left to complain about."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    if report:
        reason = error.strerror if isinstance(error, OSError) else str(error)
        _complain(f"writing to standard output failed: {reason}")


def _print(text: str) -> int:
    """Write `text` on standard output: 0, or 3 (said on stderr) when it cannot be written."""
    if sys.stdout is None:
        _complain("writing to standard output failed: it is closed")
        return EXIT_BROKEN
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except (OSError, ValueError) as error:
        _stdout_failed(error)
        return EXIT_BROKEN
    return 0


def _main(argv: list[str], whole_process: bool) -> int:
    arguments = parse_arguments(argv)

    if arguments.version:
        return _print(f"validate-campaign {__version__}\n")
    if arguments.completion:
        return _completion(arguments.completion)
    if arguments.list_rules or arguments.explain:
        return _rule_help(arguments.explain)
    if not arguments.paths:
        from campaign_contract.lint.arguments import build_parser  # noqa: PLC0415 - usage only

        build_parser().print_usage(sys.stderr)
        print("validate-campaign: error: give at least one PATH (or - for stdin)", file=sys.stderr)
        return EXIT_USAGE
    if arguments.unsafe_fixes and not (arguments.fix or arguments.diff):
        _complain("--unsafe-fixes needs --fix or --diff")
        return EXIT_USAGE
    if whole_process:  # one thread yet: jsonschema-rs can load without `email` (see the module)
        from campaign_contract.lint import rust_engine  # noqa: PLC0415 - as `runner`

        rust_engine.import_without_email()
    from campaign_contract.lint import runner  # noqa: PLC0415 - --help needs no jsonschema-rs

    options = runner.Options(
        paths=tuple(arguments.paths),
        stdin_filename=arguments.stdin_filename,
        format=arguments.format,
        outputs=tuple(arguments.output),
        fail_on=Severity.parse(arguments.fail_on) if arguments.fail_on else None,
        color=_use_color(arguments.color),
        traceback=arguments.traceback,
        tool_version=__version__,
        schema_dir=arguments.schema_dir,
        config=arguments.config,
        campaign_id=arguments.campaign_id,
        now=arguments.now,
        baseline=arguments.baseline,
        write_baseline=arguments.write_baseline,
        quiet=arguments.quiet,
        verbose=arguments.verbose,
        statistics=arguments.statistics,
        exit_zero=arguments.exit_zero,
        exclude=tuple(arguments.exclude),
        use_ignore_files=not arguments.no_ignore,
        fix=arguments.fix,
        diff=arguments.diff,
        unsafe_fixes=arguments.unsafe_fixes,
    )
    return _run_guarded(options, whole_process)


def _complain(message: str) -> None:
    """Print `message` on stderr, with control characters from the input escaped."""
    from campaign_contract.reporters.escape import printable  # noqa: PLC0415 - errors only

    with contextlib.suppress(OSError, ValueError):  # a full or closed stderr: nothing to tell
        print(f"validate-campaign: {printable(message)}", file=sys.stderr)


def _completion(shell: str) -> int:
    """Print shtab's completion script for `shell`: 0, or 3 with one line when it fails."""
    import shtab  # noqa: PLC0415 - only --completion needs it

    from campaign_contract.lint.arguments import build_parser  # noqa: PLC0415 - as shtab

    try:
        script = shtab.complete(build_parser(), shell=shell)
    except Exception as error:  # a shtab release that cannot write this parser
        _complain(
            f"internal error: shtab {getattr(shtab, '__version__', '?')} cannot write the "
            f"{shell} completion script: {type(error).__name__}: {error}"
        )
        return EXIT_BROKEN
    return _print(script)


def _rule_help(rule_id: str | None) -> int:
    from campaign_contract.errors import UsageError  # noqa: PLC0415 - --version skips it
    from campaign_contract.lint import rule_help, runner  # noqa: PLC0415 - only --explain uses them

    rules = runner.all_rules()
    try:
        text = rule_help.explain(rules, rule_id) if rule_id else rule_help.list_rules(rules)
    except UsageError as error:
        _complain(str(error))
        return EXIT_USAGE
    return _print(text)


def _run_guarded(options: runner.Options, whole_process: bool) -> int:
    """`runner.run`, with the toolkit's failures turned into a message and an exit code."""
    from campaign_contract.errors import CampaignContractError  # noqa: PLC0415 - --version skips it
    from campaign_contract.lint import runner  # noqa: PLC0415 - --help needs no jsonschema-rs

    if whole_process:
        # The process ends with this run: the modules it has imported (tens of thousands of
        # objects, none of them garbage) are set aside from the collector, so that neither the
        # collections during the run nor the one at exit walk them again (a fifteenth of a
        # one-file run). Never for a caller that goes on (tests, an editor): it may need them.
        # The youngest generation is collected every 10,000 new containers, not 700: most of
        # a file's are freed by reference counting before a collection would walk them.
        gc.freeze()
        gc.set_threshold(10_000)
        gc.enable()  # off during start-up
    try:
        return runner.run(options, whole_process=whole_process)
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        if options.traceback:
            raise

        expected = isinstance(error, CampaignContractError)
        reason = str(error) if expected else f"internal error: {type(error).__name__}: {error}"
        hint = "" if expected else " (run again with --traceback for details)"
        _complain(reason + hint)
        return runner.failure_exit_code(error)
