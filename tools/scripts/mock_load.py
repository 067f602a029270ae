"""Load on `campaign-contract mock-server`: N clients x M requests, then the log checked.

Usage: uv run python tools/scripts/mock_load.py [--clients 20] [--requests 500]
       [--server-command "python -m campaign_contract mock-server"]

Starts the server on a free loopback port with its stderr in a file, runs the clients (each a
keep-alive connection sending valid PUTs, as raw bytes so the clients cost little), stops the
server with SIGTERM, and checks the log holds exactly one intact line per request. Prints the
throughput, latency percentiles, errors and the log verdict; exits 1 on any error. docs/testing.md
records its figures; they are measurements, not a test.
"""

from __future__ import annotations

import argparse
import re
import shlex
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BODY = (ROOT / "examples" / "valid" / "minimal.json").read_bytes()
CAMPAIGN = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
LINE = re.compile(r"PUT /api/v1/sms/campaigns/\S+ -> 200 \(\d+\.\d ms\)")


def _request(token: str) -> bytes:
    head = (
        f"PUT /api/v1/sms/campaigns/{CAMPAIGN} HTTP/1.1\r\nhost: 127.0.0.1\r\n"
        f"authorization: Bearer {token}\r\ncontent-type: application/json\r\n"
        f"content-length: {len(BODY)}\r\n\r\n"
    )
    return head.encode() + BODY


def _read_response(sock: socket.socket, buffer: bytearray) -> int:
    """Read one response (Content-Length framed) from `sock`; its status."""
    while b"\r\n\r\n" not in buffer:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed before the headers")
        buffer += chunk
    head, _, _ = bytes(buffer).partition(b"\r\n\r\n")
    length = int(re.search(rb"(?i)content-length: *(\d+)", head)[1])  # type: ignore[index]
    total = len(head) + 4 + length
    while len(buffer) < total:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed in the body")
        buffer += chunk
    del buffer[:total]
    return int(head.split()[1])


def _client(
    port: int, requests: int, token: str, latencies: list[float], errors: list[str]
) -> None:
    request = _request(token)
    buffer = bytearray()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            for _ in range(requests):
                began = time.perf_counter()
                sock.sendall(request)
                status = _read_response(sock, buffer)
                latencies.append(time.perf_counter() - began)
                if status != 200:
                    errors.append(f"status {status}")
    except OSError as error:
        errors.append(f"{type(error).__name__}: {error}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=500, help="per client")
    parser.add_argument(
        "--server-command",
        default=f"{shlex.quote(sys.executable)} -m campaign_contract mock-server",
        help="the server to start; --port 0 is appended",
    )
    args = parser.parse_args()
    token = "load-test-token"  # noqa: S105  # a fixture value
    with tempfile.TemporaryDirectory() as folder:
        log_path = Path(folder) / "stderr.log"
        with log_path.open("w") as log:
            command = [*shlex.split(args.server_command), "--port", "0", "--token", token]
            server = subprocess.Popen(command, stderr=log)
            port = 0
            for _ in range(200):
                match = re.search(r"http://[^:]+:(\d+)", log_path.read_text())
                if match:
                    port = int(match[1])
                    break
                time.sleep(0.05)
            if not port:
                server.kill()
                print("the server printed no URL")
                return 1
            latencies: list[float] = []
            errors: list[str] = []
            threads = [
                threading.Thread(
                    target=_client, args=(port, args.requests, token, latencies, errors)
                )
                for _ in range(args.clients)
            ]
            began = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.perf_counter() - began
            server.send_signal(signal.SIGTERM)
            code = server.wait(timeout=30)
        lines = log_path.read_text(errors="replace").splitlines()
    expected = args.clients * args.requests
    request_lines = [line for line in lines if not line.startswith("mock-server:")]
    intact = sum(1 for line in request_lines if LINE.fullmatch(line))
    latencies.sort()
    print(f"requests: {len(latencies)} of {expected} in {elapsed:.2f} s")
    print(f"throughput: {len(latencies) / elapsed:.0f} requests/s")
    if latencies:
        p50 = statistics.median(latencies) * 1000
        p99 = latencies[int(len(latencies) * 0.99) - 1] * 1000
        print(f"latency: p50 {p50:.2f} ms, p99 {p99:.2f} ms, max {latencies[-1] * 1000:.2f} ms")
    print(f"errors: {len(errors)} {sorted(set(errors))[:3]}")
    print(f"log: {len(request_lines)} request lines, {intact} intact, server exit {code}")
    ok = not errors and len(latencies) == expected == intact == len(request_lines) and code == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
