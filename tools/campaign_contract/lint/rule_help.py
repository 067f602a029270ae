"""Text for `--list-rules` and `--explain RULE`: the rule catalogue, for people."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

from campaign_contract.errors import UsageError
from campaign_contract.findings import RuleInfo

WIDTH = 100


def list_rules(rules: Mapping[str, RuleInfo]) -> str:
    """One line per rule: id, default severity, summary."""
    width = max(len(rule_id) for rule_id in rules)
    lines = [
        f"{rule.id:<{width}}  {rule.default_severity.label:<7}  {rule.summary}"
        for rule in rules.values()
    ]
    return "\n".join(lines) + "\n"


def explain(rules: Mapping[str, RuleInfo], rule_id: str) -> str:
    """The catalogue entry of `rule_id`; `UsageError` (with a suggestion) for an unknown id."""
    rule = rules.get(rule_id)
    if rule is None:
        import difflib

        close = difflib.get_close_matches(rule_id, list(rules), n=1)
        guess = f'; did you mean "{close[0]}"?' if close else ""
        raise UsageError(f"unknown rule {rule_id!r}{guess} (see --list-rules)")
    lines = [f"{rule.id} ({rule.default_severity.label} by default)", "", rule.summary, ""]
    lines += textwrap.wrap(rule.explanation, WIDTH)
    if rule.valid_example:
        lines += ["", "accepted:", f"  {rule.valid_example}"]
    if rule.invalid_example:
        lines += ["", "reported:", f"  {rule.invalid_example}"]
    return "\n".join(lines) + "\n"
