"""The client: local validation first, typed errors, safe retries, and a token that never leaks."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import TYPE_CHECKING, Any

import httpx
import pytest
from campaign_contract import errors
from campaign_contract.client import (
    DEFAULT_BASE_URL,
    ENV_BASE_URL,
    ENV_TOKEN,
    AsyncCampaignClient,
    CampaignClient,
)
from campaign_contract.client.retry import RetryPolicy
from campaign_contract.mock import DEFAULT_TOKEN, Fault
from campaign_contract.models import SmsCampaignDataResponse, parse_request, to_wire
from payloads import EXAMPLES

if TYPE_CHECKING:
    from campaign_contract.testing.respx_mock import MockEndpoint

pytest_plugins = ["campaign_contract.testing.pytest_plugin"]

CAMPAIGN = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
SECRET = "s3cr3t-t0ken-value"
MINIMAL: dict[str, Any] = json.loads(
    (EXAMPLES / "valid" / "minimal.json").read_text(encoding="utf-8")
)


class FakeTime:
    """A clock that moves only when the client sleeps."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def _client(endpoint: MockEndpoint, time: FakeTime | None = None, **kwargs: Any) -> CampaignClient:
    time = time or FakeTime()
    endpoint.api.token = SECRET
    endpoint.api.seed(CAMPAIGN)
    return CampaignClient(DEFAULT_BASE_URL, SECRET, sleep=time.sleep, clock=time.clock, **kwargs)


def test_a_dict_is_validated_sent_and_answered_with_the_response_model(
    campaign_endpoint: MockEndpoint,
) -> None:
    """One PUT with the JSON body, the bearer token and JSON content negotiation; a typed answer."""
    with _client(campaign_endpoint) as client:
        response = client.put_campaign(CAMPAIGN, MINIMAL)
    (request,) = campaign_endpoint.requests
    assert isinstance(response, SmsCampaignDataResponse)
    expected = (
        "PUT",
        f"/api/v1/sms/campaigns/{CAMPAIGN}",
        f"Bearer {SECRET}",
        "application/json",
        MINIMAL,
    )
    actual = (
        request.method,
        request.url.path,
        request.headers["authorization"],
        request.headers["accept"],
        json.loads(request.content),
    )
    assert expected == actual


def test_a_request_model_is_sent_as_its_wire_json(campaign_endpoint: MockEndpoint) -> None:
    """A model and the dict it was read from send the same body."""
    with _client(campaign_endpoint) as client:
        response = client.put_campaign(CAMPAIGN, parse_request(MINIMAL))
    assert json.loads(campaign_endpoint.requests[0].content) == MINIMAL
    assert to_wire(response)["data"]["id"] == CAMPAIGN


@pytest.mark.parametrize("as_model", [False, True])
def test_the_editor_schema_key_is_checked_then_stripped_before_sending(
    campaign_endpoint: MockEndpoint, as_model: bool
) -> None:
    """`$schema` (how editors find the schema) is never sent, from a dict or a model."""
    payload: Any = {"$schema": "https://example.invalid/campaign.schema.json", **MINIMAL}
    with _client(campaign_endpoint) as client:
        client.put_campaign(CAMPAIGN, parse_request(payload) if as_model else payload)
    assert json.loads(campaign_endpoint.requests[0].content) == MINIMAL


def test_the_editor_schema_key_is_stripped_before_the_local_check(
    campaign_endpoint: MockEndpoint,
) -> None:
    """The local check judges the exact bytes sent, which never hold `$schema`: whatever its
    value, the key is dropped and the rest is checked and sent."""
    with _client(campaign_endpoint) as client:
        client.put_campaign(CAMPAIGN, {"$schema": 1, **MINIMAL})
    assert json.loads(campaign_endpoint.requests[0].content) == MINIMAL


def test_an_invalid_payload_is_refused_before_anything_is_sent(
    campaign_endpoint: MockEndpoint,
) -> None:
    """The linter's findings come with the error and the endpoint sees no request."""
    payload = {"name": "ab", "meta": {"send_type": "manual"}}
    with _client(campaign_endpoint) as client, pytest.raises(errors.LocalValidationError) as caught:
        client.put_campaign(CAMPAIGN, payload)
    assert caught.value.pointers == ("/name",)
    assert campaign_endpoint.requests == []


def test_sent_without_local_validation_the_server_422_is_raised(
    campaign_endpoint: MockEndpoint,
) -> None:
    """`validate=False` sends anyway; the 422 error carries the server's map by dot path."""
    payload = {"name": "ab", "meta": {"send_type": "manual"}}
    with (
        _client(campaign_endpoint) as client,
        pytest.raises(errors.ServerValidationError) as caught,
    ):
        client.put_campaign(CAMPAIGN, payload, validate=False)
    assert (caught.value.status, list(caught.value.errors)) == (422, ["name"])


def test_the_422_error_map_holds_lists_as_the_docs_show(campaign_endpoint: MockEndpoint) -> None:
    """`ServerValidationError.errors` values are lists of messages (the JSON's own shape)."""
    payload = {"name": "ab", "meta": {"send_type": "manual"}}
    with (
        _client(campaign_endpoint) as client,
        pytest.raises(errors.ServerValidationError) as caught,
    ):
        client.put_campaign(CAMPAIGN, payload, validate=False)
    assert all(type(messages) is list for messages in caught.value.errors.values())
    assert all(isinstance(text, str) for text in caught.value.errors["name"])


@pytest.mark.parametrize(
    ("status", "body", "content_type", "expected"),
    [
        (401, b'{"message": "Unauthenticated."}', "application/json", errors.UnauthenticatedError),
        (
            403,
            b'{"message": "This action is unauthorized."}',
            "application/json",
            errors.ForbiddenError,
        ),
        (404, b'{"message": "No query results"}', "application/json", errors.NotFoundError),
        (500, b"<html>Whoops</html>", "text/html", errors.ServerError),
        (418, b"teapot", "text/plain", errors.UnexpectedResponseError),
        (200, b'{"data": {"name": 1}}', "application/json", errors.UnexpectedResponseError),
        (200, b"not json", "text/plain", errors.UnexpectedResponseError),
    ],
)
def test_each_error_status_has_its_own_error(
    status: int, body: bytes, content_type: str, expected: type[errors.ApiError]
) -> None:
    """Statuses map onto the error tree; the message carries the status and a body excerpt."""
    transport = httpx.MockTransport(
        lambda r: httpx.Response(status, content=body, headers={"content-type": content_type})
    )
    with (
        CampaignClient(token=SECRET, http=httpx.Client(transport=transport)) as client,
        pytest.raises(expected) as caught,
    ):
        client.put_campaign(CAMPAIGN, MINIMAL)
    assert status == caught.value.status
    assert str(status) in str(caught.value)


def test_a_server_error_excerpt_is_short_whatever_the_content_type() -> None:
    """A huge HTML error page is cut to a one-line excerpt of at most 200 characters."""
    page = b"<html>\n" + b"x" * 10_000 + b"\n</html>"
    transport = httpx.MockTransport(
        lambda r: httpx.Response(500, content=page, headers={"content-type": "text/html"})
    )
    with (
        CampaignClient(token=SECRET, http=httpx.Client(transport=transport)) as client,
        pytest.raises(errors.ServerError) as caught,
    ):
        client.put_campaign(CAMPAIGN, MINIMAL)
    assert len(caught.value.excerpt) <= 200
    assert "\n" not in caught.value.excerpt


@pytest.mark.parametrize(
    ("faults", "expected_attempts", "expected_error"),
    [
        ([Fault.unavailable()] * 2, 3, None),
        ([Fault.bad_gateway()] * 3, 4, None),
        ([Fault.unavailable()] * 4, 4, errors.ServerError),
        ([Fault.rate_limited("2")] * 4, 4, errors.RateLimitedError),
    ],
)
def test_transient_failures_are_retried_up_to_the_attempt_cap(
    campaign_endpoint: MockEndpoint,
    faults: list[Fault],
    expected_attempts: int,
    expected_error: type[errors.ApiError] | None,
) -> None:
    """429/502/503 are retried; after `max_attempts` the last failure is raised."""
    client = _client(campaign_endpoint, retry=RetryPolicy(max_attempts=4))
    campaign_endpoint.api.inject(*faults)
    if expected_error is None:
        client.put_campaign(CAMPAIGN, MINIMAL)
    else:
        with pytest.raises(expected_error):
            client.put_campaign(CAMPAIGN, MINIMAL)
    assert expected_attempts == len(campaign_endpoint.requests)


def test_retry_after_is_honoured_exactly(campaign_endpoint: MockEndpoint) -> None:
    """The client waits what the server asked, in seconds or as an HTTP date."""
    time = FakeTime()
    client = _client(campaign_endpoint, time)
    campaign_endpoint.api.inject(Fault.rate_limited("3"), Fault.rate_limited("7"))
    client.put_campaign(CAMPAIGN, MINIMAL)
    assert time.sleeps == [3.0, 7.0]


def test_a_retry_after_beyond_the_total_time_gives_up_at_once(
    campaign_endpoint: MockEndpoint,
) -> None:
    """Waiting an hour is not retrying: the 429 is raised, with the wait the server asked for."""
    time = FakeTime()
    client = _client(campaign_endpoint, time, retry=RetryPolicy(max_total=30))
    campaign_endpoint.api.inject(Fault.rate_limited("3600"))
    with pytest.raises(errors.RateLimitedError) as caught:
        client.put_campaign(CAMPAIGN, MINIMAL)
    assert (caught.value.retry_after, time.sleeps) == (3600.0, [])


def test_a_500_is_not_retried(campaign_endpoint: MockEndpoint) -> None:
    """Only gateway failures are transient; a 500 is raised at once."""
    transport = httpx.MockTransport(lambda r: httpx.Response(500, json={"message": "Server Error"}))
    time = FakeTime()
    client = CampaignClient(token=SECRET, http=httpx.Client(transport=transport), sleep=time.sleep)
    with pytest.raises(errors.ServerError):
        client.put_campaign(CAMPAIGN, MINIMAL)
    assert time.sleeps == []


def test_connection_errors_are_retried_then_raised_as_transport_errors() -> None:
    """No response at all: retried like a 503, then one `TransportError`."""
    attempts = []

    def refuse(request: httpx.Request) -> httpx.Response:
        attempts.append(request)
        raise httpx.ConnectError("connection refused", request=request)

    time = FakeTime()
    http = httpx.Client(transport=httpx.MockTransport(refuse))
    client = CampaignClient(token=SECRET, http=http, sleep=time.sleep, clock=time.clock)
    with pytest.raises(errors.TransportError, match="after 4 attempt"):
        client.put_campaign(CAMPAIGN, MINIMAL)
    assert len(attempts) == 4
    assert len(time.sleeps) == 3


def test_a_slow_answer_times_out_and_is_retried(campaign_endpoint: MockEndpoint) -> None:
    """A slow fault longer than the read timeout is a timeout; the next attempt succeeds."""
    client = _client(campaign_endpoint, timeout=1.0)
    campaign_endpoint.api.inject(Fault.slow(5.0))
    client.put_campaign(CAMPAIGN, MINIMAL)
    assert len(campaign_endpoint.requests) == 2


def test_explicit_timeouts_reach_the_transport(campaign_endpoint: MockEndpoint) -> None:
    """The timeout given to the client is the one every request carries."""
    client = _client(campaign_endpoint, timeout=2.5)
    client.put_campaign(CAMPAIGN, MINIMAL)
    timeout = campaign_endpoint.requests[0].extensions["timeout"]
    assert timeout == {"connect": 2.5, "read": 2.5, "write": 2.5, "pool": 2.5}


def test_base_url_and_token_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, campaign_endpoint: MockEndpoint
) -> None:
    """`CAMPAIGN_API_URL` and `CAMPAIGN_API_TOKEN` are used when nothing is passed."""
    monkeypatch.setenv(ENV_BASE_URL, DEFAULT_BASE_URL)
    monkeypatch.setenv(ENV_TOKEN, DEFAULT_TOKEN)
    campaign_endpoint.api.seed(CAMPAIGN)
    with CampaignClient() as client:
        client.put_campaign(CAMPAIGN, MINIMAL)
    assert f"Bearer {DEFAULT_TOKEN}" == campaign_endpoint.requests[0].headers["authorization"]


@pytest.mark.parametrize(
    ("base_url", "token"),
    [
        ("https://api.comm.com", ""),
        ("ftp://api.comm.com", "t"),
        ("https://user:pw@api.comm.com", "t"),
        # these escaped at the first request as a bare ValueError, UnicodeError or (async)
        # ExceptionGroup, and the fragment sent the PUT to `/`
        ("http://127.0.0.1:99999", "t"),
        ("http://127.0.0.1:0", "t"),
        ("http://api.comm.com:abc", "t"),
        ("http://[::1", "t"),
        ("http://api\n.comm.com", "t"),
        ("http://" + "a" * 64 + ".com", "t"),
        ("https://api.comm.com#v1", "t"),
        ("https://user:pw", "t"),
    ],
)
def test_a_missing_token_or_a_bad_base_url_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, base_url: str, token: str
) -> None:
    """Misconfiguration fails when the client is made, not at the first request, and the
    message does not quote what could be a password."""
    monkeypatch.delenv(ENV_TOKEN, raising=False)
    for client_class in (CampaignClient, AsyncCampaignClient):
        with pytest.raises(errors.UsageError) as caught:
            client_class(base_url, token)
        assert "pw" not in str(caught.value)


def test_the_token_never_leaks(
    campaign_endpoint: MockEndpoint, caplog: pytest.LogCaptureFixture
) -> None:
    """Not in a repr, a log line, an exception message or a URL, even when the server echoes it."""
    caplog.set_level(logging.DEBUG)
    client = _client(campaign_endpoint)
    campaign_endpoint.api.inject(
        Fault.unavailable(), Fault(500, {}, f"bad token {SECRET}".encode())
    )
    with pytest.raises(errors.ServerError) as caught:
        client.put_campaign(CAMPAIGN, MINIMAL)
    seen = [repr(client), str(client), str(caught.value), repr(caught.value), caught.value.excerpt]
    seen += [record.getMessage() for record in caplog.records]
    seen += [str(request.url) for request in campaign_endpoint.requests]
    assert [text for text in seen if SECRET in text] == []
    assert any("retrying" in record.getMessage() for record in caplog.records)


def test_the_async_client_behaves_like_the_sync_one(campaign_endpoint: MockEndpoint) -> None:
    """Same request, same typed answer, same retries, with an awaited sleep."""
    campaign_endpoint.api.token = SECRET
    campaign_endpoint.api.seed(CAMPAIGN)
    campaign_endpoint.api.inject(Fault.rate_limited("4"))
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    async def scenario() -> SmsCampaignDataResponse:
        async with AsyncCampaignClient(DEFAULT_BASE_URL, SECRET, sleep=sleep) as client:
            assert SECRET not in repr(client)
            return await client.put_campaign(CAMPAIGN, MINIMAL)

    response = asyncio.run(scenario())
    assert (
        to_wire(response)["data"]["id"],
        waits,
        len(campaign_endpoint.requests),
    ) == (CAMPAIGN, [4.0], 2)


def test_the_async_client_raises_the_same_errors(campaign_endpoint: MockEndpoint) -> None:
    """A 404 from the async client is the same `NotFoundError`."""

    async def scenario() -> None:
        async with AsyncCampaignClient(DEFAULT_BASE_URL, DEFAULT_TOKEN) as client:
            await client.put_campaign(CAMPAIGN, MINIMAL)

    with pytest.raises(errors.NotFoundError):
        asyncio.run(scenario())


def test_the_fixture_client_talks_to_the_fixture_endpoint(
    campaign_client: CampaignClient, campaign_endpoint: MockEndpoint
) -> None:
    """The README's fixture example: seed, inject a 503, and the retry gets the stored campaign."""
    campaign_endpoint.api.seed("3c90c3cc-0d44-4b50-8888-8dd25736052a")
    campaign_endpoint.api.inject(Fault.unavailable())
    payload = {"name": "Spring sale", "meta": {"send_type": "manual", "manual_data": {}}}
    response = campaign_client.put_campaign("3c90c3cc-0d44-4b50-8888-8dd25736052a", payload)
    assert response.data.meta.manual_data is not None
    assert response.data.meta.manual_data.send_amount == 200
    assert len(campaign_endpoint.requests) == 2


def test_semantic_findings_are_logged_but_do_not_block(
    campaign_endpoint: MockEndpoint, caplog: pytest.LogCaptureFixture
) -> None:
    """The server accepts what only the semantic rules object to: sent, with a warning logged."""
    payload = {"name": "abc", "meta": {"send_type": "manual"}}  # no manual_data: a rule error
    with _client(campaign_endpoint) as client:
        client.put_campaign(CAMPAIGN, payload)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(campaign_endpoint.requests) == 1
    assert any("send-type-data-missing" in message for message in warnings)


def test_a_slow_answer_within_the_timeout_is_waited_for() -> None:
    """A slow fault shorter than the read timeout calls the mock's injected sleep, then answers."""
    from campaign_contract.mock import MockCampaignApi
    from campaign_contract.testing.respx_mock import mock_endpoint

    slept: list[float] = []
    endpoint = mock_endpoint(MockCampaignApi(token=SECRET), sleep=slept.append)
    endpoint.api.seed(CAMPAIGN)
    endpoint.api.inject(Fault.slow(0.5))
    with endpoint.router, CampaignClient(DEFAULT_BASE_URL, SECRET, timeout=5.0) as client:
        client.put_campaign(CAMPAIGN, MINIMAL)
        made = len(endpoint.requests)
    assert (slept, made) == ([0.5], 1)


@pytest.mark.parametrize(
    "flaw",
    ["\n", "\r\nX-Injected: 1", " ", "\t", "\x00", "é", "\u202e"],
    ids=["newline", "crlf", "space", "tab", "nul", "non-ascii", "bidi"],
)
def test_a_token_a_header_cannot_carry_is_a_usage_error_that_does_not_quote_it(
    monkeypatch: pytest.MonkeyPatch, flaw: str
) -> None:
    """Sent, such a token came back escaped in httpx's error (out of the redaction's reach) or
    as a bare UnicodeEncodeError; refused when the client is made, it is never sent or quoted."""
    token = "a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6" + flaw
    ways: list[str | None] = [token]
    if "\x00" not in flaw:  # the environment cannot carry a NUL
        monkeypatch.setenv(ENV_TOKEN, token)
        ways.append(None)
    for client_class in (CampaignClient, AsyncCampaignClient):
        for given in ways:
            with pytest.raises(errors.UsageError) as caught:
                client_class(DEFAULT_BASE_URL, given)
            said = str(caught.value) + repr(caught.value)
            assert "printable ASCII" in said
            pieces = {token[i : i + 6] for i in range(len(token) - 5)}
            assert [piece for piece in pieces if piece in said] == []
