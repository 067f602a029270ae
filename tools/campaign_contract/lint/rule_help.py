"""The rule catalogue for people: `--list-rules`, `--explain RULE`, and `docs/rules.md`.

`docs/rules.md` is rendered from the catalogue by `uv run python tools/scripts/gen_rules_doc.py`
(`--check` in CI fails when it is stale); each rule's heading is its anchor, `#rule-id`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping, Sequence

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
        import difflib  # noqa: PLC0415 - only an unknown rule name needs it

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


RuleGroup = tuple[str, Sequence[RuleInfo]]
"""A titled part of the catalogue, e.g. ("Semantic rules", RULES)."""


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render_markdown(groups: Iterable[RuleGroup], preamble: str = "") -> str:
    """The catalogue page: one table of every rule, then a section per group with each rule's
    explanation and examples under a heading whose anchor is the rule id."""
    groups = list(groups)
    lines = ["# Rules", ""]
    if preamble:
        lines += [preamble, ""]
    lines += ["| rule | default | reports |", "|---|---|---|"]
    for _, rules in groups:
        for rule in rules:
            link = f"[`{rule.id}`](#{rule.id})"  # GitHub's anchor of the heading below
            lines.append(f"| {link} | {rule.default_severity.label} | {_cell(rule.summary)} |")
    for title, rules in groups:
        lines += ["", f"## {title}"]
        for rule in rules:
            lines += ["", f"### `{rule.id}`", "", rule.explanation]
            if rule.valid_example:
                lines += ["", f"- accepted: `{rule.valid_example}`"]
            if rule.invalid_example:
                lines += [f"- reported: `{rule.invalid_example}`"]
    return "\n".join(lines) + "\n"
