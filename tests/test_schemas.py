"""The contract's schemas: well-formed, documented, and exact at every boundary."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from campaign_contract.schema import (
    DEFINITIONS,
    REQUEST,
    RESPONSE,
    SCHEMA_FILES,
    SchemaSet,
)
from jsonschema import Draft202012Validator
from payloads import EXAMPLES, boundary_cases

SCHEMAS = SchemaSet.packaged()
CASES = boundary_cases(SCHEMAS)


def _objects(node: Any, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema object that declares `properties`, with where it sits."""
    if isinstance(node, dict):
        if "properties" in node:
            yield where, node
        for key, value in node.items():
            yield from _objects(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _objects(item, f"{where}/{index}")


@pytest.mark.parametrize("name", SCHEMA_FILES)
def test_each_schema_is_valid_against_its_metaschema(name: str) -> None:
    """Every schema file is a valid JSON Schema 2020-12 document."""
    Draft202012Validator.check_schema(SCHEMAS.documents[name])


@pytest.mark.parametrize("name", SCHEMA_FILES)
def test_each_schema_has_a_local_id_and_the_2020_12_dialect(name: str) -> None:
    """Each file names itself in `$id` under a reserved, never-resolvable host."""
    document = SCHEMAS.documents[name]
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert document["$id"] == f"https://campaign-contract.invalid/schemas/{name}"


@pytest.mark.parametrize("name", SCHEMA_FILES)
def test_every_object_states_additional_properties(name: str) -> None:
    """No object leaves `additionalProperties` to the default."""
    missing = [
        where
        for where, node in _objects(SCHEMAS.documents[name])
        if "additionalProperties" not in node
    ]
    assert missing == []


def test_every_request_object_is_closed() -> None:
    """A misspelt key anywhere in a request is an error."""
    open_objects = [
        where
        for where, node in _objects(SCHEMAS.documents[REQUEST])
        if node["additionalProperties"] is not False
    ]
    assert open_objects == []


def test_every_response_object_is_open() -> None:
    """A response may carry fields added after this contract was written."""
    closed = [
        where
        for where, node in _objects(SCHEMAS.documents[RESPONSE])
        if node["additionalProperties"] is not True
    ]
    assert closed == []


@pytest.mark.parametrize("name", SCHEMA_FILES)
def test_every_property_has_a_description(name: str) -> None:
    """Each property describes itself, directly or through the definition it references."""
    undocumented = []
    for where, node in _objects(SCHEMAS.documents[name]):
        for key, child in node["properties"].items():
            target = child
            if "description" not in target and "$ref" in target:
                file, _, fragment = target["$ref"].partition("#")
                target = SCHEMAS.subschema(file or name, fragment)
            if "description" not in target:
                undocumented.append(f"{where}/properties/{key}")
    assert undocumented == []


def test_request_and_response_objects_describe_the_same_fields() -> None:
    """The response mirrors the request field for field; only openness and required differ,
    and the request's top level may carry the editors' `$schema`, which is never sent."""
    request_defs = SCHEMAS.documents[REQUEST]["$defs"]
    response_defs = SCHEMAS.documents[RESPONSE]["$defs"]
    for name, request_object in request_defs.items():
        assert request_object["properties"] == response_defs[name]["properties"], name
    request_top = dict(SCHEMAS.documents[REQUEST]["properties"])
    assert request_top.pop("$schema")["type"] == "string"
    assert request_top == response_defs["SmsCampaignData"]["properties"]


def test_every_shared_definition_is_used() -> None:
    """No definition in `definitions.schema.json` is dead."""
    text = json.dumps([SCHEMAS.documents[name] for name in SCHEMA_FILES])
    unused = [
        name for name in SCHEMAS.documents[DEFINITIONS]["$defs"] if f'#/$defs/{name}"' not in text
    ]
    assert unused == []


@pytest.mark.parametrize("path", sorted((EXAMPLES / "valid").glob("*.json")), ids=lambda p: p.name)
def test_valid_examples_pass_the_request_schema(path: Path) -> None:
    """Every payload labelled valid is valid."""
    errors = list(SCHEMAS.validator(REQUEST).iter_errors(json.loads(path.read_bytes())))
    assert [e.message for e in errors] == []


@pytest.mark.parametrize(
    "path", sorted((EXAMPLES / "invalid").glob("*.json")), ids=lambda p: p.name
)
def test_invalid_examples_fail_the_request_schema(path: Path) -> None:
    """Every payload labelled invalid breaks exactly one constraint."""
    errors = list(SCHEMAS.validator(REQUEST).iter_errors(json.loads(path.read_bytes())))
    assert len(errors) == 1, [e.message for e in errors]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_request_schema_boundaries(case: Any) -> None:
    """Each boundary payload is accepted or rejected as the contract says."""
    errors = list(SCHEMAS.validator(REQUEST).iter_errors(case.payload))
    assert (errors == []) == case.valid, [e.message for e in errors]


def test_boundary_cases_cover_every_kind_of_constraint() -> None:
    """The derived cases include each constraint the acceptance criteria name."""
    ids = {case.id for case in CASES}
    expected = {
        "/meta/manual_data/send_amount:minimum",
        "/meta/manual_data/send_amount:below-minimum",
        "/meta/send_type:near-miss-Manual",
        "/meta/planner_data/days_of_week/0:near-miss-mon",
        "/meta/planner_data/weekly_schedule/Mon/start:pattern-9:00",
        "/meta/planner_data/weekly_schedule/Mon/start:pattern-24:00",
        "/meta/planner_data/weekly_schedule/Mon/start:pattern-12:60",
        "/meta/segment_ids/0:not-uuid",
        "/meta/sms_routing_plan_id:null",
        "/meta/use_dedicated_domains:null",
        "/name:missing-required",
        "/meta/send_type:missing-required",
        "/meta/multistep_status/planner_data/weekly_schedule/unknown_key:unknown-key",
        "/name:below-min-length",
        "/name:above-max-length",
        "/meta/segment_ids:duplicate-items",
    }
    assert expected - ids == set()
    assert len(CASES) > 300


def test_response_schema_accepts_a_stored_campaign_with_unknown_fields() -> None:
    """A response with an extra field at every level is still valid."""
    data = json.loads((EXAMPLES / "valid" / "seed-page-example.json").read_bytes())
    data["future_field"] = 1
    data["meta"]["future_field"] = {"x": 1}
    data["meta"]["manual_data"]["future_field"] = True
    errors = list(SCHEMAS.validator(RESPONSE).iter_errors({"data": data, "links": {}}))
    assert [e.message for e in errors] == []


def test_response_schema_requires_the_fields_the_server_always_sends() -> None:
    """`id`, `name`, `meta` and `status` are always present in a response."""
    errors = list(SCHEMAS.validator(RESPONSE).iter_errors({"data": {"name": "abc"}}))
    assert sorted(e.message for e in errors) == [
        "'id' is a required property",
        "'meta' is a required property",
        "'status' is a required property",
    ]
