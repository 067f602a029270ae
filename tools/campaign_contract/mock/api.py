"""The campaign endpoint's behaviour as a plain object over an in-memory store.

`MockCampaignApi.handle(method, path, headers, body)` answers as docs/contract.md says the server
does: 401 without the bearer token, 405 for other methods, 404 for an unknown campaign, 422 with
Laravel's error map for an invalid body, else 200 with the stored campaign. It never answers 5xx
on its own; faults (429, 503, a non-JSON 502, a slow answer) are injected on purpose. The respx
router (`campaign_contract.testing.respx_mock`) and `campaign-contract mock-server` both serve it.
"""

from __future__ import annotations

import collections
import copy
import dataclasses
import hmac
import json
import re
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from campaign_contract.findings import Severity
from campaign_contract.ids import canonical_campaign_id
from campaign_contract.lint.schema_findings import SchemaValidator, packaged_validator
from campaign_contract.lint.verdict import judge
from campaign_contract.mock.laravel import (
    UNDECODABLE,
    add_error,
    dot_path,
    fill_defaults,
    json_input,
    laravel_errors,
    laravel_message,
    unstorable_numbers,
)
from campaign_contract.mock.rate_limit import RateLimiter
from campaign_contract.pointer import split
from campaign_contract.schema import SchemaSet

_PATH: Final = re.compile(r"/api/v1/sms/campaigns/(?P<campaign>[^/]+)")
JSON_HEADERS: Final = {"content-type": "application/json"}
_REFUSED: Final = "The {} field is invalid."
DEFAULT_TOKEN: Final = "test-token"  # noqa: S105  # a fixture value, not a secret


@dataclass(frozen=True)
class Reply:
    """One HTTP answer; `delay` is how long a transport should wait before giving it."""

    status: int
    headers: dict[str, str]
    body: bytes
    delay: float = 0.0

    def json(self) -> Any:
        """The body parsed as JSON."""
        return json.loads(self.body)


def _json_reply(status: int, document: Any, headers: Mapping[str, str] | None = None) -> Reply:
    # Strict JSON only: no NaN or Infinity (the verdict refuses the numbers that would need
    # them), and non-ASCII escaped, so no string (not even a lone surrogate) can break the reply.
    body = json.dumps(document, allow_nan=False).encode()
    return Reply(status, {**JSON_HEADERS, **(headers or {})}, body)


@dataclass(frozen=True)
class Fault:
    """A misbehaviour injected in front of the endpoint, used once by the next request."""

    status: int | None
    """The status answered instead of the endpoint's own, or None to answer normally."""
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""
    delay: float = 0.0

    @classmethod
    def rate_limited(cls, retry_after: str | None = "1") -> Fault:
        """429 with `Retry-After` (seconds or an HTTP date; None leaves the header out)."""
        headers = {**JSON_HEADERS, **({"retry-after": retry_after} if retry_after else {})}
        return cls(429, headers, b'{"message": "Too Many Attempts."}')

    @classmethod
    def unavailable(cls) -> Fault:
        """503 with a JSON body, as a server in maintenance mode answers."""
        return cls(503, JSON_HEADERS, b'{"message": "Service Unavailable"}')

    @classmethod
    def bad_gateway(cls) -> Fault:
        """502 with an HTML body, as a gateway in front of the server answers."""
        body = b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"
        return cls(502, {"content-type": "text/html"}, body)

    @classmethod
    def slow(cls, seconds: float) -> Fault:
        """The endpoint's normal answer, given only after `seconds`."""
        return cls(None, delay=seconds)


@dataclass
class MockCampaignApi:
    """An in-memory campaign endpoint; thread-safe, so a threaded HTTP server can share it."""

    token: str = field(default=DEFAULT_TOKEN, repr=False)
    accept_any_id: bool = False
    """True: a PUT to any UUID creates the campaign. False: unknown ids answer 404."""
    schemas: SchemaSet = field(default_factory=SchemaSet.packaged, repr=False)
    campaigns: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Stored campaigns by id, exactly as the 200 response's `data`."""
    multistep_status: dict[str, Any] = field(default_factory=dict)
    """The server-owned `meta.multistep_status` per campaign id (absent: none yet)."""
    faults: collections.deque[Fault] = field(default_factory=collections.deque)
    rate_limit: RateLimiter | None = None
    """When set, the API's rate limit (60 a minute per token in the 2023 backend): the request
    over the limit gets 429 with `Retry-After`. None (the default): no limit."""
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)
    _validator: SchemaValidator = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        packaged = self.schemas == SchemaSet.packaged()
        self._validator = packaged_validator() if packaged else SchemaValidator.build(self.schemas)

    def seed(
        self,
        campaign_id: str,
        campaign: Mapping[str, Any] | None = None,
        *,
        multistep_status: Any = None,
    ) -> None:
        """Make `campaign_id` known (replacing what the store had), optionally with stored data
        and a server-side run status (stored with its defaults filled, as the server keeps it).

        The id must be a canonical UUID (`campaign_contract.ids`); it is stored in lower case,
        and either letter case finds it. Anything else is a `ValueError`."""
        canonical = canonical_campaign_id(campaign_id)
        if canonical is None:
            raise ValueError(f"not a campaign id (a canonical UUID): {campaign_id!r}")
        campaign_id = canonical
        with self._lock:
            self.campaigns[campaign_id] = dict(copy.deepcopy(campaign or {}))
            self.multistep_status.pop(campaign_id, None)
            if multistep_status is not None:
                status = fill_defaults(multistep_status, self.schemas, "MultistepStatus")
                self.multistep_status[campaign_id] = status

    def seed_many(self, campaign_ids: Iterable[str]) -> None:
        """Make every id in `campaign_ids` known."""
        for campaign_id in campaign_ids:
            self.seed(campaign_id)

    def inject(self, *faults: Fault) -> None:
        """Queue faults; each request takes the next one until none are left."""
        with self._lock:
            self.faults.extend(faults)

    def handle(self, method: str, path: str, headers: Mapping[str, str], body: bytes) -> Reply:
        """The endpoint's answer to one request (`path` without the query string)."""
        match = _PATH.fullmatch(path)
        if match is None:
            return _json_reply(
                404, {"message": f"The route {path.lstrip('/')} could not be found."}
            )
        if method.upper() != "PUT":
            message = (
                f"The {method.upper()} method is not supported for route "
                "api/v1/sms/campaigns/{campaign}. Supported methods: PUT."
            )
            return _json_reply(405, {"message": message}, {"allow": "PUT"})
        with self._lock:
            fault = self.faults.popleft() if self.faults else None
            if fault is not None and fault.status is not None:
                return Reply(fault.status, dict(fault.headers), fault.body, fault.delay)
            reply = self._limited(headers, lambda: self._put(match["campaign"], headers, body))
        return reply if fault is None else dataclasses.replace(reply, delay=fault.delay)

    def _limited(self, headers: Mapping[str, str], answer: Callable[[], Reply]) -> Reply:
        """`answer()` with the rate limit's headers, or the 429 when the limit is spent. Counted
        per Authorization value, the stand-in for Laravel's user id or IP."""
        if self.rate_limit is None:
            return answer()
        lowered = {key.lower(): value for key, value in headers.items()}
        allowed, limit_headers = self.rate_limit.hit(lowered.get("authorization", ""))
        if not allowed:
            return _json_reply(429, {"message": "Too Many Attempts."}, limit_headers)
        reply = answer()
        return dataclasses.replace(reply, headers={**reply.headers, **limit_headers})

    def _authorized(self, headers: Mapping[str, str]) -> bool:
        lowered = {key.lower(): value for key, value in headers.items()}
        given = lowered.get("authorization", "")
        return hmac.compare_digest(given.encode(), f"Bearer {self.token}".encode())

    def _put(self, campaign_id: str, headers: Mapping[str, str], body: bytes) -> Reply:
        if not self._authorized(headers):
            return _json_reply(401, {"message": "Unauthenticated."})
        canonical = canonical_campaign_id(campaign_id)
        if canonical is None or not (canonical in self.campaigns or self.accept_any_id):
            model = "No query results for model [App\\Models\\SmsCampaign]"
            return _json_reply(404, {"message": f"{model} {campaign_id}"})
        campaign_id = canonical
        payload, errors = self._judge(headers, body)
        if errors:
            return _json_reply(422, {"message": laravel_message(errors), "errors": errors})
        stored = fill_defaults(payload, self.schemas)
        stored.pop("$schema", None)  # accepted for editors' sake, never part of a campaign
        stored["id"] = campaign_id
        stored["meta"].pop("multistep_status", None)
        if campaign_id in self.multistep_status:
            stored["meta"]["multistep_status"] = copy.deepcopy(self.multistep_status[campaign_id])
        self.campaigns[campaign_id] = stored
        return _json_reply(200, {"data": stored})

    def _judge(
        self, headers: Mapping[str, str], body: bytes
    ) -> tuple[dict[str, Any], dict[str, list[str]]]:
        """(the normalised body to store, {}) or ({}, Laravel's 422 error map).

        Transport first (what Laravel reads from the request), then the one verdict
        (`campaign_contract.lint.verdict`) on the body Laravel would read."""
        raw = json_input(headers, body)
        verdict = judge(raw, validator=self._validator) if raw is not None else None
        if verdict is None or any(f.rule in UNDECODABLE for f in verdict.findings):
            return {}, laravel_errors({}, self._validator)  # Laravel sees no input
        if not verdict.loaded:  # duplicate keys, limits: refused on purpose (docs/contract.md)
            errors: dict[str, list[str]] = {}
            places = [
                tuple(split(f.pointer))
                for f in verdict.findings
                if f.pointer and f.severity >= Severity.ERROR
            ]
            for place in [*places, *unstorable_numbers(raw or b"")] or [()]:
                add_error(errors, dot_path(place), _REFUSED)
            return {}, errors
        if not verdict.accepted:
            return {}, laravel_errors(verdict.value, self._validator)
        return verdict.value, {}
