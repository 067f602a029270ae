"""Specification of the change classification: one schema edit per row, its verdict per role."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from campaign_contract.gate.compat import Change, Role, Verdict, compare
from campaign_contract.gate.shapes import ANNOTATIONS, APPLICATORS, ASSERTIONS, IGNORED
from campaign_contract.schema import SchemaSet
from schema_changes import (
    DEFS,
    REQ,
    RESP,
    VALIDATION,
    Documents,
    Edit,
    edited,
    node,
    verdicts,
    witness_holds,
)

B, S, U = Verdict.BREAKING, Verdict.SAFE, Verdict.UNKNOWN


@dataclass(frozen=True)
class Row:
    """An edit of the real schemas and the expected verdicts of the changes it makes."""

    id: str
    edit: Edit
    request: set[Verdict]
    response: set[Verdict]


def defs(name: str) -> str:
    return f"/$defs/{name}"


def setting(file: str, pointer: str, **values: object) -> Edit:
    return lambda d: node(d, file, pointer).update(values)


def removing(file: str, pointer: str, key: str) -> Edit:
    return lambda d: node(d, file, pointer).pop(key)


def appending(file: str, pointer: str, key: str, value: object) -> Edit:
    return lambda d: node(d, file, pointer)[key].append(value)


def dropping(file: str, pointer: str, key: str, value: object) -> Edit:
    return lambda d: node(d, file, pointer)[key].remove(value)


def not_nullable(file: str, holder: str, name: str) -> Edit:
    def edit(d: Documents) -> None:
        prop = node(d, file, holder)["properties"]
        prop[name] = prop[name]["anyOf"][0]

    return edit


ROWS = [
    Row("minimum raised", setting(DEFS, defs("SendAmount"), minimum=10), {B}, {S}),
    Row("minimum lowered", setting(DEFS, defs("SendAmount"), minimum=0), {S}, {B}),
    Row("minimum removed", removing(DEFS, defs("StepSize"), "minimum"), {S}, {B}),
    Row("maximum added", setting(DEFS, defs("SendAmount"), maximum=1000), {B}, {S}),
    Row("exclusiveMaximum added", setting(DEFS, defs("MinCtr"), exclusiveMaximum=100), {B}, {S}),
    Row("minLength raised", setting(DEFS, defs("CampaignName"), minLength=5), {B}, {S}),
    Row("maxLength lowered", setting(DEFS, defs("CampaignName"), maxLength=10), {B}, {S}),
    Row("maxLength raised", setting(DEFS, defs("CampaignName"), maxLength=300), {S}, {B}),
    Row("enum value removed", dropping(DEFS, defs("SendType"), "enum", "planner"), {B}, {S}),
    Row("enum value added", appending(DEFS, defs("CampaignStatus"), "enum", "archived"), {S}, {B}),
    Row("const added", setting(DEFS, defs("SendDatetime"), const="now"), {B}, {S}),
    Row("type narrowed", setting(DEFS, defs("MinCtr"), type="integer"), {B}, {S}),
    Row("type widened", setting(DEFS, defs("SendAmount"), type=["integer", "string"]), {S}, {B}),
    Row("null removed from type", setting(DEFS, defs("TotalSent"), type="integer"), {B}, {S}),
    Row("null added to type", setting(DEFS, defs("StepSize"), type=["integer", "null"]), {S}, {B}),
    Row(
        "null added to an enum's type",
        setting(DEFS, defs("SendType"), type=["string", "null"]),
        set(),
        set(),
    ),
    Row("nullable wrapper removed", not_nullable(REQ, defs("Meta"), "manual_data"), {B}, set()),
    Row("pattern added", setting(DEFS, defs("SendDatetime"), pattern="^[0-9]"), {B}, {S}),
    Row("pattern removed", removing(DEFS, defs("ClockTime"), "pattern"), {S}, {B}),
    Row("pattern replaced", setting(DEFS, defs("ClockTime"), pattern="^[0-9:]+$"), {U}, {B}),
    Row("format added", setting(DEFS, defs("SendDatetime"), format="date-time"), {B}, {S}),
    Row("format removed", removing(DEFS, defs("CampaignId"), "format"), {S}, {B}),
    Row("multipleOf added", setting(DEFS, defs("StepDelay"), multipleOf=5), {B}, {S}),
    Row("required added", appending(REQ, defs("Meta"), "required", "segment_ids"), {B}, set()),
    Row("required removed", dropping(REQ, "", "required", "name"), {S}, set()),
    Row(
        "response field optional",
        dropping(RESP, defs("Meta"), "required", "segment_ids"),
        set(),
        {B},
    ),
    Row("response field required", appending(RESP, defs("Meta"), "required", "status"), set(), {S}),
    Row(
        "object closed", setting(DEFS, defs("InitialBrands"), additionalProperties=False), {B}, {S}
    ),
    Row("object opened", setting(REQ, defs("TimeWindow"), additionalProperties=True), {S}, set()),
    Row(
        "property added to closed object",
        lambda d: node(d, REQ, defs("ManualData"))["properties"].update(note={"type": "string"}),
        {S},
        set(),
    ),
    Row(
        "property dropped from closed object",
        lambda d: node(d, REQ, defs("ManualData"))["properties"].pop("send_datetime"),
        {B},
        set(),
    ),
    Row(
        "property dropped from open object",
        lambda d: node(d, RESP, defs("ManualData"))["properties"].pop("send_datetime"),
        set(),
        {B},
    ),
    Row("items narrowed", setting(DEFS, "/$defs/LastTimezones/items", minLength=1), {B}, {S}),
    Row("uniqueItems added", setting(DEFS, defs("LastTimezones"), uniqueItems=True), {B}, {S}),
    Row("uniqueItems removed", removing(DEFS, defs("SegmentIds"), "uniqueItems"), {S}, {B}),
    Row("minItems added", setting(DEFS, defs("SegmentIds"), minItems=1), {B}, {S}),
    Row("maxItems added", setting(DEFS, defs("DaysOfWeek"), maxItems=2), {B}, {S}),
    Row(
        "propertyNames narrowed",
        setting(VALIDATION, "/properties/errors/propertyNames", pattern="^[a-z]+$"),
        set(),
        {U},
    ),
    Row(
        "propertyNames widened",
        removing(VALIDATION, "/properties/errors/propertyNames", "pattern"),
        set(),
        {B},
    ),
    Row("allOf added", setting(DEFS, defs("SendAmount"), allOf=[{"minimum": 3}]), {B}, {U}),
    Row(
        "default changed",
        setting(DEFS, defs("SendAmount"), default=100),
        {Verdict.ANNOTATION},
        {Verdict.ANNOTATION},
    ),
    Row("description changed", setting(DEFS, defs("SendAmount"), description="x"), set(), set()),
    Row("x- annotation added", setting(REQ, "", **{"x-contract-version": "2.0"}), set(), set()),
]


@pytest.fixture(scope="module")
def packaged() -> SchemaSet:
    """The repository's schemas: OLD in every row."""
    return SchemaSet.packaged()


@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_each_change_kind_gets_its_verdict_per_role(row: Row, packaged: SchemaSet) -> None:
    """Each kind of edit is classified as the table says, for requests and for responses."""
    new = edited(row.edit, packaged)
    changes = compare(packaged, new)
    expected = (row.request, row.response)
    actual = (verdicts(changes, Role.REQUEST), verdicts(changes, Role.RESPONSE))
    assert expected == actual


@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_every_breaking_change_comes_with_a_witness_that_holds(
    row: Row, packaged: SchemaSet
) -> None:
    """A breaking request witness is accepted by OLD and rejected by NEW (responses: reversed)."""
    new = edited(row.edit, packaged)
    breaking = [c for c in compare(packaged, new) if c.verdict is Verdict.BREAKING]
    assert all(witness_holds(change, packaged, new) for change in breaking)
    assert all(c.witness is None for c in compare(packaged, new) if c.verdict is not B)


def test_a_witness_is_minimal_apart_from_the_distinguishing_value(packaged: SchemaSet) -> None:
    """Raising `send_amount`'s minimum yields the required fields plus the old minimum."""
    new = edited(setting(DEFS, defs("SendAmount"), minimum=10), packaged)
    (change,) = [c for c in compare(packaged, new) if c.verdict is B]
    expected = {"name": "aaa", "meta": {"send_type": "manual", "manual_data": {"send_amount": 1}}}
    assert expected == json.loads(change.witness or "")


def test_a_change_is_named_by_instance_path_and_placed_at_the_keyword(packaged: SchemaSet) -> None:
    """The finding names where in a payload it bites and where in the NEW files it is written."""
    new = edited(setting(DEFS, defs("SendAmount"), minimum=10), packaged)
    (change,) = [c for c in compare(packaged, new) if c.role is Role.REQUEST]
    expected = (
        "/meta/manual_data/send_amount",
        DEFS,
        "/$defs/SendAmount/minimum",
        "`minimum` 1 -> 10",
    )
    assert expected == (change.path, change.file, change.pointer, change.summary)


def test_a_shared_definition_is_reported_once_with_its_other_places(packaged: SchemaSet) -> None:
    """`ClockTime` is used by 16 windows, twice over: one finding per role lists the rest."""
    new = edited(removing(DEFS, defs("ClockTime"), "pattern"), packaged)
    request = [c for c in compare(packaged, new) if c.role is Role.REQUEST]
    expected = [31]
    assert expected == [len(c.other_paths) for c in request]


def test_identical_schemas_have_no_changes(packaged: SchemaSet) -> None:
    """Comparing the contract with itself reports nothing."""
    expected: tuple[Change, ...] = ()
    assert expected == compare(packaged, packaged)


def test_a_removed_nullable_wrapper_is_placed_at_the_property(packaged: SchemaSet) -> None:
    """Dropping `anyOf: [X, null]` is reported where the wrapper was, with `null` as witness."""
    new = edited(not_nullable(REQ, defs("Meta"), "manual_data"), packaged)
    (change,) = compare(packaged, new)
    expected = ("/$defs/Meta/properties/manual_data", "/meta/manual_data", None)
    actual = (change.pointer, change.path, json.loads(change.witness or "")["meta"]["manual_data"])
    assert expected == actual


def _keywords(schema: object) -> Iterator[str]:
    if isinstance(schema, dict):
        for key, value in schema.items():
            yield key
            if key in ("properties", "$defs"):
                for child in value.values():
                    yield from _keywords(child)
            elif key not in ("enum", "const", "default", "examples", "required"):
                yield from _keywords(value)
    elif isinstance(schema, list):
        for item in schema:
            yield from _keywords(item)


def test_every_keyword_the_schemas_use_is_modelled(packaged: SchemaSet) -> None:
    """A keyword new to the schemas needs a decision here (it would only ever be "unknown")."""
    modelled = ASSERTIONS | APPLICATORS | ANNOTATIONS | IGNORED | {"$ref", "anyOf", "$schema"}
    used = {k for document in packaged.documents.values() for k in _keywords(document)}
    expected: set[str] = set()
    assert expected == used - modelled
