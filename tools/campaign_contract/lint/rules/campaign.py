"""Rules on the campaign as a whole: its id, its segments, server-owned fields."""

from __future__ import annotations

from collections.abc import Iterator

from campaign_contract.findings import Related
from campaign_contract.ids import same_campaign
from campaign_contract.lint.rules import catalogue
from campaign_contract.lint.rules.base import (
    Candidate,
    RuleContext,
    SourceDocument,
    as_json,
    key_or_value,
    member,
)
from campaign_contract.lint.rules.fast_path import Usual
from campaign_contract.lint.verdict import changes, normalised_document
from campaign_contract.pointer import from_path, pointer_to


def read_only(doc: SourceDocument, context: RuleContext) -> Iterator[Candidate]:
    """`read-only-field`: a non-null `meta.multistep_status`."""
    if member(member(doc.value, "meta"), "multistep_status") is not None:
        at = pointer_to("meta", "multistep_status")
        yield Candidate(
            catalogue.READ_ONLY_FIELD,
            "meta.multistep_status is computed by the server; a request's copy is ignored "
            "or overwritten",
            at,
            key_or_value(doc, at),
            hint="remove meta.multistep_status from the request",
        )


def read_only_quiet(usual: Usual) -> bool:
    """No `meta.multistep_status` (or a null one)."""
    return usual.meta.get("multistep_status") is None


def campaign_id(doc: SourceDocument, context: RuleContext) -> Iterator[Candidate]:
    """`campaign-id-mismatch`, when the context names the campaign."""
    body_id = member(doc.value, "id")
    expected = context.campaign_id
    if expected is None or not isinstance(body_id, str) or same_campaign(body_id, expected):
        return
    at = pointer_to("id")
    yield Candidate(
        catalogue.CAMPAIGN_ID_MISMATCH,
        f"body id {as_json(body_id)} differs from the campaign id {as_json(expected)} "
        "this payload is for",
        at,
        doc.value_span(at),
        hint="the path names the campaign; fix the body id or remove it",
    )


def campaign_id_quiet(usual: Usual) -> bool:
    """No expected campaign id, no body id, or the same one."""
    expected, body_id = usual.context.campaign_id, usual.value.get("id")
    return expected is None or not isinstance(body_id, str) or same_campaign(body_id, expected)


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
        catalogue.NO_SEGMENTS,
        message + '; the server stops it with "No segments selected"',
        at,
        span,
        related,
        hint='add segment ids, or keep status "draft"',
        depends=(pointer_to("meta", "segment_ids"),),
    )


def segments_quiet(usual: Usual) -> bool:
    """A draft, or some segments."""
    return not usual.active or usual.meta.get("segment_ids", []) != []


def normalised_strings(doc: SourceDocument, context: RuleContext) -> Iterator[Candidate]:
    """`server-normalised-string`: every string the server trims or turns into null."""
    # Usually nothing changes, and the linter's schema check has just normalised this same
    # value: a remembered answer, where listing the changes walks every leaf with its path.
    if normalised_document(doc.value) is doc.value:
        return
    for change in changes(doc.value):
        at = from_path(change.path)
        where = ".".join(str(step) for step in change.path) or "the body"
        if change.validated is None:
            stored, hint = "null", "send null, or leave the field out, if that is meant"
        else:
            stored, hint = as_json(change.validated), "remove the surrounding whitespace"
        yield Candidate(
            catalogue.SERVER_NORMALISED_STRING,
            f"{where} {as_json(change.sent)} is stored as {stored}: the server trims "
            "whitespace and turns an empty string into null",
            at,
            doc.value_span(at),
            hint=hint,
        )


def normalised_strings_quiet(usual: Usual) -> bool:
    """No string the server would change."""
    return normalised_document(usual.value) is usual.value
