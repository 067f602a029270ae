"""Properties: schema, strategies, models, rules, client and mock agree on every payload.

Each property is a plain function that runs its Hypothesis search, so the broken-variant tests
at the end can run the same property against a deliberately broken mock or model and watch it
fail. Example counts scale with the profile: the round trips run 5x the profile's
`max_examples` (1,000 under `ci`). Bugs found are kept as `@example`s next to their property.
"""

from __future__ import annotations

import asyncio
import copy
import json
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from campaign_contract import errors, models
from campaign_contract.client import DEFAULT_BASE_URL, AsyncCampaignClient, CampaignClient
from campaign_contract.client.retry import RetryPolicy
from campaign_contract.findings import WHOLE_FILE, Finding, Severity, Span
from campaign_contract.lint.rules import RULES, RuleContext, check
from campaign_contract.lint.runner import validate_bytes
from campaign_contract.lint.verdict import normalise
from campaign_contract.mock import Fault, MockCampaignApi
from campaign_contract.mock.laravel import dot_path, fill_defaults, schema_problems
from campaign_contract.pointer import from_path
from campaign_contract.schema import REQUEST, SchemaSet
from campaign_contract.testing.near_misses import PayloadFault, near_misses
from campaign_contract.testing.respx_mock import MockEndpoint, mock_endpoint
from campaign_contract.testing.strategies import (
    complete_payloads,
    invalid_payloads,
    near_miss_of,
    semantically_valid_payloads,
    strategy_for,
    valid_payloads,
)
from hypothesis import Phase, example, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

SCALE = settings.default.max_examples
ROUND_TRIP_EXAMPLES = SCALE * 5
"""Examples for the main round trips: 250 under `dev`, 1,000 under `ci`."""
ROUND_TRIP = settings(max_examples=ROUND_TRIP_EXAMPLES)
BROKEN_VARIANT = settings(max_examples=200, phases=[Phase.explicit, Phase.generate])
"""For the broken-variant tests: finding the failure is the point, shrinking it is not."""
SECRET = "pr0perty-t0ken"
VALIDATOR = SchemaSet.packaged().validator(REQUEST)
NOW = datetime(2026, 11, 26, tzinfo=UTC)
SERVER_STATUS = strategy_for(REQUEST, {"$ref": "#/$defs/MultistepStatus"})
CAMPAIGN_IDS = st.uuids().map(str)
PADDING = st.sampled_from(["", "", " ", "\t", "\n", "\u3000", "\ufeff"])
"""Whitespace the server trims, put around the name: the 200 must hold the trimmed name."""
CAMPAIGN = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
MINIMAL: dict[str, Any] = {"name": "abc", "meta": {"send_type": "manual"}}


def _no_sleep(_: float) -> None:
    """Retries in properties never really wait."""


# --- generator soundness ------------------------------------------------------------------


@settings(max_examples=SCALE * 2)
@given(valid_payloads())
def test_every_generated_valid_payload_passes_the_schema(payload: dict[str, Any]) -> None:
    """Soundness: the reference validator accepts whatever `valid_payloads()` draws."""
    assert [error.message for error in VALIDATOR.iter_errors(payload)] == []


@settings(max_examples=SCALE)
@given(semantically_valid_payloads())
def test_semantically_valid_payloads_pass_the_schema_and_every_rule(
    payload: dict[str, Any],
) -> None:
    """Soundness: no schema error and no rule finding, not even a warning."""
    findings = check(_PlainDocument(payload), RuleContext(file="p.json", now=NOW))
    assert (
        [e.message for e in VALIDATOR.iter_errors(payload)],
        [f.rule for f in findings],
    ) == ([], [])


@settings(max_examples=SCALE * 2)
@given(invalid_payloads())
def test_every_near_miss_fails_the_schema_exactly_at_its_fault(
    case: tuple[dict[str, Any], PayloadFault],
) -> None:
    """A near miss has errors, all at the recorded fault (or its object, for a key fault)."""
    payload, fault = case
    places = {from_path(problem.path) for problem in schema_problems(payload)}
    assert places
    assert places <= {fault.pointer, fault.parent}


@settings(max_examples=SCALE)
@given(complete_payloads())
def test_complete_payloads_pass_the_schema_and_the_linter_without_a_finding(
    payload: dict[str, Any],
) -> None:
    """Soundness: no schema error, and the linter finds nothing at all, not even a warning."""
    assert ([e.message for e in VALIDATOR.iter_errors(payload)], []) == (
        [],
        [(f.rule, f.pointer, f.message) for f in _lint(payload)],
    )


@settings(max_examples=SCALE)
@given(near_miss_of(complete_payloads()))
def test_a_complete_payload_with_one_fault_fails_the_schema_exactly_at_it(
    case: tuple[dict[str, Any], PayloadFault],
) -> None:
    """The benchmark's faulty file: errors, all at the recorded fault (or its object)."""
    payload, fault = case
    places = {from_path(problem.path) for problem in schema_problems(payload)}
    assert places
    assert places <= {fault.pointer, fault.parent}


# Bugs the generator had: a "wrong type" ([]) that the permissive `initial_brands` accepts, and
# a "null not allowed" offered on a nullable object.
@settings(max_examples=SCALE)
@given(valid_payloads())
@example(
    {"name": "abc", "meta": {"send_type": "manual", "multistep_status": {"initial_brands": []}}}
)
@example({"name": "abc", "meta": {"send_type": "manual", "multistep_status": {"planner_data": {}}}})
def test_every_near_miss_variant_of_a_payload_is_invalid(payload: dict[str, Any]) -> None:
    """Not only the drawn one: the first and last variant of each kind that `near_misses`
    lists breaks the schema at its fault (all of them would cost ~4 ms each, hundreds a payload)."""
    by_kind: dict[str, list[Any]] = {}
    for variant in near_misses(payload):
        by_kind.setdefault(variant.kind, []).append(variant)
    for variants in by_kind.values():
        for variant in {id(v): v for v in (variants[0], variants[-1])}.values():
            broken, fault = variant.make()
            places = {from_path(problem.path) for problem in schema_problems(broken)}
            assert places, fault
            assert places <= {fault.pointer, fault.parent}, fault


# --- schema vs linter ----------------------------------------------------------------------


def _lint(payload: Any) -> list[Finding]:
    return validate_bytes(json.dumps(payload).encode(), "payload.json", now=NOW)


@settings(max_examples=SCALE * 2)
@given(semantically_valid_payloads())
def test_the_linter_finds_nothing_in_a_semantically_valid_payload(payload: dict[str, Any]) -> None:
    """No error, and not even a warning, for a payload valid under the schema and the rules."""
    assert [(f.rule, f.pointer, f.message) for f in _lint(payload)] == []


@settings(max_examples=SCALE * 2)
@given(valid_payloads())
def test_the_linter_reports_no_schema_error_in_a_valid_payload(payload: dict[str, Any]) -> None:
    """Whatever the rules say, a schema-valid payload gets no parse or schema finding."""
    semantic = {rule.id for rule in RULES}
    assert [(f.rule, f.pointer) for f in _lint(payload) if f.rule not in semantic] == []


@settings(max_examples=SCALE * 2)
@given(invalid_payloads())
def test_the_linter_reports_an_error_at_each_near_miss_fault(
    case: tuple[dict[str, Any], PayloadFault],
) -> None:
    """The fault's pointer carries an error (a missing key: its object, where it is anchored)."""
    payload, fault = case
    expected = fault.parent if fault.kind == "missing-required" else fault.pointer
    errors_at = {f.pointer for f in _lint(payload) if f.severity >= Severity.ERROR}
    assert expected in errors_at


# --- schema vs models -----------------------------------------------------------------------


@settings(max_examples=SCALE * 2)
@given(valid_payloads())
def test_the_request_models_accept_every_valid_payload(payload: dict[str, Any]) -> None:
    """valid => `parse_request` accepts."""
    models.parse_request(payload)


@settings(max_examples=SCALE * 2)
@given(invalid_payloads())
def test_the_request_models_reject_every_near_miss(
    case: tuple[dict[str, Any], PayloadFault],
) -> None:
    """near miss => `parse_request` rejects (no near miss has a codegen-allowlisted shape)."""
    payload, _ = case
    with pytest.raises(ValidationError):
        models.parse_request(payload)


def model_round_trip(
    dump: Callable[[Any], dict[str, Any]] = models.to_wire, search: settings = ROUND_TRIP
) -> None:
    """dump(load(p)) == p, and dumping what was dumped changes nothing."""

    @search
    @given(valid_payloads())
    @example({"name": "abc", "meta": {"send_type": "manual", "manual_data": None}})
    def prop(payload: dict[str, Any]) -> None:
        once = dump(models.parse_request(payload))
        twice = dump(models.parse_request(once))
        assert (payload, once) == (once, twice)

    prop()


def test_model_round_trip() -> None:
    """The request models lose nothing and add nothing, and dumping is idempotent."""
    model_round_trip()


# --- the endpoint round trip --------------------------------------------------------------


def _sent(payload: dict[str, Any]) -> dict[str, Any]:
    """The body the client sends for `payload`: without the editors' `$schema`."""
    return {key: value for key, value in payload.items() if key != "$schema"}


def _expected_data(payload: dict[str, Any], campaign_id: str, server_status: Any) -> dict[str, Any]:
    """What the 200 holds: the body as the server normalised it, defaults filled, server fields."""
    expected = fill_defaults(normalise(_sent(payload)))
    expected["id"] = campaign_id
    expected["meta"].pop("multistep_status", None)
    if server_status is not None:
        expected["meta"]["multistep_status"] = fill_defaults(server_status, None, "MultistepStatus")
    return expected


def _seeded_endpoint(make_api: Callable[[], MockCampaignApi]) -> MockEndpoint:
    api = make_api()
    api.token = SECRET
    return mock_endpoint(api, sleep=_no_sleep)


def endpoint_round_trip(
    make_api: Callable[[], MockCampaignApi] = MockCampaignApi, search: settings = ROUND_TRIP
) -> None:
    """p -> model -> PUT -> response model: `data` is p with defaults and server fields; one
    request, whose body is p (less the editors' `$schema`)."""
    endpoint = _seeded_endpoint(make_api)

    @search
    @given(valid_payloads(), CAMPAIGN_IDS, st.none() | SERVER_STATUS, PADDING)
    @example(MINIMAL, CAMPAIGN, {"planner_data": {}}, "")  # the mock once kept a status unfilled
    @example(MINIMAL, CAMPAIGN, None, "\u00a0 ")  # stored and returned trimmed
    def prop(payload: dict[str, Any], campaign_id: str, server_status: Any, pad: str) -> None:
        if len(payload["name"]) + 2 * len(pad) <= 255:  # padded, still within maxLength
            payload = {**payload, "name": pad + payload["name"] + pad}
        endpoint.api.seed(campaign_id, multistep_status=server_status)
        before = len(endpoint.route.calls)
        response = client.put_campaign(campaign_id, models.parse_request(payload))
        assert (
            _expected_data(payload, campaign_id, server_status) == models.to_wire(response)["data"]
        )
        assert len(endpoint.route.calls) - before == 1
        assert _sent(payload) == json.loads(endpoint.route.calls.last.request.content)

    with endpoint.router, CampaignClient(DEFAULT_BASE_URL, SECRET, sleep=_no_sleep) as client:
        prop()


def test_endpoint_round_trip_sync() -> None:
    """The sync client through the respx mock."""
    endpoint_round_trip()


def test_endpoint_round_trip_async() -> None:
    """The async client through the respx mock, on one event loop."""
    endpoint = _seeded_endpoint(MockCampaignApi)

    async def no_sleep(_: float) -> None:
        """Never waits."""

    @settings(max_examples=ROUND_TRIP_EXAMPLES)
    @given(valid_payloads(), CAMPAIGN_IDS, st.none() | SERVER_STATUS)
    def prop(payload: dict[str, Any], campaign_id: str, server_status: Any) -> None:
        endpoint.api.seed(campaign_id, multistep_status=server_status)
        before = len(endpoint.route.calls)
        response = runner.run(client.put_campaign(campaign_id, models.parse_request(payload)))
        assert (
            _expected_data(payload, campaign_id, server_status) == models.to_wire(response)["data"]
        )
        assert len(endpoint.route.calls) - before == 1
        assert _sent(payload) == json.loads(endpoint.route.calls.last.request.content)

    with endpoint.router, asyncio.Runner() as runner:
        client = AsyncCampaignClient(DEFAULT_BASE_URL, SECRET, sleep=no_sleep)
        try:
            prop()
        finally:
            runner.run(client.aclose())


def test_put_twice_gives_the_same_response() -> None:
    """Idempotence: a repeated PUT answers the same and stores the same."""
    endpoint = _seeded_endpoint(MockCampaignApi)

    @settings(max_examples=SCALE)
    @given(valid_payloads(), CAMPAIGN_IDS)
    def prop(payload: dict[str, Any], campaign_id: str) -> None:
        endpoint.api.seed(campaign_id)
        first = models.to_wire(client.put_campaign(campaign_id, payload))
        stored = copy.deepcopy(endpoint.api.campaigns[campaign_id])
        second = models.to_wire(client.put_campaign(campaign_id, payload))
        assert (first, stored) == (second, endpoint.api.campaigns[campaign_id])

    with endpoint.router, CampaignClient(DEFAULT_BASE_URL, SECRET) as client:
        prop()


# --- invalid requests ---------------------------------------------------------------------


def _same_places(server_keys: set[str], finding_pointers: set[str]) -> bool:
    """The server's dot paths and the findings' pointers name the same places; a missing key
    counts at its object, where the linter anchors it."""
    finding_paths = {dot_path(tuple(p.split("/")[1:])) if p else "" for p in finding_pointers}

    def parent(key: str) -> str:
        return key.rpartition(".")[0]

    return all(k in finding_paths or parent(k) in finding_paths for k in server_keys) and all(
        p in server_keys or any(parent(k) == p for k in server_keys) for p in finding_paths
    )


def test_an_invalid_request_fails_locally_and_the_server_agrees() -> None:
    """Refused before sending; sent anyway, the mock's 422 names the places the findings name."""
    endpoint = _seeded_endpoint(MockCampaignApi)
    endpoint.api.seed(CAMPAIGN)

    @settings(max_examples=SCALE * 2)
    # the client drops `$schema` before its check and before sending: a bad one is neither
    # refused nor sent, so there is nothing to compare
    @given(invalid_payloads().filter(lambda case: case[1].pointer != "/$schema"))
    def prop(case: tuple[dict[str, Any], PayloadFault]) -> None:
        payload, _ = case
        before = len(endpoint.route.calls)
        with pytest.raises(errors.LocalValidationError) as local:
            client.put_campaign(CAMPAIGN, payload)
        assert before == len(endpoint.route.calls)
        with pytest.raises(errors.ServerValidationError) as remote:
            client.put_campaign(CAMPAIGN, payload, validate=False)
        assert _same_places(set(remote.value.errors), set(local.value.pointers))

    with endpoint.router, CampaignClient(DEFAULT_BASE_URL, SECRET) as client:
        prop()


# --- faults -------------------------------------------------------------------------------

FAULTS = st.sampled_from(["429", "503", "502"]).flatmap(
    lambda kind: (
        st.integers(0, 5).map(lambda s: Fault.rate_limited(str(s)))
        if kind == "429"
        else st.just(Fault.unavailable() if kind == "503" else Fault.bad_gateway())
    )
)


def test_under_faults_the_client_makes_the_right_attempts_and_leaks_nothing() -> None:
    """min(faults + 1, cap) attempts; the last fault's error when the cap is hit; no token."""
    endpoint = _seeded_endpoint(MockCampaignApi)
    endpoint.api.seed(CAMPAIGN)
    records: list[logging.LogRecord] = []

    @settings(max_examples=SCALE)
    @given(st.lists(FAULTS, max_size=6), st.integers(1, 5))
    def prop(faults: list[Fault], max_attempts: int) -> None:
        endpoint.api.faults.clear()
        endpoint.api.inject(*faults)
        records.clear()
        before = len(endpoint.route.calls)
        policy = RetryPolicy(max_attempts=max_attempts, max_total=1_000)
        outcome: errors.ApiError | None = None
        client = CampaignClient(DEFAULT_BASE_URL, SECRET, http=http, retry=policy, sleep=_no_sleep)
        try:
            client.put_campaign(CAMPAIGN, MINIMAL)
        except errors.ApiError as error:
            outcome = error
        attempts = min(len(faults) + 1, max_attempts)
        expected_status = faults[attempts - 1].status if attempts <= len(faults) else None
        assert attempts == len(endpoint.route.calls) - before
        assert expected_status == (outcome.status if outcome is not None else None)
        texts = [str(outcome), repr(outcome), *(r.getMessage() for r in records)]
        assert [t for t in texts if SECRET in t] == []

    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    logger = logging.getLogger("campaign_contract")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        with endpoint.router, httpx.Client() as http:
            prop()
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


# --- broken variants: the properties can fail -----------------------------------------------


class DroppingApi(MockCampaignApi):
    """A broken mock: it forgets `meta.sms_routing_plan_id` when storing."""

    def handle(self, method: str, path: str, headers: Any, body: bytes) -> Any:
        reply = super().handle(method, path, headers, body)
        if reply.status != 200:
            return reply
        document = reply.json()
        document["data"]["meta"].pop("sms_routing_plan_id", None)
        return type(reply)(reply.status, reply.headers, json.dumps(document).encode())


def test_a_mock_that_drops_a_field_fails_the_endpoint_round_trip() -> None:
    """The round-trip property catches a mock that loses an optional field."""
    with pytest.raises(AssertionError):
        endpoint_round_trip(DroppingApi, BROKEN_VARIANT)


def test_a_dump_that_drops_nulls_fails_the_model_round_trip() -> None:
    """The model round trip catches a serialiser that drops explicit nulls."""

    def dump_without_nulls(model: Any) -> dict[str, Any]:
        return model.model_dump(mode="json", by_alias=True, exclude_unset=True, exclude_none=True)  # type: ignore[no-any-return]

    with pytest.raises(AssertionError):
        model_round_trip(dump_without_nulls, BROKEN_VARIANT)


class _PlainDocument:
    """The rules' `SourceDocument` for a value with no source text (spans are the whole file)."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def value_span(self, pointer: str) -> Span:
        return WHOLE_FILE

    def key_span(self, pointer: str) -> Span | None:
        return None
