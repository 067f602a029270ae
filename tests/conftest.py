"""Test-suite guards: no test may reach the network (loopback servers are allowed), nor be
steered by the environment the suite was started in (a CI runner's variables)."""

from __future__ import annotations

import ipaddress
import os
import socket
from typing import Any

import pytest

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_getaddrinfo = socket.getaddrinfo


class NetworkBlockedError(RuntimeError):
    """Raised when test code tries to open a connection off this machine."""


def _is_loopback(host: Any) -> bool:
    if not isinstance(host, str):
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def _check(sock: socket.socket, address: Any) -> None:
    if sock.family == getattr(socket, "AF_UNIX", None):
        return
    host = address[0] if isinstance(address, tuple) else address
    if not _is_loopback(host):
        raise NetworkBlockedError(f"test code tried to connect to {address!r}")


def _guarded_connect(self: socket.socket, address: Any) -> None:
    _check(self, address)
    _real_connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: Any) -> int:
    _check(self, address)
    return _real_connect_ex(self, address)


def _guarded_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
    if host is not None and not _is_loopback(host.decode() if isinstance(host, bytes) else host):
        raise NetworkBlockedError(f"test code tried to resolve {host!r}")
    return _real_getaddrinfo(host, *args, **kwargs)


socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign]
socket.getaddrinfo = _guarded_getaddrinfo


# The variables the toolkit reads. A CI runner or a developer's shell may set any of them (a
# GitHub runner sets GITHUB_ACTIONS, which changes the linter's default format); the suite runs
# without them, in this process and in every process it starts, and a test that needs one sets
# it. That also keeps tests from appending to the CI's own job summary.
STEERING: tuple[str, ...] = (
    "GITHUB_ACTIONS",
    "GITHUB_STEP_SUMMARY",
    "NO_COLOR",
    "FORCE_COLOR",
    "CLICOLOR_FORCE",
    "TERM",
    "CAMPAIGN_API_URL",
    "CAMPAIGN_API_TOKEN",
    "CAMPAIGN_MOCK_TOKEN",
)
for _variable in STEERING:
    os.environ.pop(_variable, None)


@pytest.fixture
def network_guard() -> type[NetworkBlockedError]:
    """The exception the socket guard raises, for tests that prove nothing left the machine."""
    return NetworkBlockedError


# Hypothesis profiles: `dev` for quick local runs, `ci` (selected when CI=true) derandomized with
# no example database, `nightly` for long searches. Choose with HYPOTHESIS_PROFILE=name.
def _register_hypothesis_profiles() -> None:
    from hypothesis import HealthCheck, settings

    settings.register_profile("dev", max_examples=50, deadline=None)
    settings.register_profile(
        "ci",
        max_examples=200,
        derandomize=True,
        database=None,
        deadline=None,
        print_blob=True,
        suppress_health_check=[HealthCheck.too_slow],
    )
    settings.register_profile("nightly", max_examples=5_000, deadline=None)
    default = "ci" if os.environ.get("CI") else "dev"
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", default))


_register_hypothesis_profiles()
