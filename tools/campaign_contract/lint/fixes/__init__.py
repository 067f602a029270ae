"""Safe fixes: the repairs `validate-campaign --fix` and `--diff` make.

`suggest` says which findings can be repaired and how (a `findings.Fix`: minimal text edits at
the finding's place, safe or not), `text` makes edits byte-exactly, `engine` fixes one payload
until nothing changes, and `files` fixes a run's inputs and writes them back (or diffs them).

    outcome = fix_bytes(data, lambda d: check_bytes(d, "spring.json").findings)
"""

from __future__ import annotations

from campaign_contract.lint.fixes.engine import MAX_ROUNDS, RULES, Outcome, fix_bytes

__all__ = ["MAX_ROUNDS", "RULES", "Outcome", "fix_bytes"]
