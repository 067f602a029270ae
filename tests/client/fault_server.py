"""A loopback server that misbehaves on purpose, byte by byte, for the client's hostile-input suite.

Each connection reads one request (headers, then `Content-Length` bytes of body) and hands the
socket to a `Behaviour`: answer with given bytes, drip them, hang, reset the connection, send
huge headers or a redirect. The server records what it received, so a test can prove what was
sent (or that nothing was), and `stop()` releases every behaviour still waiting.
"""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

Behaviour = Callable[[socket.socket, threading.Event], None]


def response(status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> bytes:
    """A whole HTTP/1.1 response with `Content-Length` and `Connection: close`."""
    fields = {"content-type": "application/json", **(headers or {})}
    fields.setdefault("content-length", str(len(body)))
    lines = [f"HTTP/1.1 {status} Whatever"]
    lines += [f"{name}: {value}" for name, value in fields.items()]
    lines += ["connection: close", "", ""]
    return "\r\n".join(lines).encode("latin-1") + body


def answer(data: bytes) -> Behaviour:
    """Send `data` and close."""

    def behave(conn: socket.socket, stop: threading.Event) -> None:
        conn.sendall(data)

    return behave


def drip(data: bytes, interval: float, start: int = 0) -> Behaviour:
    """Send `data[:start]` at once, then one byte every `interval` seconds."""

    def behave(conn: socket.socket, stop: threading.Event) -> None:
        conn.sendall(data[:start])
        for index in range(start, len(data)):
            if stop.wait(interval):
                return
            conn.sendall(data[index : index + 1])

    return behave


def hang(conn: socket.socket, stop: threading.Event) -> None:
    """Read the request, never answer."""
    stop.wait()


def reset(conn: socket.socket, stop: threading.Event) -> None:
    """Close with a TCP reset instead of an answer."""
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


@dataclass
class FaultServer:
    """One misbehaviour on a free loopback port; `requests` holds what each connection sent."""

    behaviour: Behaviour
    requests: list[bytes] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _threads: list[threading.Thread] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.1)
        self.port = self._listener.getsockname()[1]
        self._accepting = threading.Thread(target=self._accept, daemon=True)
        self._accepting.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            worker = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            self._threads.append(worker)
            worker.start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(5)
            try:
                self.requests.append(_read_request(conn))
                self.behaviour(conn, self._stop)
            except OSError:
                return  # the client gave up first, as it should

    def stop(self) -> None:
        """Release waiting behaviours, close the port, wait for every connection's thread."""
        self._stop.set()
        self._accepting.join(timeout=5)
        self._listener.close()
        for worker in self._threads:
            worker.join(timeout=5)


def _read_request(conn: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body
