"""`campaign-contract mock-server`: the mock endpoint over real HTTP on loopback."""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from campaign_contract.client import DEFAULT_BASE_URL
from campaign_contract.errors import UsageError
from campaign_contract.mock import DEFAULT_TOKEN, MockCampaignApi
from campaign_contract.mock.server import MockServer, main, make_server, read_seed
from campaign_contract.testing.respx_mock import mock_endpoint
from payloads import EXAMPLES

CAMPAIGN = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
MINIMAL = (EXAMPLES / "valid" / "minimal.json").read_bytes()
AUTH = {"authorization": f"Bearer {DEFAULT_TOKEN}", "content-type": "application/json"}


@pytest.fixture
def served() -> Iterator[tuple[str, io.StringIO, MockServer]]:
    """A server on a free loopback port, in a thread, with its log captured."""
    log = io.StringIO()
    api = MockCampaignApi(accept_any_id=True)
    server = make_server(api, "127.0.0.1", 0, log)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    yield f"http://{host!s}:{port}", log, server
    server.shutdown()
    server.server_close()


def test_a_put_over_http_is_answered_by_the_mock(
    served: tuple[str, io.StringIO, MockServer],
) -> None:
    """Status, headers and body are the mock's; one log line per request, no header values."""
    base, log, server = served
    response = httpx.put(f"{base}/api/v1/sms/campaigns/{CAMPAIGN}", content=MINIMAL, headers=AUTH)
    rejected = httpx.get(f"{base}/api/v1/sms/campaigns/{CAMPAIGN}")
    assert server.log.drain()
    assert (response.status_code, response.json()["data"]["id"]) == (200, CAMPAIGN)
    assert (rejected.status_code, rejected.headers["allow"]) == (405, "PUT")
    lines = log.getvalue().splitlines()
    assert [
        f"PUT /api/v1/sms/campaigns/{CAMPAIGN} -> 200",
        f"GET /api/v1/sms/campaigns/{CAMPAIGN} -> 405",
    ] == [line.rsplit(" (", 1)[0] for line in lines]
    assert DEFAULT_TOKEN not in log.getvalue()


def test_a_query_string_does_not_change_the_route(
    served: tuple[str, io.StringIO, MockServer],
) -> None:
    """The path is matched without its query."""
    base, _, _ = served
    response = httpx.put(
        f"{base}/api/v1/sms/campaigns/{CAMPAIGN}?x=1", content=MINIMAL, headers=AUTH
    )
    assert response.status_code == 200


def test_seed_files_hold_ids_one_per_line_or_as_a_json_array(tmp_path: Path) -> None:
    """Blank lines and `#` comments are ignored; a JSON array works too; ids come back lower."""
    lines, array = tmp_path / "ids.txt", tmp_path / "ids.json"
    upper = CAMPAIGN.upper()
    lines.write_text(f"# known campaigns\n{upper}  # the seed page's\n\n{CAMPAIGN}\n", "utf-8")
    array.write_text(json.dumps([upper, CAMPAIGN]), encoding="utf-8")
    assert [read_seed(lines), read_seed(array)] == [[CAMPAIGN, CAMPAIGN]] * 2


@pytest.mark.parametrize(
    ("text", "place"),
    [
        (f"{CAMPAIGN}\nabc\n", "line 2"),
        (f"\n\n{CAMPAIGN.replace('-', '')}\n", "line 3"),
        (f"urn:uuid:{CAMPAIGN}\n", "line 1"),
        (json.dumps([CAMPAIGN, f"{{{CAMPAIGN}}}"]), "item 1"),
        (json.dumps([".."]), "item 0"),
    ],
)
def test_a_seed_line_that_is_not_a_campaign_id_is_a_usage_error_naming_it(
    tmp_path: Path, text: str, place: str
) -> None:
    """A non-UUID seed line is refused with its line (or array index), never accepted silently."""
    seed = tmp_path / "ids.txt"
    seed.write_text(text, encoding="utf-8")
    with pytest.raises(UsageError, match=place):
        read_seed(seed)


@pytest.mark.parametrize(
    "argv",
    [
        ["--host", "0.0.0.0", "--port", "0"],  # noqa: S104  # refused, which is the point
        ["--seed", "/nonexistent/ids.txt", "--port", "0"],
    ],
)
def test_a_non_loopback_host_or_a_missing_seed_is_a_usage_error(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """The server never listens beyond this machine, and says why it will not start."""
    assert main(argv) == 2
    assert "campaign-contract mock-server:" in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["not-utf-8", "fifo", "device", "folder", "too-large"])
def test_a_seed_that_is_not_a_readable_utf8_file_is_a_usage_error_not_a_hang(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    """Regression: a FIFO blocked the start for good, `/dev/zero` was read without end, and a
    file that is not UTF-8 printed a UnicodeDecodeError traceback (exit 1)."""
    seed = tmp_path / "ids.txt"
    if kind == "not-utf-8":
        seed.write_bytes(b"\xff\xfe" + CAMPAIGN.encode())
    elif kind == "fifo":
        os.mkfifo(seed)
    elif kind == "device":
        seed = Path(os.devnull)
    elif kind == "folder":
        seed = tmp_path
    else:
        seed.write_bytes((CAMPAIGN + "\n").encode() * 500_000)  # 18.5 MB
    assert main(["--seed", str(seed), "--port", "0"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert f"cannot read seed file {seed}:" in err


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_the_command_serves_until_ctrl_c_and_stops_cleanly(
    tmp_path: Path, stop: signal.Signals
) -> None:
    """Started as a subprocess: it prints its URL, answers, and exits 0 on Ctrl-C or `kill`."""
    seed = tmp_path / "ids.txt"
    seed.write_text(CAMPAIGN + "\n", encoding="utf-8")
    command = [
        sys.executable,
        "-m",
        "campaign_contract",
        "mock-server",
        "--port",
        "0",
        "--seed",
        str(seed),
    ]
    with subprocess.Popen(command, stderr=subprocess.PIPE, text=True) as process:
        assert process.stderr is not None
        banner = process.stderr.readline()
        base = banner.split()[1]
        unknown = httpx.put(
            f"{base}/api/v1/sms/campaigns/00000000-0000-4000-8000-000000000000",
            content=MINIMAL,
            headers=AUTH,
        )
        known = httpx.put(f"{base}/api/v1/sms/campaigns/{CAMPAIGN}", content=MINIMAL, headers=AUTH)
        process.send_signal(stop)
        rest = process.stderr.read()
        code = process.wait(timeout=10)
    assert "1 seeded campaign(s)" in banner
    assert (unknown.status_code, known.status_code) == (404, 200)
    assert (code, rest.splitlines()[-1]) == (0, "mock-server: stopped")


@pytest.mark.parametrize("method", ["TRACE", "PROPFIND"])
def test_methods_unknown_to_http_server_are_405_too(
    served: tuple[str, io.StringIO, MockServer], method: str
) -> None:
    """Regression (found by schemathesis): TRACE got http.server's 501 instead of 405."""
    base, _, _ = served
    response = httpx.request(method, f"{base}/api/v1/sms/campaigns/{CAMPAIGN}")
    assert (response.status_code, response.headers["allow"]) == (405, "PUT")


@contextlib.contextmanager
def _running(
    *options: str, env: dict[str, str] | None = None
) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """`campaign-contract mock-server --port 0 ...` as a subprocess, and its URL; killed after
    the block if it is still running, so a failing test cannot hang."""
    command = [sys.executable, "-m", "campaign_contract", "mock-server", "--port", "0", *options]
    process = subprocess.Popen(
        command, stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})}
    )
    try:
        assert process.stderr is not None
        yield process, process.stderr.readline().split()[1]
    finally:
        process.kill()
        process.wait()
        if process.stderr is not None:
            process.stderr.close()


def test_sigterm_finishes_the_request_in_flight_then_exits_0() -> None:
    """Regression: SIGTERM cut requests in flight. Now it stops accepting, answers the
    request whose body is still arriving, and exits 0."""
    with _running("--grace", "5") as (process, base):
        answer, rest, code = _finish_in_flight(process, int(base.rsplit(":", 1)[1]))
    assert answer.startswith(b"HTTP/1.1 200 ")
    assert b"connection: close" in answer.lower()
    assert (code, rest.splitlines()[-1]) == (0, "mock-server: stopped")
    assert "Traceback" not in rest


def _finish_in_flight(process: subprocess.Popen[str], port: int) -> tuple[bytes, str, int]:
    """Start a PUT, SIGTERM the server, finish the PUT: the answer, the log's rest, the code."""
    request = (
        f"PUT /api/v1/sms/campaigns/{CAMPAIGN} HTTP/1.1\r\nhost: x\r\n"
        f"authorization: Bearer {DEFAULT_TOKEN}\r\ncontent-type: application/json\r\n"
        f"content-length: {len(MINIMAL)}\r\n\r\n"
    ).encode() + MINIMAL
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(request[:-10])
        time.sleep(0.3)  # the server has the headers: the request is in flight
        process.send_signal(signal.SIGTERM)
        time.sleep(0.3)
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", port), timeout=2)
        sock.sendall(request[-10:])
        sock.settimeout(5)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
        assert process.stderr is not None
        rest = process.stderr.read()
        code = process.wait(timeout=10)
    return answer, rest, code


def test_the_token_can_come_from_the_environment_out_of_sight_of_ps() -> None:
    """`CAMPAIGN_MOCK_TOKEN` sets the expected token when `--token` is not given."""
    secret = "from-the-environment-0123456789abcdef"
    with _running(env={"CAMPAIGN_MOCK_TOKEN": secret}) as (process, base):
        url = f"{base}/api/v1/sms/campaigns/{CAMPAIGN}"
        headers = {"authorization": f"Bearer {secret}", "content-type": "application/json"}
        accepted = httpx.put(url, content=MINIMAL, headers=headers)
        refused = httpx.put(url, content=MINIMAL, headers=AUTH)
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
    assert (accepted.status_code, refused.status_code) == (200, 401)
    assert secret not in " ".join(process.args)


def test_with_stderr_unread_requests_are_answered_and_sigterm_exits_0() -> None:
    """Regression: with nobody reading stderr every request stalled once the pipe filled."""
    read_end, write_end = os.pipe()
    command = [sys.executable, "-m", "campaign_contract", "mock-server", "--port", "0"]
    process = subprocess.Popen(command, stderr=write_end)
    try:
        os.close(write_end)
        banner = os.read(read_end, 200).decode()
        port = int(banner.split()[1].rsplit(":", 1)[1])
        request = b"GET /" + b"p" * 4000 + b" HTTP/1.1\r\nhost: x\r\n\r\n"
        with socket.create_connection(("127.0.0.1", port)) as sock:
            sock.settimeout(5)  # 64 KB of unread log fill after about 16 of these lines
            for _ in range(100):
                sock.sendall(request)
                answer = b""
                while b"}" not in answer:
                    answer += sock.recv(65536)
                assert answer.startswith(b"HTTP/1.1 404 ")
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=20)
    finally:
        process.kill()
        process.wait()
        os.close(read_end)
    assert code == 0


@pytest.mark.parametrize(
    ("escaped", "status"),
    [
        (f"%33{CAMPAIGN[1:]}", 200),
        (CAMPAIGN.replace("-", "%2D"), 200),
        (f"{CAMPAIGN}%2F", 404),
        (f"{CAMPAIGN}%20", 404),
    ],
)
def test_a_percent_encoded_path_is_decoded_over_http_as_by_laravel_and_the_respx_mock(
    served: tuple[str, io.StringIO, MockServer], escaped: str, status: int
) -> None:
    """Laravel routes on the decoded path and respx hands the mock `url.path`, decoded; the
    loopback server used to pass the raw target, so `%33c90c...` was 404 over HTTP only."""
    base, _, server = served
    server.api.accept_any_id = False
    server.api.seed(CAMPAIGN)
    path = f"/api/v1/sms/campaigns/{escaped}"
    over_http = httpx.put(base + path, content=MINIMAL, headers=AUTH)
    endpoint = mock_endpoint(server.api)
    with endpoint.router, httpx.Client() as client:
        in_process = client.put(DEFAULT_BASE_URL + path, content=MINIMAL, headers=AUTH)
    assert [over_http.status_code, in_process.status_code] == [status, status]


@pytest.mark.parametrize(
    ("repeated", "status"),
    [
        (("content-type", "text/plain"), 200),
        (("authorization", f"Bearer {DEFAULT_TOKEN}"), 401),
    ],
)
def test_a_repeated_header_is_read_joined_over_http_as_by_the_respx_mock(
    served: tuple[str, io.StringIO, MockServer], repeated: tuple[str, str], status: int
) -> None:
    """httpx joins a repeated header with ", " for the respx mock; the loopback server kept only
    the last one, so a second Content-Type or Authorization gave another answer over HTTP."""
    base, _, server = served
    path = f"/api/v1/sms/campaigns/{CAMPAIGN}"
    headers = [*AUTH.items(), repeated]
    over_http = httpx.put(base + path, content=MINIMAL, headers=headers)
    with mock_endpoint(server.api).router, httpx.Client() as client:
        in_process = client.put(DEFAULT_BASE_URL + path, content=MINIMAL, headers=headers)
    assert [over_http.status_code, in_process.status_code] == [status, status]
