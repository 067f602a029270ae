"""The toolkit's own failures, as one small exception tree (and `write_stdout`, the one way a
command says that its output could not be written, and `write_whole`, so that a standard
stream neither refuses nor loses part of a write).

Problems found in a user's payload are never exceptions: they are `Finding`s. Exceptions are
for what stops the toolkit from doing its job::

    CampaignContractError          base class; the CLI catches only this
    +-- SchemaError                a bundled or given schema cannot be loaded or resolved
    +-- UsageError                 bad command-line arguments or configuration
    +-- OutputError                a report or baseline could not be written to its end
    +-- CodegenError               a code generator (datamodel-codegen, ruff) failed
    +-- MissingExtraError          a part needs an extra that is not installed (an ImportError)
    +-- ClientError                the API client could not get a campaign stored
        +-- LocalValidationError   the payload fails the contract; nothing was sent (.findings)
        +-- CampaignIdError        the campaign id is not a canonical UUID; nothing was sent
        +-- TransportError         no usable HTTP response: refused, timeout, TLS, undecodable
        +-- ApiError               the server answered with an error status (.status, .excerpt)
            +-- UnauthenticatedError   401: missing or wrong bearer token
            +-- ForbiddenError         403: the token may not change this campaign
            +-- NotFoundError          404: no campaign with this id
            +-- ServerValidationError  422: the server rejected the body (.errors by dot path)
            +-- RateLimitedError       429: too many requests (.retry_after seconds or None)
            +-- ServerError            5xx: the server or a gateway failed
            +-- UnexpectedResponseError any other status, or a 200 the contract does not allow

No message in this tree ever contains the API token: the client builds every message from the
status, the path and an excerpt of the response body, never from request headers.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

    from campaign_contract.findings import Finding


class CampaignContractError(Exception):
    """Base class of every error the toolkit raises on purpose."""


class SchemaError(CampaignContractError):
    """A schema file is missing, malformed, or refers to something outside the schema set."""


class UsageError(CampaignContractError):
    """The user asked for something impossible: an unknown option value, rule id or setting."""


class OutputError(CampaignContractError):
    """A write failed on the way (a full disk, a closed pipe): the output is incomplete."""


class CodegenError(CampaignContractError):
    """`campaign-contract codegen` could not run a generator or formatter to completion."""


class MissingExtraError(CampaignContractError, ImportError):
    """A part of the toolkit was imported or run without the optional dependencies it needs.

    Also an `ImportError`, so that code probing for an optional part keeps working."""

    def __init__(self, part: str, extra: str, missing: Sequence[str]) -> None:
        self.part = part
        self.extra = extra
        self.missing = tuple(missing)
        super().__init__(
            f"{part} needs the {extra!r} extra (missing: {', '.join(self.missing)}): "
            f"pip install 'campaign-contract[{extra}]'"
        )


class ClientError(CampaignContractError):
    """Base class of the API client's errors."""


class LocalValidationError(ClientError):
    """The payload breaks the contract, so the client refused to send it."""

    def __init__(self, findings: Sequence[Finding]) -> None:
        self.findings = tuple(findings)
        first = self.findings[0].message if self.findings else "invalid payload"
        more = len(self.findings) - 1
        suffix = f" (and {more} more)" if more else ""
        super().__init__(f"payload not sent, it breaks the contract: {first}{suffix}")

    @property
    def pointers(self) -> tuple[str, ...]:
        """The JSON Pointers of the findings, in order."""
        return tuple(finding.pointer for finding in self.findings)


class CampaignIdError(ClientError, ValueError):
    """The campaign id (`.campaign_id`) is not a UUID in canonical form; nothing was sent."""

    def __init__(self, campaign_id: object) -> None:
        self.campaign_id = campaign_id
        super().__init__(
            f"campaign id {campaign_id!r} is not a UUID in canonical form "
            "(8-4-4-4-12 hexadecimal digits); nothing was sent"
        )


class TransportError(ClientError):
    """The request got no HTTP response (connection error, timeout) after every retry."""


class ApiError(ClientError):
    """The server answered with a status the client cannot turn into a campaign."""

    def __init__(self, status: int, message: str, excerpt: str = "") -> None:
        self.status = status
        self.excerpt = excerpt
        super().__init__(message)


class UnauthenticatedError(ApiError):
    """401: the bearer token is missing, malformed or revoked."""


class ForbiddenError(ApiError):
    """403: the token is valid but may not change this campaign."""


class NotFoundError(ApiError):
    """404: the server has no campaign with the id in the path."""


class ServerValidationError(ApiError):
    """422: the server rejected the body; `errors` maps dot paths to lists of messages, as the
    server's JSON does."""

    def __init__(
        self, status: int, message: str, errors: Mapping[str, Sequence[str]], excerpt: str = ""
    ) -> None:
        self.errors: dict[str, list[str]] = {
            path: list(messages) for path, messages in errors.items()
        }
        super().__init__(status, message, excerpt)


class RateLimitedError(ApiError):
    """429: too many requests; `retry_after` is the wait the server asked for, in seconds."""

    def __init__(
        self, status: int, message: str, retry_after: float | None, excerpt: str = ""
    ) -> None:
        self.retry_after = retry_after
        super().__init__(status, message, excerpt)


class ServerError(ApiError):
    """5xx: the server or a gateway in front of it failed."""


class UnexpectedResponseError(ApiError):
    """A status the contract does not describe, or a 2xx body that breaks the contract."""


def write_stdout(text: str, program: str) -> int:
    """Write `text` on standard output and flush it: 0, or 3 with a line on stderr naming
    `program` when it cannot be written (a full disk, a closed pipe), never a traceback.
    Standard output is then pointed at the null device, so that the interpreter's own flush
    at exit has nothing left to complain about."""
    if not text and (sys.stdout is None or sys.stdout.closed):
        return 0  # nothing to write, and a command that closed its stdout (the server) is done
    try:
        if text:  # even an empty write reaches the device on some (/dev/full says "full")
            sys.stdout.write(text)
        sys.stdout.flush()
    except (OSError, ValueError, AttributeError) as error:  # AttributeError: stdout is None
        with contextlib.suppress(OSError, ValueError, AttributeError):
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, sys.stdout.fileno())
            os.close(null)
        reason = error.strerror if isinstance(error, OSError) else "it is closed"
        with contextlib.suppress(OSError, ValueError, AttributeError):
            print(f"{program}: writing to standard output failed: {reason}", file=sys.stderr)
        return 3  # the tool could not do its job
    return 0


class _Patient(io.RawIOBase):
    """A standard stream's file descriptor, each write written whole however slowly its reader
    reads, or failed.

    Python's own streams can lose or refuse output. A parent can hand its children a
    non-blocking pipe (Node sets its own standard streams so, and the flag belongs to the pipe,
    not to one process): a write that would block is then refused (`BlockingIOError`: Python's
    buffered stream gives up, exit 3). And Python's unbuffered stream (`PYTHONUNBUFFERED`)
    ignores a write that took only part of the data: the rest is dropped without a word (on
    such a pipe, or when the reader leaves mid-write). Here a write goes on until every byte is
    written, waiting for room in the pipe as a blocking one would; a reader that has gone fails
    it (a broken pipe). Once Ctrl-C has stopped a wait, on either stream, what cannot be written
    at once is dropped, so that the interrupted command's way out (its traceback on a standard
    error that shares the stalled pipe, say) does not wait again."""

    interrupted = False
    """Set for the whole process (the class) once Ctrl-C has stopped a wait."""

    def __init__(self, descriptor: int, name: str) -> None:
        super().__init__()
        self._descriptor = descriptor
        self.name = name
        self.mode = "wb"

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._descriptor

    def isatty(self) -> bool:
        return os.isatty(self._descriptor)

    def write(self, data: ReadableBuffer) -> int:
        import select  # noqa: PLC0415 - only a stream replaced here waits

        view = memoryview(data).cast("B")
        written = 0
        try:
            while written < len(view):
                try:
                    written += os.write(self._descriptor, view[written:])
                except BlockingIOError:
                    if _Patient.interrupted:
                        return len(view)  # dropped: the command is on its way out
                    select.select([], [self._descriptor], [])
        except KeyboardInterrupt:
            _Patient.interrupted = True
            raise
        return written


def write_whole(names: Sequence[str]) -> None:
    """The standard streams `names` ("stdout", "stderr") replaced by streams whose every write
    is written whole (`_Patient`), buffered as they were. For a command's process, before it
    writes anything: `cli` asks it for a non-blocking or unbuffered standard stream."""
    for name in names:
        stream = getattr(sys, name)
        stream.flush()
        buffered = isinstance(stream.buffer, io.BufferedIOBase)
        raw = _Patient(stream.fileno(), getattr(stream.buffer, "name", f"<{name}>"))
        layer: Any = io.BufferedWriter(raw) if buffered else raw  # unbuffered: Python's own way
        replacement = io.TextIOWrapper(
            layer,
            encoding=stream.encoding,
            errors=stream.errors,
            line_buffering=stream.line_buffering,
            write_through=not buffered,
        )
        setattr(sys, name, replacement)
