"""Rules about the linter's own work rather than a payload: a fix it could not make or write,
a configured suppression that accepts nothing.

Kept apart from `fixes` and `suppressions`: every run lists the catalogue, few runs fix or
suppress anything, and a clean run's start-up is a feature.
"""

from __future__ import annotations

from typing import Final

from campaign_contract.findings import RuleInfo, Severity

FIX_FAILED: Final = "fix-failed"
FIX_NOT_WRITTEN: Final = "fix-not-written"

UNUSED_SUPPRESSION: Final = "unused-suppression"

RULES: Final = (
    RuleInfo(
        FIX_FAILED,
        Severity.WARNING,
        "A fix was not applied: the file would not parse afterwards, or fixing did not settle.",
        "`--fix` parses every result before keeping it; a fix whose result would not parse is "
        "dropped and this finding says which (a result over the size limit counts as not parsing). "
        "Make that change by hand. It also says when "
        "fixing stopped at its bound of 100 rounds with fixes still to make (each trailing "
        "comma is found only once the one before it is gone): run `--fix` again.",
    ),
    RuleInfo(
        FIX_NOT_WRITTEN,
        Severity.WARNING,
        "A file with fixes was not written (a symbolic link, read-only, or not what was read).",
        "`--fix` never writes through a symbolic link (the link would be replaced by a file, "
        "or a file elsewhere changed): run `--fix` on the file the link points to. Nor does it "
        "replace a read-only file (the rename that makes writes atomic would do so regardless of "
        "its mode): make it writable first. Nor does it "
        "write a file that no longer holds the bytes it read and fixed (read only in part, or "
        "changed meanwhile): run `--fix` again.",
    ),
    RuleInfo(
        UNUSED_SUPPRESSION,
        Severity.WARNING,
        "A configured suppression matched no finding.",
        "A `[[tool.validate-campaign.suppress]]` entry whose `files` match a checked file but "
        "which accepted no finding there: the problem it excused is gone, or its pointer or "
        "rules are mistyped. Remove or correct it. Entries that match no checked file (a "
        "pre-commit run on changed files) are not reported.",
    ),
)
"""The catalogue entries of the findings `--fix` and the suppressions report."""
