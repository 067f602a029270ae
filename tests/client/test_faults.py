"""The client against a server that misbehaves: echoed tokens in every form, drips, hangs,
resets, huge headers and bodies, redirects. Every case, sync and async, ends in a `ClientError`
whose message, repr, excerpt, error map, chain and traceback hold no piece of the token.

Campaign ids that are not canonical (`..`, `.`, `""`) are refused before sending by the id check
in `campaign_contract.ids`, and proved with this server in that check's own tests.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import logging
import math
import re
import secrets
import traceback
import tracemalloc
import urllib.parse
import zlib
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from campaign_contract import errors
from campaign_contract.client import (
    AsyncCampaignClient,
    CampaignClient,
    RetryPolicy,
    deadline_transport,
)
from campaign_contract.mock import MockCampaignApi
from fault_server import Behaviour, FaultServer, answer, drip, hang, reset, response
from payloads import EXAMPLES

CAMPAIGN = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
OTHER = "00000000-0000-4000-8000-000000000000"
MINIMAL: dict[str, Any] = json.loads((EXAMPLES / "valid" / "minimal.json").read_text("utf-8"))
# A Sanctum-like token, random for each run, with characters that each encoding changes.
TOKEN = f"{secrets.randbelow(900) + 100}|{secrets.token_urlsafe(30)}/{secrets.token_urlsafe(6)}+x="
FORMS: dict[str, Callable[[str], str]] = {
    "raw": lambda text: text,
    "json-slash": lambda text: text.replace("/", "\\/"),
    "json-u": lambda text: "".join(f"\\u{ord(char):04x}" for char in text),
    "json-u-upper": lambda text: "".join(f"\\u{ord(char):04X}" for char in text),
    "url": lambda text: urllib.parse.quote(text, safe=""),
    "url-lower-hex": lambda text: re.sub(
        "%[0-9A-F]{2}", lambda m: m[0].lower(), urllib.parse.quote(text, safe="")
    ),
    "url-twice": lambda text: urllib.parse.quote(urllib.parse.quote(text, safe=""), safe=""),
    "mixed": lambda text: (
        urllib.parse.quote(text[:10], safe="")
        + "".join(f"\\u{ord(char):04x}" for char in text[10:20])
        + text[20:].replace("/", "\\/")
    ),
}
CHECKED_FORMS = ("raw", "json-slash", "json-u", "url")


def _fragments() -> set[str]:
    """Every 6-character piece of the token, in each form a server may echo it."""
    pieces = {TOKEN[start : start + 6] for start in range(len(TOKEN) - 5)}
    return {FORMS[form](piece) for piece in pieces for form in CHECKED_FORMS}


FRAGMENTS = _fragments()


def _genuine_ok(campaign: str = CAMPAIGN) -> bytes:
    """The body the mock answers a valid PUT with."""
    api = MockCampaignApi(accept_any_id=True)
    path = f"/api/v1/sms/campaigns/{campaign}"
    headers = {"authorization": f"Bearer {api.token}", "content-type": "application/json"}
    return api.handle("PUT", path, headers, json.dumps(MINIMAL).encode()).body


def _echoing(status: int, echo: str) -> bytes:
    """An error answer that quotes the token everywhere a server might."""
    if status == 422:
        document = {
            "message": f"The token {echo} is invalid.",
            "errors": {f"meta.{echo}": [f"bad {echo}"], "name": echo},
        }
        body = json.dumps(document).replace(json.dumps(echo)[1:-1], echo).encode()
        return response(422, body)
    if status == 500:
        page = f"<html><body><pre>Authorization: Bearer {echo}</pre></body></html>"
        return response(500, page.encode(), {"content-type": "text/html"})
    if status == 200:
        return response(200, f'{{"data": {{"id": "{echo}"}}}}'.encode())
    return response(status, f'{{"message": "Bearer {echo} refused"}}'.encode())


def _straddling(status: int, echo: str) -> bytes:
    """A plain-text body whose token starts just before the excerpt's 200-character cut."""
    text = "x " * 97 + echo + " and more"
    return response(status, text.encode(), {"content-type": "text/plain"})


def _put(mode: str, url: str, **options: Any) -> object:
    """One `put_campaign` through the sync or the async client; its result or error."""
    options.setdefault("retry", RetryPolicy(max_attempts=1, max_total=2.0))
    if mode == "sync":
        with CampaignClient(url, TOKEN, **options) as client:
            return client.put_campaign(CAMPAIGN, MINIMAL)

    async def run() -> object:
        async with AsyncCampaignClient(url, TOKEN, **options) as client:
            return await client.put_campaign(CAMPAIGN, MINIMAL)

    return asyncio.run(run())


@pytest.fixture
def serve() -> Iterator[Callable[[Behaviour], FaultServer]]:
    """Start fault servers for a test; all are stopped after it."""
    started: list[FaultServer] = []

    def start(behaviour: Behaviour) -> FaultServer:
        server = FaultServer(behaviour)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


def _everything_said(error: BaseException, log: str) -> str:
    """All the text an error and the log let out: messages, reprs, fields, chain, traceback."""
    parts = [log, "".join(traceback.format_exception(error))]
    link: BaseException | None = error
    while link is not None:
        parts += [str(link), repr(link), repr(link.args), repr(vars(link))]
        link = link.__cause__ or link.__context__
    return "\n".join(parts)


MODES = ["sync", "async"]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize(
    ("status", "shape", "expected"),
    [
        (401, _echoing, errors.UnauthenticatedError),
        (422, _echoing, errors.ServerValidationError),
        (429, _echoing, errors.RateLimitedError),
        (500, _echoing, errors.ServerError),
        (200, _echoing, errors.UnexpectedResponseError),
        (500, _straddling, errors.ServerError),
    ],
)
def test_an_echoed_token_never_leaves_the_client_in_any_form(
    serve: Callable[[Behaviour], FaultServer],
    caplog: pytest.LogCaptureFixture,
    mode: str,
    form: str,
    status: int,
    shape: Callable[[int, str], bytes],
    expected: type[errors.ClientError],
) -> None:
    """No 6-character piece of the token, raw or encoded, in anything the error or log holds."""
    caplog.set_level(logging.DEBUG)
    server = serve(answer(shape(status, FORMS[form](TOKEN))))
    with pytest.raises(expected) as caught:
        _put(mode, server.url)
    said = _everything_said(caught.value, caplog.text)
    assert sorted(piece for piece in FRAGMENTS if piece in said) == []
    assert TOKEN.encode() in server.requests[0]  # it was sent, in the header only


@pytest.mark.parametrize("mode", MODES)
def test_the_422_map_keeps_its_paths_and_masks_the_token(
    serve: Callable[[Behaviour], FaultServer], mode: str
) -> None:
    """Keys and messages of `errors` are redacted one by one."""
    server = serve(answer(_echoing(422, FORMS["json-slash"](TOKEN))))
    with pytest.raises(errors.ServerValidationError) as caught:
        _put(mode, server.url)
    assert caught.value.errors == {"meta.***": ["bad ***"], "name": ["***"]}


OK_HEAD_LENGTH = len(response(200, _genuine_ok())) - len(_genuine_ok())


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "behaviour",
    [
        pytest.param(hang, id="hang"),
        pytest.param(drip(response(200, _genuine_ok()), 0.05), id="drip-headers"),
        pytest.param(drip(response(200, _genuine_ok()), 0.05, OK_HEAD_LENGTH), id="drip-body"),
    ],
)
def test_a_server_that_stalls_or_drips_cannot_hold_the_call_past_max_total(
    serve: Callable[[Behaviour], FaultServer], mode: str, behaviour: Behaviour
) -> None:
    """Each byte comes well within the read timeout, yet the call ends as a TransportError."""
    server = serve(behaviour)
    retry = RetryPolicy(max_attempts=3, base_delay=0.0, max_total=0.5)
    with pytest.raises(errors.TransportError):
        _put(mode, server.url, retry=retry, timeout=5.0)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "behaviour",
    [
        pytest.param(reset, id="reset"),
        pytest.param(answer(b""), id="close-without-answer"),
        pytest.param(
            answer(b"HTTP/1.1 200 OK\r\nx: " + b"a" * 200_000 + b"\r\n\r\n"), id="huge-header"
        ),
        pytest.param(answer(b"SSH-2.0-OpenSSH_9.6\r\n"), id="not-http"),
        pytest.param(
            answer(response(200, b"not gzip at all", {"content-encoding": "gzip"})),
            id="undecodable-gzip",
        ),
    ],
)
def test_a_broken_connection_is_a_transport_error(
    serve: Callable[[Behaviour], FaultServer], mode: str, behaviour: Behaviour
) -> None:
    """Resets, silence, oversized headers, garbage and bodies that cannot be decoded are
    retried, then one TransportError."""
    server = serve(behaviour)
    with pytest.raises(errors.TransportError):
        _put(mode, server.url, retry=RetryPolicy(max_attempts=2, base_delay=0.0))
    assert len(server.requests) == 2


@pytest.mark.parametrize("mode", MODES)
def test_a_redirect_is_not_followed(serve: Callable[[Behaviour], FaultServer], mode: str) -> None:
    """A 307 elsewhere is an UnexpectedResponseError; the token and body go nowhere else."""
    elsewhere = serve(answer(response(200, _genuine_ok())))
    location = f"{elsewhere.url}/api/v1/sms/campaigns/{CAMPAIGN}"
    server = serve(answer(response(307, b"", {"location": location})))
    with pytest.raises(errors.UnexpectedResponseError) as caught:
        _put(mode, server.url)
    assert (caught.value.status, elsewhere.requests) == (307, [])


@pytest.mark.parametrize("mode", MODES)
def test_a_200_for_another_campaign_is_refused(
    serve: Callable[[Behaviour], FaultServer], mode: str
) -> None:
    """`data.id` must be the campaign asked for (letter case aside)."""
    server = serve(answer(response(200, _genuine_ok(OTHER))))
    with pytest.raises(errors.UnexpectedResponseError, match="another campaign"):
        _put(mode, server.url)


@pytest.mark.parametrize("mode", MODES)
def test_a_200_for_the_same_campaign_in_capitals_is_accepted(
    serve: Callable[[Behaviour], FaultServer], mode: str
) -> None:
    """UUIDs are case-insensitive: an upper-case echo of the id is the same campaign."""
    server = serve(
        answer(response(200, _genuine_ok().replace(CAMPAIGN.encode(), CAMPAIGN.upper().encode())))
    )
    assert _put(mode, server.url) is not None


FIFTY_MB = 50 * 1024 * 1024


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "behaviour",
    [
        pytest.param(
            answer(response(200, b"{" * 65536, {"content-length": str(FIFTY_MB)})),
            id="declared-50MB",
        ),
        pytest.param(
            answer(response(200, b"[" * 2_000_000, {"content-length": "2000000"})),
            id="2MB-body",
        ),
        pytest.param(
            answer(
                b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n"
                + b"10000\r\n"
                + b" " * 65536
                + b"\r\n"
                + b"10000\r\n"
                + b" " * 65536
                + b"\r\n"
            ),
            id="chunked-past-the-cap",
        ),
    ],
)
def test_a_body_past_the_size_cap_is_refused(
    serve: Callable[[Behaviour], FaultServer], mode: str, behaviour: Behaviour
) -> None:
    """Past `max_response_bytes` (1 MiB by default, here 100 KB) the call fails, not retried."""
    server = serve(behaviour)
    with pytest.raises(errors.UnexpectedResponseError, match="max_response_bytes"):
        _put(mode, server.url, max_response_bytes=100_000)
    assert len(server.requests) == 1


def _gzip_bomb(megabytes: int) -> bytes:
    """A gzip stream of `megabytes` MiB of zeros (about a thousandth of that on the wire)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    chunk = bytes(1 << 20)
    return b"".join(packer.compress(chunk) for _ in range(megabytes)) + packer.flush()


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("coding", ["gzip", "gzip, gzip"])
def test_a_compression_bomb_is_refused_at_the_cap_without_being_inflated(
    serve: Callable[[Behaviour], FaultServer], mode: str, coding: str
) -> None:
    """Regression: httpx inflated each network read whole, so 64 KB of gzip (or 300 bytes of
    gzip twice) became 64 MB in memory before the size cap saw a byte of it."""
    body = _gzip_bomb(64)
    if coding == "gzip, gzip":
        body = gzip.compress(body)
    headers = {"content-encoding": coding}
    server = serve(answer(response(200, body, headers)))
    tracemalloc.start()
    try:
        with pytest.raises(errors.UnexpectedResponseError, match="max_response_bytes"):
            _put(mode, server.url)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 * 1024 * 1024


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("coding", "pack"),
    [
        ("gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("gzip, deflate", lambda data: zlib.compress(gzip.compress(data))),
        ("identity", lambda data: data),
    ],
)
def test_a_compressed_answer_is_decoded(
    serve: Callable[[Behaviour], FaultServer],
    mode: str,
    coding: str,
    pack: Callable[[bytes], bytes],
) -> None:
    """The codings the client asks for (`Accept-Encoding: gzip, deflate`) are read as before."""
    server = serve(answer(response(200, pack(_genuine_ok()), {"content-encoding": coding})))
    assert _put(mode, server.url) is not None
    assert b"accept-encoding: gzip, deflate" in server.requests[0].lower()


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("coding", ["br", "zstd", "compress", "gzip, " + "x" * 1000])
def test_a_coding_the_client_did_not_ask_for_is_a_transport_error(
    serve: Callable[[Behaviour], FaultServer], mode: str, coding: str
) -> None:
    """Only gzip and deflate are inflated (under the cap); anything else cannot be read."""
    server = serve(answer(response(200, b"\x00" * 100, {"content-encoding": coding})))
    with pytest.raises(errors.TransportError, match="content-encoding"):
        _put(mode, server.url)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "head",
    [
        pytest.param(b"HTTP/1.1 200 OK\r\nBearer %s\r\n\r\n", id="bad-header-line"),
        pytest.param(b"HTTP/1.1 %s\r\n\r\n", id="bad-status-line"),
        pytest.param(b"HTTP/1.1 200 OK\r\nx-token: %s\x00\r\n\r\n", id="bad-header-value"),
        pytest.param(
            b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n%s\r\n", id="bad-chunk"
        ),
        pytest.param(b"HTTP/1.1 200 OK\r\ncontent-encoding: gzip, %s\r\n\r\n", id="coding"),
    ],
)
def test_a_token_echoed_in_a_broken_response_head_never_leaves_the_client(
    serve: Callable[[Behaviour], FaultServer],
    caplog: pytest.LogCaptureFixture,
    mode: str,
    head: bytes,
) -> None:
    """The parser's errors quote the line they stopped at; the client's message masks it.
    Regression: an unknown content coding was quoted lower-cased, out of the mask's reach."""
    caplog.set_level(logging.DEBUG, logger="campaign_contract")
    server = serve(answer(head.replace(b"%s", TOKEN.encode())))
    with pytest.raises(errors.TransportError) as caught:
        _put(mode, server.url)
    said = _everything_said(caught.value, caplog.text).lower()  # in any letter case
    assert sorted(piece for piece in FRAGMENTS if piece.lower() in said) == []


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("status", [401, 422, 500])
def test_a_server_message_reaches_the_error_short_and_without_control_characters(
    serve: Callable[[Behaviour], FaultServer], mode: str, status: int
) -> None:
    """Regression: the JSON `message` went whole into the error's text, half a megabyte of it
    with the terminal escapes and direction overrides it held; now it is cut like an excerpt."""
    message = "\x1b[2J\x07\u202e" + "A" * 500_000 + "\x1b]0;title\x07"
    body = json.dumps({"message": message}, ensure_ascii=False).encode()
    server = serve(answer(response(status, body)))
    with pytest.raises(errors.ApiError) as caught:
        _put(mode, server.url)
    for text in (str(caught.value), caught.value.excerpt):
        assert len(text) < 400
        assert not {"\x1b", "\x07", "\u202e"} & set(text)
    assert "\\x1b[2J\\x07\\u202eAAA" in str(caught.value)


@pytest.mark.parametrize("mode", MODES)
def test_an_answer_of_backslashes_within_the_cap_ends_the_call_with_its_error(
    serve: Callable[[Behaviour], FaultServer], mode: str
) -> None:
    """Regression: masking a 1 MiB run of backslashes was quadratic (hours, past any deadline)."""
    body = b"\\" * (1_048_576 - 1024)
    server = serve(answer(response(500, body, {"content-type": "text/plain"})))
    with pytest.raises(errors.ServerError) as caught:
        _put(mode, server.url)
    assert caught.value.excerpt == "\\" * 200


@pytest.mark.parametrize("mode", MODES)
def test_the_default_cap_reads_a_normal_answer(
    serve: Callable[[Behaviour], FaultServer], mode: str
) -> None:
    """A genuine 200 is far under 1 MiB; a cap of exactly its size still reads it."""
    body = _genuine_ok()
    server = serve(answer(response(200, body)))
    assert _put(mode, server.url, max_response_bytes=len(body)) is not None


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("digits", [309, 4301])
def test_an_absurd_retry_after_is_a_rate_limit_error_without_retrying(
    serve: Callable[[Behaviour], FaultServer], mode: str, digits: int
) -> None:
    """Regression: 309 digits raised OverflowError, 4,301 ValueError, neither a ClientError."""
    server = serve(answer(response(429, b"{}", {"retry-after": "9" * digits})))
    with pytest.raises(errors.RateLimitedError) as caught:
        _put(mode, server.url, retry=RetryPolicy())
    assert (caught.value.retry_after, len(server.requests)) == (math.inf, 1)


@pytest.mark.parametrize("own_transport", [True, False], ids=["deadline_transport", "plain"])
def test_a_client_of_your_own_keeps_the_deadline_with_deadline_transport(
    serve: Callable[[Behaviour], FaultServer], own_transport: bool
) -> None:
    """Headers dripped to your own `httpx.Client` are cut at max_total only through
    `deadline_transport()`; a plain transport still stops a dripping body at the deadline."""
    start = 0 if own_transport else OK_HEAD_LENGTH
    server = serve(drip(response(200, _genuine_ok()), 0.05, start))
    transport = deadline_transport() if own_transport else httpx.HTTPTransport()
    retry = RetryPolicy(max_attempts=1, max_total=0.5)
    with (
        httpx.Client(transport=transport, timeout=5.0) as http,
        CampaignClient(server.url, TOKEN, http=http, retry=retry) as client,
        pytest.raises(errors.TransportError),
    ):
        client.put_campaign(CAMPAIGN, MINIMAL)
