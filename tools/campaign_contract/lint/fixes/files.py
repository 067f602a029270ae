"""`--fix` and `--diff` over a run's inputs: fix each payload, then write it or show the diff.

Writes are atomic (a temporary file in the same folder, then a rename) and keep the file's
mode. A symbolic link is never written through (its `fix-not-written` finding says so), and a
file read only in part (over the size limit) is never fixed.
"""

import contextlib
import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, Final, NamedTuple, TextIO

from campaign_contract import source
from campaign_contract.errors import OutputError
from campaign_contract.findings import Finding, Severity
from campaign_contract.lint import inputs
from campaign_contract.lint.fixes.engine import fix_bytes
from campaign_contract.lint.inputs import Input
from campaign_contract.lint.outputs import write_stream
from campaign_contract.lint.tool_rules import FIX_NOT_WRITTEN

EXIT_CLEAN = 0
EXIT_CHANGES = 1
_WRITE_BITS: Final = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH


class Change(NamedTuple):
    """One input whose fixes changed it."""

    name: str
    before: bytes
    after: bytes


class Fixed(NamedTuple):
    """What fixing a run's inputs did."""

    changes: list[Change]
    findings: list[Finding]
    """`fix-failed` and `fix-not-written` findings."""
    stdin: bytes | None = None
    """Standard input, fixed (None when it was not an input)."""
    unread: tuple[Finding, ...] = ()
    """Why an input was not looked at: it could not be read, or only in part (too large)."""


def fix_inputs(
    items: list[Input],
    read: Callable[[Input], bytes | Finding | None],
    check: Callable[[bytes, str], list[Finding]],
    unsafe: bool = False,
    write: bool = True,
) -> Fixed:
    """Fix every input that can be read whole; with `write`, write each changed file back."""
    changes: list[Change] = []
    findings: list[Finding] = []
    stdin: bytes | None = None
    unread: list[Finding] = []
    for item in items:
        data = read(item)
        if not isinstance(data, bytes):  # unreadable: --diff says why
            unread += [data] if data is not None else []
            continue
        too_large = source.oversize_finding(item.name, len(data))
        if too_large is not None:  # read only in part: never fixed
            unread.append(too_large)
            continue

        def check_item(candidate: bytes, name: str = item.name) -> "list[Finding]":
            return check(candidate, name)

        outcome = fix_bytes(data, check_item, unsafe)
        findings += outcome.failed
        if item.path is None:
            stdin = outcome.data
        if outcome.data == data:
            continue
        changes.append(Change(item.name, data, outcome.data))
        if write and item.path is not None:
            refused = write_fixed(item, outcome.data, data)
            if refused is not None:
                findings.append(refused)
    return Fixed(changes, findings, stdin, tuple(unread))


def write_fixed(item: Input, data: bytes, original: bytes) -> Finding | None:
    """Write `data` over the file of `item` atomically, keeping its mode. Refused, with a
    finding: a symbolic link, a read-only file (the rename would replace it all the same:
    no write bit, or none for this user), and a file that no longer holds the `original`
    bytes the fixes were made from (read only in part, or changed meanwhile). Raises
    `OutputError` when the write fails."""
    path = item.path
    assert path is not None, "standard input is written to standard output"
    try:
        status = os.lstat(path)
    except OSError as error:
        raise OutputError(f"cannot write the fixed {item.name}: {error.strerror}") from None
    if stat.S_ISLNK(status.st_mode):
        message = "not fixed: it is a symbolic link; run --fix on the file it points to"
        return Finding(FIX_NOT_WRITTEN, Severity.WARNING, message, item.name)
    linked = _linked_folder(path)
    if linked is not None:
        message = f"not fixed: its folder {linked} is a symbolic link; run --fix on the real path"
        return Finding(FIX_NOT_WRITTEN, Severity.WARNING, message, item.name)
    if not status.st_mode & _WRITE_BITS or not os.access(path, os.W_OK):
        message = "not fixed: the file is read-only; make it writable to fix it"
        return Finding(FIX_NOT_WRITTEN, Severity.WARNING, message, item.name)
    if status.st_size != len(original) or _current(path) != original:
        message = "not fixed: the file is not what was read (read in part, or changed since)"
        return Finding(FIX_NOT_WRITTEN, Severity.WARNING, message, item.name)
    import tempfile  # noqa: PLC0415 - only a file with a fix to write needs it (9 M instructions)

    folder, base = os.path.split(path)
    try:
        descriptor, temporary = tempfile.mkstemp(
            dir=folder or ".", prefix=f".{base}.", suffix=".fix"
        )
    except OSError as error:  # a read-only folder, say
        raise OutputError(f"cannot write the fixed {item.name}: {error.strerror}") from None
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        _keep_owner(temporary, status)
        Path(temporary).chmod(stat.S_IMODE(status.st_mode))
        Path(temporary).replace(path)
    except BaseException as error:  # a full disk, or Ctrl-C: no temporary file left behind
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        if not isinstance(error, OSError):
            raise
        raise OutputError(f"cannot write the fixed {item.name}: {error.strerror}") from None
    return None


def _keep_owner(path: str, status: os.stat_result) -> None:
    """Give the new file at `path` the owner and group of the file it replaces, as far as
    the system lets this user (root: both; an owner: a group of theirs; else neither), so
    that fixing as root, or as another member of the group, does not take the file over."""
    if not hasattr(os, "chown"):
        return
    for owner in ((status.st_uid, status.st_gid), (-1, status.st_gid)):
        try:
            os.chown(path, *owner)
        except OSError:
            continue
        return


def _linked_folder(path: str) -> str | None:
    """The first folder of a relative `path`, as written, that is a symbolic link (folders
    above the working directory, and of an absolute path, are the user's own layout)."""
    if Path(path).is_absolute():
        return None
    folders = [str(parent) for parent in Path(path).parents if str(parent) != "."]
    for folder in reversed(folders):
        with contextlib.suppress(OSError):
            if stat.S_ISLNK(os.lstat(folder).st_mode):
                return folder
    return None


def _current(path: str) -> bytes | None:
    """What the regular file at `path` holds now (at most one byte more than a payload may)."""
    try:
        with Path(path).open("rb") as stream:
            return stream.read(source.MAX_BYTES + 1)
    except OSError:
        return None


def _lines(data: bytes) -> list[str]:
    """The lines of `data` as patch tools see them: ended by `\n` only (a lone `\r` or a
    U+2028 in a string stays inside its line), each with its ending."""
    text = data.decode("utf-8", "replace")
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    return lines if lines[-1] else lines[:-1]


_C_ESCAPES: Final = {"\a": "a", "\b": "b", "\t": "t", "\n": "n", "\v": "v", "\f": "f", "\r": "r"}


def patch_name(name: str) -> str:
    """`name` as a patch header writes it: as it is, or, when it holds a control character,
    a quote, a backslash or a byte that is not UTF-8, in double quotes with C escapes (octal
    for bytes), as git writes and reads it (a tab would end the name, a newline start a line
    of the patch)."""
    if not any(c < " " or c in '"\\\x7f' or "\udc80" <= c <= "\udcff" for c in name):
        return name
    parts = []
    for char in name:
        if char in '"\\':
            parts.append("\\" + char)
        elif char in _C_ESCAPES:
            parts.append("\\" + _C_ESCAPES[char])
        elif char < " " or char == "\x7f":
            parts.append(f"\\{ord(char):03o}")
        elif "\udc80" <= char <= "\udcff":  # a byte of the name that is not UTF-8
            parts.append(f"\\{ord(char) - 0xDC00:03o}")
        else:
            parts.append(char)
    return '"' + "".join(parts) + '"'


def unified_diff(change: Change) -> str:
    """The change as a unified diff (`--- name`, `+++ name`), as `git diff` marks a last line
    without a newline."""
    import difflib  # noqa: PLC0415 - only --diff needs it

    before, after = _lines(change.before), _lines(change.after)
    name = patch_name(change.name)
    lines = []
    for line in difflib.unified_diff(before, after, name, name):
        lines.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(lines)


def fix_run(
    stdin: BinaryIO | None,
    items: list[Input],
    check: Callable[[bytes, str], list[Finding]],
    unsafe: bool,
    write: bool,
) -> Fixed:
    """Fix the inputs of a run (`unsafe`: removals too), writing them back when `write`.
    Standard input is read from `stdin` (read once already: it is rewound for the check)."""

    def read(item: Input) -> "bytes | Finding | None":
        return inputs.read(item, source.MAX_BYTES + 1, stdin)

    fixed = fix_inputs(items, read, check, unsafe, write)
    if stdin is not None:
        stdin.seek(0)
    return fixed


def show_diffs(fixed: Fixed, stdout: TextIO) -> int:
    """Print every change as a unified diff: exit 1 when there is one, else 0."""

    text = "".join(unified_diff(change) for change in fixed.changes)
    if text:
        write_stream(stdout, text, "the diff")
    return EXIT_CHANGES if fixed.changes else EXIT_CLEAN


def show_fixed_stdin(data: bytes, stdout: TextIO) -> TextIO:
    """Write standard input's fixed bytes on `stdout`, as they are; the stream the report
    goes to instead (standard error)."""

    binary = getattr(stdout, "buffer", None)
    if binary is not None:
        try:
            stdout.flush()
            binary.write(data)
            binary.flush()
        except (OSError, ValueError) as error:
            raise OutputError(
                f"writing the fixed text to standard output failed: {error}"
            ) from None
    else:
        write_stream(stdout, data.decode("utf-8", "replace"), "the fixed text")
    return sys.stderr
