"""Rules on the planner and multistep settings: windows, days, contact limits, min_ctr."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Final

from campaign_contract.findings import Related
from campaign_contract.lint.rules import catalogue
from campaign_contract.lint.rules.base import (
    DAYS,
    Candidate,
    RuleContext,
    SourceDocument,
    as_json,
    data_path,
    is_int,
    is_number,
    key_or_value,
    member,
)
from campaign_contract.lint.rules.fast_path import Usual
from campaign_contract.pointer import pointer_to

DEFAULT_WEEKLY_LIMIT: Final = 5
DEFAULT_DAILY_LIMIT: Final = 1
_CLOCK = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")


def schedule(doc: SourceDocument, context: RuleContext) -> Iterator[Candidate]:
    """`schedule-window-order` and `schedule-day-uncovered` on `meta.planner_data`."""
    planner = member(member(doc.value, "meta"), "planner_data")
    if not isinstance(planner, dict):
        return
    windows = planner.get("weekly_schedule")
    schedule_at = pointer_to("meta", "planner_data", "weekly_schedule")
    if isinstance(windows, dict):
        for day, window in windows.items():
            start, end = member(window, "start"), member(window, "end")
            if not (isinstance(start, str) and isinstance(end, str)):
                continue
            if _CLOCK.fullmatch(start) and _CLOCK.fullmatch(end) and end <= start:
                start_at = pointer_to("meta", "planner_data", "weekly_schedule", day, "start")
                end_at = pointer_to("meta", "planner_data", "weekly_schedule", day, "end")
                yield Candidate(
                    catalogue.SCHEDULE_WINDOW_ORDER,
                    f"weekly_schedule.{day} ends at {as_json(end)}, "
                    f"not after its start {as_json(start)}",
                    end_at,
                    doc.value_span(end_at),
                    (Related(f"start is {as_json(start)}", start_at, doc.value_span(start_at)),),
                    hint="windows do not wrap past midnight; swap the times or split the window",
                )
    days = planner.get("days_of_week")
    if not isinstance(days, list):
        return
    has_default = isinstance(windows, dict) and "default" in windows
    for index, day in enumerate(days):
        if day not in DAYS or has_default or (isinstance(windows, dict) and day in windows):
            continue
        at = pointer_to("meta", "planner_data", "days_of_week", index)
        related: tuple[Related, ...] = ()
        if isinstance(windows, dict):
            related = (Related("weekly_schedule", schedule_at, key_or_value(doc, schedule_at)),)
        yield Candidate(
            catalogue.SCHEDULE_DAY_UNCOVERED,
            f"day {as_json(day)} has no weekly_schedule window and there is no default window",
            at,
            doc.value_span(at),
            related,
            hint=f'add "{day}" or "default" to weekly_schedule',
            depends=(schedule_at,),
        )


def schedule_quiet(usual: Usual) -> bool:
    """Not a planner, or: no window ends before it starts, every listed day has a window."""
    if usual.send_type != "planner":
        return True
    windows = usual.data.get("weekly_schedule")
    if isinstance(windows, dict):
        for window in windows.values():
            if isinstance(window, dict):
                start, end = window.get("start"), window.get("end")
                if isinstance(start, str) and isinstance(end, str) and end <= start:
                    return False
    days = usual.data.get("days_of_week")
    if isinstance(days, list) and days:
        covered = windows if isinstance(windows, dict) else {}
        return "default" in covered or all(day not in DAYS or day in covered for day in days)
    return True


def contact_limits(doc: SourceDocument, context: RuleContext) -> Iterator[Candidate]:
    """`contact-limit-order`; an absent limit counts as its default."""
    planner = member(member(doc.value, "meta"), "planner_data")
    if not isinstance(planner, dict):
        return
    weekly = planner.get("weekly_sms_contact_limit", DEFAULT_WEEKLY_LIMIT)
    daily = planner.get("daily_sms_contact_limit", DEFAULT_DAILY_LIMIT)
    if not (is_int(weekly) and is_int(daily)) or daily <= weekly:
        return
    weekly_at = pointer_to("meta", "planner_data", "weekly_sms_contact_limit")
    daily_at = pointer_to("meta", "planner_data", "daily_sms_contact_limit")
    weekly_given = "weekly_sms_contact_limit" in planner
    daily_given = "daily_sms_contact_limit" in planner
    related: tuple[Related, ...] = ()
    if weekly_given and daily_given:
        related = (Related(f"weekly limit is {weekly}", weekly_at, doc.value_span(weekly_at)),)
    at = daily_at if daily_given else weekly_at
    yield Candidate(
        catalogue.CONTACT_LIMIT_ORDER,
        f"daily_sms_contact_limit {daily}{'' if daily_given else ' (the default)'} is greater "
        f"than weekly_sms_contact_limit {weekly}{'' if weekly_given else ' (the default)'}",
        at,
        doc.value_span(at),
        related,
        hint="a contact cannot get more messages in a day than in its week",
        depends=(weekly_at, daily_at),
    )


def contact_limits_quiet(usual: Usual) -> bool:
    """Not a planner, or a daily limit (default 1) at most the weekly one (default 5)."""
    if usual.send_type != "planner":
        return True
    weekly = usual.data.get("weekly_sms_contact_limit", DEFAULT_WEEKLY_LIMIT)
    daily = usual.data.get("daily_sms_contact_limit", DEFAULT_DAILY_LIMIT)
    return not (is_int(weekly) and is_int(daily) and daily > weekly)


def min_ctr(doc: SourceDocument, context: RuleContext) -> Iterator[Candidate]:
    """`min-ctr-range` on both multistep settings objects."""
    for send_type in ("multistep", "planner"):
        path = data_path(send_type)
        node = doc.value
        for token in path:
            node = member(node, token)
        value = member(node, "min_ctr")
        if is_number(value) and not 0 <= value <= 100:
            at = pointer_to(*path, "min_ctr")
            yield Candidate(
                catalogue.MIN_CTR_RANGE,
                f"min_ctr {as_json(value)} is outside 0..100 (a percentage: 3 means 3 %)",
                at,
                doc.value_span(at),
            )


def min_ctr_quiet(usual: Usual) -> bool:
    """The selected settings' `min_ctr` (the only one a usual payload has) is within 0..100."""
    value: Any = usual.settings.get("min_ctr") if usual.settings is not None else None
    return not is_number(value) or 0 <= value <= 100
