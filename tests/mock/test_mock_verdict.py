"""The mock judges a body as the server would read it: transport first, then the one verdict.

Each case here is a disagreement an independent mutation corpus once found between the mock and
the linter (docs/contract.md, "What happens to a request before validation").
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from campaign_contract.lint.verdict import judge
from campaign_contract.mock import DEFAULT_TOKEN, MockCampaignApi, Reply
from campaign_contract.source import load

CAMPAIGN = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
PATH = f"/api/v1/sms/campaigns/{CAMPAIGN}"
JSON = {"Authorization": f"Bearer {DEFAULT_TOKEN}", "Content-Type": "application/json"}
NO_INPUT = {"name": ["The name field is required."], "meta": ["The meta field is required."]}
WINDOW = {"start": "09:00", "end": "17:00"}


def _body(**meta: Any) -> dict[str, Any]:
    return {"name": "Spring", "meta": {"send_type": "manual", **meta}}


def _put(body: bytes, headers: dict[str, str] = JSON) -> Reply:
    api = MockCampaignApi()
    api.seed(CAMPAIGN)
    return api.handle("PUT", PATH, headers, body)


def _strict_json(reply: Reply) -> Any:
    """The reply's body, parsed by the strict loader (no NaN, no lone surrogate, UTF-8)."""
    document, findings = load(reply.body, "reply")
    assert document is not None, findings
    return document.value


@pytest.mark.parametrize(
    "odd_uuid",
    [
        f"{CAMPAIGN}}}",
        f"{CAMPAIGN}-",
        "3c90c3cc-0d44-4b50-8888--8dd25736052a",
        CAMPAIGN.replace("-", "_"),
        f"+{CAMPAIGN[1:]}",
        CAMPAIGN[:-1] + "\u0662",
        f"{{{CAMPAIGN}}}",
    ],
)
def test_an_odd_uuid_spelling_is_422_like_the_linter_says(odd_uuid: str) -> None:
    """Class 1: uuid.UUID() accepts these; the verdict's engine (strict UUIDs) refuses them."""
    body = json.dumps(_body(sms_routing_plan_id=odd_uuid)).encode()
    reply = _put(body)
    assert (reply.status, list(_strict_json(reply)["errors"])) == (
        422,
        ["meta.sms_routing_plan_id"],
    )
    assert not judge(body).accepted


def test_a_pattern_with_a_trailing_newline_is_judged_after_trimming() -> None:
    """Class 1: Python's `$` matched "09:00\\n"; the server trims it to "09:00" first, so the
    window is accepted and stored trimmed, and "09:00\\n:00" stays refused."""
    planner = {"weekly_schedule": {"Mon": {**WINDOW, "end": "17:00\n"}}}
    accepted = _put(json.dumps(_body(send_type="planner", planner_data=planner)).encode())
    stored = _strict_json(accepted)["data"]["meta"]["planner_data"]["weekly_schedule"]["Mon"]
    planner["weekly_schedule"]["Mon"]["end"] = "17:\n00"
    refused = _put(json.dumps(_body(send_type="planner", planner_data=planner)).encode())
    assert (accepted.status, stored["end"], refused.status) == (200, "17:00", 422)


@pytest.mark.parametrize("escape", ["\\ud800", "\\udfff", "a\\ud83d"])
def test_a_lone_surrogate_escape_is_no_input_and_nothing_is_stored(escape: str) -> None:
    """Class 2: the mock once stored the campaign and then failed to encode its reply."""
    api = MockCampaignApi()
    api.seed(CAMPAIGN)
    body = f'{{"name": "ab{escape}c", "meta": {{"send_type": "manual"}}}}'.encode()
    reply = api.handle("PUT", PATH, JSON, body)
    assert (reply.status, _strict_json(reply)["errors"], api.campaigns[CAMPAIGN]) == (
        422,
        NO_INPUT,
        {},
    )


@pytest.mark.parametrize("number", ["1e400", "-1e400", "1" + "0" * 400 + ".0", "1" + "0" * 400])
def test_a_number_beyond_a_double_is_refused_never_answered_as_infinity(number: str) -> None:
    """Class 3: `min_ctr: 1e400` was answered 200 with `Infinity`, which is not JSON."""
    body = b'{"name": "Spring", "meta": {"send_type": "multistep", "multistep_data": '
    body += b'{"min_ctr": ' + number.encode() + b"}}}"
    reply = _put(body)
    assert (reply.status, list(_strict_json(reply)["errors"])) == (
        422,
        ["meta.multistep_data.min_ctr"],
    )


@pytest.mark.parametrize("number", ["200.0", "2e2", "2.0e+2"])
def test_an_integral_float_in_an_integer_field_is_stored_as_sent(number: str) -> None:
    """Class 4, the mock's side: Laravel's `integer` rule accepts 200.0; the 200 keeps it."""
    body = b'{"name": "Spring", "meta": {"send_type": "manual", "manual_data": '
    body += b'{"send_amount": ' + number.encode() + b"}}}"
    reply = _put(body)
    data = _strict_json(reply)["data"]
    assert (reply.status, data["meta"]["manual_data"]["send_amount"]) == (200, 200.0)


@pytest.mark.parametrize(
    "content_type",
    [
        None,
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "APPLICATION/JSON",
    ],
)
def test_a_body_that_is_not_declared_json_is_no_input(content_type: str | None) -> None:
    """Class 6: Laravel reads JSON input only for a JSON content type (`isJson` compares the
    header as written, so upper case is not JSON); otherwise no input."""
    headers = {"Authorization": JSON["Authorization"]}
    if content_type is not None:
        headers["Content-Type"] = content_type
    reply = _put(json.dumps(_body()).encode(), headers)
    assert (reply.status, _strict_json(reply)["errors"]) == (422, NO_INPUT)


@pytest.mark.parametrize(
    "content_type", ["application/json; charset=utf-8", "application/vnd.api+json", "text/json"]
)
def test_json_content_types_with_parameters_or_suffixes_are_read(content_type: str) -> None:
    """`isJson`: a header containing `/json` or `+json`, with or without parameters."""
    reply = _put(json.dumps(_body()).encode(), {**JSON, "Content-Type": content_type})
    assert reply.status == 200


def test_a_body_with_a_byte_order_mark_is_no_input_while_the_linter_only_warns() -> None:
    """Class 6: `json_decode` refuses a BOM, so the server sees no input (an intended
    difference with the linter, which warns about a file and checks the rest)."""
    body = b"\xef\xbb\xbf" + json.dumps(_body()).encode()
    reply = _put(body)
    verdict = judge(body)
    assert (reply.status, _strict_json(reply)["errors"]) == (422, NO_INPUT)
    assert (verdict.accepted, [f.rule for f in verdict.findings]) == (True, ["json-bom"])


def test_a_duplicate_key_is_refused_at_its_path_as_the_contract_decides() -> None:
    """Stricter than the server on purpose (it keeps the last value): 422 at the key."""
    reply = _put(b'{"name": "Spring", "name": "Summer", "meta": {"send_type": "manual"}}')
    assert (reply.status, list(_strict_json(reply)["errors"])) == (422, ["name"])


@pytest.mark.parametrize(
    ("sent", "errors"),
    [
        ("  ab  ", {"name": ["The name field must be at least 3 characters."]}),
        ("   ", {"name": ["The name field is required."]}),
        ("", {"name": ["The name field is required."]}),
        ("\u00a0\u200bab\ufeff", {"name": ["The name field must be at least 3 characters."]}),
    ],
)
def test_a_name_is_judged_after_trimming_and_empty_is_missing(
    sent: str, errors: dict[str, list[str]]
) -> None:
    """Normalisation: TrimStrings, then ConvertEmptyStringsToNull, before any rule."""
    reply = _put(json.dumps({"name": sent, "meta": {"send_type": "manual"}}).encode())
    assert (reply.status, _strict_json(reply)["errors"]) == (422, errors)


def test_trimmed_values_are_stored_and_an_empty_nullable_id_becomes_null() -> None:
    """What the server stores is the normalised body: trimmed strings, "" as null."""
    body = {"name": "  Spring  ", "status": " draft\n", "meta": {"send_type": "manual"}}
    body["meta"]["sms_routing_plan_id"] = ""
    reply = _put(json.dumps(body).encode())
    data = _strict_json(reply)["data"]
    assert (reply.status, data["name"], data["status"], data["meta"]["sms_routing_plan_id"]) == (
        200,
        "Spring",
        "draft",
        None,
    )
