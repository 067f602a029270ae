"""`campaign-contract lsp`: the language server over standard input and output."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from campaign_contract.command_line import ArgumentParser
from campaign_contract.lsp.server import DEFAULT_DEBOUNCE_MS, build_server


def build_parser() -> argparse.ArgumentParser:
    parser = ArgumentParser(
        prog="campaign-contract lsp",
        description=(
            "Speak the Language Server Protocol over standard input and output: diagnostics "
            "(the findings of validate-campaign), hover and completion for campaign payloads. "
            "Editors start it; see docs/language-server.md. The client's initializationOptions "
            f'{{"debounceMs": N}} set the delay after typing (default {DEFAULT_DEBOUNCE_MS} ms).'
        ),
    )
    parser.add_argument(
        "--stdio", action="store_true", help="use standard input and output (the default)"
    )
    return parser


def main(argv: Sequence[str]) -> int:
    """Serve until the client says `exit`; 0 after a `shutdown`, else 1 (as LSP asks)."""
    build_parser().parse_args(argv)

    server = build_server()
    server.start_io()  # returns on `exit` or at the end of input, never raising SystemExit
    return server.exit_code
