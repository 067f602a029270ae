"""`campaign-contract mock-server`: the mock endpoint over real HTTP, on loopback only.

For clients in other languages and for the schemathesis CLI. The behaviour is exactly
`MockCampaignApi.handle`; this module only moves bytes. HTTP/1.1 framing (request lines,
headers, `Content-Length`, chunked bodies, pipelining, `Expect: 100-continue`) is h11's, a
maintained parser, rather than hand-written code: docs/testing.md has the comparison that
decided it. On top of it the server refuses what it will not read (400 malformed, 411 no
framing, 413 too large, 414 and 431 target or headers too large, 501 unknown or lower-case
method, 505 not HTTP/1.x), gives each
request `timeout` seconds to arrive whole (idle connections and slow senders are closed),
writes one escaped log line per request from a single writer thread that never blocks
serving, and on Ctrl-C or SIGTERM stops accepting, finishes requests in flight for up to
`grace` seconds, and exits 0.
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import os
import queue
import signal
import socket
import sys
import threading
import time
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final, TextIO

from campaign_contract.command_line import ArgumentParser
from campaign_contract.extras import require

require("mock", __name__)

import h11

from campaign_contract.errors import CampaignContractError, UsageError
from campaign_contract.ids import canonical_campaign_id
from campaign_contract.lint.inputs import decode_option_file, read_option_file
from campaign_contract.mock import DEFAULT_TOKEN, MockCampaignApi

USAGE_ERROR = 2
ENV_TOKEN: Final = "CAMPAIGN_MOCK_TOKEN"  # noqa: S105  # the variable's name, not a token
DEFAULT_TIMEOUT: Final = 5.0
"""Seconds a request has to arrive whole (and an idle connection to send one)."""
DEFAULT_GRACE: Final = 5.0
"""Seconds requests in flight get to finish once the server is told to stop."""
MAX_BODY: Final = 1_048_576
"""The largest request body read; past it, 413 (a campaign is a few KB)."""
MAX_HEAD: Final = 16_384
"""The largest request line and headers together; past it, 431."""
LOG_CAPACITY: Final = 10_000
SEED_LIMIT: Final = 16 << 20
"""The largest seed file read (some 400,000 campaign ids)."""
METHODS: Final = frozenset(
    {"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"}
    | {"PROPFIND", "PROPPATCH", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK", "SEARCH", "QUERY"}
)
"""Methods routed to the endpoint (which answers 405 for all but PUT); others are 501."""
BODY_METHODS: Final = frozenset({"PUT", "POST", "PATCH"})
REASONS: Final = {
    400: "Bad Request",
    411: "Length Required",
    413: "Content Too Large",
    414: "URI Too Long",
    431: "Request Header Fields Too Large",
    501: "Not Implemented",
    505: "HTTP Version Not Supported",
}


@dataclass(frozen=True)
class ServerOptions:
    """What `mock-server` was asked to do."""

    host: str = "127.0.0.1"
    port: int = 8080
    token: str = DEFAULT_TOKEN
    seed: Path | None = None
    timeout: float = DEFAULT_TIMEOUT
    grace: float = DEFAULT_GRACE


def read_seed(path: Path) -> list[str]:
    """Campaign ids from a seed file: a JSON array of ids, or one id per line (# comments).

    Every id must be a canonical UUID (`campaign_contract.ids`); the first that is not is a
    `UsageError` naming its line (or its index in the array). Ids come back in lower case."""
    # read as safely as the linter's option files: a FIFO blocked the start for good, a device
    # was read without end
    data = read_option_file(str(path), "seed file", SEED_LIMIT)
    text = decode_option_file(str(path), "seed file", data)
    if text.lstrip().startswith("["):
        try:
            ids = json.loads(text)
        except ValueError as error:
            raise UsageError(f"{path}: not a JSON array of campaign ids: {error}") from None
        if not (isinstance(ids, list) and all(isinstance(i, str) for i in ids)):
            raise UsageError(f"{path}: expected a JSON array of strings")
        places = [(f"item {index}", item) for index, item in enumerate(ids)]
    else:
        lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
        places = [(f"line {number}", line) for number, line in enumerate(lines, 1) if line]
    seeded = []
    for place, candidate in places:
        canonical = canonical_campaign_id(candidate)
        if canonical is None:
            raise UsageError(f"{path}, {place}: {candidate!r} is not a campaign id (a UUID)")
        seeded.append(canonical)
    return seeded


def printable(text: str) -> str:
    """`text` safe for a terminal: anything but printable ASCII written as a Python escape."""
    if text.isascii() and text.isprintable():
        return text
    return "".join(c if c.isascii() and c.isprintable() else ascii(c)[1:-1] for c in text)


class LineLog:
    """Log lines, each written whole with one write by one thread; `line` never blocks.

    A log nobody reads (a full pipe) stalls only the writer thread: lines queue up to
    `LOG_CAPACITY`, then are counted in `dropped` instead of holding a request.
    """

    def __init__(self, out: TextIO) -> None:
        self._out = out
        self._queue: queue.Queue[str | threading.Event] = queue.Queue(LOG_CAPACITY)
        self.dropped = 0
        threading.Thread(target=self._write, name="mock-server-log", daemon=True).start()

    def line(self, text: str) -> None:
        """Queue `text` as one line (it must hold no line break)."""
        try:
            self._queue.put_nowait(text)
        except queue.Full:
            self.dropped += 1

    def drain(self, timeout: float = 5.0) -> bool:
        """Wait until every queued line is written; False if that took over `timeout`."""
        done = threading.Event()
        try:
            self._queue.put(done, timeout=timeout)
        except queue.Full:
            return False
        return done.wait(timeout)

    def _write(self) -> None:
        while True:
            item = self._queue.get()
            if isinstance(item, threading.Event):
                item.set()
                continue
            try:
                self._out.write(item + "\n")
                self._out.flush()
            except (OSError, ValueError):
                self.dropped += 1  # a broken or closed log loses lines, never requests


class _Refused(Exception):
    """A request answered by the HTTP layer itself, its body unread: the connection closes."""

    def __init__(self, status: int) -> None:
        self.status = status


def _refusal(request: h11.Request, method: str) -> int | None:
    """The status refusing `request` before its body is read, or None to read it."""
    names = {name for name, _ in request.headers}
    declared = dict(request.headers).get(b"content-length")
    checks = [
        (request.http_version not in (b"1.0", b"1.1"), 505),
        (len(request.target) > MAX_HEAD, 414),
        # h11 limits only a head still arriving, not one that came in a single read
        (sum(len(name) + len(value) for name, value in request.headers) > MAX_HEAD, 431),
        (method not in METHODS or method != method.upper(), 501),
        # two framings at once are how a request is smuggled past a proxy
        ({b"content-length", b"transfer-encoding"} <= names, 400),
        (method in BODY_METHODS and not names & {b"content-length", b"transfer-encoding"}, 411),
        (declared is not None and int(declared) > MAX_BODY, 413),
    ]
    return next((status for failed, status in checks if failed), None)


class _Connection:
    """One client connection: requests read with h11, answered by the endpoint, in turn."""

    def __init__(self, server: MockServer, sock: socket.socket) -> None:
        self.server, self.sock = server, sock
        self.busy = False
        self.peer_closed = False
        self.h11 = h11.Connection(h11.SERVER, max_incomplete_event_size=MAX_HEAD)

    def run(self) -> None:
        try:
            with self.sock:
                self._serve()
        except OSError:
            pass  # reset, broken pipe, or a send that timed out: the client is gone
        finally:
            self.server._forget(self)

    def wake(self) -> None:
        """Make a connection waiting for its next request give up now (used on stopping)."""
        if not self.busy:
            with contextlib.suppress(OSError):
                self.sock.shutdown(socket.SHUT_RDWR)

    def _serve(self) -> None:
        while not self.server.stopping.is_set():
            deadline = time.monotonic() + self.server.timeout
            try:
                event = self._next(deadline)
            except h11.RemoteProtocolError as error:
                if not self.peer_closed:
                    self._answer_refusal("-", "-", error.error_status_hint, time.perf_counter())
                return
            except TimeoutError:
                return  # idle, or a request line and headers too slow to arrive
            if not isinstance(event, h11.Request):
                return  # the client closed the connection
            self.busy = True
            if not self._handle(event, deadline):
                return
            if self.h11.our_state is h11.MUST_CLOSE:
                return
            self.h11.start_next_cycle()
            self.busy = False

    def _next(self, deadline: float) -> h11.Event | type[h11.PAUSED]:
        while True:
            event = self.h11.next_event()
            if event is h11.PAUSED or isinstance(event, h11.Event):
                return event
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            self.sock.settimeout(left)
            data = self.sock.recv(65536)
            self.peer_closed = not data
            self.h11.receive_data(data)

    def _handle(self, request: h11.Request, deadline: float) -> bool:
        """Answer one request; False when the connection must close without an answer."""
        started = time.perf_counter()
        method = request.method.decode("ascii", "replace")
        target = request.target.decode("latin-1")
        if target.startswith(("http://", "https://")):
            target = urllib.parse.urlsplit(target).path or "/"
        # Laravel routes on the decoded path (`rawurldecode`, `+` kept), as respx's
        # `request.url.path` is decoded: `%33c90c...` names the campaign `3c90c...`.
        path = urllib.parse.unquote(target.split("?", 1)[0])
        try:
            body = self._body(request, method, deadline)
        except _Refused as refused:
            self._answer_refusal(method, path, refused.status, started)
            return True
        except h11.RemoteProtocolError as error:
            if self.peer_closed:
                self._log(method, path, "closed: the client left before its body", started)
                return False
            self._answer_refusal(method, path, error.error_status_hint, started)
            return True
        except TimeoutError:
            self._log(method, path, "closed: the body did not arrive in time", started)
            return False
        # A repeated header is one value, joined by ", " (RFC 9110, 5.3), as httpx gives it to
        # the respx mock: both transports read the same Content-Type and Authorization.
        headers: dict[str, str] = {}
        for raw_name, raw_value in request.headers:
            name, value = raw_name.decode("latin-1"), raw_value.decode("latin-1")
            headers[name] = f"{headers[name]}, {value}" if name in headers else value
        reply = self.server.api.handle(method, path, headers, body)
        if reply.delay:
            time.sleep(reply.delay)
        self._log(method, path, str(reply.status), started)
        fields = [*reply.headers.items(), ("content-length", str(len(reply.body)))]
        if self.server.stopping.is_set():
            fields.append(("connection", "close"))
        self._send(h11.Response(status_code=reply.status, headers=fields))
        if method != "HEAD":
            self._send(h11.Data(data=reply.body))
        self._send(h11.EndOfMessage())
        return True

    def _body(self, request: h11.Request, method: str, deadline: float) -> bytes:
        """The whole body, or `_Refused` with the status that says why it is not read."""
        status = _refusal(request, method)
        if status is not None:
            raise _Refused(status)
        if self.h11.they_are_waiting_for_100_continue:
            self._send(h11.InformationalResponse(status_code=100, headers=[]))
        parts: list[bytes] = []
        size = 0
        while True:
            event = self._next(deadline)
            if isinstance(event, h11.Data):
                size += len(event.data)
                if size > MAX_BODY:
                    raise _Refused(413)
                parts.append(bytes(event.data))
            elif isinstance(event, h11.EndOfMessage):
                return b"".join(parts)
            else:
                raise TimeoutError  # the connection closed before the body was whole

    def _answer_refusal(self, method: str, path: str, status: int, started: float) -> None:
        self._log(method, path, str(status), started)
        if self.h11.our_state not in (h11.IDLE, h11.SEND_RESPONSE):
            return
        body = json.dumps({"message": REASONS.get(status, "Bad Request")}).encode()
        fields = [
            ("content-type", "application/json"),
            ("content-length", str(len(body))),
            ("connection", "close"),
        ]
        self._send(h11.Response(status_code=status, headers=fields))
        self._send(h11.Data(data=body))
        self._send(h11.EndOfMessage())

    def _send(self, event: h11.Event) -> None:
        self.sock.settimeout(self.server.timeout)
        data = self.h11.send(event)
        if data:
            self.sock.sendall(data)

    def _log(self, method: str, path: str, outcome: str, started: float) -> None:
        elapsed = (time.perf_counter() - started) * 1000
        line = f"{printable(method)} {printable(path)} -> {outcome} ({elapsed:.1f} ms)"
        self.server.log.line(line)


class MockServer:
    """`api` served over HTTP/1.1 on a loopback port, a thread per connection."""

    def __init__(
        self,
        api: MockCampaignApi,
        host: str,
        port: int,
        log: TextIO,
        *,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self.api, self.timeout = api, timeout
        self.log = LineLog(log)
        self.stopping = threading.Event()
        self._connections: dict[_Connection, threading.Thread] = {}
        self._lock = threading.Lock()
        self._listener = socket.create_server((host, port))
        self._listener.settimeout(0.1)  # how often the accept loop looks at `stopping`
        self.server_address: tuple[str, int] = self._listener.getsockname()[:2]

    def serve_forever(self) -> None:
        """Accept connections until `stop()` (or `shutdown()`) is called."""
        while not self.stopping.is_set():
            try:
                sock, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                if self.stopping.is_set():
                    return
                time.sleep(0.05)  # out of file descriptors: let connections finish
                continue
            with contextlib.suppress(OSError):  # a client already gone: served (and closed) below
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            connection = _Connection(self, sock)
            thread = threading.Thread(target=connection.run, daemon=True)
            # Registered and started together: `shutdown` joins only threads that have started.
            with self._lock:
                self._connections[connection] = thread
                thread.start()

    def stop(self) -> None:
        """Stop accepting; safe from a signal handler."""
        self.stopping.set()

    def shutdown(self, grace: float = DEFAULT_GRACE) -> None:
        """Stop accepting, let requests in flight finish for up to `grace` s, close the rest."""
        self.stop()
        deadline = time.monotonic() + grace
        with self._lock:
            connections = dict(self._connections)
        for connection in connections:
            connection.wake()
        for connection, thread in connections.items():
            thread.join(max(0.0, deadline - time.monotonic()))
            if thread.is_alive():
                connection.busy = False
                connection.wake()

    def server_close(self) -> None:
        """Close the listening socket."""
        self._listener.close()

    def _forget(self, connection: _Connection) -> None:
        with self._lock:
            self._connections.pop(connection, None)

    @property
    def open_connections(self) -> int:
        """How many connections are being served now."""
        with self._lock:
            return len(self._connections)


def make_server(
    api: MockCampaignApi,
    host: str,
    port: int,
    log: TextIO = sys.stderr,
    *,
    timeout: float = DEFAULT_TIMEOUT,
) -> MockServer:
    """A server for `api` on `host:port` (loopback only; port 0 picks a free one)."""
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    if not loopback:
        raise UsageError(f"the mock server listens on loopback only, not {host!r}")
    return MockServer(api, host, port, log, timeout=timeout)


def serve(options: ServerOptions, log: TextIO = sys.stderr) -> int:
    """Serve until Ctrl-C or SIGTERM; the exit code."""
    api = MockCampaignApi(token=options.token, accept_any_id=options.seed is None)
    if options.seed is not None:
        api.seed_many(read_seed(options.seed))
    try:
        server = make_server(api, options.host, options.port, log, timeout=options.timeout)
    except OSError as error:
        raise UsageError(
            f"cannot listen on {options.host}:{options.port}: {error.strerror}"
        ) from None
    host, port = server.server_address
    known = f"{len(api.campaigns)} seeded campaign(s)" if options.seed else "any campaign id"
    server.log.line(f"mock-server: http://{host!s}:{port} ({known}); Ctrl-C stops")
    if threading.current_thread() is threading.main_thread():
        # Ctrl-C and `kill` (SIGTERM, as CI scripts and process managers stop things) both
        # end the accept loop; requests in flight are then finished, not cut.
        for stop in (signal.SIGINT, signal.SIGTERM):
            signal.signal(stop, lambda number, frame: server.stop())
    try:
        server.serve_forever()
    finally:
        server.server_close()
        server.shutdown(options.grace)
    dropped = f" ({server.log.dropped} log lines dropped)" if server.log.dropped else ""
    server.log.line(f"mock-server: stopped{dropped}")
    server.log.drain(1.0)
    return 0


def main(argv: Sequence[str]) -> int:
    """`campaign-contract mock-server [--host H] [--port P] [--token T] [--seed FILE] ...`."""
    parser = ArgumentParser(
        prog="campaign-contract mock-server",
        description="Serve the mock campaign endpoint (PUT /api/v1/sms/campaigns/{id}).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="loopback address (default 127.0.0.1)")
    parser.add_argument(
        "--port", type=int, default=8080, help="port, 0 for any free one (default 8080)"
    )
    parser.add_argument(
        "--token",
        help=f"bearer token expected (default: ${ENV_TOKEN}, else {DEFAULT_TOKEN}); "
        f"prefer ${ENV_TOKEN}, which `ps` does not show",
    )
    parser.add_argument(
        "--seed",
        type=Path,
        help="known campaign ids, one per line or a JSON array (default: accept any UUID)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        help=f"seconds a request has to arrive whole (default {DEFAULT_TIMEOUT:g})",
    )
    parser.add_argument(
        "--grace",
        type=float,
        default=DEFAULT_GRACE,
        help=f"seconds to finish requests in flight when stopped (default {DEFAULT_GRACE:g})",
    )
    args = parser.parse_args(argv)
    token = args.token or os.environ.get(ENV_TOKEN) or DEFAULT_TOKEN
    if args.timeout <= 0 or args.grace < 0:
        print("campaign-contract mock-server: --timeout must be > 0, --grace >= 0", file=sys.stderr)
        return USAGE_ERROR
    options = ServerOptions(args.host, args.port, token, args.seed, args.timeout, args.grace)
    try:
        return serve(options)
    except CampaignContractError as error:
        print(f"campaign-contract mock-server: {error}", file=sys.stderr)
        return USAGE_ERROR
