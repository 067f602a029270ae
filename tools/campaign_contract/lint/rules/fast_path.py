"""A fast answer for the usual payload: can any per-file rule fire on this document at all?

Most files in a run are clean, and running every rule on them costs more than parsing and
validating them. `quiet` reads the few members the rules look at, once, and answers True only
when no per-file rule can produce a finding; anything unusual answers False and every rule runs.
It may answer False for a clean document (the rules then find nothing), never True where a
rule would fire: the test suite checks that against `CHECKS` on generated and boundary payloads.
"""

from __future__ import annotations

from typing import Any, Final

from campaign_contract.lint.rules.base import DAYS, SEND_TYPES, RuleContext, is_int, is_number
from campaign_contract.lint.rules.meta import parse_send_datetime
from campaign_contract.lint.rules.planner import DEFAULT_DAILY_LIMIT, DEFAULT_WEEKLY_LIMIT


def _planner_quiet(planner: dict[str, Any]) -> bool:
    """No window ends before it starts, every day has a window, daily <= weekly limit."""
    windows = planner.get("weekly_schedule")
    if isinstance(windows, dict):
        for window in windows.values():
            if isinstance(window, dict):
                start, end = window.get("start"), window.get("end")
                if isinstance(start, str) and isinstance(end, str) and end <= start:
                    return False
    days = planner.get("days_of_week")
    if isinstance(days, list) and days:
        covered = windows if isinstance(windows, dict) else {}
        if "default" not in covered and any(day in DAYS and day not in covered for day in days):
            return False
    weekly = planner.get("weekly_sms_contact_limit", DEFAULT_WEEKLY_LIMIT)
    daily = planner.get("daily_sms_contact_limit", DEFAULT_DAILY_LIMIT)
    return not (is_int(weekly) and is_int(daily) and daily > weekly)


_DATA_KEYS: Final = {
    send_type: (
        f"{send_type}_data",
        *(f"{other}_data" for other in SEND_TYPES if other != send_type),
    )
    for send_type in SEND_TYPES
}
"""Send type -> the key of its data object, then the keys of the others'."""


def quiet(value: Any, context: RuleContext) -> bool:  # noqa: PLR0911 - one early answer per rule
    """True when no per-file rule can fire on the JSON value `value` in `context`."""
    meta = value.get("meta") if isinstance(value, dict) else None
    if not isinstance(meta, dict) or meta.get("multistep_status") is not None:
        return False  # read-only-field, or a shape the rules treat with care
    send_type = meta.get("send_type")
    keys = _DATA_KEYS.get(send_type) if isinstance(send_type, str) else None
    if keys is None:
        return False
    selected, other, another = keys
    if meta.get(other) is not None or meta.get(another) is not None:
        return False  # send-type-data-unused
    data = meta.get(selected)
    if not isinstance(data, dict):
        return False  # send-type-data-missing
    status = value.get("status")
    active = isinstance(status, str) and status != "draft"
    if active and meta.get("segment_ids", []) == []:
        return False  # no-segments
    body_id, expected = value.get("id"), context.campaign_id
    if expected is not None and isinstance(body_id, str) and body_id.lower() != expected.lower():
        return False  # campaign-id-mismatch
    if send_type != "manual" and data.get("is_active") is False:
        return False  # selected-data-inactive
    if send_type == "planner" and not _planner_quiet(data):
        return False
    settings = data.get("multistep_data") if send_type == "planner" else data
    if not isinstance(settings, dict):
        return True  # the rules read send_datetime and min_ctr only from objects
    min_ctr: Any = settings.get("min_ctr")
    if is_number(min_ctr) and not 0 <= min_ctr <= 100:
        return False
    text = settings.get("send_datetime")
    if isinstance(text, str):
        moment = parse_send_datetime(text)
        if moment is None or (active and moment < context.now):
            return False  # send-datetime-format or send-datetime-past
    return True
