"""Specification of "did you mean": the single allowed spelling of every near miss people type."""

from __future__ import annotations

import pytest
from campaign_contract.lint.suggest import suggest

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
SEND_TYPES = ("manual", "multistep", "planner")
STATUSES = ("draft", "scheduled", "active", "paused", "completed", "cancelled")
SEVERITY_LEVELS = ("error", "warning", "note", "off")
MANUAL_DATA_KEYS = ("send_amount", "send_datetime", "step_size", "step_delay", "is_active")
META_KEYS = ("send_type", "segment_ids", "routing_plan_id", "manual_data", "planner_data")

FULL_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAY_NEAR_MISSES = [
    *[
        (spelling, day)
        for name, day in zip(FULL_NAMES, WEEKDAYS, strict=True)
        for spelling in (name, name.capitalize(), name.upper())
    ],
    *[(spelling, day) for day in WEEKDAYS for spelling in (day.lower(), day.upper())],
    ("Tues", "Tue"),
    ("tues", "Tue"),
    ("Weds", "Wed"),
    ("Thur", "Thu"),
    ("Thurs", "Thu"),
    ("thurs", "Thu"),
    ("Sat.", "Sat"),
    (" Mon ", "Mon"),
]


@pytest.mark.parametrize(("word", "expected"), WEEKDAY_NEAR_MISSES)
def test_weekdays_in_full_or_abbreviated_in_any_case_suggest_the_allowed_day(
    word: str, expected: str
) -> None:
    """`sunday`, `Wednesday`, `MONDAY`, `SAT`, `Thurs` each suggest the one allowed spelling."""
    assert expected == suggest(word, WEEKDAYS)


@pytest.mark.parametrize(
    ("word", "allowed", "expected"),
    [
        ("Manual", SEND_TYPES, "manual"),
        ("MULTISTEP", SEND_TYPES, "multistep"),
        ("Planner", SEND_TYPES, "planner"),
        ("manul", SEND_TYPES, "manual"),
        ("multi-step", SEND_TYPES, "multistep"),
        ("plan", SEND_TYPES, "planner"),
        ("Draft", STATUSES, "draft"),
        ("canceled", STATUSES, "cancelled"),
        ("ACTIVE", STATUSES, "active"),
        ("warn", SEVERITY_LEVELS, "warning"),
        ("warnings", SEVERITY_LEVELS, "warning"),
        ("Error", SEVERITY_LEVELS, "error"),
        ("notes", SEVERITY_LEVELS, "note"),
    ],
)
def test_enum_values_in_any_case_or_with_a_slip_suggest_the_allowed_value(
    word: str, allowed: tuple[str, ...], expected: str
) -> None:
    """Letter case, a missing letter, a hyphen, an abbreviation: one allowed value each."""
    assert expected == suggest(word, allowed)


@pytest.mark.parametrize(
    ("word", "allowed", "expected"),
    [
        ("send_amout", MANUAL_DATA_KEYS, "send_amount"),
        ("sendAmount", MANUAL_DATA_KEYS, "send_amount"),
        ("send-amount", MANUAL_DATA_KEYS, "send_amount"),
        ("send amount", MANUAL_DATA_KEYS, "send_amount"),
        ("Send_Amount", MANUAL_DATA_KEYS, "send_amount"),
        ("send_date_time", MANUAL_DATA_KEYS, "send_datetime"),
        ("isActive", MANUAL_DATA_KEYS, "is_active"),
        ("segment_id", META_KEYS, "segment_ids"),
        ("segmentIds", META_KEYS, "segment_ids"),
        ("sendType", META_KEYS, "send_type"),
        ("routing_plan", META_KEYS, "routing_plan_id"),
        ("manualData", META_KEYS, "manual_data"),
    ],
)
def test_common_key_typos_suggest_the_declared_key(
    word: str, allowed: tuple[str, ...], expected: str
) -> None:
    """camelCase, hyphens, spaces, a dropped letter or plural: the declared key."""
    assert expected == suggest(word, allowed)


@pytest.mark.parametrize(
    ("word", "allowed"),
    [
        ("priority", META_KEYS),
        ("fatal", SEVERITY_LEVELS),
        ("xyz", WEEKDAYS),
        ("Mon", WEEKDAYS),
        ("t", WEEKDAYS),
        ("step", MANUAL_DATA_KEYS),
        ("send", MANUAL_DATA_KEYS),
    ],
)
def test_no_suggestion_for_allowed_unrelated_or_ambiguous_words(
    word: str, allowed: tuple[str, ...]
) -> None:
    """An allowed word, an unrelated one, or one that fits two spellings suggests nothing."""
    assert suggest(word, allowed) is None
