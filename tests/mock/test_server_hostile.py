"""The mock server under hostile and broken requests, written byte by byte on a raw socket.

Each row of `CASES` sends bytes (with pauses, or a disconnect), then reads until the server
closes the connection. It states the statuses answered, in order; the server must close every
connection by itself within its timeout (idle ones too), write exactly one escaped log line per
answer, and never print a traceback (a thread's exception fails the test: warnings are errors).
"""

from __future__ import annotations

import io
import json
import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from campaign_contract.mock import DEFAULT_TOKEN, MockCampaignApi
from campaign_contract.mock.server import (
    LOG_CAPACITY,
    MAX_BODY,
    LineLog,
    MockServer,
    make_server,
    printable,
)
from payloads import EXAMPLES

TIMEOUT = 0.5
CAMPAIGN = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
ROUTE = f"/api/v1/sms/campaigns/{CAMPAIGN}"
BODY = (EXAMPLES / "valid" / "minimal.json").read_bytes()
AUTH = f"authorization: Bearer {DEFAULT_TOKEN}\r\ncontent-type: application/json\r\n"
"""The headers of every PUT: the token, and the JSON type without which Laravel reads no body."""
CLOSE = object()  # in a case's pieces: the client disconnects here
LOG_LINE = re.compile(r"(\S+) (\S+) -> (\d{3}|closed: [a-z ]+) \(\d+\.\d ms\)")


def put(
    body: bytes = BODY,
    *,
    head: str = "",
    method: str = "PUT",
    target: str = ROUTE,
    version: str = "HTTP/1.1",
    length: bool = True,
) -> bytes:
    """A request; `head` adds header lines, `length=False` leaves `Content-Length` out."""
    lines = f"{method} {target} {version}\r\nhost: 127.0.0.1\r\n{AUTH}{head}"
    if length:
        lines += f"content-length: {len(body)}\r\n"
    return lines.encode("latin-1") + b"\r\n" + body


def chunked(*chunks: bytes, head: str = "") -> bytes:
    """A PUT with a chunked body made of `chunks`."""
    framed = b"".join(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n" for chunk in chunks)
    return put(framed + b"0\r\n\r\n", head="transfer-encoding: chunked\r\n" + head, length=False)


@dataclass(frozen=True)
class Case:
    """What to send (bytes, pauses in seconds, `CLOSE`) and the statuses expected back."""

    pieces: tuple[object, ...]
    statuses: tuple[int, ...]
    stored: bool | None = None
    """Whether the campaign must (True) or must not (False) be stored afterwards."""


def case(*pieces: object, answers: tuple[int, ...] = (), stored: bool | None = None) -> Case:
    return Case(pieces, answers, stored)


DRIP = tuple(piece for byte in put()[:40] for piece in (bytes([byte]), TIMEOUT / 4))

CASES: dict[str, Case] = {
    "valid PUT": case(put(), answers=(200,), stored=True),
    "keep-alive, three requests": case(put(), 0.05, put(), 0.05, put(), answers=(200,) * 3),
    "pipelined PUT and GET": case(put() + put(b"", method="GET"), answers=(200, 405)),
    "Content-Length: abc": case(put(head="content-length: abc\r\n", length=False), answers=(400,)),
    "Content-Length: -1": case(put(head="content-length: -1\r\n", length=False), answers=(400,)),
    "Content-Length: +5": case(put(head="content-length: +5\r\n", length=False), answers=(400,)),
    "Content-Length: 10^12": case(
        put(b"", head="content-length: 1000000000000\r\n", length=False),
        answers=(413,),
        stored=False,
    ),
    "Content-Length one past the limit": case(
        put(b"", head=f"content-length: {MAX_BODY + 1}\r\n", length=False), answers=(413,)
    ),
    "two different Content-Lengths": case(
        put(head=f"content-length: {len(BODY) + 1}\r\n"), answers=(400,), stored=False
    ),
    "Content-Length and chunked both": case(
        put(head="transfer-encoding: chunked\r\n"), answers=(400,), stored=False
    ),
    "chunked body": case(chunked(BODY[:10], BODY[10:]), answers=(200,), stored=True),
    "chunked body, then another request": case(
        chunked(BODY), put(b"", method="GET"), answers=(200, 405)
    ),
    "chunk size not hex": case(
        put(b"zz\r\n", head="transfer-encoding: chunked\r\n", length=False), answers=(400,)
    ),
    "chunked past the limit": case(
        chunked(b" " * (MAX_BODY // 2), b" " * (MAX_BODY // 2 + 10)), answers=(413,)
    ),
    "Transfer-Encoding: gzip, chunked": case(
        put(b"", head="transfer-encoding: gzip, chunked\r\n", length=False), answers=(501,)
    ),
    "PUT without Content-Length": case(put(length=False), answers=(411,), stored=False),
    "short body, then silence": case(put()[:-10], answers=(), stored=False),
    "disconnect after the headers": case(put()[: -len(BODY)], CLOSE, stored=False),
    "disconnect in the body": case(put()[:-10], CLOSE, stored=False),
    "disconnect in the request line": case(b"PUT /api/v1", CLOSE),
    "lower-case put": case(put(method="put"), answers=(501,), stored=False),
    "unknown method": case(put(method="FROB"), answers=(501,)),
    "HTTP/2 preface": case(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", answers=(505,)),
    "PROPFIND on the route": case(put(b"", method="PROPFIND"), answers=(405,)),
    "GET on the route": case(put(b"", method="GET"), answers=(405,)),
    "HEAD on the route": case(put(b"", method="HEAD"), answers=(405,)),
    "a path outside the route": case(put(b"", method="GET", target="/x"), answers=(404,)),
    "absolute-form target": case(
        put(target=f"http://127.0.0.1{ROUTE}"), answers=(200,), stored=True
    ),
    "query string": case(put(target=f"{ROUTE}?x=1"), answers=(200,), stored=True),
    "percent-encoded escape in the path": case(
        put(target="/api/v1/sms/campaigns/%1b%5b31m"), answers=(404,)
    ),
    "raw ESC in the path": case(put(target="/\x1b[31m"), answers=(400,)),
    "raw UTF-8 direction override in the path": case(
        put(b"", method="GET", target="/\u202eevil".encode().decode("latin-1")), answers=(400,)
    ),
    "header of 20 KB": case(put(head=f"x-big: {'a' * 20_000}\r\n"), answers=(431,)),
    "target of 20 KB": case(put(target="/" + "a" * 20_000), answers=(414,)),
    "header of 20 KB, sent slowly": case(
        put(head=f"x-big: {'a' * 20_000}\r\n")[:10_000], 0.05, b"a" * 10_000, answers=(431,)
    ),
    "header line without a colon": case(put(head="no colon here\r\n"), answers=(400,)),
    "NUL in a header": case(put(head="x-nul: a\x00b\r\n"), answers=(400,)),
    "obsolete line folding (unfolded)": case(put(head="x-fold: a\r\n b\r\n"), answers=(200,)),
    "HTTP/1.1 without Host": case(
        f"PUT {ROUTE} HTTP/1.1\r\n{AUTH}content-length: {len(BODY)}\r\n\r\n".encode() + BODY,
        answers=(400,),
    ),
    "HTTP/1.0 PUT": case(put(version="HTTP/1.0"), answers=(200,), stored=True),
    "HTTP/3.0 version": case(put(version="HTTP/3.0"), answers=(505,)),
    "a TLS client hello": case(
        bytes.fromhex("160301020001000200fc0303") + b"\x00" * 40, answers=(400,)
    ),
    "Expect: 100-continue": case(
        put(head="expect: 100-continue\r\n")[: -len(BODY)], 0.1, BODY, answers=(100, 200)
    ),
    "an idle connection": case(answers=()),
    "headers dripped a byte at a time (slowloris)": case(*DRIP, answers=()),
}


@pytest.fixture
def served() -> Iterator[tuple[MockServer, io.StringIO]]:
    """A server on a free loopback port, in a thread, with its log captured."""
    log = io.StringIO()
    server = make_server(MockCampaignApi(accept_any_id=True), "127.0.0.1", 0, log, timeout=TIMEOUT)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, log
    server.shutdown(grace=1.0)
    server.server_close()
    thread.join(timeout=5)


def exchange(port: int, pieces: tuple[object, ...]) -> tuple[list[int], bool]:
    """Send `pieces`; the statuses answered and whether the server closed the connection."""
    with socket.create_connection(("127.0.0.1", port)) as sock:
        for piece in pieces:
            if piece is CLOSE:
                return [], True
            if isinstance(piece, float):
                time.sleep(piece)
            else:
                assert isinstance(piece, bytes)
                try:
                    sock.sendall(piece)
                except (BrokenPipeError, ConnectionResetError):
                    break  # the server refused early and closed: its answer is read below
        sock.settimeout(TIMEOUT * 6)
        received = b""
        closed = False
        while True:
            try:
                chunk = sock.recv(65536)
            except TimeoutError:
                break
            except ConnectionResetError:
                closed = True
                break
            if not chunk:
                closed = True
                break
            received += chunk
    statuses = [int(status) for status in re.findall(rb"HTTP/1\.[01] (\d{3}) ", received)]
    return statuses, closed


def _wait_until_served(server: MockServer) -> None:
    """Wait for the server to finish with every connection (it must, within its timeout)."""
    deadline = time.monotonic() + TIMEOUT * 6
    while server.open_connections and time.monotonic() < deadline:
        time.sleep(0.01)
    assert server.open_connections == 0


@pytest.mark.parametrize("name", list(CASES))
def test_every_hostile_request_gets_its_answer_and_the_connection_an_end(
    served: tuple[MockServer, io.StringIO], name: str
) -> None:
    """The statuses expected, in order; the server closes the connection itself; one intact,
    escaped log line per answered request; the store touched only by a whole, valid PUT."""
    server, log = served
    row = CASES[name]
    statuses, closed = exchange(server.server_address[1], row.pieces)
    assert (list(row.statuses), closed) == (statuses, True)
    _wait_until_served(server)
    assert server.log.drain()
    lines = log.getvalue().splitlines()
    answered = [status for status in statuses if status != 100]
    assert len([line for line in lines if "-> closed" not in line]) == len(answered)
    for line in lines:
        assert LOG_LINE.fullmatch(line), line
        assert line.isascii(), line
        assert line.isprintable(), line
    if row.stored is not None:
        assert (CAMPAIGN in server.api.campaigns) == row.stored


def test_an_incomplete_body_is_closed_after_the_timeout_and_logged(
    served: tuple[MockServer, io.StringIO],
) -> None:
    """No answer, no processing: the log says the body did not arrive in time."""
    server, log = served
    exchange(server.server_address[1], (put()[:-10],))
    assert server.log.drain()
    (line,) = log.getvalue().splitlines()
    assert line.startswith(f"PUT {ROUTE} -> closed: the body did not arrive in time")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/plain", "/plain"),
        ("/\x1b[31m", "/\\x1b[31m"),
        ("/\u202eevil", "/\\u202eevil"),
        ("/caf\xe9", "/caf\\xe9"),
        ("/a\nb", "/a\\nb"),
    ],
)
def test_log_fields_are_escaped(text: str, expected: str) -> None:
    """Terminal escapes, line breaks and direction overrides never reach the log raw."""
    assert printable(text) == expected


def test_idle_connections_do_not_pile_up(served: tuple[MockServer, io.StringIO]) -> None:
    """Regression: 1,000 idle connections held 1,000 threads; now each times out."""
    server, _ = served
    sockets = [socket.create_connection(server.server_address) for _ in range(50)]
    try:
        deadline = time.monotonic() + 2
        while server.open_connections < 50 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert server.open_connections == 50
        deadline = time.monotonic() + TIMEOUT * 6
        while server.open_connections and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server.open_connections == 0
    finally:
        for sock in sockets:
            sock.close()


def test_concurrent_requests_write_whole_lines(served: tuple[MockServer, io.StringIO]) -> None:
    """Regression: 3,522 of 20,400 lines held two records; one writer writes whole lines."""
    server, log = served
    port = server.server_address[1]

    def client() -> None:
        with socket.create_connection(("127.0.0.1", port)) as sock:
            for _ in range(25):
                sock.sendall(put())
                data = b""
                while b"}}" not in data:
                    data += sock.recv(65536)

    threads = [threading.Thread(target=client) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert server.log.drain()
    lines = log.getvalue().splitlines()
    assert len(lines) == 200
    assert all(LOG_LINE.fullmatch(line) for line in lines)


def test_a_log_nobody_reads_never_stalls_a_request() -> None:
    """Regression: with stderr unread every request stalled; now lines queue or are dropped."""
    read_end, write_end = os.pipe()
    log = os.fdopen(write_end, "w", encoding="utf-8")
    server = make_server(MockCampaignApi(accept_any_id=True), "127.0.0.1", 0, log, timeout=TIMEOUT)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        long_path = "/" + "p" * 4000  # 64 KB of pipe fills after about 16 lines
        with socket.create_connection(server.server_address) as sock:
            sock.settimeout(5)  # the old server blocked here for good
            for _ in range(100):
                sock.sendall(put(b"", method="GET", target=long_path))
                data = b""
                while b"}" not in data:
                    data += sock.recv(65536)
                assert data.startswith(b"HTTP/1.1 404 ")
    finally:
        server.shutdown(grace=1.0)
        server.server_close()
        os.close(read_end)  # the blocked writer fails, and drops, instead of waiting
        thread.join(timeout=5)


def test_the_answer_to_an_early_refusal_is_json(served: tuple[MockServer, io.StringIO]) -> None:
    """A 411 says why in the same JSON shape as the endpoint's errors, then closes."""
    server, _ = served
    with socket.create_connection(server.server_address) as sock:
        sock.sendall(put(length=False))
        sock.settimeout(5)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 411 ")
    assert b"connection: close" in head.lower()
    assert json.loads(body) == {"message": "Length Required"}


class _StuckLog(io.StringIO):
    """A log whose first write blocks until released, like a pipe nobody reads."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def write(self, text: str) -> int:
        self.release.wait()
        return super().write(text)


def test_a_full_log_queue_drops_and_counts_lines_instead_of_waiting() -> None:
    """Past `LOG_CAPACITY` waiting lines, `line` returns at once and counts the drop."""
    stuck = _StuckLog()
    log = LineLog(stuck)
    for number in range(LOG_CAPACITY + 6):
        log.line(f"line {number}")  # a blocking log would hang here
    assert log.dropped in (5, 6)  # the writer may have taken one line before it blocked
    stuck.release.set()
    assert log.drain()
    assert len(stuck.getvalue().splitlines()) == LOG_CAPACITY + 6 - log.dropped
