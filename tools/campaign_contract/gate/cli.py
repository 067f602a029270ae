"""`campaign-contract diff`: the contract change gate on the command line.

    campaign-contract diff OLD_DIR NEW_DIR
    campaign-contract diff --against REV          # work tree's schemas/ vs REV's
    campaign-contract diff --against-merge-base BRANCH

Exit status: 0 no breaking change (or all acknowledged), 1 breaking or unclassified changes,
2 usage or schema errors.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from campaign_contract.command_line import ArgumentParser
from campaign_contract.errors import CampaignContractError, write_stdout
from campaign_contract.gate.run import GateOptions, execute
from campaign_contract.reporters import FORMATS

USAGE_ERROR = 2


def _parser() -> argparse.ArgumentParser:

    parser = ArgumentParser(
        prog="campaign-contract diff",
        description="Classify the changes between two versions of the contract's schemas as "
        "breaking, safe or unclassified, per role (request producers, response readers), with "
        "a witness document for every breaking change.",
    )
    parser.add_argument("old", nargs="?", type=Path, help="folder of the OLD schema files")
    parser.add_argument("new", nargs="?", type=Path, help="folder of the NEW schema files")
    parser.add_argument(
        "--against", metavar="REV", help="compare the work tree's schemas/ with git revision REV"
    )
    parser.add_argument(
        "--against-merge-base",
        metavar="BRANCH",
        help="compare with the merge base of HEAD and BRANCH; does nothing when there is none",
    )
    parser.add_argument(
        "--repo", type=Path, default=Path(), help="a folder inside the git work tree (default .)"
    )
    parser.add_argument(
        "--format", choices=tuple(FORMATS), default="text", help="output format (text)"
    )
    return parser


def main(argv: list[str]) -> int:
    """Parse `argv`, run the gate, return the exit status."""

    parser = _parser()
    args = parser.parse_args(argv)
    git_modes = (args.against is not None) + (args.against_merge_base is not None)
    folders = (args.old is not None) + (args.new is not None)
    if git_modes > 1 or (git_modes and folders) or (not git_modes and folders != 2):
        parser.error("give OLD and NEW folders, or --against REV, or --against-merge-base BRANCH")
    options = GateOptions(
        old=args.old,
        new=args.new,
        against=args.against,
        merge_base_with=args.against_merge_base,
        repo=args.repo,
        output_format=args.format,
    )
    report = io.StringIO()
    try:
        code = execute(options, report)
    except CampaignContractError as error:
        print(f"campaign-contract diff: {error}", file=sys.stderr)
        return USAGE_ERROR
    return write_stdout(report.getvalue(), "campaign-contract diff") or code
