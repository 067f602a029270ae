"""Rules on what `meta.send_type` selects: its data object present, the others absent, active."""

from __future__ import annotations

from collections.abc import Iterator

from campaign_contract.lint.rules import catalogue
from campaign_contract.lint.rules.base import (
    SEND_TYPES,
    Candidate,
    RuleContext,
    SourceDocument,
    as_json,
    key_or_value,
    member,
    selected_send_type,
    send_type_related,
)
from campaign_contract.lint.rules.fast_path import Usual
from campaign_contract.pointer import pointer_to


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
            catalogue.SEND_TYPE_DATA_MISSING,
            f"send_type {as_json(send_type)} needs meta.{selected}, which is missing",
            send_type_at,
            doc.value_span(send_type_at),
            hint=f'add "{selected}": {{}} to meta (an empty object takes the defaults)',
            depends=(pointer_to("meta", selected),),
        )
    elif meta[selected] is None:
        at = pointer_to("meta", selected)
        yield Candidate(
            catalogue.SEND_TYPE_DATA_MISSING,
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
                catalogue.SEND_TYPE_DATA_UNUSED,
                f"meta.{key} is ignored because send_type is {as_json(send_type)}",
                at,
                key_or_value(doc, at),
                (send_type_related(doc, send_type),),
                hint=f"remove meta.{key} or set it to null",
            )


def send_type_data_quiet(usual: Usual) -> bool:
    """Always: a usual payload has the selected data object and no other (see `Usual`)."""
    return True


def inactive(doc: SourceDocument, context: RuleContext) -> Iterator[Candidate]:
    """`selected-data-inactive`: the selected data object has `is_active: false`."""
    send_type = selected_send_type(doc)
    if send_type is None or send_type == "manual":
        return  # manual_data has no is_active
    key = f"{send_type}_data"
    if member(member(member(doc.value, "meta"), key), "is_active") is False:
        at = pointer_to("meta", key, "is_active")
        yield Candidate(
            catalogue.SELECTED_DATA_INACTIVE,
            f"meta.{key} is selected by send_type {as_json(send_type)} but has is_active false",
            at,
            doc.value_span(at),
            (send_type_related(doc, send_type),),
            hint="set is_active to true or choose another send_type",
        )


def inactive_quiet(usual: Usual) -> bool:
    """The selected data object (manual_data has no `is_active`) is not switched off."""
    return usual.send_type == "manual" or usual.data.get("is_active") is not False
