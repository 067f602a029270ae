"""Regenerate (or `--check`) `docs/rules.md`, the rule catalogue, from the rule modules.

Usage: uv run python tools/scripts/gen_rules_doc.py [--check] [--output FILE]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from campaign_contract.gate.run import RULES as GATE_RULES
from campaign_contract.lint.rule_help import RuleGroup, render_markdown
from campaign_contract.lint.runner import rule_groups

if TYPE_CHECKING:
    from campaign_contract.findings import RuleInfo

RULES_PAGE = Path(__file__).resolve().parents[2] / "docs" / "rules.md"
COMMAND = "uv run python tools/scripts/gen_rules_doc.py"
PREAMBLE = (
    f"<!-- Generated from the rule catalogue by `{COMMAND}`. Do not edit: change the rule's "
    "catalogue entry, then run the command. -->\n\n"
    "Every finding carries one of these rule ids: in every output format, in the configuration "
    "(`severity`, `per-file`) and in baselines. Each rule's section is anchored by its id "
    "(`#json-bom`), the `helpUri` of SARIF logs. "
    "`validate-campaign --list-rules` lists them and `--explain RULE` shows one. The last part "
    "lists the findings of the contract change gate (`campaign-contract diff`)."
)


def groups() -> tuple[RuleGroup, ...]:
    """Every rule of the toolkit: the linter's, then the change gate's."""
    gate: tuple[RuleInfo, ...] = tuple(GATE_RULES.values())
    return (*rule_groups(), ("Contract change gate", gate))


def render() -> str:
    """The text `docs/rules.md` should have."""
    return render_markdown(groups(), PREAMBLE)


def main(argv: list[str]) -> int:
    """Rewrite docs/rules.md; with --check, change nothing and exit 1 if it is stale."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the page is stale")
    parser.add_argument("--output", type=Path, default=RULES_PAGE, help="the page to write")
    options = parser.parse_args(argv)
    page: Path = options.output
    current = page.read_text(encoding="utf-8") if page.exists() else ""
    wanted = render()
    if wanted == current:
        return 0
    if options.check:
        print(f"{page} is stale: run `{COMMAND}`", file=sys.stderr)
        return 1
    page.write_text(wanted, encoding="utf-8")
    print(f"wrote {page}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
