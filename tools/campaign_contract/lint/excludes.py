"""Which files a folder walk or a pattern leaves out: `--exclude` and the configuration's
`exclude` (the .gitignore dialect, matched with `pathspec`), and what git ignores in a work tree.

Both are loaded only when a walk or an exclude needs them: a run over named files starts no git
process and imports no matcher. Files named one by one on the command line are always checked.
"""

import contextlib
import os
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Final, NamedTuple

if TYPE_CHECKING:
    import pathspec

GIT_TIMEOUT_SECONDS: Final = 30


class Skip(NamedTuple):
    """What to leave out of folder walks and pattern expansions."""

    patterns: tuple[str, ...] = ()
    """.gitignore-dialect patterns, matched against a path as given and relative to `root`."""
    root: Path | None = None
    """The configuration file's folder (its patterns are written relative to it)."""
    use_ignore_files: bool = True
    """Leave out what git ignores (.gitignore, .git/info/exclude, the global excludes file)."""


class Excluder:
    """Answers "is this path left out?" for one run; builds the matcher on first use."""

    def __init__(self, skip: Skip) -> None:
        self.skip = skip
        self._spec: pathspec.GitIgnoreSpec | None = None

    def _matcher(self) -> "pathspec.GitIgnoreSpec":
        if self._spec is None:
            import pathspec  # noqa: PLC0415 - only --exclude patterns need it

            self._spec = pathspec.GitIgnoreSpec.from_lines(self.skip.patterns)
        return self._spec

    def excluded(self, path: str, folder: bool = False) -> bool:
        """True when `path` (a folder when `folder`) matches an exclude pattern."""
        if not self.skip.patterns:
            return False
        suffix = "/" if folder else ""
        names = {PurePath(path).as_posix()}
        if self.skip.root is not None:
            with contextlib.suppress(ValueError, OSError):
                names.add(Path(path).resolve().relative_to(self.skip.root).as_posix())
        matcher = self._matcher()
        return any(matcher.match_file(name + suffix) for name in names if name not in (".", ""))

    def git_ignored(self, directory: str) -> frozenset[str]:
        """What git ignores under `directory` in its work tree, as paths relative to it (a
        folder ends with "/"); nothing outside a work tree, without git, or with --no-ignore."""
        if not self.skip.use_ignore_files:
            return frozenset()
        import subprocess  # noqa: PLC0415 - only folder walks need it

        command = ["git", "-C", directory, "ls-files", "--others", "--ignored"]
        command += ["--exclude-standard", "--directory", "-z"]
        try:
            listed = subprocess.run(
                command,
                capture_output=True,
                check=False,
                timeout=GIT_TIMEOUT_SECONDS,
                env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"},
            )
        except (OSError, subprocess.SubprocessError):
            return frozenset()
        if listed.returncode != 0:
            return frozenset()
        return frozenset(os.fsdecode(name) for name in listed.stdout.split(b"\0") if name)
