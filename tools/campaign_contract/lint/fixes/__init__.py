"""Safe fixes: the repairs `validate-campaign --fix` and `--diff` make.

`suggest` says which findings can be repaired and how (a `findings.Fix`: minimal text edits at
the finding's place, safe or not), `text` makes edits byte-exactly, `engine` fixes one payload
until nothing changes, and `files` fixes a run's inputs and writes them back (or diffs them).
The rules of the findings fixing itself reports are in `lint.tool_rules`.

    outcome = fix_bytes(data, lambda d: check_bytes(d, "spring.json").findings)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from campaign_contract.lint.fixes.engine import MAX_ROUNDS, Outcome, fix_bytes

__all__ = ["MAX_ROUNDS", "Outcome", "fix_bytes"]


def __getattr__(name: str) -> Any:
    # Lazy: only a run with findings needs the engine.
    if name in __all__:
        from campaign_contract.lint.fixes import engine  # noqa: PLC0415 - only findings need it

        return getattr(engine, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
