"""A deadline for a whole blocking request, which httpx's timeouts alone cannot give.

httpx's timeouts bound each socket operation: a server sending one byte every half second never
trips a one-second read timeout and holds the call as long as it drips. The async client wraps
each attempt in `asyncio.timeout`; a blocking call cannot be interrupted that way, so the
blocking client's transport (`deadline_transport`, also for an `httpx.Client` of your own)
clips every connect, read and write to the time left before the deadline that `bounded` sets
for the current call; outside a call it changes nothing.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import httpcore
import httpx

_DEADLINE: ContextVar[float | None] = ContextVar("campaign_contract_deadline", default=None)


@contextmanager
def bounded(seconds: float) -> Iterator[None]:
    """Inside the block, socket operations of `deadline_transport` end within `seconds`."""
    token = _DEADLINE.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def _clip(timeout: float | None, expired: type[Exception]) -> float | None:
    """`timeout`, shortened to the time left before the deadline; `expired` once it passed."""
    deadline = _DEADLINE.get()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise expired("the call's deadline (max_total) passed")
    return left if timeout is None else min(timeout, left)


class _Stream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _clip(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _clip(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: Any,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        clipped = _clip(timeout, httpcore.ConnectTimeout)
        return _Stream(self._inner.start_tls(ssl_context, server_hostname, clipped))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _Backend(httpcore.NetworkBackend):
    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        self._inner = inner

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        clipped = _clip(timeout, httpcore.ConnectTimeout)
        return _Stream(self._inner.connect_tcp(host, port, clipped, local_address, socket_options))

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        clipped = _clip(timeout, httpcore.ConnectTimeout)
        return _Stream(self._inner.connect_unix_socket(path, clipped, socket_options))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def deadline_transport(**options: Any) -> httpx.HTTPTransport:
    """`httpx.HTTPTransport(**options)`, its sockets held to the deadline of the call in
    progress: pass it to your own `httpx.Client(transport=...)` to keep that bound."""
    transport = httpx.HTTPTransport(**options)
    # httpx builds its connection pool without a way to pass a network backend, so the
    # backend is wrapped in place; tests/client/test_deadline.py fails if httpx changes this.
    pool = transport._pool
    assert isinstance(pool, httpcore.ConnectionPool), "httpx's transport holds an httpcore pool"
    pool._network_backend = _Backend(pool._network_backend)
    return transport
