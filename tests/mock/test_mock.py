"""The mock endpoint answers as docs/contract.md says the server does."""

from __future__ import annotations

import json
from typing import Any

import pytest
from campaign_contract.mock import DEFAULT_TOKEN, Fault, MockCampaignApi, Reply
from payloads import EXAMPLES

CAMPAIGN = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
PATH = f"/api/v1/sms/campaigns/{CAMPAIGN}"
AUTH = {"Authorization": f"Bearer {DEFAULT_TOKEN}", "Content-Type": "application/json"}
MINIMAL = (EXAMPLES / "valid" / "minimal.json").read_bytes()
STATUS = {"current_step": 3, "total_sent": 600, "status": "in_progress"}


def _seeded(**kwargs: Any) -> MockCampaignApi:
    api = MockCampaignApi(**kwargs)
    api.seed(CAMPAIGN)
    return api


def _put(
    api: MockCampaignApi, body: bytes = MINIMAL, headers: dict[str, str] | None = None
) -> Reply:
    return api.handle("PUT", PATH, AUTH if headers is None else headers, body)


def test_a_valid_put_answers_200_with_the_stored_campaign() -> None:
    """The body comes back in `data`, defaults filled in and `id` taken from the path."""
    reply = _put(_seeded())
    data = reply.json()["data"]
    expected = (200, "application/json", CAMPAIGN, "draft", 200)
    actual = (
        reply.status,
        reply.headers["content-type"],
        data["id"],
        data["status"],
        data["meta"]["manual_data"]["send_amount"],
    )
    assert expected == actual


def test_an_editor_schema_key_is_accepted_and_not_stored() -> None:
    """A top-level `$schema` string passes validation and is not part of the stored campaign."""
    body = {"$schema": "./campaign.schema.json", **json.loads(MINIMAL)}
    reply = _put(_seeded(), json.dumps(body).encode())
    assert (reply.status, "$schema" in reply.json()["data"]) == (200, False)


def test_the_body_id_never_moves_a_campaign() -> None:
    """A different `id` in the body is replaced by the path's."""
    body = json.loads(MINIMAL) | {"id": "00000000-0000-4000-8000-000000000000"}
    assert _put(_seeded(), json.dumps(body).encode()).json()["data"]["id"] == CAMPAIGN


def test_multistep_status_is_the_servers_not_the_clients() -> None:
    """The client's copy is dropped; the server's own run status is returned, defaults filled."""
    api = MockCampaignApi()
    api.seed(CAMPAIGN, multistep_status=STATUS)
    body = json.loads(MINIMAL)
    body["meta"]["multistep_status"] = {"current_step": 99}
    data = _put(api, json.dumps(body).encode()).json()["data"]
    defaults = {
        "total_available_contacts": 0,
        "initial_brands": [],
        "steps_performance": [],
        "last_timezones": [],
    }
    assert STATUS | defaults == data["meta"]["multistep_status"]


def test_without_a_server_status_none_is_returned() -> None:
    """A campaign that never ran has no `multistep_status`, whatever the client sent."""
    body = json.loads(MINIMAL)
    body["meta"]["multistep_status"] = {"current_step": 99}
    data = _put(_seeded(), json.dumps(body).encode()).json()["data"]
    assert "multistep_status" not in data["meta"]


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong"},
        {"Authorization": DEFAULT_TOKEN},
        {"authorization": "bearer test-token"},
    ],
)
def test_without_the_bearer_token_the_answer_is_401(headers: dict[str, str]) -> None:
    """Missing, wrong or malformed credentials get Laravel's "Unauthenticated." body."""
    reply = _put(_seeded(), headers=headers)
    assert (reply.status, reply.json()) == (401, {"message": "Unauthenticated."})


def test_header_names_are_case_insensitive() -> None:
    """`authorization` in lower case (as HTTP/2 sends it) is accepted."""
    assert (
        _put(
            _seeded(),
            headers={
                "authorization": f"Bearer {DEFAULT_TOKEN}",
                "content-type": "application/json",
            },
        ).status
        == 200
    )


def test_an_unknown_campaign_is_404() -> None:
    """An empty store knows no campaign; the body names the id like Laravel's model binding."""
    reply = _put(MockCampaignApi())
    expected = (404, f"No query results for model [App\\Models\\SmsCampaign] {CAMPAIGN}")
    assert expected == (reply.status, reply.json()["message"])


def test_accept_any_id_creates_campaigns_for_uuids_only() -> None:
    """With `accept_any_id`, a UUID is created on first PUT; a non-UUID id is still 404."""
    api = MockCampaignApi(accept_any_id=True)
    statuses = (
        _put(api).status,
        api.handle("PUT", "/api/v1/sms/campaigns/abc", AUTH, MINIMAL).status,
    )
    assert statuses == (200, 404)
    assert list(api.campaigns) == [CAMPAIGN]


@pytest.mark.parametrize("method", ["GET", "POST", "PATCH", "DELETE", "HEAD", "OPTIONS"])
def test_other_methods_are_405_with_allow_put(method: str) -> None:
    """Only PUT is routed; the answer says so in `Allow`, whatever the credentials."""
    reply = _seeded().handle(method, PATH, {}, b"")
    assert (reply.status, reply.headers["allow"]) == (405, "PUT")


def test_an_invalid_body_is_422_with_the_laravel_error_map() -> None:
    """The error map is keyed by dot path and the message counts the other errors."""
    body = {"name": "ab", "meta": {"send_type": "manual", "manual_data": {"send_amount": 0}}}
    reply = _put(_seeded(), json.dumps(body).encode())
    expected = {
        "message": "The name field must be at least 3 characters. (and 1 more error)",
        "errors": {
            "name": ["The name field must be at least 3 characters."],
            "meta.manual_data.send_amount": [
                "The meta.manual_data.send_amount field must be at least 1."
            ],
        },
    }
    assert (422, expected) == (reply.status, reply.json())


@pytest.mark.parametrize("body", [b"", b"{", b"\xff\xfe", b'{"name": NaN}', b"[" * 100_000])
def test_a_body_that_is_not_json_is_422_never_500(body: bytes) -> None:
    """Unparseable input is no input: required fields are missing, the server does not crash."""
    reply = _put(_seeded(), body)
    assert (reply.status, sorted(reply.json()["errors"])) == (422, ["meta", "name"])


def test_other_paths_are_404() -> None:
    """Only the campaign route exists."""
    assert _seeded().handle("PUT", "/api/v1/sms/campaigns", AUTH, MINIMAL).status == 404


def test_faults_are_used_once_each_in_order() -> None:
    """Injected faults answer the next requests, then the endpoint behaves normally again."""
    api = _seeded()
    api.inject(Fault.rate_limited("3"), Fault.unavailable(), Fault.bad_gateway())
    replies = [_put(api) for _ in range(4)]
    expected = [(429, "3"), (503, None), (502, None), (200, None)]
    assert expected == [(r.status, r.headers.get("retry-after")) for r in replies]
    assert replies[2].headers["content-type"] == "text/html"


def test_a_slow_fault_delays_the_normal_answer() -> None:
    """`Fault.slow` keeps the answer and asks the transport to wait first."""
    api = _seeded()
    api.inject(Fault.slow(2.5))
    reply = _put(api)
    assert (reply.status, reply.delay) == (200, 2.5)


def test_the_token_is_not_in_the_repr() -> None:
    """A mock printed in a test failure does not show its token."""
    assert "secret-value" not in repr(MockCampaignApi(token="secret-value"))
