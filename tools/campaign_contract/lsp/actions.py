"""Code actions from the fix engine: a quick fix for each diagnostic whose finding has a fix,
and "fix all safe" for the whole document.

A quick fix makes its finding's `Fix` edits; "fix all safe" runs the engine `validate-campaign
--fix` runs (`lint.fixes.fix_bytes`: fix, check again, until nothing changes) on the document's
text and replaces the text with the result, so the editor shows exactly what `--fix` would write.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Final

from lsprotocol import types

from campaign_contract.findings import Finding
from campaign_contract.lint.fixes import fix_bytes
from campaign_contract.lsp.positions import TextIndex

FIX_ALL_KIND: Final = f"{types.CodeActionKind.SourceFixAll.value}.campaign-contract"
"""The kind of the "fix all safe" action (a `source.fixAll` kind, as editors run on save)."""
FIX_ALL_TITLE: Final = "Fix all safe problems (validate-campaign --fix)"


def wanted(kind: str, only: Sequence[str] | None) -> bool:
    """Whether an action of `kind` answers a request for the kinds `only` (None: any). Kinds
    are dotted hierarchies: `source` asks for `source.fixAll.campaign-contract`, while
    `source.fix` or `quickfixes` ask for neither."""
    return only is None or any(kind == asked or kind.startswith(f"{asked}.") for asked in only)


def _overlaps(range_: types.Range, other: types.Range) -> bool:
    start = (range_.start.line, range_.start.character)
    end = (range_.end.line, range_.end.character)
    return (other.start.line, other.start.character) <= end and start <= (
        other.end.line,
        other.end.character,
    )


def quick_fixes(
    uri: str,
    findings: Iterable[tuple[Finding, types.Diagnostic]],
    index: TextIndex,
    encoding: str,
    wanted: types.Range,
) -> list[types.CodeAction]:
    """A quick fix for each finding with a fix whose diagnostic touches `wanted`."""
    actions = []
    for finding, diagnostic in findings:
        fix = finding.fix
        if fix is None or not _overlaps(wanted, diagnostic.range):
            continue
        edits = [
            types.TextEdit(index.to_range(edit.span, encoding), edit.text) for edit in fix.edits
        ]
        actions.append(
            types.CodeAction(
                title=fix.description if fix.safe else f"{fix.description} (unsafe)",
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[diagnostic],
                is_preferred=fix.safe,
                edit=types.WorkspaceEdit(changes={uri: edits}),
            )
        )
    return actions


def fix_all(
    uri: str, text: str, encoding: str, check: Callable[[bytes], list[Finding]]
) -> types.CodeAction | None:
    """The document with every safe fix made, as `--fix` makes them; None when none applies."""

    outcome = fix_bytes(text.encode("utf-8", "surrogatepass"), check)
    if outcome.applied == 0:
        return None
    new_text = outcome.data.decode("utf-8", "surrogatepass")
    index = TextIndex(text)
    whole = types.Range(types.Position(0, 0), index.lsp_position(len(text), encoding))
    return types.CodeAction(
        title=FIX_ALL_TITLE,
        kind=FIX_ALL_KIND,
        edit=types.WorkspaceEdit(changes={uri: [types.TextEdit(whole, new_text)]}),
    )
