"""Console entry points: `validate-campaign` and `campaign-contract SUBCOMMAND`.

Each subcommand lives in the module that implements it, as `main(argv) -> int`; this module only
dispatches, importing nothing but the one subcommand that runs (start-up time matters for a
pre-commit hook).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "validate": ("campaign_contract.lint_cli", "check payload files (same as validate-campaign)"),
    "codegen": ("campaign_contract.codegen", "regenerate (or --check) the files in generated/"),
    "mock-server": (
        "campaign_contract.mock_server",
        "serve the mock endpoint over HTTP on loopback",
    ),
    "diff": ("campaign_contract.diff", "classify schema changes as breaking or safe"),
}

USAGE_ERROR = 2


def _usage() -> str:
    lines = ["usage: campaign-contract SUBCOMMAND [ARGS...]", "", "subcommands:"]
    lines += [f"  {name:<12} {summary}" for name, (_, summary) in SUBCOMMANDS.items()]
    lines += ["", "Run `campaign-contract SUBCOMMAND --help` for a subcommand's options."]
    return "\n".join(lines)


def _run(module_name: str, argv: Sequence[str]) -> int:
    module = importlib.import_module(module_name)
    result: int = module.main(list(argv))
    return result


def main(argv: Sequence[str] | None = None) -> int:
    """`campaign-contract`: dispatch to a subcommand."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help"):
        print(_usage())
        return 0 if args else USAGE_ERROR
    if args[0] == "--version":
        from campaign_contract import __version__

        print(f"campaign-contract {__version__}")
        return 0
    entry = SUBCOMMANDS.get(args[0])
    if entry is None:
        print(f"campaign-contract: unknown subcommand {args[0]!r}\n\n{_usage()}", file=sys.stderr)
        return USAGE_ERROR
    return _run(entry[0], args[1:])


def validate_main(argv: Sequence[str] | None = None) -> int:
    """`validate-campaign FILE...`: the linter."""
    return _run("campaign_contract.lint_cli", sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
