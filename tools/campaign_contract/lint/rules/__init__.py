"""Semantic rules: what the evidence says about a campaign payload beyond its JSON Schema.

    check(doc, context, schema_error_pointers)  -> findings of one file
    check_cross_file([(file, doc), ...])        -> findings across the files of one run
    RULES                                       -> the catalogue (ids, severities, docs)

A rule never fires where the schema already rejects the document: a finding is dropped when
its pointer, or a pointer it depends on, is at the same place as a schema error (equal, inside,
or containing it; see `same_place`). Findings carry the rule's default severity; configuration
(`campaign_contract.lint.config.apply`) changes or drops them afterwards.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Final

from campaign_contract.findings import Finding, Related, RuleInfo
from campaign_contract.lint.rules import catalogue, meta, planner
from campaign_contract.lint.rules.base import (
    Candidate,
    RuleContext,
    SourceDocument,
    as_json,
    overlaps_schema_error,
    same_place,
)
from campaign_contract.lint.rules.catalogue import RULES
from campaign_contract.lint.rules.fast_path import quiet
from campaign_contract.lint.rules.meta import parse_send_datetime
from campaign_contract.pointer import pointer_to

__all__ = [
    "CHECKS",
    "RULES",
    "RULES_BY_ID",
    "RuleContext",
    "SourceDocument",
    "check",
    "check_cross_file",
    "parse_send_datetime",
    "quiet",
    "run_checks",
    "same_place",
]

RULES_BY_ID: dict[str, RuleInfo] = {rule.id: rule for rule in RULES}

CHECKS: Final[tuple[Callable[[SourceDocument, RuleContext], Iterator[Candidate]], ...]] = (
    meta.send_type_data,
    meta.send_datetime,
    planner.schedule,
    planner.contact_limits,
    planner.min_ctr,
    meta.read_only,
    meta.campaign_id,
    meta.segments,
    meta.inactive,
)
"""Every per-file check, in catalogue order."""


def check(
    doc: SourceDocument,
    context: RuleContext,
    schema_error_pointers: frozenset[str] = frozenset(),
) -> list[Finding]:
    """Every per-file rule's findings on `doc`, sorted, minus those the schema already covers."""
    if quiet(doc.value, context):
        return []  # the usual clean file: no rule can fire (see `rules.quiet`)
    return run_checks(doc, context, schema_error_pointers)


def run_checks(
    doc: SourceDocument,
    context: RuleContext,
    schema_error_pointers: frozenset[str] = frozenset(),
) -> list[Finding]:
    """`check` without asking `quiet` first, for a caller that already has its answer."""
    findings = []
    for rule_check in CHECKS:
        for candidate in rule_check(doc, context):
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
                )
            )
    return sorted(findings, key=lambda finding: finding.sort_key)


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
    return sorted(findings, key=lambda finding: finding.sort_key)
