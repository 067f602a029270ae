"""Turning command-line arguments into payload inputs, and reading each one safely.

Arguments may be files, directories (walked recursively for `*.json`, symbolic links to
directories not followed, hidden directories skipped, and what git ignores or an exclude pattern
names left out: `excludes`), glob patterns (expanded here, so they work
the same in every shell; `**` does not follow symbolic links to directories either) and `-` for
standard input. Problems with an argument (a missing file, an unmatched pattern, a FIFO, a folder
that cannot be listed, nothing to check at all) are findings, never exceptions: the run goes on.

The same safe reading serves the option files (`--config`, `pyproject.toml`, `--baseline`):
`read_option_file` turns its refusals into a `UsageError` naming the file.
"""

import contextlib
import errno
import fnmatch
import os
import stat
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import BinaryIO, Final, NamedTuple, overload

from campaign_contract.errors import UsageError
from campaign_contract.findings import Finding, RuleInfo, Severity
from campaign_contract.lint.excludes import Excluder, Skip

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
        "A file or folder exists but cannot be read.",
        "The operating system refused to open or read the file, or to list the folder "
        "(permissions, I/O error, a symbolic link loop). The message carries the system's reason. "
        "A folder that cannot be listed is reported, never skipped silently: the files in it "
        "were not checked.",
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
    RuleInfo(
        "no-input-files",
        Severity.ERROR,
        "The arguments named no payload file: the run checked nothing.",
        "The folders given hold no `*.json` file (hidden folders and symbolic links to folders "
        "are not searched), could not be listed, or the patterns matched nothing. A run that "
        "checks nothing is reported, so that a pre-commit or CI job cannot pass by checking "
        "zero files. A named file that does not exist is `file-not-found` instead.",
    ),
)


class Input(NamedTuple):
    """One payload to check: the name it is reported under, and where to read it from."""

    name: str
    """The path exactly as given (relative stays relative), or the stdin name."""
    path: str | None
    """The file to open; `None` means standard input."""


_new_input: Final = tuple.__new__
"""Builds an `Input` in C; its class's own `__new__` is a Python function (once per file)."""


def _is_pattern(argument: str) -> bool:
    return "*" in argument or "?" in argument or "[" in argument  # three memchr calls


def _is_json(path: str) -> bool:
    return path.endswith(".json")


def _walk(
    directory: str,
    unlisted: list[OSError],
    skip: Excluder,
    include: Callable[[str], bool] = _is_json,
) -> list[str]:
    """Every payload file under `directory` (those `include` accepts), not following
    symlinked directories, without what git ignores or an exclude pattern matches; a folder
    that cannot be listed goes to `unlisted`."""
    ignored = skip.git_ignored(directory)
    patterns = bool(skip.skip.patterns)
    found: list[str] = []
    for root, directories, files in os.walk(directory, onerror=unlisted.append, followlinks=False):
        inside = os.path.relpath(root, directory)
        prefix = "" if inside == "." else inside.replace(os.sep, "/") + "/"
        directories[:] = sorted(
            name
            for name in directories
            if not name.startswith(".")
            and f"{prefix}{name}/" not in ignored
            and not skip.excluded(os.path.join(root, name), folder=True)  # noqa: PTH118
        )
        # Each file's path is `os.path.join(root, name)`, spelt as one concatenation: a folder
        # of thousands of payloads pays one join, and the usual walk (every `*.json`, nothing
        # ignored or excluded) no call at all per file.
        head = os.path.join(root, "")  # noqa: PTH118 - Path() would respell it
        if include is _is_json and not ignored and not patterns:
            found += [head + name for name in files if name.endswith(".json")]
            continue
        for name in files:
            path = head + name
            if include(path) and prefix + name not in ignored and not skip.excluded(path):
                found.append(path)
    return found


_ABSENT_ERRORS: Final = (errno.ENOENT, errno.ENOTDIR)
"""Listing errors that only mean "no match here" to a pattern; any other is reported."""


def _entries(folder: str, unlisted: list[OSError]) -> list[os.DirEntry[str]]:
    """The entries of `folder` (`""` is the working directory); a folder that exists but cannot
    be listed goes to `unlisted`, named as spelt in the pattern."""
    try:
        with os.scandir(folder or ".") as entries:
            return list(entries)
    except OSError as error:
        if error.errno not in _ABSENT_ERRORS:
            unlisted.append(OSError(error.errno, error.strerror, folder or "."))
        return []
    except ValueError:  # a NUL character in the name: nothing can match
        return []


def _is_real_folder(entry: os.DirEntry[str]) -> bool:
    """A folder, not a symbolic link to one (the type comes with the listing on Linux)."""
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _links_to_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_symlink() and entry.is_dir()
    except OSError:
        return False


def _tree(folder: str, folders_only: bool, unlisted: list[OSError]) -> Iterator[str]:
    """What `**` matches under `folder`: `""` (itself), then every entry below it, relative,
    hidden names skipped. Symbolic links to folders are neither entered nor matched, as in a
    folder walk: a link loop cannot hang the expansion or repeat a file under endless names."""
    yield ""
    pending = [""]
    while pending:
        relative = pending.pop()
        below = os.path.join(folder, relative) if relative else folder  # noqa: PTH118 - spelling
        for entry in sorted(_entries(below, unlisted), key=lambda entry: entry.name):
            if entry.name.startswith("."):
                continue
            name = os.path.join(relative, entry.name) if relative else entry.name  # noqa: PTH118
            if _is_real_folder(entry):
                yield name
                pending.append(name)
            elif not folders_only and not _links_to_folder(entry):
                yield name


def _matching(folder: str, part: str, folders_only: bool, unlisted: list[OSError]) -> Iterable[str]:
    """The names in `folder` that the last part `part` of a pattern matches."""
    if part == "**":
        return _tree(folder, folders_only, unlisted)
    if _is_pattern(part):
        names = [
            entry.name
            for entry in _entries(folder, unlisted)
            if not folders_only or _is_real_folder(entry) or _links_to_folder(entry)
        ]
        if not part.startswith("."):
            names = [name for name in names if not name.startswith(".")]
        return fnmatch.filter(names, part)
    if part:
        path = os.path.join(folder, part) if folder else part  # noqa: PTH118 - spelling
        return [part] if os.path.lexists(path) else []
    return [part] if os.path.isdir(folder) else []  # noqa: PTH112 - a pattern ending in "/"


def _glob(pattern: str, folders_only: bool, unlisted: list[OSError]) -> Iterator[str]:
    """The paths `pattern` matches, as `glob.glob(pattern, recursive=True)` finds them, except
    that `**` does not follow symbolic links to folders and that folders which cannot be listed
    go to `unlisted` instead of being skipped silently."""
    folder, part = os.path.split(pattern)
    if not _is_pattern(pattern):
        if os.path.lexists(pattern) if part else os.path.isdir(folder):  # noqa: PTH112
            yield pattern
        return
    if folder and folder != pattern and _is_pattern(folder):
        parents: Iterable[str] = _glob(folder, True, unlisted)
    else:
        parents = (folder,)
    for parent in parents:
        for name in _matching(parent, part, folders_only, unlisted):
            yield os.path.join(parent, name) if parent else name  # noqa: PTH118 - spelling


def _matches(pattern: str, unlisted: list[OSError]) -> list[str]:
    """The paths `pattern` matches, sorted (`**` matching the working directory itself is
    the empty path, which names nothing)."""
    return sorted(path for path in _glob(pattern, False, unlisted) if path)


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
                with contextlib.suppress(OSError, ValueError), os.scandir(folder or ".") as entries:
                    listed[folder] = {entry.name: entry.is_dir() for entry in entries}
            listing = {}
        found = listing.get(name) if name not in _NOT_LISTED else None
        return found if found is not None else os.path.isdir(path)  # noqa: PTH112 - str paths

    return is_folder


def expand(
    arguments: Sequence[str],
    stdin_filename: str | None = None,
    include: Callable[[str], bool] | None = None,
    skip: Skip | None = None,
) -> tuple[list[Input], list[Finding]]:
    """The inputs named by `arguments` in order, without repeats, and findings for bad ones
    (and `no-input-files` when they name no file at all).

    Folder walks keep the files `include` accepts (default: every `*.json`); a file named
    itself, or matched by a glob argument, is checked whatever its name. Folder walks and
    patterns leave out what `skip` says; a file named as such is always checked."""
    keep = include if include is not None else _is_json
    is_folder = _folder_test()
    excluder = Excluder(skip if skip is not None else Skip())
    inputs: list[Input] = []
    findings: list[Finding] = []
    seen: set[str] = set()
    unlisted: list[OSError] = []

    def add(name: str, path: "str | None") -> None:
        key = STDIN if path is None else os.path.normpath(path)
        if key == path:
            key = path  # keep one copy of a path that is already normal
        if key not in seen:
            seen.add(key)
            inputs.append(Input(name, path))

    def add_walked(folder: str) -> None:
        files = sorted(_walk(folder, unlisted, excluder, keep))
        probe = os.path.join(folder, "payload.json")  # noqa: PTH118 - spelling
        if os.path.normpath(probe) != probe:
            for file in files:
                add(file, file)
            return
        # The folder is spelt normally, so is every path the walk built in it (a listed name
        # holds no separator and is never "." or ".."): each is its own key, no normpath call.
        for file in files:
            if file not in seen:
                seen.add(file)
                inputs.append(_new_input(Input, (file, file)))

    def add_path(path: str, matched: bool = False) -> None:
        if is_folder(path):
            if not (matched and excluder.excluded(path, folder=True)):
                add_walked(path)
        elif not (matched and excluder.excluded(path)):
            add(path, path)

    for argument in arguments:
        if argument == STDIN:
            add(stdin_filename or STDIN_NAME, None)
        elif _is_pattern(argument) and not os.path.lexists(argument):
            matches = _matches(argument, unlisted)
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
                add_path(match, matched=True)
        else:
            add_path(argument)
    findings += _unlisted_findings(unlisted)
    if not inputs:
        findings.append(_nothing_to_check(arguments))
    return inputs, findings


def _unlisted_findings(unlisted: list[OSError]) -> list[Finding]:
    """One `file-unreadable` finding per folder that could not be listed."""
    findings = []
    named: set[str] = set()
    for error in unlisted:
        folder = os.fsdecode(error.filename) if error.filename is not None else "."
        if folder not in named:
            named.add(folder)
            reason = error.strerror or str(error)
            message = f"cannot list the folder: {reason}; its files were not checked"
            findings.append(_problem("file-unreadable", folder, message))
    return findings


def _nothing_to_check(arguments: Sequence[str]) -> Finding:
    shown = ", ".join(arguments[:3]) + (
        f" and {len(arguments) - 3} more" if len(arguments) > 3 else ""
    )
    return Finding(
        "no-input-files",
        Severity.ERROR,
        f"nothing to check: no payload file in {shown or 'the arguments'}",
        arguments[0] if arguments else ".",
        hint="folders are searched for *.json files; check the paths and the working directory",
    )


def _problem(rule: str, name: str, message: str) -> Finding:
    return Finding(rule, Severity.ERROR, message, name)


Identity = tuple[int, int]
"""A file's (device, inode): the same file under two names has one identity."""


@overload
def read(item: Input, limit: int, stdin: BinaryIO | None = None) -> bytes | Finding: ...
@overload
def read(
    item: Input, limit: int, stdin: BinaryIO | None, seen: set[Identity]
) -> bytes | Finding | None: ...
def read(  # noqa: PLR0911 - one return per refusal
    item: Input, limit: int, stdin: BinaryIO | None = None, seen: set[Identity] | None = None
) -> bytes | Finding | None:
    """At most `limit` bytes of `item`, or a finding saying why it cannot be read.

    Standard input is read from `stdin` (default: the process's standard input).

    Files are opened non-blocking and checked with `fstat` before reading, so a FIFO or a device
    is refused at once instead of hanging the run; each file is closed before the next is opened.
    With `seen`, a file whose identity is in it (the same file reached under another name: a
    symbolic or hard link, another spelling of its path) is not read again: the answer is None.
    The identity comes from that same `fstat`, so it costs no system call.
    """
    if item.path is None:
        return _read_stdin(item, limit, stdin)
    try:
        descriptor = os.open(item.path, _OPEN_FLAGS)
    except FileNotFoundError:
        return _problem("file-not-found", item.name, "no such file")
    except OSError as error:
        return _problem("file-unreadable", item.name, f"cannot open: {error.strerror}")
    except ValueError:  # only a library caller can pass a name holding NUL
        return _problem("file-not-found", item.name, "no such file (the name holds NUL)")
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            kind = "a directory" if stat.S_ISDIR(status.st_mode) else _kind(status.st_mode)
            return _problem("file-not-regular", item.name, f"not a regular file ({kind})")
        if seen is not None:
            identity = (status.st_dev, status.st_ino)
            if identity in seen:
                return None
            seen.add(identity)
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


def _read_stdin(item: Input, limit: int, stdin: BinaryIO | None) -> bytes | Finding:
    stream = stdin if stdin is not None else getattr(sys.stdin, "buffer", None)
    if stream is None:  # the process was started with its standard input closed
        return _problem("file-unreadable", item.name, "cannot read: standard input is closed")
    try:
        return stream.read(limit)
    except OSError as error:
        return _problem("file-unreadable", item.name, f"cannot read: {error.strerror}")


OPTION_FILE_LIMIT: Final = 1 << 20
"""The largest configuration file read (a `pyproject.toml` is a few KiB)."""
BASELINE_LIMIT: Final = 64 << 20
"""The largest baseline read (some 200,000 accepted findings)."""


def read_option_file(path: str, what: str, limit: int = OPTION_FILE_LIMIT) -> bytes:
    """The bytes of the option file `path` (`what` names its role: "configuration",
    "baseline"), read as safely as a payload: a missing, unreadable or irregular file (a FIFO
    never blocks, a device is never read) or one larger than `limit` is a `UsageError` naming
    the file and the reason."""
    data = read(Input(path, path), limit + 1)
    if isinstance(data, Finding):
        raise UsageError(f"cannot read {what} {path}: {data.message}")
    if len(data) > limit:
        raise UsageError(f"cannot read {what} {path}: larger than {_size(limit)}")
    return data


def decode_option_file(path: str, what: str, data: bytes) -> str:
    """`data` from the option file `path` as text; `UsageError` when it is not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        where = f"byte 0x{data[error.start]:02x} at offset {error.start}"
        raise UsageError(f"cannot read {what} {path}: not UTF-8 ({where})") from None


def _size(limit: int) -> str:
    return f"{limit >> 20} MiB" if limit >= 1 << 20 else f"{limit >> 10} KiB"


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a file"
