"""Which optional parts of the toolkit are installed, read from the package's own metadata.

The default install is the linter (`validate-campaign`, `campaign-contract schema`); every
other part needs an extra: `pip install 'campaign-contract[client]'`. The extras and what they
contain are declared once, in `[project.optional-dependencies]` of `pyproject.toml`; this module
reads them back from the installed distribution's `Requires-Dist` lines, so adding a dependency
to an extra is a change to that one line. A distribution installed at a version outside its
declared bounds (an older pydantic already in the environment, say) counts as missing. A part
calls `require(extra, part)` before importing what the extra brings, and a missing extra is a
`MissingExtraError` naming it.
"""

from __future__ import annotations

import functools
import operator
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


def _version(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


_SPECIFIER: Final = re.compile(r"^\s*[A-Za-z0-9][A-Za-z0-9._-]*\s*(?:\[[^\]]*\])?\s*\(?([^;)]*)")
_CLAUSE: Final = re.compile(r"^(>=|<=|==|!=|>|<)\s*(\d+(?:\.\d+)*)")
_COMPARE: Final = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
    "!=": operator.ne,
}


@functools.cache
def _bounds() -> dict[str, str]:
    """Distribution -> its declared version bounds (`>=2.14`, `<0.61,>=0.49`), every extra's."""
    try:
        lines = metadata.requires(DISTRIBUTION) or []
    except metadata.PackageNotFoundError:
        return {}
    bounds = {}
    for line in lines:
        name, specifier = _REQUIREMENT.match(line), _SPECIFIER.match(line)
        assert name
        assert specifier
        bounds[_normalise(name["name"])] = specifier[1].strip()
    return bounds


def _release(version: str) -> tuple[int, ...]:
    digits = re.match(r"\d+(?:\.\d+)*", version)
    return tuple(int(part) for part in digits[0].split(".")) if digits else ()


def _outside_bounds(distribution: str) -> str | None:
    """`pydantic>=2.14 (2.13.4 installed)` when the installed version is outside the declared
    bounds (compared on the release numbers), else None."""
    specifier = _bounds().get(distribution, "")
    installed = _version(distribution)
    if installed is None:
        return None
    for clause in (part.strip() for part in specifier.split(",")):
        parsed = _CLAUSE.match(clause)
        if parsed is None:  # empty, `~=`, `===`: the installer enforced those
            continue
        bound, have = _release(parsed[2]), _release(installed)
        width = max(len(bound), len(have))
        have, bound = have + (0,) * (width - len(have)), bound + (0,) * (width - len(bound))
        if not _COMPARE[parsed[1]](have, bound):
            return f"{distribution}{specifier} ({installed} installed)"
    return None


def missing(extra: str) -> tuple[str, ...]:
    """The distributions of `extra` that are not installed, or installed at a version outside
    the declared bounds (none when nothing can be checked)."""
    extras = declared()
    if extras is None:
        return ()
    assert extra in extras, f"{extra!r} is not an extra of {DISTRIBUTION}: {sorted(extras)}"
    absent = []
    for name in extras[extra]:
        if not _installed(name):
            absent.append(name)
        elif (outdated := _outside_bounds(name)) is not None:
            absent.append(outdated)
    return tuple(absent)


def require(extra: str, part: str) -> None:
    """Raise `MissingExtraError` if `part` cannot work because `extra` is not installed."""
    absent = missing(extra)
    if absent:
        raise MissingExtraError(part, extra, absent)
