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
        if moment is None:
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
