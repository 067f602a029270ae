"""Which optional parts of the toolkit are installed, read from the package's own metadata.

The default install is the linter (`validate-campaign`, `campaign-contract schema`); every
other part needs an extra: `pip install 'campaign-contract[client]'`. The extras and what they
contain are declared once, in `[project.optional-dependencies]` of `pyproject.toml`; this module
reads them back from the installed distribution's `Requires-Dist` lines, so adding a dependency
to an extra is a change to that one line. A part calls `require(extra, part)` before importing
what the extra brings, and a missing extra is a `MissingExtraError` naming it.
"""

from __future__ import annotations

import functools
import re
from importlib import metadata
from typing import Final

from campaign_contract.errors import MissingExtraError

DISTRIBUTION: Final = "campaign-contract"

_REQUIREMENT: Final = re.compile(
    r"^\s*(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[(?P<extras>[^\]]*)\])?[^;]*"
    r"(?:;\s*extra\s*==\s*[\"'](?P<extra>[^\"']+)[\"']\s*)?$"
)


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@functools.cache
def declared() -> dict[str, tuple[str, ...]] | None:
    """Extra -> the distributions it needs (an extra of this package expanded into its own
    distributions), as installed; None when the toolkit runs from a source tree without
    metadata, where nothing can be checked."""
    try:
        lines = metadata.requires(DISTRIBUTION) or []
    except metadata.PackageNotFoundError:
        return None
    direct: dict[str, list[str]] = {}
    for line in lines:
        match = _REQUIREMENT.match(line)
        assert match, f"a Requires-Dist line this module cannot read: {line!r}"
        extra = match["extra"] or ""
        direct.setdefault(extra, []).append(line)
    return {extra: _expand(extra, direct) for extra in direct if extra}


def _expand(extra: str, direct: dict[str, list[str]]) -> tuple[str, ...]:
    names: dict[str, None] = {}
    for line in direct.get(extra, []):
        match = _REQUIREMENT.match(line)
        assert match
        name = _normalise(match["name"])
        if name == DISTRIBUTION:
            for inner in (match["extras"] or "").split(","):
                names.update(dict.fromkeys(_expand(inner.strip(), direct)))
        else:
            names[name] = None
    return tuple(names)


def _installed(distribution: str) -> bool:
    try:
        metadata.distribution(distribution)
    except metadata.PackageNotFoundError:
        return False
    return True


def missing(extra: str) -> tuple[str, ...]:
    """The distributions of `extra` that are not installed (none when nothing can be checked)."""
    extras = declared()
    if extras is None:
        return ()
    assert extra in extras, f"{extra!r} is not an extra of {DISTRIBUTION}: {sorted(extras)}"
    return tuple(name for name in extras[extra] if not _installed(name))


def require(extra: str, part: str) -> None:
    """Raise `MissingExtraError` if `part` cannot work because `extra` is not installed."""
    absent = missing(extra)
    if absent:
        raise MissingExtraError(part, extra, absent)
