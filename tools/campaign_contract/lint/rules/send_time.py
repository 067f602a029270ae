"""Rules on `send_datetime`: a format the backend reads, and not in the past when it matters."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime

from campaign_contract.findings import Related
from campaign_contract.lint.rules import catalogue
from campaign_contract.lint.rules.base import (
    SEND_TYPES,
    Candidate,
    RuleContext,
    SourceDocument,
    as_json,
    data_path,
    member,
    selected_send_type,
)
from campaign_contract.lint.rules.fast_path import Usual
from campaign_contract.pointer import pointer_to

# ASCII digits only: "YYYY-MM-DD" and RFC 3339 mean 0-9 (a bare `\d` takes any script's digits).
_LOCAL = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}(?::\d{2})?", re.ASCII)
_RFC3339 = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})", re.ASCII
)


def parse_send_datetime(text: str) -> datetime | None:
    """The moment `text` names (naive values read as UTC), or None if it is not one we accept."""
    if _LOCAL.fullmatch(text):
        try:  # parsed in C; refuses what the pattern lets through: month 13, Feb 30, 24:00
            return datetime.fromisoformat(f"{text}+00:00")
        except ValueError:
            return None
    if _RFC3339.fullmatch(text):
        normalised = text.replace("t", "T").replace("z", "Z").replace(" ", "T")
        try:  # also refuses what the pattern lets through: month 13, a leap second, +24:00
            return datetime.fromisoformat(normalised)
        except ValueError:
            return None
    return None


_FIELDS = r"(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2}))?(.*)"
"""Compiled by `re` on first use (a send time that names no moment is rare): start-up time."""


def impossible(text: str) -> str | None:  # noqa: PLR0911 - one reason per field
    """Why `text`, written in an accepted shape, names no moment ("February 2030 has 28
    days"), or None when it is a real one or not in an accepted shape."""
    import calendar  # noqa: PLC0415 - only payloads with a send time need it

    fields = re.fullmatch(_FIELDS, text, re.ASCII)
    accepted_shape = _LOCAL.fullmatch(text) or _RFC3339.fullmatch(text)
    if fields is None or not accepted_shape or parse_send_datetime(text) is not None:
        return None
    year, month, day, hour, minute = (int(fields.group(i)) for i in range(1, 6))
    second = int(fields.group(6) or 0)
    if year < 1:
        return "there is no year 0000"
    if not 1 <= month <= 12:
        return f"there is no month {month:02d}"
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return f"{calendar.month_name[month]} {year} has {days} days"
    if hour > 23:
        return "hours go from 00 to 23 (midnight is 00:00 of the next day)"
    if minute > 59 or second > 59:
        return "minutes and seconds go from 00 to 59"
    return "its offset is not a real one (offsets go from -23:59 to +23:59)"


def _send_datetimes(doc: SourceDocument) -> Iterator[tuple[str, str, tuple[str, ...]]]:
    """(send_type, value, pointer tokens) of every string `send_datetime` in a data object."""
    for send_type in SEND_TYPES:
        path = data_path(send_type)
        node = doc.value
        for token in path:
            node = member(node, token)
        value = member(node, "send_datetime")
        if isinstance(value, str):
            yield send_type, value, (*path, "send_datetime")


def send_datetime(doc: SourceDocument, context: RuleContext) -> Iterator[Candidate]:
    """`send-datetime-format` on every data object, `send-datetime-past` on the selected one."""
    status = member(doc.value, "status")
    selected = selected_send_type(doc)
    for send_type, text, tokens in _send_datetimes(doc):
        at = pointer_to(*tokens)
        moment = parse_send_datetime(text)
        reason = impossible(text) if moment is None else None
        if reason is not None:
            yield Candidate(
                catalogue.SEND_DATETIME_FORMAT,
                f"send_datetime {as_json(text)} is an impossible date-time: {reason}",
                at,
                doc.value_span(at),
                hint="check the day and time on a calendar",
            )
        elif moment is None:
            yield Candidate(
                catalogue.SEND_DATETIME_FORMAT,
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
            status_at = pointer_to("status")
            yield Candidate(
                catalogue.SEND_DATETIME_PAST,
                f"send_datetime {as_json(text)} is in the past and status is {as_json(status)}",
                at,
                doc.value_span(at),
                (Related(f"status is {as_json(status)}", status_at, doc.value_span(status_at)),),
                # `now` stays out of the message, which baselines fingerprint
                hint=f"now is {context.now.isoformat()}; move the start time or keep status "
                '"draft"',
                depends=(pointer_to("meta", "send_type"),),
            )


def send_datetime_quiet(usual: Usual) -> bool:
    """The selected settings' `send_datetime` (the only one a usual payload has) is readable,
    and not in the past on a campaign that is not a draft."""
    settings = usual.settings
    text = settings.get("send_datetime") if settings is not None else None
    if not isinstance(text, str):
        return True
    moment = parse_send_datetime(text)
    return moment is not None and not (usual.active and moment < usual.context.now)
