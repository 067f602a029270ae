"""The fix loop: apply the fixes of a payload's findings until nothing changes.

Fixing can reveal findings (a file that parses at last, a renamed key whose value is wrong), so
the loop checks again after each round, at most `MAX_ROUNDS` times, as ruff does. Each round
makes every fix whose edits do not overlap an earlier one's; the rest wait for the next round.
A round's result is parsed before it is kept: a file that parsed must still parse, and a fix
that would break it is dropped and reported as `fix-failed`.
"""

from collections.abc import Callable
from typing import Final, NamedTuple

from campaign_contract import source
from campaign_contract.findings import Finding, Fix, Severity
from campaign_contract.lint.fixes.text import Lines, Range, Taken, apply, ranges
from campaign_contract.lint.tool_rules import FIX_FAILED

MAX_ROUNDS: Final = 100
"""Rounds of fixing before the loop gives up (each round re-checks the file)."""

BOM: Final = b"\xef\xbb\xbf"


Check = Callable[[bytes], list[Finding]]
"""The findings of a payload's bytes, with their fixes (configuration applied)."""


class Outcome(NamedTuple):
    """What fixing one payload did."""

    data: bytes
    """The fixed bytes (the input's when nothing was fixed)."""
    applied: int
    """How many fixes were made."""
    failed: tuple[Finding, ...] = ()
    """A `fix-failed` finding for each fix dropped because its result would not parse."""


def _wanted(finding: Finding, unsafe: bool) -> bool:
    fix = finding.fix
    return fix is not None and (fix.safe or unsafe) and not finding.suppressed


def split_bom(data: bytes) -> tuple[bytes, str] | None:
    """The byte-order mark (or b"") and the UTF-8 text of `data`; None when it is not UTF-8."""
    bom = BOM if data.startswith(BOM) else b""
    try:
        return bom, data[len(bom) :].decode("utf-8")
    except UnicodeDecodeError:
        return None


def _parses(data: bytes) -> bool:
    """Whether the linter can load `data`: a fix that grows a file past the size limit (a
    longer key in a file at the limit) breaks it as surely as a syntax error."""
    return len(data) <= source.MAX_BYTES and source.load(data, "")[0] is not None


def _failed(
    finding: Finding, fix: Fix, reason: str = "the file would not parse afterwards"
) -> Finding:
    return Finding(
        FIX_FAILED,
        Severity.WARNING,
        f"the fix ({fix.description}) was not applied: {reason}",
        finding.file,
        finding.pointer,
        finding.span,
    )


def fix_bytes(data: bytes, check: Check, unsafe: bool = False) -> Outcome:
    """`data` with every wanted fix made, checking again after each round until none is left."""
    applied = 0
    failed: list[Finding] = []
    dropped: set[tuple[str, str, str]] = set()
    for _ in range(MAX_ROUNDS):
        decoded = split_bom(data)
        if decoded is None:
            break
        bom, text = decoded
        lines = Lines(text)
        chosen: list[tuple[Finding, list[Range]]] = []
        taken = Taken()
        for finding in check(data):
            if not _wanted(finding, unsafe) or _identity(finding) in dropped:
                continue
            edits = ranges(finding.fix, lines)  # type: ignore[arg-type]  # _wanted: has a fix
            if not taken.overlaps(edits):
                chosen.append((finding, edits))
                taken.add(edits)
        changed = [(f, e) for f, e in chosen if any(text[r.start : r.end] != r.text for r in e)]
        if not changed:
            break
        kept = _keep_parsing(bom, text, changed, parsed_before=_parses(data))
        for finding, _ in changed:
            if all(finding is not k for k, _ in kept):
                dropped.add(_identity(finding))
                failed.append(_failed(finding, finding.fix))  # type: ignore[arg-type]
        if not kept:
            break
        data = bom + apply(text, [r for _, e in kept for r in e]).encode("utf-8")
        applied += len(kept)
    else:
        failed += _unsettled(data, check, unsafe)
    return Outcome(data, applied, tuple(failed))


def _unsettled(data: bytes, check: Check, unsafe: bool) -> list[Finding]:
    """After the last round: a `fix-failed` finding for a fix still to make, so that a run
    that stopped at the bound (more than `MAX_ROUNDS` trailing commas, each revealed by the
    one before) says so instead of leaving work for a second `--fix` silently."""
    decoded = split_bom(data)
    if decoded is None:
        return []
    lines = Lines(decoded[1])
    for finding in check(data):
        fix = finding.fix
        edits = ranges(fix, lines) if fix is not None and _wanted(finding, unsafe) else []
        if fix is not None and any(lines.text[r.start : r.end] != r.text for r in edits):
            reason = f"fixing stopped after {MAX_ROUNDS} rounds with more to do; run --fix again"
            return [_failed(finding, fix, reason)]
    return []


def _identity(finding: Finding) -> tuple[str, str, str]:
    return finding.rule, finding.pointer, finding.fix.description if finding.fix else ""


def _keep_parsing(
    bom: bytes, text: str, chosen: list[tuple[Finding, list[Range]]], parsed_before: bool
) -> list[tuple[Finding, list[Range]]]:
    """The fixes to make this round: all of them when the result parses (or the file did not
    parse before: then only syntax fixes exist); else each one that keeps the file parsing."""

    def parses_with(fixes: "list[tuple[Finding, list[Range]]]") -> bool:
        edits = [r for _, e in fixes for r in e]
        return not parsed_before or _parses(bom + apply(text, edits).encode("utf-8"))

    if parses_with(chosen):
        return chosen
    kept: list[tuple[Finding, list[Range]]] = []
    for candidate in chosen:
        if parses_with([*kept, candidate]):
            kept.append(candidate)
    return kept
