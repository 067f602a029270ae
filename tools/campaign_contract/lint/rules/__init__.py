"""Semantic rules: what the evidence says about a campaign payload beyond its JSON Schema.

    check(doc, context, schema_error_pointers)  -> findings of one file
    awake(value, context)                       -> the checks that can fire on a value
    check_cross_file([(file, doc), ...])        -> findings across the files of one run
    RULES                                       -> the catalogue (ids, severities, docs)
    CHECKS                                      -> every per-file check, with its guard

Adding a rule: its catalogue entry goes in `catalogue`, its check and the check's fast-path
guard (see `fast_path`) beside the other rules on the same part of the payload, and one `Check`
in `CHECKS` registers both; a test fails for a catalogued rule that no check reports.

A rule never fires where the schema already rejects the document: a finding is dropped when
its pointer, or a pointer it depends on, is at the same place as a schema error (equal, inside,
or containing it; see `same_place`). Findings carry the rule's default severity; configuration
(`campaign_contract.lint.config.apply`) changes or drops them afterwards.
"""

from collections.abc import Callable, Iterator, Sequence
from typing import Any, Final, NamedTuple

from campaign_contract.findings import ORDER, Finding, Related, RuleInfo, value_of
from campaign_contract.lint.rules import campaign, catalogue, planner, send_time, send_type
from campaign_contract.lint.rules.base import (
    Candidate,
    RuleContext,
    SourceDocument,
    as_json,
    overlaps_schema_error,
    same_place,
)
from campaign_contract.lint.rules.catalogue import RULES
from campaign_contract.lint.rules.fast_path import Usual, usual
from campaign_contract.lint.rules.send_time import parse_send_datetime
from campaign_contract.pointer import pointer_to, resolve_pointer

__all__ = [
    "CHECKS",
    "RULES",
    "RULES_BY_ID",
    "Check",
    "RuleContext",
    "SourceDocument",
    "awake",
    "check",
    "check_cross_file",
    "parse_send_datetime",
    "quiet",
    "run_checks",
    "same_place",
]

RULES_BY_ID: dict[str, RuleInfo] = {rule.id: rule for rule in RULES}


class Check(NamedTuple):
    """One per-file check, registered with the rules it reports and its fast-path guard."""

    find: Callable[[SourceDocument, RuleContext], Iterator[Candidate]]
    """Every candidate finding on a document."""
    rules: tuple[str, ...]
    """The rule ids `find` reports."""
    quiet: Callable[[Usual], bool]
    """True when `find` can report nothing on the usual payload described (see `fast_path`)."""


CHECKS: Final = (
    Check(
        send_type.send_type_data,
        (catalogue.SEND_TYPE_DATA_MISSING, catalogue.SEND_TYPE_DATA_UNUSED),
        send_type.send_type_data_quiet,
    ),
    Check(
        send_time.send_datetime,
        (catalogue.SEND_DATETIME_FORMAT, catalogue.SEND_DATETIME_PAST),
        send_time.send_datetime_quiet,
    ),
    Check(
        planner.schedule,
        (catalogue.SCHEDULE_WINDOW_ORDER, catalogue.SCHEDULE_DAY_UNCOVERED),
        planner.schedule_quiet,
    ),
    Check(planner.contact_limits, (catalogue.CONTACT_LIMIT_ORDER,), planner.contact_limits_quiet),
    Check(planner.min_ctr, (catalogue.MIN_CTR_RANGE,), planner.min_ctr_quiet),
    Check(campaign.read_only, (catalogue.READ_ONLY_FIELD,), campaign.read_only_quiet),
    Check(campaign.campaign_id, (catalogue.CAMPAIGN_ID_MISMATCH,), campaign.campaign_id_quiet),
    Check(campaign.segments, (catalogue.NO_SEGMENTS,), campaign.segments_quiet),
    Check(send_type.inactive, (catalogue.SELECTED_DATA_INACTIVE,), send_type.inactive_quiet),
    Check(
        campaign.normalised_strings,
        (catalogue.SERVER_NORMALISED_STRING,),
        campaign.normalised_strings_quiet,
    ),
)
"""Every per-file check, in catalogue order."""

_GUARDS: Final = tuple(registered.quiet for registered in CHECKS)


def quiet(value: Any, context: RuleContext) -> bool:
    """True when no per-file rule can fire on the JSON value `value` in `context`."""
    seen = usual(value, context)
    if seen is None:
        return False
    for guard in _GUARDS:  # noqa: SIM110 - cheaper than all() and a generator, per clean file
        if not guard(seen):
            return False
    return True


def awake(value: Any, context: RuleContext) -> tuple[Check, ...]:
    """The checks that can fire on the JSON value `value` in `context`: none for the usual
    clean file, only those whose guard cannot rule them out for a faulty one of the usual
    shape (so the rules' work follows what can fire), and every check otherwise."""
    seen = usual(value, context)
    if seen is None:
        return CHECKS
    for guard in _GUARDS:  # as in `quiet`: the clean file pays no more
        if not guard(seen):
            return tuple(registered for registered in CHECKS if not registered.quiet(seen))
    return ()


def check(
    doc: SourceDocument,
    context: RuleContext,
    schema_error_pointers: frozenset[str] = frozenset(),
) -> list[Finding]:
    """Every per-file rule's findings on `doc`, sorted, minus those the schema already covers."""
    return run_checks(doc, context, schema_error_pointers, awake(doc.value, context))


def run_checks(
    doc: SourceDocument,
    context: RuleContext,
    schema_error_pointers: frozenset[str] = frozenset(),
    checks: Sequence[Check] = CHECKS,
) -> list[Finding]:
    """The findings of `checks` (by default all) on `doc`, sorted, minus those the schema
    already covers: `check` for a caller that already knows which checks are `awake`."""
    findings = []
    for registered in checks:
        for candidate in registered.find(doc, context):
            places = (
                candidate.pointer,
                *candidate.depends,
                *(related.pointer for related in candidate.related),
            )
            if overlaps_schema_error(places, schema_error_pointers):
                continue
            findings.append(
                Finding(
                    rule=candidate.rule,
                    severity=RULES_BY_ID[candidate.rule].default_severity,
                    message=candidate.message,
                    file=context.file,
                    pointer=candidate.pointer,
                    span=candidate.span,
                    related=candidate.related,
                    hint=candidate.hint,
                    value=value_of(resolve_pointer(doc.value, candidate.pointer)),
                )
            )
    return sorted(findings, key=ORDER)


def _duplicates(
    docs: Sequence[tuple[str, SourceDocument]], rule: str, key: str, fold: bool
) -> list[Finding]:
    first_seen: dict[str, tuple[str, SourceDocument]] = {}
    findings = []
    at = pointer_to(key)
    for file, doc in docs:
        value = doc.value.get(key) if isinstance(doc.value, dict) else None
        if not isinstance(value, str):
            continue
        seen_key = value.lower() if fold else value
        if seen_key not in first_seen:
            first_seen[seen_key] = (file, doc)
            continue
        first_file, first_doc = first_seen[seen_key]
        findings.append(
            Finding(
                rule=rule,
                severity=RULES_BY_ID[rule].default_severity,
                message=f"{key} {as_json(value)} is also the {key} of {first_file}",
                file=file,
                pointer=at,
                span=doc.value_span(at),
                related=(
                    Related(f"first used here as {key}", at, first_doc.value_span(at), first_file),
                ),
                hint=f"each payload file is one campaign; give this one its own {key}",
                value=value_of(value),
            )
        )
    return findings


def check_cross_file(docs: Sequence[tuple[str, SourceDocument]]) -> list[Finding]:
    """`duplicate-campaign-id` and `duplicate-campaign-name` across `docs`, in the given order.

    The finding is on each later file; its related location is the first file with the value.
    Ids are compared without regard to case (they are UUIDs), names exactly.
    """
    findings = _duplicates(docs, catalogue.DUPLICATE_CAMPAIGN_ID, "id", fold=True)
    findings += _duplicates(docs, catalogue.DUPLICATE_CAMPAIGN_NAME, "name", fold=False)
    return sorted(findings, key=ORDER)
