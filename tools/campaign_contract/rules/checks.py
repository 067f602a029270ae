"""The per-file semantic rules: each reads the parsed payload and yields candidate findings.

Every rule tolerates any JSON value anywhere (a wrong type is the schema's business, reported
there): a rule only fires on values of the type it understands and never raises.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from campaign_contract.findings import Related, Span
from campaign_contract.rules import catalogue as ids
from campaign_contract.rules.model import RuleContext, SourceDocument, as_json, pointer

SEND_TYPES: Final = ("manual", "multistep", "planner")
DAYS: Final = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
DEFAULT_WEEKLY_LIMIT: Final = 5
DEFAULT_DAILY_LIMIT: Final = 1
_CLOCK = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")
_LOCAL = re.compile(r"(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})(?::(\d{2}))?")
_RFC3339 = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})"
)


@dataclass(frozen=True)
class Candidate:
    """A finding before severity, file and the schema-error filter are applied."""

    rule: str
    message: str
    pointer: str
    span: Span
    related: tuple[Related, ...] = ()
    hint: str | None = None
    depends: tuple[str, ...] = ()
    """Other pointers whose values the rule read; a schema error there silences it too."""


def _member(node: Any, key: str) -> Any:
    return node.get(key) if isinstance(node, dict) else None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _key_or_value(doc: SourceDocument, at: str) -> Span:
    return doc.key_span(at) or doc.value_span(at)


def _send_type(doc: SourceDocument) -> str | None:
    send_type = _member(_member(doc.value, "meta"), "send_type")
    return send_type if send_type in SEND_TYPES else None


def _send_type_related(doc: SourceDocument, send_type: str) -> Related:
    at = pointer("meta", "send_type")
    return Related(f"send_type is {as_json(send_type)} here", at, doc.value_span(at))


def send_type_data(doc: SourceDocument, context: RuleContext) -> Iterator[Candidate]:
    """`send-type-data-missing` and `send-type-data-unused`."""
    meta = _member(doc.value, "meta")
    send_type = _send_type(doc)
    if send_type is None:
        return
    send_type_at = pointer("meta", "send_type")
    selected = f"{send_type}_data"
    if selected not in meta:
        yield Candidate(
            ids.SEND_TYPE_DATA_MISSING,
            f"send_type {as_json(send_type)} needs meta.{selected}, which is missing",
            send_type_at,
            doc.value_span(send_type_at),
            hint=f'add "{selected}": {{}} to meta (an empty object takes the defaults)',
            depends=(pointer("meta", selected),),
        )
    elif meta[selected] is None:
        at = pointer("meta", selected)
        yield Candidate(
            ids.SEND_TYPE_DATA_MISSING,
            f"send_type {as_json(send_type)} needs meta.{selected}, which is null",
            at,
            doc.value_span(at),
            (_send_type_related(doc, send_type),),
            hint="replace null with {} to take the defaults",
        )
    for other in SEND_TYPES:
        key = f"{other}_data"
        if other != send_type and meta.get(key) is not None:
            at = pointer("meta", key)
            yield Candidate(
                ids.SEND_TYPE_DATA_UNUSED,
                f"meta.{key} is ignored because send_type is {as_json(send_type)}",
                at,
                _key_or_value(doc, at),
                (_send_type_related(doc, send_type),),
                hint=f"remove meta.{key} or set it to null",
            )


def _data_paths(send_type: str) -> tuple[str, ...]:
    """Where the settings object of `send_type` keeps its multistep-style fields."""
    if send_type == "planner":
        return ("meta", "planner_data", "multistep_data")
    return ("meta", f"{send_type}_data")


def parse_send_datetime(text: str) -> datetime | None:
    """The moment `text` names (naive values read as UTC), or None if it is not one we accept."""
    local = _LOCAL.fullmatch(text)
    if local:
        year, month, day, hour, minute, second = (int(p) for p in local.groups(default="0"))
        try:
            return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
        except ValueError:
            return None
    if _RFC3339.fullmatch(text):
        normalised = text.replace("t", "T").replace("z", "Z").replace(" ", "T")
        try:  # also refuses what the pattern lets through: month 13, a leap second, +24:00
            return datetime.fromisoformat(normalised)
        except ValueError:
            return None
    return None


def _send_datetimes(doc: SourceDocument) -> Iterator[tuple[str, str, tuple[str, ...]]]:
    """(send_type, value, pointer tokens) of every string `send_datetime` in a data object."""
    for send_type in SEND_TYPES:
        path = _data_paths(send_type)
        node = doc.value
        for token in path:
            node = _member(node, token)
        value = _member(node, "send_datetime")
        if isinstance(value, str):
            yield send_type, value, (*path, "send_datetime")


def send_datetime(doc: SourceDocument, context: RuleContext) -> Iterator[Candidate]:
    """`send-datetime-format` on every data object, `send-datetime-past` on the selected one."""
    status = _member(doc.value, "status")
    selected = _send_type(doc)
    for send_type, text, tokens in _send_datetimes(doc):
        at = pointer(*tokens)
        moment = parse_send_datetime(text)
        if moment is None:
            yield Candidate(
                ids.SEND_DATETIME_FORMAT,
                f"send_datetime {as_json(text)} is not YYYY-MM-DD HH:MM[:SS] "
                "or an RFC 3339 date-time",
                at,
                doc.value_span(at),
                hint='write e.g. "2030-11-27 09:30" (UTC) or "2030-11-27T09:30:00+01:00"',
            )
        elif (
            send_type == selected
            and isinstance(status, str)
            and status != "draft"
            and moment < context.now
        ):
            status_at = pointer("status")
            yield Candidate(
                ids.SEND_DATETIME_PAST,
                f"send_datetime {as_json(text)} is in the past and status is {as_json(status)}",
                at,
                doc.value_span(at),
                (Related(f"status is {as_json(status)}", status_at, doc.value_span(status_at)),),
                # `now` stays out of the message, which baselines fingerprint
                hint=f"now is {context.now.isoformat()}; move the start time or keep status "
                '"draft"',
                depends=(pointer("meta", "send_type"),),
            )


def schedule(doc: SourceDocument, context: RuleContext) -> Iterator[Candidate]:
    """`schedule-window-order` and `schedule-day-uncovered` on `meta.planner_data`."""
    planner = _member(_member(doc.value, "meta"), "planner_data")
    if not isinstance(planner, dict):
        return
    windows = planner.get("weekly_schedule")
    schedule_at = pointer("meta", "planner_data", "weekly_schedule")
    if isinstance(windows, dict):
        for day, window in windows.items():
            start, end = _member(window, "start"), _member(window, "end")
            if not (isinstance(start, str) and isinstance(end, str)):
                continue
            if _CLOCK.fullmatch(start) and _CLOCK.fullmatch(end) and end <= start:
                start_at = pointer("meta", "planner_data", "weekly_schedule", day, "start")
                end_at = pointer("meta", "planner_data", "weekly_schedule", day, "end")
                yield Candidate(
                    ids.SCHEDULE_WINDOW_ORDER,
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
        at = pointer("meta", "planner_data", "days_of_week", index)
        related: tuple[Related, ...] = ()
        if isinstance(windows, dict):
            related = (Related("weekly_schedule", schedule_at, _key_or_value(doc, schedule_at)),)
        yield Candidate(
            ids.SCHEDULE_DAY_UNCOVERED,
            f"day {as_json(day)} has no weekly_schedule window and there is no default window",
            at,
            doc.value_span(at),
            related,
            hint=f'add "{day}" or "default" to weekly_schedule',
            depends=(schedule_at,),
        )


def contact_limits(doc: SourceDocument, context: RuleContext) -> Iterator[Candidate]:
    """`contact-limit-order`; an absent limit counts as its default."""
    planner = _member(_member(doc.value, "meta"), "planner_data")
    if not isinstance(planner, dict):
        return
    weekly = planner.get("weekly_sms_contact_limit", DEFAULT_WEEKLY_LIMIT)
    daily = planner.get("daily_sms_contact_limit", DEFAULT_DAILY_LIMIT)
    if not (_is_int(weekly) and _is_int(daily)) or daily <= weekly:
        return
    weekly_at = pointer("meta", "planner_data", "weekly_sms_contact_limit")
    daily_at = pointer("meta", "planner_data", "daily_sms_contact_limit")
    weekly_given = "weekly_sms_contact_limit" in planner
    daily_given = "daily_sms_contact_limit" in planner
    related: tuple[Related, ...] = ()
    if weekly_given and daily_given:
        related = (Related(f"weekly limit is {weekly}", weekly_at, doc.value_span(weekly_at)),)
    at = daily_at if daily_given else weekly_at
    yield Candidate(
        ids.CONTACT_LIMIT_ORDER,
        f"daily_sms_contact_limit {daily}{'' if daily_given else ' (the default)'} is greater "
        f"than weekly_sms_contact_limit {weekly}{'' if weekly_given else ' (the default)'}",
        at,
        doc.value_span(at),
        related,
        hint="a contact cannot get more messages in a day than in its week",
        depends=(weekly_at, daily_at),
    )


def min_ctr(doc: SourceDocument, context: RuleContext) -> Iterator[Candidate]:
    """`min-ctr-range` on both multistep settings objects."""
    for send_type in ("multistep", "planner"):
        path = _data_paths(send_type)
        node = doc.value
        for token in path:
            node = _member(node, token)
        value = _member(node, "min_ctr")
        if _is_number(value) and not 0 <= value <= 100:
            at = pointer(*path, "min_ctr")
            yield Candidate(
                ids.MIN_CTR_RANGE,
                f"min_ctr {as_json(value)} is outside 0..100 (a percentage: 3 means 3 %)",
                at,
                doc.value_span(at),
            )


def read_only(doc: SourceDocument, context: RuleContext) -> Iterator[Candidate]:
    """`read-only-field`: a non-null `meta.multistep_status`."""
    if _member(_member(doc.value, "meta"), "multistep_status") is not None:
        at = pointer("meta", "multistep_status")
        yield Candidate(
            ids.READ_ONLY_FIELD,
            "meta.multistep_status is computed by the server; a request's copy is ignored "
            "or overwritten",
            at,
            _key_or_value(doc, at),
            hint="remove meta.multistep_status from the request",
        )


def campaign_id(doc: SourceDocument, context: RuleContext) -> Iterator[Candidate]:
    """`campaign-id-mismatch`, when the context names the campaign."""
    body_id = _member(doc.value, "id")
    expected = context.campaign_id
    if expected is None or not isinstance(body_id, str) or body_id.lower() == expected.lower():
        return
    at = pointer("id")
    yield Candidate(
        ids.CAMPAIGN_ID_MISMATCH,
        f"body id {as_json(body_id)} differs from the campaign id {as_json(expected)} "
        "this payload is for",
        at,
        doc.value_span(at),
        hint="the path names the campaign; fix the body id or remove it",
    )


def segments(doc: SourceDocument, context: RuleContext) -> Iterator[Candidate]:
    """`no-segments`: empty or absent `segment_ids` on a campaign that is not a draft."""
    status = _member(doc.value, "status")
    meta = _member(doc.value, "meta")
    if not isinstance(meta, dict) or not isinstance(status, str) or status == "draft":
        return
    ids_value = meta.get("segment_ids", [])
    if ids_value != []:
        return
    status_at = pointer("status")
    related = (Related(f"status is {as_json(status)}", status_at, doc.value_span(status_at)),)
    if "segment_ids" in meta:
        at = pointer("meta", "segment_ids")
        message = f"segment_ids is empty and status is {as_json(status)}"
        span = doc.value_span(at)
    else:
        at = pointer("meta")
        message = f"meta has no segment_ids (default []) and status is {as_json(status)}"
        span = _key_or_value(doc, at)
    yield Candidate(
        ids.NO_SEGMENTS,
        message + '; the server stops it with "No segments selected"',
        at,
        span,
        related,
        hint='add segment ids, or keep status "draft"',
        depends=(pointer("meta", "segment_ids"),),
    )


def inactive(doc: SourceDocument, context: RuleContext) -> Iterator[Candidate]:
    """`selected-data-inactive`: the selected data object has `is_active: false`."""
    send_type = _send_type(doc)
    if send_type is None or send_type == "manual":
        return  # manual_data has no is_active
    key = f"{send_type}_data"
    if _member(_member(_member(doc.value, "meta"), key), "is_active") is False:
        at = pointer("meta", key, "is_active")
        yield Candidate(
            ids.SELECTED_DATA_INACTIVE,
            f"meta.{key} is selected by send_type {as_json(send_type)} but has is_active false",
            at,
            doc.value_span(at),
            (_send_type_related(doc, send_type),),
            hint="set is_active to true or choose another send_type",
        )


CHECKS: Final[tuple[Callable[[SourceDocument, RuleContext], Iterator[Candidate]], ...]] = (
    send_type_data,
    send_datetime,
    schedule,
    contact_limits,
    min_ctr,
    read_only,
    campaign_id,
    segments,
    inactive,
)
"""Every per-file check, in catalogue order."""
