"""Console entry points: `validate-campaign` and `campaign-contract SUBCOMMAND`.

Each subcommand is a small function that imports its product's command line when it runs and
hands it the arguments: start-up time matters for a pre-commit hook, so a run imports only the
subcommand it needs, and a product whose extra is not installed is named instead of a traceback.
"""

from __future__ import annotations

import gc
import sys

from campaign_contract import __version__

TYPE_CHECKING = False  # not `typing`'s: `validate_main` imports `typing` with the collector off
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

USAGE_ERROR = 2


class Subcommand:
    """One `campaign-contract` subcommand: what it does, how to run it, and the extra it needs
    (None: the default install runs it). A plain class, not a NamedTuple, so that this module,
    which every `validate-campaign` process imports first, does without `typing`."""

    __slots__ = ("extra", "main", "summary")

    def __init__(
        self, summary: str, main: Callable[[list[str]], int], extra: str | None = None
    ) -> None:
        self.summary = summary
        self.main = main
        self.extra = extra


def _validate(argv: list[str]) -> int:
    from campaign_contract.lint import cli  # noqa: PLC0415 - only this subcommand's run needs it

    return cli.main(argv)


def _codegen(argv: list[str]) -> int:
    from campaign_contract.codegen import cli  # noqa: PLC0415 - the codegen extra may be missing

    return cli.main(argv)


def _mock_server(argv: list[str]) -> int:
    from campaign_contract.mock import server  # noqa: PLC0415 - the mock extra may be missing

    return server.main(argv)


def _diff(argv: list[str]) -> int:
    from campaign_contract.gate import cli  # noqa: PLC0415 - the gate extra may be missing

    return cli.main(argv)


def _schema(argv: list[str]) -> int:
    from campaign_contract.editor import cli  # noqa: PLC0415 - only `schema` needs it

    return cli.main(argv)


def _lsp(argv: list[str]) -> int:
    try:
        from campaign_contract.lsp import cli  # noqa: PLC0415 - the lsp extra may be missing
    except ModuleNotFoundError as missing:
        package = (missing.name or "").partition(".")[0]
        if package in ("", "campaign_contract"):
            raise
        print(
            f"campaign-contract lsp: needs the lsp extra ({package} is not installed): "
            "pip install 'campaign-contract[lsp]'",
            file=sys.stderr,
        )
        return USAGE_ERROR
    return cli.main(argv)


SUBCOMMANDS: dict[str, Subcommand] = {
    "validate": Subcommand("check payload files (same as validate-campaign)", _validate),
    "codegen": Subcommand("regenerate (or --check) the files in generated/", _codegen, "codegen"),
    "mock-server": Subcommand(
        "serve the mock endpoint over HTTP on loopback", _mock_server, "mock"
    ),
    "diff": Subcommand("classify schema changes as breaking or safe", _diff, "gate"),
    "schema": Subcommand("print one self-contained JSON Schema, for editors", _schema),
    "lsp": Subcommand("serve the language server over stdio, for editors", _lsp, "lsp"),
}


def _usage() -> str:
    lines = ["usage: campaign-contract SUBCOMMAND [ARGS...]", "", "subcommands:"]
    lines += [
        f"  {name:<12} {command.summary}" + (f" [{command.extra} extra]" if command.extra else "")
        for name, command in SUBCOMMANDS.items()
    ]
    lines += ["", "Run `campaign-contract SUBCOMMAND --help` for a subcommand's options."]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """`campaign-contract`: dispatch to a subcommand; whatever it leaves in standard output's
    buffer is written here, so a full or closed stdout is one line and exit 3 for every
    subcommand, `--help` included.

    Without `argv` this is the process's entry point (the console script, `python -m
    campaign_contract`), and `validate` is then the same process as `validate-campaign`: the
    same start-up, without the extras' metadata, and the same run, set aside from the garbage
    collector (`validate_main`). Given `argv`, a caller that goes on gets the library's run."""
    args = list(sys.argv[1:] if argv is None else argv)
    if argv is None:
        if args[:1] == ["validate"]:
            return validate_main(args[1:])
        _standard_streams()
    from campaign_contract.errors import write_stdout  # noqa: PLC0415 - validate-campaign skips it

    try:
        code = _dispatch(args)
    except SystemExit as stop:  # argparse's --help, and its usage errors
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 2)
    name = (
        f"campaign-contract {args[0]}" if args and args[0] in SUBCOMMANDS else "campaign-contract"
    )
    return write_stdout("", name) or code


def _dispatch(args: list[str]) -> int:
    """The exit code of the subcommand `args` names, or of `--help` and `--version`."""
    from campaign_contract.errors import write_stdout  # noqa: PLC0415 - validate-campaign skips it

    if not args or args[0] in ("-h", "--help"):
        return write_stdout(_usage() + "\n", "campaign-contract") or (0 if args else USAGE_ERROR)
    if args[0] == "--version":
        return write_stdout(f"campaign-contract {__version__}\n", "campaign-contract")
    command = SUBCOMMANDS.get(args[0])
    if command is None:
        print(f"campaign-contract: unknown subcommand {args[0]!r}\n\n{_usage()}", file=sys.stderr)
        return USAGE_ERROR
    return _run(f"campaign-contract {args[0]}", command, args[1:])


def _run(name: str, command: Subcommand, argv: list[str]) -> int:
    """Run `command`, or say in one line which extra it needs (exit 2), never a traceback."""
    from campaign_contract.errors import MissingExtraError  # noqa: PLC0415 - subcommands only

    try:
        if command.extra is not None:
            # (reading the extras' metadata imports `importlib.metadata`, `email`, `zipfile`...:
            # about a fifth of a one-file `validate` run, which needs no extra)
            from campaign_contract.extras import require  # noqa: PLC0415

            require(command.extra, name)
        return command.main(argv)
    except MissingExtraError as error:
        print(f"campaign-contract: {error}", file=sys.stderr)
        return USAGE_ERROR
    except ModuleNotFoundError as error:
        # The metadata said the extra is there, yet a module of it is not (a broken install,
        # or a source tree without metadata): still the extra to name, not a traceback.
        missing = error.name or ""
        if command.extra is None or not missing or missing.startswith("campaign_contract"):
            raise
        print(
            f"campaign-contract: {MissingExtraError(name, command.extra, [missing])}",
            file=sys.stderr,
        )
        return USAGE_ERROR


def _standard_streams() -> None:
    """A process's standard output and error made to write whole (`errors.write_whole`) when
    Python's own stream would refuse or lose part of a write: a non-blocking one (a parent
    handed it over so) or an unbuffered one (`PYTHONUNBUFFERED`). The usual stream stays as
    it is, for one system call."""
    import io  # noqa: PLC0415 - both loaded with the interpreter: no import is paid here
    import os  # noqa: PLC0415

    unsteady = []
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        try:
            if os.get_blocking(stream.fileno()) and isinstance(stream.buffer, io.BufferedIOBase):
                continue
        except (AttributeError, OSError, ValueError):
            continue  # none, closed, or no file
        unsteady.append(name)
    if unsteady:
        from campaign_contract.errors import write_whole  # noqa: PLC0415 - rarely needed

        write_whole(unsteady)


def validate_main(argv: Sequence[str] | None = None) -> int:
    """`validate-campaign FILE...`: the linter, as the process's entry point (the console
    script exits with its answer).

    Start-up (the imports, the arguments) makes only objects the process keeps, so the garbage
    collector's passes over them would find nothing to free (about a twentieth of a one-file
    run): it is off from here until the linter's run begins, after it has set those objects
    aside (`lint.cli`), and on again whatever way the run ends."""
    gc.disable()
    try:
        _standard_streams()
        from campaign_contract.lint import cli  # noqa: PLC0415 - as `_validate`

        return cli.main(list(sys.argv[1:] if argv is None else argv), whole_process=True)
    finally:
        gc.enable()
