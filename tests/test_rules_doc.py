"""Specification of the rule catalogue and of the README section generated from it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from campaign_contract.findings import Severity
from campaign_contract.lint.rules import RULES
from campaign_contract.lint.rules.docs import BEGIN, END, render_markdown, replace_section

ROOT = Path(__file__).resolve().parent.parent
CROSS_FILE = {"duplicate-campaign-id", "duplicate-campaign-name"}

CONTRACT_TABLE = {
    "send-type-data-missing": Severity.ERROR,
    "send-type-data-unused": Severity.WARNING,
    "send-datetime-format": Severity.ERROR,
    "send-datetime-past": Severity.WARNING,
    "schedule-window-order": Severity.ERROR,
    "schedule-day-uncovered": Severity.WARNING,
    "contact-limit-order": Severity.ERROR,
    "min-ctr-range": Severity.WARNING,
    "read-only-field": Severity.WARNING,
    "campaign-id-mismatch": Severity.ERROR,
    "no-segments": Severity.WARNING,
    "selected-data-inactive": Severity.WARNING,
    "duplicate-campaign-id": Severity.ERROR,
    "duplicate-campaign-name": Severity.WARNING,
}
"""The "Semantic rules" table of CONTRACT.md: stable ids and default severities."""


def test_catalogue_is_the_contract_table() -> None:
    """Every rule of CONTRACT.md is in RULES, in order, with its default severity."""
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


def test_readme_rule_section_is_up_to_date() -> None:
    """README.md holds exactly the rendered catalogue; regenerate with tools/gen_rules_doc.py."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme == replace_section(readme, render_markdown(RULES))


def test_check_command_fails_on_a_stale_readme(tmp_path: Path) -> None:
    """`gen_rules_doc.py --check` exits 1 when README.md would change, 0 when it would not."""
    script = ROOT / "tools" / "gen_rules_doc.py"
    fresh = subprocess.run([sys.executable, script, "--check"], capture_output=True, check=False)
    assert fresh.returncode == 0, fresh.stderr
    stale = tmp_path / "README.md"
    stale.write_text(f"# x\n{BEGIN}\nold\n{END}\n", encoding="utf-8")
    run = [sys.executable, script, "--check", "--readme", stale]
    result = subprocess.run(run, capture_output=True, text=True, check=False)
    assert (1, f"{stale} is stale") == (result.returncode, result.stderr.split(":")[0])
    assert stale.read_text(encoding="utf-8") == f"# x\n{BEGIN}\nold\n{END}\n"


def test_markdown_lists_each_rule_with_heading_and_examples() -> None:
    """Each rule gets a table row, a heading and its two examples."""
    text = render_markdown(RULES[:1])
    rule = RULES[0]
    assert f"| [`{rule.id}`](#{rule.id}) | error | {rule.summary} |" in text
    assert f"#### `{rule.id}`" in text
    assert f"- reported: `{rule.invalid_example}`" in text


def test_replace_section_needs_both_markers() -> None:
    """Without the markers the README cannot be regenerated, and says so."""
    with pytest.raises(ValueError, match="markers"):
        replace_section("no markers here", "x")
    expected = f"a\n{BEGIN}\nnew\n{END}\nb"
    assert expected == replace_section(f"a\n{BEGIN}\nold\n{END}\nb", "new\n")
