"""The generated models agree with the schemas: strict requests, tolerant responses, exact JSON."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from campaign_contract import models
from campaign_contract.lint.schema_findings import packaged_validator
from campaign_contract.models import parse_request, parse_response, to_wire
from campaign_contract.schema import REQUEST, RESPONSE, SchemaSet
from payloads import EXAMPLES, UUID, Case, boundary_cases, full_payload
from pydantic import ValidationError

SCHEMAS = SchemaSet.packaged()


def _with(pointer: str, value: Any) -> dict[str, Any]:
    """The full payload with `value` at `pointer` (whose parents exist)."""
    payload = full_payload()
    *parents, last = pointer.strip("/").split("/")
    node: Any = payload
    for step in parents:
        node = node[int(step)] if isinstance(node, list) else node[step]
    node[int(last) if isinstance(node, list) else last] = value
    return payload


def _probe(case_id: str, pointer: str, value: Any) -> Case:
    payload = _with(pointer, value)
    return Case(case_id, payload, pointer, SCHEMAS.validator(REQUEST).is_valid(payload))


# Known pitfalls of code-generated models, probed on purpose (the boundary cases come from the
# schema's own keywords and do not reach these).
PITFALL_PROBES = [
    _probe("uuid-upper-case", "/id", UUID.upper()),
    _probe("uuid-in-braces", "/id", "{" + UUID + "}"),
    _probe("uuid-urn-prefix", "/id", "urn:uuid:" + UUID),
    _probe("uuid-trailing-hyphen", "/id", UUID + "-"),
    _probe("segment-ids-differ-in-case-only", "/meta/segment_ids", [UUID, UUID.upper()]),
    _probe("integer-as-float", "/meta/manual_data/send_amount", 200.0),
    _probe("integer-as-bool", "/meta/manual_data/send_amount", True),
    _probe("integer-as-string", "/meta/manual_data/send_amount", "200"),
    _probe("string-as-integer", "/meta/manual_data/send_datetime", 1),
    _probe("number-as-bool", "/meta/multistep_data/min_ctr", True),
    _probe("number-as-integer", "/meta/multistep_data/min_ctr", 3),
    _probe("number-fraction", "/meta/multistep_data/min_ctr", 2.5),
    _probe("boolean-as-integer", "/meta/use_dedicated_domains", 1),
    _probe(
        "clock-time-trailing-newline", "/meta/planner_data/weekly_schedule/Mon/start", "09:00\n"
    ),
    _probe("name-astral-characters", "/name", "\U0001f600" * 3),
    _probe("datetime-utc-offset", "/meta/manual_data/send_datetime", "2030-01-15T09:00:00+00:00"),
    _probe("datetime-fraction", "/meta/multistep_data/send_datetime", "2030-01-15T09:00:00.50Z"),
    _probe("name-too-short-astral", "/name", "\U0001f600" * 2),
]

DIVERGENCES: dict[str, str] = {
    "uuid-trailing-hyphen": (
        "jsonschema's `uuid` format check removes every hyphen before parsing, so it accepts "
        "extra hyphens; the models require the canonical 8-4-4-4-12 form"
    ),
    "clock-time-trailing-newline": (
        "Python's `re` lets `$` match before a final newline, so the schema validator accepts "
        "'09:00\\n'; pydantic's Rust regex engine does not (the models are stricter)"
    ),
}
"""The ONLY cases where the request models and python-jsonschema (the oracle) disagree: its
known format differences, case id -> reason. The verdict's engine has none (see below)."""


def _all_cases() -> Iterator[Case]:
    yield from boundary_cases()
    for path in sorted(EXAMPLES.glob("*/*.json")):
        payload = json.loads(path.read_text(encoding="utf-8"))
        yield Case(
            f"examples/{path.parent.name}/{path.name}", payload, "", path.parent.name == "valid"
        )
    yield from PITFALL_PROBES


CASES = list(_all_cases())


def _model_accepts(payload: dict[str, Any]) -> bool:
    try:
        parse_request(payload)
    except ValidationError:
        return False
    return True


def test_examples_are_labelled_as_the_schema_judges_them() -> None:
    """Each example folder's verdict is the schema's, so the differential test starts honest."""
    validator = SCHEMAS.validator(REQUEST)
    examples = [case for case in CASES if case.id.startswith("examples/")]
    assert [validator.is_valid(c.payload) for c in examples] == [c.valid for c in examples]


def test_request_models_accept_exactly_what_the_request_schema_accepts() -> None:
    """Differential: every boundary, example and pitfall payload is judged alike, bar the list."""
    disagreements = sorted(
        case.id
        for case in CASES
        if case.id not in DIVERGENCES and _model_accepts(case.payload) != case.valid
    )
    assert disagreements == []


@pytest.mark.parametrize("case_id", sorted(DIVERGENCES))
def test_each_allowlisted_divergence_still_diverges(case_id: str) -> None:
    """An allowlist entry that no longer diverges must be removed, so the list stays true."""
    (case,) = [c for c in CASES if c.id == case_id]
    assert _model_accepts(case.payload) != case.valid


def test_request_models_accept_exactly_what_the_verdicts_engine_accepts() -> None:
    """No allowlist: the models and the compiled validator every part judges with agree on
    every boundary, example and pitfall payload (integral floats included)."""
    engine = packaged_validator().compiled
    disagreements = sorted(
        case.id for case in CASES if _model_accepts(case.payload) != engine.is_valid(case.payload)
    )
    assert disagreements == []


@pytest.mark.parametrize(
    ("pointer", "number"),
    [
        ("/meta/manual_data/send_amount", 200.0),
        ("/meta/manual_data/send_amount", 1e2),
        ("/meta/manual_data/throttle_batch_size", -0.0),
        ("/meta/multistep_status/current_step", 3.0),
        ("/meta/planner_data/weekly_sms_contact_limit", 2.0**62),
    ],
)
def test_an_integral_float_is_an_integer_and_round_trips_as_sent(
    pointer: str, number: float
) -> None:
    """Laravel's `integer` rule and JSON Schema accept 200.0; so do both models, keeping it."""
    payload = _with(pointer, number)
    dumped = to_wire(parse_request(payload))
    response = {"data": {**copy.deepcopy(payload), "status": "draft"}}
    assert (json.dumps(dumped, sort_keys=True), to_wire(parse_response(response))) == (
        json.dumps(payload, sort_keys=True),
        response,
    )


@pytest.mark.parametrize("number", [200.5, 1e9 + 0.5, 0.1, 2.0**51 + 0.5])
def test_a_float_with_a_fraction_is_still_refused_where_an_integer_is_expected(
    number: float,
) -> None:
    """Whole numbers only: a tolerance (pydantic's multiple_of) would let 1e9 + 0.5 through."""
    with pytest.raises(ValidationError):
        parse_request(_with("/meta/manual_data/send_amount", number))


def test_the_differential_test_covers_hundreds_of_payloads() -> None:
    """The comparison runs on the ~670 boundary cases plus examples and probes, not a handful."""
    assert len(CASES) > 600
    assert sum(case.valid for case in CASES) > 100


VALID_EXAMPLES = sorted((EXAMPLES / "valid").glob("*.json"))


@pytest.mark.parametrize("path", VALID_EXAMPLES, ids=lambda p: p.name)
def test_valid_example_round_trips_to_the_same_json(path: Any) -> None:
    """dump(load(p)) == p: same keys, same nulls, same values and JSON types (3 stays 3)."""
    text = path.read_text(encoding="utf-8")
    payload = json.loads(text)
    expected = json.dumps(payload, sort_keys=True)
    assert expected == json.dumps(to_wire(parse_request(payload)), sort_keys=True)


def test_every_accepted_payload_round_trips_exactly() -> None:
    """Beyond the examples: every valid boundary case and probe dumps back to the same JSON
    (ids keep their case, date-time strings their offset, numbers their type)."""
    accepted = [case for case in CASES if case.valid and case.id not in DIVERGENCES]
    changed = [
        case.id
        for case in accepted
        if json.dumps(to_wire(parse_request(case.payload)), sort_keys=True)
        != json.dumps(case.payload, sort_keys=True)
    ]
    assert (len(accepted) > 100, changed) == (True, [])


def test_absent_and_null_stay_distinct() -> None:
    """An omitted nullable field is not dumped; an explicit null is dumped as null."""
    absent = {"name": "Campaign", "meta": {"send_type": "manual"}}
    explicit = {"name": "Campaign", "meta": {"send_type": "manual", "manual_data": None}}
    assert (absent, explicit) == (to_wire(parse_request(absent)), to_wire(parse_request(explicit)))


def test_defaults_are_readable_but_never_sent() -> None:
    """A field left out reads as its schema default and stays out of the wire JSON."""
    body = {"name": "Campaign", "meta": {"send_type": "manual", "manual_data": {}}}
    model = parse_request(body)
    assert model.meta.manual_data is not None
    assert (200, "draft", body) == (
        model.meta.manual_data.send_amount,
        model.status,
        to_wire(model),
    )


@pytest.mark.parametrize(
    ("pointer", "value"),
    [
        ("/meta/use_dedicated_domains", None),
        ("/meta/manual_data/send_amount", None),
        ("/status", None),
        ("/meta/segment_ids", None),
    ],
)
def test_null_is_rejected_where_the_schema_forbids_it(pointer: str, value: Any) -> None:
    """Fields with a default are not nullable just because they may be omitted."""
    with pytest.raises(ValidationError):
        parse_request(_with(pointer, value))


def test_request_built_in_python_dumps_wire_names_and_only_set_fields() -> None:
    """Building a request from the classes and dumping it gives the body a client sends."""
    request = models.request
    model = models.SmsCampaignDataRequest(
        name="Spring sale",
        meta=request.Meta(send_type="manual", manual_data=request.ManualData(send_amount=10)),
    )
    expected = {
        "name": "Spring sale",
        "meta": {"send_type": "manual", "manual_data": {"send_amount": 10}},
    }
    assert expected == to_wire(model)


def _objects(node: Any, pointer: str = "") -> Iterator[str]:
    """The pointer of every JSON object in `node`."""
    if isinstance(node, dict):
        yield pointer
        for key, value in node.items():
            yield from _objects(value, f"{pointer}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _objects(value, f"{pointer}/{index}")


def _response_body() -> dict[str, Any]:
    return {"data": full_payload()}


def _add_unknown_key(body: dict[str, Any], pointer: str) -> dict[str, Any]:
    body = copy.deepcopy(body)
    node: Any = body
    for step in pointer.strip("/").split("/") if pointer else ():
        node = node[int(step)] if isinstance(node, list) else node[step]
    node["added_later"] = {"nested": [1, None, "x"]}
    return body


RESPONSE_OBJECTS = list(_objects(_response_body()))


def test_response_body_is_valid_and_round_trips() -> None:
    """The response used below is valid and survives parse -> dump unchanged."""
    body = _response_body()
    assert SCHEMAS.validator(RESPONSE).is_valid(body)
    assert body == to_wire(parse_response(body))


@pytest.mark.parametrize("pointer", RESPONSE_OBJECTS, ids=lambda p: p or "/")
def test_response_models_keep_an_unknown_key_at_every_level(pointer: str) -> None:
    """A key the contract does not know, at any object level, is accepted and dumped back."""
    body = _add_unknown_key(_response_body(), pointer)
    assert SCHEMAS.validator(RESPONSE).is_valid(body)
    assert body == to_wire(parse_response(body))


def test_every_response_object_level_is_probed() -> None:
    """The unknown-key test reaches nested objects (window, planner, status), not just `data`."""
    assert {"/data/meta/planner_data/weekly_schedule/Mon", "/data/meta/multistep_status"} <= set(
        RESPONSE_OBJECTS
    )


PARSERS: list[tuple[Callable[[dict[str, Any]], Any], dict[str, Any]]] = [
    (models.parse_error_message, {"message": "Unauthenticated.", "trace": "kept"}),
    (
        models.parse_validation_error,
        {"message": "Bad.", "errors": {"meta.manual_data.send_amount": ["Too small."]}},
    ),
]


@pytest.mark.parametrize(("parse", "body"), PARSERS, ids=["error-message", "validation-error"])
def test_error_bodies_parse_and_round_trip(
    parse: Callable[[dict[str, Any]], Any], body: dict[str, Any]
) -> None:
    """The 401/403/404 and 422 bodies have models too, tolerant like every response."""
    assert body == to_wire(parse(body))


def test_validation_error_keys_must_be_dot_paths() -> None:
    """The 422 model keeps the schema's key pattern."""
    with pytest.raises(ValidationError):
        models.parse_validation_error({"message": "Bad.", "errors": {"meta manual": ["x"]}})


def test_public_api() -> None:
    """`campaign_contract.models` exports exactly the documented names."""
    assert sorted(models.__all__) == [
        "ErrorMessage",
        "SmsCampaignData",
        "SmsCampaignDataRequest",
        "SmsCampaignDataResponse",
        "ValidationErrorBody",
        "error_message",
        "parse_error_message",
        "parse_request",
        "parse_response",
        "parse_validation_error",
        "request",
        "response",
        "to_wire",
        "validation_error",
    ]


def test_ids_are_plain_strings_in_their_exact_spelling() -> None:
    """Ids are `str` (not `uuid.UUID` or a wrapper model), so they read and dump unchanged."""
    body = _with("/meta/segment_ids", [UUID.upper()])
    model = parse_request(body)
    assert [UUID.upper()] == model.meta.segment_ids
    assert type(model.meta.segment_ids[0]) is str


def test_response_models_judge_wrapped_boundary_cases_like_the_response_schema() -> None:
    """Differential for reading: `{"data": case}` is accepted by both or by neither, and an
    accepted body dumps back unchanged."""
    validator = SCHEMAS.validator(RESPONSE)
    disagreements, lossy = [], []
    for case in boundary_cases():
        body = {"data": case.payload}
        try:
            dumped = to_wire(parse_response(body))
        except ValidationError:
            dumped = None
        if validator.is_valid(body) != (dumped is not None):
            disagreements.append(case.id)
        elif dumped is not None and dumped != body:
            lossy.append(case.id)
    assert (disagreements, lossy) == ([], [])
