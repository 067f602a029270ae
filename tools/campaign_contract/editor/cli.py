"""`campaign-contract schema`: print the contract as one self-contained JSON Schema.

    campaign-contract schema                      # the request body's schema
    campaign-contract schema --role response > .vscode/campaign-response.schema.json

Exit status: 0 printed, 2 usage error, 3 the schemas cannot be loaded.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from campaign_contract import __version__
from campaign_contract.command_line import ArgumentParser
from campaign_contract.editor.bundle import ROLES, render
from campaign_contract.errors import CampaignContractError, write_stdout
from campaign_contract.schema import SchemaSet

EXIT_USAGE = 2
EXIT_BROKEN = 3


def _parser() -> argparse.ArgumentParser:
    parser = ArgumentParser(
        prog="campaign-contract schema",
        description="Print one JSON Schema with every $ref local (#/$defs/...), for editors "
        "(VS Code's json.schemas, JetBrains' JSON Schema mappings) and other tools.",
    )
    parser.add_argument(
        "--role",
        choices=tuple(ROLES),
        default="request",
        help="request: the body you PUT (default); response: the body the API answers with",
    )
    parser.add_argument(
        "--schema-dir",
        metavar="DIR",
        help="bundle the contract's schema files in DIR instead of the installed ones",
    )
    return parser


def main(argv: list[str]) -> int:
    """Parse `argv`, print the bundle, return the exit status."""

    args = _parser().parse_args(argv)
    try:
        schemas = (
            SchemaSet.packaged()
            if args.schema_dir is None
            else SchemaSet.from_directory(Path(args.schema_dir))
        )
        text = render(schemas, args.role, __version__)
    except CampaignContractError as error:
        print(f"campaign-contract schema: {error}", file=sys.stderr)
        return EXIT_BROKEN
    return write_stdout(text, "campaign-contract schema")
