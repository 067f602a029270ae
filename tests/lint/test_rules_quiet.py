"""Specification of the rules' fast path: `quiet` never hides a finding, and clean files take it."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from campaign_contract.lint.rules import CHECKS, RULES, RuleContext, awake, quiet
from campaign_contract.lint.rules.catalogue import DUPLICATE_CAMPAIGN_ID, DUPLICATE_CAMPAIGN_NAME
from campaign_contract.testing.strategies import complete_payloads, semantically_valid_payloads
from hypothesis import given, settings
from hypothesis import strategies as st
from payloads import boundary_cases
from rule_documents import load

CONTEXTS = [
    RuleContext("a.json", datetime(2026, 11, 27, tzinfo=UTC)),
    RuleContext("a.json", datetime(2100, 1, 1, tzinfo=UTC)),  # every drawn start is past
    RuleContext(
        "a.json", datetime(2026, 11, 27, tzinfo=UTC), "3C90C3CC-0D44-4B50-8888-8DD25736052A"
    ),
]
EDGE_VALUES = [
    *(None, True, False, 0, 1, 5, 6, 100, 100.5, -1, [], {}, "", "draft", "pending", "Mon"),
    *("default", "00:00", "23:59", "2020-01-01 00:00", "2030-01-01T09:00:00Z", "soon"),
    *(["Mon"], {"start": "10:00", "end": "09:00"}, {"start": "10:00", "end": "10:00"}),
    *(" Spring ", "09:00\n", "\u00a0"),
]
"""Values at the edges of what the rules check."""
RULE_INPUTS = {
    *("id", "status", "segment_ids", "multistep_status", "manual_data", "multistep_data"),
    *("planner_data", "is_active", "min_ctr", "send_datetime", "weekly_schedule", "start"),
    *("end", "default", "days_of_week", "weekly_sms_contact_limit", "daily_sms_contact_limit"),
    *("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "name",  # server-normalised-string reads every string; the name is the usual one
}
"""The members the rules read."""
_DELETE = object()


def _places(node: Any, at: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    yield at, node
    children = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else ()
    )
    for key, value in children:
        yield from _places(value, (*at, key))


def _edited(payload: Any, path: tuple[Any, ...], value: Any) -> Any:
    edited = copy.deepcopy(payload)
    node = edited
    for token in path[:-1]:
        node = node[token]
    if value is _DELETE:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return edited


def one_edit_away(payload: Any) -> Iterator[Any]:
    """Every payload that differs from `payload` in one member the rules read: replaced by an
    edge value, removed, or added to an object where it was missing."""
    for path, node in list(_places(payload)):
        if path and path[-1] in RULE_INPUTS | {0}:
            for value in (*EDGE_VALUES, *((_DELETE,) if isinstance(path[-1], str) else ())):
                yield _edited(payload, path, value)
        if isinstance(node, dict):
            for key in sorted(RULE_INPUTS - set(node)):
                for value in EDGE_VALUES[:12]:
                    yield _edited(payload, (*path, key), value)


def _candidates(payload: Any, context: RuleContext) -> list[str]:
    doc = load(payload)
    return [candidate.rule for registered in CHECKS for candidate in registered.find(doc, context)]


@settings(max_examples=20)
@given(semantically_valid_payloads() | complete_payloads(), st.sampled_from(CONTEXTS))
def test_quiet_never_hides_a_finding(payload: Any, context: RuleContext) -> None:
    """Where `quiet` answers True, running every rule finds nothing either: checked on every
    payload one edit away from a clean one."""
    for variant in one_edit_away(payload):
        if quiet(variant, context):
            assert _candidates(variant, context) == [], variant


@pytest.mark.parametrize("case", boundary_cases(), ids=lambda case: case.id)
def test_quiet_never_hides_a_finding_on_boundary_payloads(case: Any) -> None:
    """The same on every boundary payload derived from the schema, valid or not."""
    for context in CONTEXTS:
        if quiet(case.payload, context):
            assert _candidates(case.payload, context) == []


@given(semantically_valid_payloads())
def test_clean_payloads_take_the_fast_path(payload: dict[str, Any]) -> None:
    """A payload that passes every rule is recognised as quiet without running them."""
    assert quiet(payload, CONTEXTS[0])


def test_every_per_file_rule_is_registered_once_with_a_guard() -> None:
    """Each catalogued per-file rule is reported by exactly one registered check, and every
    check has a fast-path guard: a rule added without one would never run on clean files."""
    registered = [rule for check in CHECKS for rule in check.rules]
    cross_file = {DUPLICATE_CAMPAIGN_ID, DUPLICATE_CAMPAIGN_NAME}
    assert sorted(registered) == sorted(rule.id for rule in RULES if rule.id not in cross_file)
    assert all(callable(check.quiet) and callable(check.find) for check in CHECKS)


@settings(max_examples=20)
@given(semantically_valid_payloads() | complete_payloads(), st.sampled_from(CONTEXTS))
def test_each_check_reports_only_the_rules_it_is_registered_for(
    payload: Any, context: RuleContext
) -> None:
    """A check's candidates carry only its registered rule ids (so its guard covers them)."""
    for variant in one_edit_away(payload):
        doc = load(variant)
        for check in CHECKS:
            assert {candidate.rule for candidate in check.find(doc, context)} <= set(check.rules)


@pytest.mark.parametrize("index", range(len(CHECKS)), ids=[c.find.__name__ for c in CHECKS])
def test_each_guard_alone_never_hides_its_own_check(index: int) -> None:
    """Where a check's own guard answers True on a usual payload, that check finds nothing:
    the guards are sound one by one, not only together."""
    from campaign_contract.lint.rules.fast_path import usual

    check = CHECKS[index]
    for case in boundary_cases():
        for context in CONTEXTS:
            seen = usual(case.payload, context)
            if seen is not None and check.quiet(seen):
                assert list(check.find(load(case.payload), context)) == [], case.id


@settings(max_examples=20)
@given(semantically_valid_payloads() | complete_payloads(), st.sampled_from(CONTEXTS))
def test_the_awake_checks_find_what_every_check_finds(payload: Any, context: RuleContext) -> None:
    """On every payload one edit away from a clean one, the checks `awake` leaves out find
    nothing: running only the awake ones loses no finding."""
    for variant in one_edit_away(payload):
        doc = load(variant)
        woken = awake(variant, context)
        found = [
            candidate.rule for registered in woken for candidate in registered.find(doc, context)
        ]
        assert _candidates(variant, context) == found, variant


@given(semantically_valid_payloads())
def test_a_clean_payload_wakes_no_check(payload: dict[str, Any]) -> None:
    """A payload that passes every rule wakes none of the checks."""
    assert awake(payload, CONTEXTS[0]) == ()
