"""`campaign-contract mock-server`: the mock endpoint over real HTTP, on loopback only.

For clients in other languages and for the schemathesis CLI. The behaviour is exactly
`MockCampaignApi.handle`; this module only moves bytes, logs one line per request (never a
header value) and stops cleanly on Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import signal
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TextIO

from campaign_contract.errors import CampaignContractError, UsageError
from campaign_contract.mock import DEFAULT_TOKEN, MockCampaignApi

USAGE_ERROR = 2


@dataclass(frozen=True)
class ServerOptions:
    """What `mock-server` was asked to do."""

    host: str = "127.0.0.1"
    port: int = 8080
    token: str = DEFAULT_TOKEN
    seed: Path | None = None


def read_seed(path: Path) -> list[str]:
    """Campaign ids from a seed file: a JSON array of ids, or one id per line (# comments)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise UsageError(f"cannot read seed file {path}: {error.strerror}") from None
    if text.lstrip().startswith("["):
        try:
            ids = json.loads(text)
        except ValueError as error:
            raise UsageError(f"{path}: not a JSON array of campaign ids: {error}") from None
        if not (isinstance(ids, list) and all(isinstance(i, str) for i in ids)):
            raise UsageError(f"{path}: expected a JSON array of strings")
        return ids
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return [line for line in lines if line]


def _handler(api: MockCampaignApi, log: TextIO) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "campaign-contract-mock"
        protocol_version = "HTTP/1.1"
        # Headers and body go out in two writes; without TCP_NODELAY each keep-alive request
        # waits ~40 ms for the client's delayed ACK (Nagle), which made fuzzing 10x slower.
        disable_nagle_algorithm = True

        def _serve(self) -> None:
            started = time.perf_counter()
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length) if length > 0 else b""
            path = self.path.split("?", 1)[0]
            reply = api.handle(self.command, path, dict(self.headers.items()), body)
            if reply.delay:
                time.sleep(reply.delay)
            # Logged before the answer goes out, so a client that has its answer can rely on
            # the line being there (tests read the log right after the request returns).
            elapsed = (time.perf_counter() - started) * 1000
            print(
                f"{self.command} {path} -> {reply.status} ({elapsed:.1f} ms)", file=log, flush=True
            )
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.send_header("content-length", str(len(reply.body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(reply.body)

        def __getattr__(self, name: str) -> Any:
            # http.server answers 501 for any method without a `do_` handler; the real server
            # routes every method and answers 405, so every method is served here.
            if name.startswith("do_"):
                return self._serve
            raise AttributeError(name)

        def log_message(self, format: str, *args: object) -> None:
            """Silenced: `_serve` logs one line of its own per request."""

    return Handler


def make_server(
    api: MockCampaignApi, host: str, port: int, log: TextIO = sys.stderr
) -> ThreadingHTTPServer:
    """A threaded HTTP server for `api` on `host:port` (loopback only; port 0 picks a free one)."""
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    if not loopback:
        raise UsageError(f"the mock server listens on loopback only, not {host!r}")
    server = ThreadingHTTPServer((host, port), _handler(api, log))
    server.daemon_threads = True
    return server


def serve(options: ServerOptions, log: TextIO = sys.stderr) -> int:
    """Serve until interrupted; the exit code."""
    api = MockCampaignApi(token=options.token, accept_any_id=options.seed is None)
    if options.seed is not None:
        api.seed_many(read_seed(options.seed))
    try:
        server = make_server(api, options.host, options.port, log)
    except OSError as error:
        raise UsageError(
            f"cannot listen on {options.host}:{options.port}: {error.strerror}"
        ) from None
    host, port = server.server_address[:2]
    known = f"{len(api.campaigns)} seeded campaign(s)" if options.seed else "any campaign id"
    print(f"mock-server: http://{host!s}:{port} ({known}); Ctrl-C stops", file=log, flush=True)
    if threading.current_thread() is threading.main_thread():
        # `kill` (SIGTERM, as CI scripts and process managers stop things) stops as Ctrl-C does.
        signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("mock-server: stopped", file=log, flush=True)
    finally:
        server.server_close()
    return 0


def main(argv: Sequence[str]) -> int:
    """`campaign-contract mock-server [--host H] [--port P] [--token T] [--seed FILE]`."""
    parser = argparse.ArgumentParser(
        prog="campaign-contract mock-server",
        description="Serve the mock campaign endpoint (PUT /api/v1/sms/campaigns/{id}).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="loopback address (default 127.0.0.1)")
    parser.add_argument(
        "--port", type=int, default=8080, help="port, 0 for any free one (default 8080)"
    )
    parser.add_argument(
        "--token", default=DEFAULT_TOKEN, help=f"bearer token expected (default {DEFAULT_TOKEN})"
    )
    parser.add_argument(
        "--seed",
        type=Path,
        help="known campaign ids, one per line or a JSON array (default: accept any UUID)",
    )
    args = parser.parse_args(argv)
    options = ServerOptions(args.host, args.port, args.token, args.seed)
    try:
        return serve(options)
    except CampaignContractError as error:
        print(f"campaign-contract mock-server: {error}", file=sys.stderr)
        return USAGE_ERROR
