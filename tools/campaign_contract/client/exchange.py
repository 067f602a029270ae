"""One PUT exchange, shared by both clients: settings, request building, response judging.

`Exchange` turns a payload into an `httpx.Request` (after the linter's check), decides whether
an outcome is worth another attempt, and turns a response into the typed model or the error its
status means. It never sends anything itself, so the sync and async clients differ only in how
they send and sleep. The token lives here and nowhere else; everything that leaves the client
(messages, excerpts, the 422 map) goes through one `Redactor` first.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import random
import re
import urllib.parse
import zlib
from collections.abc import Callable, Mapping
from typing import Any, Final

import httpx
import pydantic

from campaign_contract import errors, models
from campaign_contract.client.redaction import Redactor
from campaign_contract.client.retry import RetryPolicy, parse_retry_after
from campaign_contract.findings import Finding, Severity
from campaign_contract.ids import canonical_campaign_id, same_campaign
from campaign_contract.lint.rules import RULES
from campaign_contract.lint.runner import validate_bytes
from campaign_contract.models import SmsCampaignDataRequest, SmsCampaignDataResponse

DEFAULT_BASE_URL: Final = "https://api.comm.com"
ENV_BASE_URL: Final = "CAMPAIGN_API_URL"
ENV_TOKEN: Final = "CAMPAIGN_API_TOKEN"  # noqa: S105  # the variable's name, not a token
DEFAULT_TIMEOUT: Final = httpx.Timeout(10.0, connect=5.0)
EXCERPT_CHARS: Final = 200
DEFAULT_MAX_RESPONSE_BYTES: Final = 1_048_576
"""The largest response body read (1 MiB; a campaign is a few KB): past it the call fails."""
PAYLOAD_NAME: Final = "<request body>"
_TOKEN_CHARS: Final = re.compile(r"[!-~]+")
"""What a bearer token may hold: printable ASCII, no space, no control character."""
logger = logging.getLogger("campaign_contract.client")

Payload = Mapping[str, Any] | SmsCampaignDataRequest
"""A request body: a request model, or its JSON as a mapping (checked before sending)."""
Outcome = tuple[httpx.Response, bytes] | Exception
"""What one attempt got: a response and its whole body, or the transport's error."""


def _local_findings(body: bytes, campaign_id: str) -> list[Finding]:
    """The linter's findings on the exact bytes about to be sent: the verdict
    (`campaign_contract.lint.verdict`: loader, then schema on the normalised body) and the
    semantic rules."""

    return validate_bytes(body, PAYLOAD_NAME, campaign_id=campaign_id)


def _encode(wire: dict[str, Any]) -> bytes:
    """The body's bytes: compact UTF-8 JSON. A string holding a lone
    surrogate cannot be UTF-8, so then every non-ASCII character is escaped instead (the verdict
    refuses the escape, as the server does)."""
    try:
        return json.dumps(wire, ensure_ascii=False, separators=(",", ":")).encode()
    except UnicodeEncodeError:
        return json.dumps(wire, separators=(",", ":")).encode()


@functools.cache
def _semantic_rule_ids() -> frozenset[str]:

    return frozenset(rule.id for rule in RULES)


def _blocking(findings: list[Finding]) -> tuple[list[Finding], list[Finding]]:
    """(errors the server would reject with a 422, semantic findings it would accept)."""
    semantic = _semantic_rule_ids()
    blocking = [f for f in findings if f.rule not in semantic and f.severity >= Severity.ERROR]
    advisory = [f for f in findings if f.rule in semantic]
    return blocking, advisory


EDITOR_SCHEMA_KEY: Final = "$schema"
"""The top-level key editors read a file's schema from; stripped before a body is sent."""


def _to_wire(payload: Payload) -> dict[str, Any]:
    """The JSON object to send for a request model or a mapping (copied, never aliased),
    without the editors' `$schema`, which the API does not know: the local check then judges
    the exact bytes sent."""
    if isinstance(payload, SmsCampaignDataRequest):
        wire = models.to_wire(payload)
    elif isinstance(payload, Mapping):
        wire = json.loads(json.dumps(payload))
    else:
        raise TypeError(f"expected a request model or a mapping, got {type(payload).__name__}")
    wire.pop(EDITOR_SCHEMA_KEY, None)
    return wire


def _checked_base_url(url: str) -> str:
    """`url` if requests can be sent to it, else `UsageError` (which never quotes it whole, as
    it could hold credentials). Checked here, once: a port out of range, a bad IPv6 literal or
    an over-long host name otherwise escaped later as a bare ValueError, UnicodeError or (async)
    ExceptionGroup, and a `#` turned the path into a fragment, sending the PUT to `/`."""
    try:
        parsed = urllib.parse.urlsplit(url)
        port = parsed.port
        host = httpx.URL(url).host
        host.encode("idna")
    except (ValueError, httpx.InvalidURL):  # UnicodeError is a ValueError
        raise errors.UsageError(
            "the API base URL is not a valid URL: a bad port, IPv6 literal, character or host name"
        ) from None
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise errors.UsageError(f"the API base URL must be http(s)://host, not {parsed.scheme!r}")
    if parsed.username or parsed.password or parsed.query or parsed.fragment or "#" in url:
        raise errors.UsageError(
            "the API base URL must carry no credentials, query string or fragment"
        )
    if port == 0:
        raise errors.UsageError("the API base URL's port must be 1 to 65535")
    return url


ACCEPT_ENCODING: Final = "gzip, deflate"
"""The only content codings asked for, and decoded (with the size cap applied while inflating)."""


def _inflaters(response: httpx.Response) -> list[Any]:
    """One zlib decompressor per content coding of `response`, outermost first."""
    codings = [
        coding.strip().lower()
        for coding in response.headers.get("content-encoding", "").split(",")
        if coding.strip().lower() not in ("", "identity")
    ]
    if any(coding not in ("gzip", "x-gzip", "deflate") for coding in codings):
        # not quoted: the header is the server's, and may echo the token in any letter case
        raise httpx.DecodingError("a content-encoding the client did not ask for (gzip, deflate)")
    # wbits 47: a gzip or zlib header, detected; codings apply in order, so undo them reversed
    return [zlib.decompressobj(32 + zlib.MAX_WBITS) for _ in reversed(codings)]


class Body:
    """A response body read chunk by chunk, held to the size cap and the call's deadline.

    Raw chunks are inflated here rather than by httpx, because httpx inflates a whole network
    read at once: a 590-byte `gzip, gzip` answer grew to hundreds of MB before any cap could
    look at it. Here no decompressor yields more than the bytes left under the cap.
    """

    def __init__(self, exchange: Exchange, response: httpx.Response, deadline: float) -> None:
        self._exchange, self._response, self._deadline = exchange, response, deadline
        self._parts: list[bytes] = []
        self._size = 0
        declared = response.headers.get("content-length", "")
        if declared.isascii() and declared.isdigit() and int(declared) > exchange.max_bytes:
            raise exchange.too_large(response, b"")
        # `pending`: the raw body is still to be read and `add`ed, chunk by chunk; otherwise
        # the transport read (and decoded) it already, as `httpx.MockTransport` does.
        self.pending, self._inflaters = True, []
        try:
            content = response.content
        except httpx.ResponseNotRead:
            self._inflaters = _inflaters(response)
            return
        self.pending = False
        if content:
            self.add(content)

    def add(self, raw: bytes) -> None:
        """Keep `raw`, decoded; `UnexpectedResponseError` past the cap, a timeout past the
        deadline, `httpx.DecodingError` when it cannot be decoded."""
        chunk = self._inflate(raw)
        self._parts.append(chunk)
        self._size += len(chunk)
        if self._size > self._exchange.max_bytes:
            raise self._exchange.too_large(self._response, b"".join(self._parts))
        if self._exchange.clock() >= self._deadline:
            raise httpx.ReadTimeout("the call's deadline (max_total) passed")

    def _inflate(self, data: bytes) -> bytes:
        room = self._exchange.max_bytes - self._size + 1  # one byte more tells "too large"
        for inflater in self._inflaters:
            try:
                data = inflater.decompress(data, room)
            except zlib.error as error:
                problem = str(error)
            else:
                if inflater.unconsumed_tail:  # more than `room` waits inside
                    raise self._exchange.too_large(self._response, b"".join(self._parts))
                continue
            raise httpx.DecodingError(f"the body cannot be decoded: {problem}")
        return data

    @property
    def content(self) -> bytes:
        return b"".join(self._parts)


class Exchange:
    """Everything both clients share: settings, request building, response handling."""

    def __init__(
        self,
        base_url: str | None,
        token: str | None,
        timeout: httpx.Timeout | float | None,
        retry: RetryPolicy | None,
        clock: Callable[[], float],
        rng: random.Random | None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        self.base_url = _checked_base_url(
            (base_url or os.environ.get(ENV_BASE_URL) or DEFAULT_BASE_URL).rstrip("/")
        )
        secret = token if token is not None else os.environ.get(ENV_TOKEN)
        if not secret:
            raise errors.UsageError(f"no API token: pass token=... or set {ENV_TOKEN}")
        if not _TOKEN_CHARS.fullmatch(secret):
            # Said before any request, without the token: sent, httpx would quote it escaped
            # (a newline as `\n`), in a form the redaction cannot know, or raise a bare
            # UnicodeEncodeError.
            raise errors.UsageError(
                "the API token must be printable ASCII without spaces or control characters"
                " (a trailing newline from a file?)"
            )
        if max_response_bytes < 1:
            raise errors.UsageError("max_response_bytes must be at least 1")
        self._token = secret
        self._redactor = Redactor(secret)
        self.timeout = httpx.Timeout(timeout) if timeout is not None else DEFAULT_TIMEOUT
        self.retry = retry or RetryPolicy()
        self.clock = clock
        self.rng = rng or random.Random()  # noqa: S311  # jitter, not cryptography
        self.max_bytes = max_response_bytes

    def __repr__(self) -> str:
        return f"base_url={self.base_url!r}, token='***'"

    def redact(self, text: str) -> str:
        """`text` with the token masked, in every form a server may echo it."""
        return self._redactor.redact(text)

    def path(self, campaign_id: str) -> str:
        """The request path for a campaign id, canonical (`CampaignIdError` if it is not one)."""
        canonical = canonical_campaign_id(campaign_id)
        if canonical is None:
            raise errors.CampaignIdError(campaign_id)
        return "/api/v1/sms/campaigns/" + canonical

    def build(self, campaign_id: str, payload: Payload, validate: bool) -> httpx.Request:
        """The request to send; `CampaignIdError` for an id that is not a canonical UUID and
        `LocalValidationError` when the payload breaks the contract (nothing is sent)."""
        path = self.path(campaign_id)
        body = _encode(_to_wire(payload))
        if validate:
            blocking, advisory = _blocking(_local_findings(body, campaign_id))
            if blocking:
                raise errors.LocalValidationError(blocking)
            for finding in advisory:
                logger.warning("sending despite %s: %s", finding.rule, finding.message)
        headers = {
            "authorization": f"Bearer {self._token}",
            "accept": "application/json",  # without it Laravel redirects instead of a 422 body
            "accept-encoding": ACCEPT_ENCODING,  # what `Body` inflates, within the size cap
            "content-type": "application/json",
        }
        url = self.base_url + path
        return httpx.Request("PUT", url, headers=headers, content=body)

    def time_left(self, request: httpx.Request, deadline: float) -> float:
        """Seconds left before `deadline`; the request's timeouts are clipped to them."""
        left = deadline - self.clock()
        clipped = {
            phase: left if limit is None else min(limit, left)
            for phase, limit in self.timeout.as_dict().items()
        }
        request.extensions["timeout"] = clipped
        return left

    def wait_after(
        self,
        request: httpx.Request,
        attempt: int,
        started: float,
        outcome: Outcome,
    ) -> float | None:
        """Seconds to wait before retrying, or None when `outcome` is final."""
        if isinstance(outcome, tuple):
            response = outcome[0]
            if response.status_code not in self.retry.retry_statuses:
                return None
            retry_after = parse_retry_after(response.headers.get("retry-after"))
            label = str(response.status_code)
        else:
            retry_after, label = None, type(outcome).__name__
        wait = self.retry.next_wait(
            attempt, self.clock() - started, retry_after=retry_after, rng=self.rng
        )
        if wait is not None:
            logger.info(
                "PUT %s attempt %d: %s, retrying in %.2fs", request.url.path, attempt, label, wait
            )
        return wait

    def transport_error(
        self, request: httpx.Request, error: Exception, attempts: int
    ) -> errors.TransportError:
        detail = self.redact(str(error)) or type(error).__name__
        return errors.TransportError(
            f"PUT {request.url.path} failed after {attempts} attempt(s): {detail}"
        )

    def too_large(self, response: httpx.Response, start: bytes) -> errors.UnexpectedResponseError:
        """The error for a body past `max_bytes`, with an excerpt of what was read."""
        text = (
            f"PUT {response.request.url.path} -> {response.status_code}: the response is larger"
            f" than max_response_bytes ({self.max_bytes} bytes); not read"
        )
        excerpt = self._redactor.excerpt(
            start.decode("utf-8", "replace"), EXCERPT_CHARS, complete=False
        )
        return errors.UnexpectedResponseError(response.status_code, text, excerpt)

    def interpret(
        self, response: httpx.Response, content: bytes, campaign_id: str
    ) -> SmsCampaignDataResponse:
        """The typed 200 body, or the error the status means."""
        status, path = response.status_code, response.request.url.path
        excerpt = self._redactor.excerpt(content.decode("utf-8", "replace"), EXCERPT_CHARS)
        document: Any = _json_or_none(content)
        message = document.get("message") if isinstance(document, dict) else None
        # the server's own message, but no longer or less printable than an excerpt: a hostile
        # one put a megabyte and terminal escapes into every message and log line
        said = (
            self._redactor.excerpt(message, EXCERPT_CHARS) if isinstance(message, str) else excerpt
        )
        text = f"PUT {path} -> {status}: {said}"
        if status == 200:
            parsed, problem = _parse_response(document)
            if parsed is not None and not same_campaign(parsed.data.id, campaign_id):
                problem = f"data.id is another campaign ({parsed.data.id})"
            if parsed is None or problem:
                text = f"PUT {path} -> 200 breaking the contract: {problem}"
                raise errors.UnexpectedResponseError(status, self.redact(text), excerpt)
            return parsed
        if status == 422:
            raw = document.get("errors") if isinstance(document, dict) else None
            by_path = {
                self.redact(str(key)): [
                    self.redact(str(m)) for m in (value if isinstance(value, list) else [value])
                ]
                for key, value in (raw.items() if isinstance(raw, dict) else ())
            }
            raise errors.ServerValidationError(status, text, by_path, excerpt)
        if status == 429:
            retry_after = parse_retry_after(response.headers.get("retry-after"))
            raise errors.RateLimitedError(status, text, retry_after, excerpt)
        kinds: dict[int, type[errors.ApiError]] = {
            401: errors.UnauthenticatedError,
            403: errors.ForbiddenError,
            404: errors.NotFoundError,
        }
        kind = kinds.get(status) or (
            errors.ServerError if status >= 500 else errors.UnexpectedResponseError
        )
        raise kind(status, text, excerpt)


def _json_or_none(content: bytes) -> Any:
    try:
        return json.loads(content)
    except (ValueError, RecursionError):
        return None


def _parse_response(document: Any) -> tuple[SmsCampaignDataResponse | None, str]:
    """The 200 body as a model, or None and where it breaks the contract (outside `except`,
    so the pydantic error, which quotes the body, never rides along as a `__context__`)."""
    try:
        return models.parse_response(document if isinstance(document, dict) else {}), ""
    except pydantic.ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(step) for step in first["loc"])
        problem = f"at {where}: {first['msg']}"
    return None, problem
