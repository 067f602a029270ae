"""Specification of the rule catalogue and of docs/rules.md, generated from it."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from campaign_contract.findings import Severity
from campaign_contract.lint.rule_help import render_markdown
from campaign_contract.lint.rules import RULES

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tools" / "scripts" / "gen_rules_doc.py"
CROSS_FILE = {"duplicate-campaign-id", "duplicate-campaign-name"}


def _contract_table() -> dict[str, Severity]:
    """The "Semantic rules" table of docs/contract.md: stable ids and default severities."""
    text = (ROOT / "docs" / "contract.md").read_text(encoding="utf-8")
    section = text.split("\n## Semantic rules\n", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([a-z-]+)` \| (error|warning|note) \|", section, flags=re.MULTILINE)
    return {rule: Severity.parse(severity) for rule, severity in rows}


CONTRACT_TABLE = _contract_table()


def test_catalogue_is_the_contract_table() -> None:
    """Every semantic rule of docs/contract.md is in RULES, in order, with its default severity."""
    assert len(CONTRACT_TABLE) == 15
    assert {rule.id: rule.default_severity for rule in RULES} == CONTRACT_TABLE
    assert list(CONTRACT_TABLE) == [rule.id for rule in RULES]


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_every_rule_is_documented_with_json_examples(rule: object) -> None:
    """Summary is one line; the examples are JSON (cross-file ones name the second file)."""
    from campaign_contract.findings import RuleInfo

    assert isinstance(rule, RuleInfo)
    assert "\n" not in rule.summary
    assert len(rule.explanation) > len(rule.summary)
    for example in (rule.valid_example, rule.invalid_example):
        text = example.removesuffix(" (in a second file)") if rule.id in CROSS_FILE else example
        json.loads(text)


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_rules_doc", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_rules_page_is_up_to_date() -> None:
    """docs/rules.md is exactly the rendered catalogue; regenerate with gen_rules_doc.py."""
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == _generator().render()


def test_rules_page_lists_every_rule_the_toolkit_reports() -> None:
    """Every rule id of the linter and of the change gate has its heading (its anchor)."""
    from campaign_contract.gate.run import RULES as GATE_RULES
    from campaign_contract.lint.runner import all_rules

    page = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    for rule_id in [*all_rules(), *GATE_RULES]:
        assert f"\n### `{rule_id}`\n" in page, rule_id


def test_check_command_fails_on_a_stale_page(tmp_path: Path) -> None:
    """`gen_rules_doc.py --check` exits 1 when the page would change, 0 when it would not."""
    fresh = subprocess.run([sys.executable, SCRIPT, "--check"], capture_output=True, check=False)
    assert fresh.returncode == 0, fresh.stderr
    stale = tmp_path / "rules.md"
    stale.write_text("# old\n", encoding="utf-8")
    run = [sys.executable, SCRIPT, "--check", "--output", stale]
    result = subprocess.run(run, capture_output=True, text=True, check=False)
    assert (1, f"{stale} is stale") == (result.returncode, result.stderr.split(":")[0])
    assert stale.read_text(encoding="utf-8") == "# old\n"


def test_markdown_lists_each_rule_with_heading_and_examples() -> None:
    """Each rule gets a table row, a heading (its anchor) and its two examples."""
    text = render_markdown([("Semantic rules", RULES[:1])])
    rule = RULES[0]
    assert f"| [`{rule.id}`](#{rule.id}) | error | {rule.summary} |" in text
    assert f"### `{rule.id}`" in text
    assert f"- reported: `{rule.invalid_example}`" in text
