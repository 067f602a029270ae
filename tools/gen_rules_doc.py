"""Regenerate (or `--check`) the rule catalogue in README.md from the rule modules.

Usage: uv run python tools/gen_rules_doc.py [--check]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from campaign_contract.lint.rules import RULES
from campaign_contract.lint.rules.docs import render_markdown, replace_section

if TYPE_CHECKING:
    from campaign_contract.findings import RuleInfo

README = Path(__file__).resolve().parent.parent / "README.md"


def catalogue() -> tuple[RuleInfo, ...]:
    """Every documented rule; other rule catalogues are added here as they land."""
    return RULES


def main(argv: list[str]) -> int:
    """Rewrite README.md's rule section; with --check, exit 1 if it would change."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if README.md is stale")
    parser.add_argument("--readme", type=Path, default=README, help="the file to rewrite")
    options = parser.parse_args(argv)
    readme: Path = options.readme
    current = readme.read_text(encoding="utf-8")
    wanted = replace_section(current, render_markdown(catalogue()))
    if wanted == current:
        return 0
    if options.check:
        print(f"{readme} is stale: run `uv run python tools/gen_rules_doc.py`", file=sys.stderr)
        return 1
    readme.write_text(wanted, encoding="utf-8")
    print(f"rewrote the rule catalogue in {readme}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
