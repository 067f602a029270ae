"""Rules on `meta` as a whole: send type and its data, start time, ids, segments."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime

from campaign_contract.findings import Related
from campaign_contract.lint.rules import catalogue as ids
from campaign_contract.lint.rules.base import (
    SEND_TYPES,
    Candidate,
    RuleContext,
    SourceDocument,
    as_json,
    data_path,
    key_or_value,
    member,
    selected_send_type,
    send_type_related,
)
from campaign_contract.pointer import pointer_to

# ASCII digits only: "YYYY-MM-DD" and RFC 3339 mean 0-9 (a bare `\d` takes any script's digits).
_LOCAL = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}(?::\d{2})?", re.ASCII)
_RFC3339 = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})", re.ASCII
)


def send_type_data(doc: SourceDocument, context: RuleContext) -> Iterator[Candidate]:
    """`send-type-data-missing` and `send-type-data-unused`."""
    meta = member(doc.value, "meta")
    send_type = selected_send_type(doc)
    if send_type is None:
        return
    send_type_at = pointer_to("meta", "send_type")
    selected = f"{send_type}_data"
    if selected not in meta:
        yield Candidate(
            ids.SEND_TYPE_DATA_MISSING,
            f"send_type {as_json(send_type)} needs meta.{selected}, which is missing",
            send_type_at,
            doc.value_span(send_type_at),
            hint=f'add "{selected}": {{}} to meta (an empty object takes the defaults)',
            depends=(pointer_to("meta", selected),),
        )
    elif meta[selected] is None:
        at = pointer_to("meta", selected)
        yield Candidate(
            ids.SEND_TYPE_DATA_MISSING,
            f"send_type {as_json(send_type)} needs meta.{selected}, which is null",
            at,
            doc.value_span(at),
            (send_type_related(doc, send_type),),
            hint="replace null with {} to take the defaults",
        )
    for other in SEND_TYPES:
        key = f"{other}_data"
        if other != send_type and meta.get(key) is not None:
            at = pointer_to("meta", key)
            yield Candidate(
                ids.SEND_TYPE_DATA_UNUSED,
                f"meta.{key} is ignored because send_type is {as_json(send_type)}",
                at,
                key_or_value(doc, at),
                (send_type_related(doc, send_type),),
                hint=f"remove meta.{key} or set it to null",
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
            status_at = pointer_to("status")
            yield Candidate(
                ids.SEND_DATETIME_PAST,
                f"send_datetime {as_json(text)} is in the past and status is {as_json(status)}",
                at,
                doc.value_span(at),
                (Related(f"status is {as_json(status)}", status_at, doc.value_span(status_at)),),
                # `now` stays out of the message, which baselines fingerprint
                hint=f"now is {context.now.isoformat()}; move the start time or keep status "
                '"draft"',
                depends=(pointer_to("meta", "send_type"),),
            )


def read_only(doc: SourceDocument, context: RuleContext) -> Iterator[Candidate]:
    """`read-only-field`: a non-null `meta.multistep_status`."""
    if member(member(doc.value, "meta"), "multistep_status") is not None:
        at = pointer_to("meta", "multistep_status")
        yield Candidate(
            ids.READ_ONLY_FIELD,
            "meta.multistep_status is computed by the server; a request's copy is ignored "
            "or overwritten",
            at,
            key_or_value(doc, at),
            hint="remove meta.multistep_status from the request",
        )


def campaign_id(doc: SourceDocument, context: RuleContext) -> Iterator[Candidate]:
    """`campaign-id-mismatch`, when the context names the campaign."""
    body_id = member(doc.value, "id")
    expected = context.campaign_id
    if expected is None or not isinstance(body_id, str) or body_id.lower() == expected.lower():
        return
    at = pointer_to("id")
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
    status = member(doc.value, "status")
    meta = member(doc.value, "meta")
    if not isinstance(meta, dict) or not isinstance(status, str) or status == "draft":
        return
    ids_value = meta.get("segment_ids", [])
    if ids_value != []:
        return
    status_at = pointer_to("status")
    related = (Related(f"status is {as_json(status)}", status_at, doc.value_span(status_at)),)
    if "segment_ids" in meta:
        at = pointer_to("meta", "segment_ids")
        message = f"segment_ids is empty and status is {as_json(status)}"
        span = doc.value_span(at)
    else:
        at = pointer_to("meta")
        message = f"meta has no segment_ids (default []) and status is {as_json(status)}"
        span = key_or_value(doc, at)
    yield Candidate(
        ids.NO_SEGMENTS,
        message + '; the server stops it with "No segments selected"',
        at,
        span,
        related,
        hint='add segment ids, or keep status "draft"',
        depends=(pointer_to("meta", "segment_ids"),),
    )


def inactive(doc: SourceDocument, context: RuleContext) -> Iterator[Candidate]:
    """`selected-data-inactive`: the selected data object has `is_active: false`."""
    send_type = selected_send_type(doc)
    if send_type is None or send_type == "manual":
        return  # manual_data has no is_active
    key = f"{send_type}_data"
    if member(member(member(doc.value, "meta"), key), "is_active") is False:
        at = pointer_to("meta", key, "is_active")
        yield Candidate(
            ids.SELECTED_DATA_INACTIVE,
            f"meta.{key} is selected by send_type {as_json(send_type)} but has is_active false",
            at,
            doc.value_span(at),
            (send_type_related(doc, send_type),),
            hint="set is_active to true or choose another send_type",
        )
