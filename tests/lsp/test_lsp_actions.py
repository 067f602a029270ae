"""Specification of code actions made from findings' fixes."""

from __future__ import annotations

import pytest
from campaign_contract.findings import Edit, Finding, Fix, Severity, Span
from campaign_contract.lsp.actions import FIX_ALL_KIND, quick_fixes, wanted
from campaign_contract.lsp.positions import UTF16, TextIndex
from lsprotocol import types

TEXT = '{"a": 1, "b": 2}'
INDEX = TextIndex(TEXT)
URI = "file:///work/campaigns/a.json"


def finding(span: Span, fix: Fix | None) -> tuple[Finding, types.Diagnostic]:
    found = Finding("schema-unknown-key", Severity.ERROR, "m", "a.json", span=span, fix=fix)
    diagnostic = types.Diagnostic(INDEX.to_range(span, UTF16), "m")
    return found, diagnostic


def everywhere() -> types.Range:
    return types.Range(types.Position(0, 0), types.Position(0, len(TEXT)))


def test_a_safe_fix_is_a_preferred_quick_fix_with_its_edits() -> None:
    """The fix's description is the title; its edits, in LSP positions, are the change."""
    rename = Fix('rename "a" to "x"', (Edit(Span.at(1, 3, 1), "x"),))
    [action] = quick_fixes(URI, [finding(Span.at(1, 2, 3), rename)], INDEX, UTF16, everywhere())
    assert (action.title, action.kind, action.is_preferred) == (
        'rename "a" to "x"',
        types.CodeActionKind.QuickFix,
        True,
    )
    assert action.edit is not None
    assert action.edit.changes == {
        URI: [types.TextEdit(types.Range(types.Position(0, 2), types.Position(0, 3)), "x")]
    }


def test_an_unsafe_fix_says_so_and_is_never_preferred() -> None:
    """A removal changes meaning: the title says unsafe, and editors do not apply it alone."""
    remove = Fix('remove "b"', (Edit(Span.at(1, 8, 8), ""),), safe=False)
    [action] = quick_fixes(URI, [finding(Span.at(1, 10, 3), remove)], INDEX, UTF16, everywhere())
    assert (action.title, action.is_preferred) == ('remove "b" (unsafe)', False)


def test_only_diagnostics_in_the_asked_range_and_with_a_fix_are_offered() -> None:
    """A diagnostic outside the range, or without a fix, offers nothing."""
    rename = Fix("rename", (Edit(Span.at(1, 3, 1), "x"),))
    start = types.Range(types.Position(0, 0), types.Position(0, 1))
    fixable_far = finding(Span.at(1, 10, 3), rename)
    unfixable_near = finding(Span.at(1, 1, 1), None)
    assert quick_fixes(URI, [fixable_far, unfixable_near], INDEX, UTF16, start) == []


@pytest.mark.parametrize(
    ("only", "quickfix", "fix_all"),
    [
        (None, True, True),
        (["quickfix"], True, False),
        (["source"], False, True),
        (["source.fixAll"], False, True),
        (["source.fixAll.campaign-contract"], False, True),
        (["source.fix"], False, False),
        (["quickfixes"], False, False),
        (["refactor", "quickfix"], True, False),
    ],
)
def test_the_kinds_asked_for_select_actions_by_whole_dotted_parts(
    only: list[str] | None, quickfix: bool, fix_all: bool
) -> None:
    """`only` names kinds and their parents: `source` includes `source.fixAll.x`, but a kind
    that merely starts with the same letters (`source.fix`) does not."""
    assert wanted(types.CodeActionKind.QuickFix, only) is quickfix
    assert wanted(FIX_ALL_KIND, only) is fix_all
