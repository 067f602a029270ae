"""Properties of `--fix` over the near-miss strategies, in every layout a file can have.

A near miss (one fault in a valid payload; or a number or boolean written as its string) is
written with a random indent, line ending, escaping, BOM and trailing comma, then fixed:
fixing is a fix point, keeps every byte outside its edits, never breaks a file that parsed, and
leaves only findings that were there before or that its edits reveal.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from campaign_contract import source
from campaign_contract.lint.fixes import fix_bytes
from campaign_contract.lint.rules import RULES
from campaign_contract.lint.rules.base import same_place
from campaign_contract.lint.runner import check_bytes
from campaign_contract.pointer import leaves
from campaign_contract.testing.strategies import invalid_payloads
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

if TYPE_CHECKING:
    from campaign_contract.findings import Finding, Position

NOW = datetime(2026, 1, 1, tzinfo=UTC)
BOM = b"\xef\xbb\xbf"
SEMANTIC = frozenset(rule.id for rule in RULES)


def check(data: bytes) -> list[Finding]:
    """The findings --fix works from."""
    return check_bytes(data, "p.json", now=NOW).findings


def _leaves(value: Any) -> Iterator[tuple[str | int, ...]]:
    """The paths of the integers and booleans in `value`."""
    return (path for path, leaf in leaves(value) if isinstance(leaf, bool | int))


def _objects(value: Any) -> Iterator[dict[str, Any]]:
    """Every object in `value`."""
    if isinstance(value, dict):
        yield value
    for child in (
        value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    ):
        yield from _objects(child)


def _misspell(node: dict[str, Any], key: str) -> None:
    """Rename `key` in place, two letters swapped, keeping the key order."""
    wrong = key[:2] + key[3] + key[2] + key[4:]
    items = [(wrong if k == key else k, v) for k, v in node.items()]
    node.clear()
    node.update(items)


def _stringify(payload: Any, path: tuple[str | int, ...]) -> None:
    node = payload
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = json.dumps(node[path[-1]])


@st.composite
def near_miss_files(draw: st.DrawFn) -> bytes:
    """A near-miss payload as a file, in a random layout."""
    payload, _ = draw(invalid_payloads())
    leaves = list(_leaves(payload))
    if leaves and draw(st.booleans()):
        _stringify(payload, draw(st.sampled_from(leaves)))
    keys = [(node, key) for node in _objects(payload) for key in node if len(key) > 4]
    if keys and draw(st.booleans()):
        _misspell(*draw(st.sampled_from(keys)))
    indent = draw(st.sampled_from([None, 2, "\t"]))
    text = json.dumps(payload, indent=indent, ensure_ascii=draw(st.booleans()))
    if draw(st.booleans()):
        closers = [i for i, c in enumerate(text) if c in "}]" and text[i - 1] not in "{[ \n"]
        if closers:
            at = draw(st.sampled_from(closers))
            text = text[:at] + "," + text[at:]
    if indent is not None and draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    return (BOM if draw(st.booleans()) else b"") + text.encode()


def _byte_offset(data: bytes, position: Position) -> int:
    """The byte offset of a line and character column, computed on the bytes themselves."""
    start = len(BOM) if data.startswith(BOM) else 0
    lines = data[start:].split(b"\n")
    before = sum(len(line) + 1 for line in lines[: position.line - 1])
    column_bytes = lines[position.line - 1].decode()[: position.column - 1].encode()
    return start + before + len(column_bytes)


def _wanted(findings: list[Finding], unsafe: bool) -> list[Finding]:
    return [f for f in findings if f.fix is not None and (f.fix.safe or unsafe)]


@given(near_miss_files(), st.booleans())
@example(b'{"name": "abc", "meta": {"send_type": "manual",}}', False)
def test_fixing_is_a_fix_point(data: bytes, unsafe: bool) -> None:
    """fix(fix(x)) == fix(x)."""
    once = fix_bytes(data, check, unsafe).data
    assert fix_bytes(once, check, unsafe).data == once


@given(near_miss_files(), st.booleans())
def test_a_file_that_parsed_still_parses(data: bytes, unsafe: bool) -> None:
    """Fixing never leaves a file that no longer parses; a trailing comma alone is mended."""
    result = fix_bytes(data, check, unsafe).data
    assert source.load(result, "")[0] is not None


@given(near_miss_files(), st.booleans())
def test_bytes_outside_the_edits_are_kept(data: bytes, unsafe: bool) -> None:
    """One round of fixing equals splicing each edit's replacement into the original bytes at
    offsets computed from the bytes, not from the fixer's text."""
    wanted = _wanted(check(data), unsafe)
    edits = sorted(
        (_byte_offset(data, e.span.start), _byte_offset(data, e.span.end), e.text)
        for f in wanted
        for e in f.fix.edits  # type: ignore[union-attr]  # _wanted: has a fix
    )
    assume(all(a[1] <= b[0] for a, b in pairwise(edits)))
    expected, at = b"", 0
    for start, end, text in edits:
        expected += data[at:start] + text.encode()
        at = end
    expected += data[at:]
    seen: list[bytes] = []

    def one_round(candidate: bytes) -> list[Finding]:
        seen.append(candidate)
        return check(candidate) if len(seen) == 1 else []

    assert fix_bytes(data, one_round, unsafe).data == expected


def _renamed(finding: Finding) -> str:
    """Where a fixed finding's value is afterwards (a renamed key moves it)."""
    fix = finding.fix
    if finding.rule == "schema-unknown-key" and fix is not None:
        return finding.pointer.rpartition("/")[0] + "/" + json.loads(fix.edits[0].text)
    return finding.pointer


@given(near_miss_files(), st.booleans())
def test_no_finding_appears_outside_the_edits(data: bytes, unsafe: bool) -> None:
    """The findings after fixing (by rule and pointer) are those before, less the fixed ones,
    plus findings at an edited place (or whose related place is one) or revealed by parsing.
    Fixing runs in rounds, so the edited places are those of every round's fixes. The semantic
    rules stand aside while the schema rejects a value they read (`send_type`, say), so a fixed
    schema finding may also reveal semantic ones."""
    assume(source.load(data, "")[0] is not None)  # else parsing may reveal anything
    before = check(data)
    seen: list[Finding] = []

    def recording(candidate: bytes) -> list[Finding]:
        findings = check(candidate)
        seen.extend(findings)
        return findings

    after = check(fix_bytes(data, recording, unsafe).data)
    fixed = _wanted(seen, unsafe)
    places = {f.pointer for f in fixed} | {_renamed(f) for f in fixed}
    fixed_keys = {(f.rule, f.pointer) for f in fixed}
    remaining = {(f.rule, f.pointer) for f in before} - fixed_keys
    schema_fixed = any(f.rule.startswith("schema-") for f in fixed)
    for finding in after:
        related = [r.pointer for r in finding.related]
        assert (
            (finding.rule, finding.pointer) in remaining
            or any(same_place(finding.pointer, place) for place in places)
            or any(pointer in places for pointer in related)
            or (schema_fixed and finding.rule in SEMANTIC)
        ), finding


def test_the_strategy_makes_every_fix_kind() -> None:
    """The properties above meet renames, enum and string fixes, trailing commas, removals.

    A census of the strategy, so the same examples in every profile (a random draw of 50 missed
    a kind now and then)."""
    kinds: set[str] = set()

    @settings(max_examples=200, derandomize=True, database=None)
    @given(near_miss_files())
    def collect(data: bytes) -> None:
        kinds.update(f.fix.description.split()[0] for f in check(data) if f.fix is not None)

    collect()
    assert {"rename", "replace", "write", "remove"} <= kinds
