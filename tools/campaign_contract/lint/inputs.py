"""Turning command-line arguments into payload inputs, and reading each one safely.

Arguments may be files, directories (walked recursively for `*.json`, symbolic links to
directories not followed, hidden directories skipped), glob patterns (expanded here, so they work
the same in every shell) and `-` for standard input. Problems with an argument (a missing file, an
unmatched pattern, a FIFO) are findings for that argument, never exceptions: the run goes on.
"""

from __future__ import annotations

import contextlib
import glob
import os
import stat
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from typing import BinaryIO, Final, NamedTuple

from campaign_contract.findings import Finding, RuleInfo, Severity

STDIN = "-"
STDIN_NAME = "<stdin>"
_OPEN_FLAGS: Final = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)

RULES: tuple[RuleInfo, ...] = (
    RuleInfo(
        "file-not-found",
        Severity.ERROR,
        "A file named on the command line does not exist.",
        "The path was given explicitly but nothing is there. Check the spelling, or quote a glob "
        "pattern so that the tool expands it.",
    ),
    RuleInfo(
        "file-unreadable",
        Severity.ERROR,
        "A file exists but cannot be read.",
        "The operating system refused to open or read the file (permissions, I/O error). The "
        "message carries the system's reason.",
    ),
    RuleInfo(
        "file-not-regular",
        Severity.ERROR,
        "The path is a FIFO, device or socket, not a regular file.",
        "Only regular files are read, so that a named pipe or a device can never block or hang "
        "the run. Pipe data in through standard input with `-` instead.",
    ),
    RuleInfo(
        "glob-no-match",
        Severity.ERROR,
        "A glob pattern matched no file.",
        "A pattern that matches nothing usually means a typo or a wrong working directory; it is "
        "reported so that a pre-commit or CI job cannot pass by checking zero files.",
    ),
)


class Input(NamedTuple):
    """One payload to check: the name it is reported under, and where to read it from."""

    name: str
    """The path exactly as given (relative stays relative), or the stdin name."""
    path: str | None
    """The file to open; `None` means standard input."""


def _is_pattern(argument: str) -> bool:
    return "*" in argument or "?" in argument or "[" in argument  # three memchr calls


def _walk(directory: str) -> Iterator[str]:
    """Every `*.json` file under `directory`, sorted, not following symlinked directories."""
    for root, directories, files in os.walk(directory, followlinks=False):
        directories[:] = sorted(d for d in directories if not d.startswith("."))
        for name in sorted(files):
            if name.endswith(".json"):
                yield os.path.join(root, name)  # noqa: PTH118 - Path() would rewrite the user's spelling


_LISTED_FROM: Final = 16
"""A folder that this many arguments sit in is listed once instead of a `stat` per argument."""
_NOT_LISTED: Final = ("", ".", "..")


def _folder_test() -> Callable[[str], bool]:
    """`os.path.isdir`, answered from one listing of a folder once `_LISTED_FROM` of the paths
    asked about sit in it: a hook or a shell glob passes thousands of files of one folder, and
    a `stat` each costs more than reading them. A name not in the listing is asked directly."""
    asked: Counter[str] = Counter()
    listed: dict[str, dict[str, bool]] = {}

    def is_folder(path: str) -> bool:
        cut = path.rfind("/") + 1
        folder, name = path[:cut], path[cut:]
        listing = listed.get(folder)
        if listing is None:
            asked[folder] += 1
            if asked[folder] == _LISTED_FROM:
                with contextlib.suppress(OSError), os.scandir(folder or ".") as entries:
                    listed[folder] = {entry.name: entry.is_dir() for entry in entries}
            listing = {}
        found = listing.get(name) if name not in _NOT_LISTED else None
        return found if found is not None else os.path.isdir(path)  # noqa: PTH112 - str paths

    return is_folder


def expand(
    arguments: Sequence[str], stdin_filename: str | None = None
) -> tuple[list[Input], list[Finding]]:
    """The inputs named by `arguments` in order, without repeats, and findings for bad ones."""
    is_folder = _folder_test()
    inputs: list[Input] = []
    findings: list[Finding] = []
    seen: set[str] = set()

    def add(name: str, path: str | None) -> None:
        key = STDIN if path is None else os.path.normpath(path)
        if key == path:
            key = path  # keep one copy of a path that is already normal
        if key not in seen:
            seen.add(key)
            inputs.append(Input(name, path))

    def add_path(path: str) -> None:
        if is_folder(path):
            for file in sorted(_walk(path)):
                add(file, file)
        else:
            add(path, path)

    for argument in arguments:
        if argument == STDIN:
            add(stdin_filename or STDIN_NAME, None)
        elif _is_pattern(argument) and not os.path.lexists(argument):
            matches = sorted(glob.glob(argument, recursive=True))  # noqa: PTH207 - absolute patterns too
            if not matches:
                findings.append(
                    Finding(
                        "glob-no-match",
                        Severity.ERROR,
                        f"the pattern {argument} matches no file",
                        argument,
                        hint="quote patterns so the tool expands them; check the working directory",
                    )
                )
            for match in matches:
                add_path(match)
        else:
            add_path(argument)
    return inputs, findings


def _problem(rule: str, name: str, message: str) -> Finding:
    return Finding(rule, Severity.ERROR, message, name)


def read(item: Input, limit: int, stdin: BinaryIO | None = None) -> bytes | Finding:  # noqa: PLR0911 - one per refusal
    """At most `limit` bytes of `item`, or a finding saying why it cannot be read.

    Standard input is read from `stdin` (default: the process's standard input).

    Files are opened non-blocking and checked with `fstat` before reading, so a FIFO or a device
    is refused at once instead of hanging the run; each file is closed before the next is opened.
    """
    if item.path is None:
        return (stdin if stdin is not None else sys.stdin.buffer).read(limit)
    try:
        descriptor = os.open(item.path, _OPEN_FLAGS)
    except FileNotFoundError:
        return _problem("file-not-found", item.name, "no such file")
    except OSError as error:
        return _problem("file-unreadable", item.name, f"cannot open: {error.strerror}")
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            kind = "a directory" if stat.S_ISDIR(status.st_mode) else _kind(status.st_mode)
            return _problem("file-not-regular", item.name, f"not a regular file ({kind})")
        # O_NONBLOCK does not apply to regular files. Asking for one byte more than the size
        # gets the usual file in one call; one that changed size meanwhile is read on to its end.
        data = os.read(descriptor, min(limit, status.st_size + 1))
        if len(data) == status.st_size or len(data) >= limit:
            return data
        chunks = [data]
        remaining = limit - len(data)
        while remaining > 0 and (chunk := os.read(descriptor, min(remaining, 1 << 20))):
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)
    except OSError as error:
        return _problem("file-unreadable", item.name, f"cannot read: {error.strerror}")
    finally:
        os.close(descriptor)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a file"
