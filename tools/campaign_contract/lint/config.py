"""The linter's configuration: the `[tool.validate-campaign]` table of `pyproject.toml`.

Found by walking up from a start directory to the nearest `pyproject.toml` that has the table,
or read from an explicit file (`--config`): a `pyproject.toml` (its `[tool.validate-campaign]`
table, which must exist) or any other TOML file, whose top level is the table itself. Every
mistake (unknown key, unknown rule id, bad value) is a `UsageError` naming the file and the key.
"""

import contextlib
import fnmatch
import json
from collections.abc import Callable, Collection, Iterable, Mapping
from pathlib import Path, PurePath
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from campaign_contract.errors import UsageError
from campaign_contract.findings import Finding, Severity
from campaign_contract.ids import canonical_campaign_id
from campaign_contract.lint.inputs import decode_option_file, read_option_file
from campaign_contract.lint.suggest import suggest
from campaign_contract.reporters import FORMATS

if TYPE_CHECKING:
    from campaign_contract.lint.suppressions import Suppression

TABLE: Final = "tool.validate-campaign"
KEYS: Final = (
    "severity",
    "per-file",
    "fail-on",
    "format",
    "campaign-ids",
    "include",
    "exclude",
    "suppress",
)
PER_FILE_KEYS: Final = ("files", "severity")
OFF: Final = "off"
DEFAULT_INCLUDE: Final = ("*.json",)
"""Every JSON file is a payload unless `include` says otherwise (`*` also crosses `/`)."""
THRESHOLDS: Final = ("error", "warning", "note")
"""The values of `fail-on`: a severity ("off" is not a threshold)."""
LEVELS: Final = (*THRESHOLDS, OFF)
"""The values of a rule's severity."""

SeverityMap = Mapping[str, Severity | None]
"""Rule id -> new severity, or None to turn the rule off."""


class PerFile(NamedTuple):
    """Severity changes that apply only to files matching one of `files`."""

    files: tuple[str, ...]
    severity: SeverityMap


class Config(NamedTuple):
    """Validated settings; `Config()` is the configuration of a project without any."""

    severity: SeverityMap = MappingProxyType({})
    per_file: tuple[PerFile, ...] = ()
    fail_on: Severity = Severity.ERROR
    """The run fails when an unsuppressed finding is at least this severe."""
    format: str | None = None
    campaign_ids: tuple[tuple[str, str], ...] = ()
    """(file glob, campaign id) pairs, in file order."""
    include: tuple[str, ...] = DEFAULT_INCLUDE
    """Globs of the payload files: folder walks and the language server check only these."""
    exclude: tuple[str, ...] = ()
    """Files and folders that folder walks and patterns leave out (.gitignore dialect)."""
    root: Path | None = None
    """The directory of the configuration file; globs also match paths relative to it."""
    source: Path | None = None
    """The file the settings came from (None for the defaults)."""
    suppress: tuple["Suppression", ...] = ()
    """Accepted findings (file globs, a pointer, a reason), in file order."""

    def _matches(self, patterns: Iterable[str], file: str) -> bool:
        names = {PurePath(file).as_posix()}
        if self.root is not None:
            # a file outside the project matches only by the path as given
            with contextlib.suppress(ValueError):
                names.add(Path(file).resolve().relative_to(self.root).as_posix())
        return any(fnmatch.fnmatchcase(name, pattern) for name in names for pattern in patterns)

    def severity_for(self, rule: str, file: str, default: Severity) -> Severity | None:
        """The severity of `rule` in `file` (None = off): `severity`, then matching `per-file`.

        Later `per-file` entries win over earlier ones, and all of them over `severity`.
        """
        result: Severity | None = self.severity.get(rule, default)
        for entry in self.per_file:
            if rule in entry.severity and self._matches(entry.files, file):
                result = entry.severity[rule]
        return result

    def includes(self, file: str) -> bool:
        """Whether `file` is a payload file by the `include` globs."""
        return self._matches(self.include, file)

    def walk_filter(self) -> Callable[[str], bool] | None:
        """What a folder walk keeps: `includes`, or None for the default (every `*.json`,
        which the walk tests faster by itself)."""
        return None if self.include == DEFAULT_INCLUDE else self.includes

    def campaign_id_for(self, file: str) -> str | None:
        """The campaign id of the first `campaign-ids` glob matching `file`, if any."""
        for pattern, campaign_id in self.campaign_ids:
            if self._matches((pattern,), file):
                return campaign_id
        return None


def apply(config: Config, findings: Iterable[Finding]) -> list[Finding]:
    """`findings` with their configured severities, those a suppression accepts marked
    suppressed; findings of rules turned off are dropped."""
    result = []
    for finding in findings:
        severity = config.severity_for(finding.rule, finding.file, finding.severity)
        if severity is None:
            continue
        # Copied only when the severity changes: most runs change none of 10,000s of findings.
        result.append(
            finding if severity is finding.severity else finding._replace(severity=severity)
        )
    if config.suppress:
        from campaign_contract.lint import suppressions  # noqa: PLC0415 - only suppressions need it

        result = suppressions.mark(config.suppress, config._matches, result)
    return result


def unused_suppressions(
    config: Config, findings: Iterable[Finding], files: Iterable[str]
) -> list[Finding]:
    """An `unused-suppression` finding for each suppression that covers a checked file of
    `files` but accepted none of `findings` there."""
    if not config.suppress:
        return []
    from campaign_contract.lint import suppressions  # noqa: PLC0415 - only suppressions need it

    source = "<configuration>"
    if config.source is not None:
        source = str(config.source)
        with contextlib.suppress(ValueError):  # as the user sees it: relative when inside
            source = config.source.resolve().relative_to(Path.cwd()).as_posix()

    def text() -> "str | None":
        if config.source is None:
            return None
        try:
            return _read(config.source).decode("utf-8")
        except (UsageError, UnicodeDecodeError):  # read once already: gone or changed since
            return None

    return suppressions.unused(config.suppress, config._matches, findings, files, source, text)


def show(value: Any) -> str:
    """A TOML value as a message quotes it: as JSON, whatever its type."""

    return json.dumps(value, ensure_ascii=False, default=str)


def _suggest(word: Any, choices: Iterable[str]) -> str:
    match = suggest(word, choices) if isinstance(word, str) else None
    return f' (did you mean "{match}"?)' if match is not None else ""


class _Reader:
    """Validates one table, raising `UsageError`s that name the file and the key."""

    def __init__(self, source: Path, known_rules: Collection[str]) -> None:
        self.source = source
        self.known_rules = known_rules

    def fail(self, where: str, problem: str) -> UsageError:
        place = f"[{TABLE}] {where}" if where else f"[{TABLE}]"
        return UsageError(f"{self.source}: {place}: {problem}")

    def keys(self, table: Mapping[str, Any], allowed: Collection[str], where: str) -> None:
        for key in table:
            if key not in allowed:
                raise self.fail(where, f'unknown key "{key}"{_suggest(key, allowed)}')

    def severity_level(
        self, text: Any, where: str, allowed: tuple[str, ...] = LEVELS
    ) -> Severity | None:
        if text in allowed:
            return None if text == OFF else Severity.parse(text)
        shown = ", ".join(f'"{level}"' for level in allowed)
        raise self.fail(where, f"{show(text)} is not one of {shown}{_suggest(text, allowed)}")

    def severity_map(self, value: Any, where: str) -> dict[str, Severity | None]:
        if not isinstance(value, dict):
            raise self.fail(where, "must be a table of rule id = severity")
        result = {}
        for rule, level in value.items():
            if rule not in self.known_rules:
                raise self.fail(
                    where, f'unknown rule id "{rule}"{_suggest(rule, self.known_rules)}'
                )
            result[rule] = self.severity_level(level, f"{where}.{rule}")
        return result

    def per_file(self, value: Any) -> tuple[PerFile, ...]:
        if not isinstance(value, list):
            raise self.fail("per-file", "must be a list of tables ([[...per-file]])")
        entries = []
        for index, entry in enumerate(value):
            where = f"per-file[{index}]"
            if not isinstance(entry, dict):
                raise self.fail(where, "must be a table with files and severity")
            self.keys(entry, PER_FILE_KEYS, where)
            files = entry.get("files")
            if not (isinstance(files, list) and files and all(isinstance(f, str) for f in files)):
                raise self.fail(f"{where}.files", "must be a non-empty list of glob strings")
            severity = self.severity_map(entry.get("severity", {}), f"{where}.severity")
            entries.append(PerFile(tuple(files), severity))
        return tuple(entries)

    def patterns(self, value: Any, where: str) -> tuple[str, ...]:
        if not (isinstance(value, list) and all(isinstance(item, str) for item in value)):
            raise self.fail(where, "must be a list of .gitignore-style pattern strings")
        return tuple(value)

    def campaign_ids(self, value: Any) -> tuple[tuple[str, str], ...]:
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise self.fail("campaign-ids", "must be a table of file glob = campaign id")
        for pattern, campaign_id in value.items():
            if canonical_campaign_id(campaign_id) is None:
                problem = f"{show(campaign_id)} is not a campaign id (a canonical UUID)"
                raise self.fail(f'campaign-ids."{pattern}"', problem)
        return tuple(value.items())

    def include(self, value: Any) -> tuple[str, ...]:
        if not (isinstance(value, list) and value and all(isinstance(v, str) for v in value)):
            raise self.fail("include", "must be a non-empty list of glob strings")
        return tuple(value)

    def config(self, table: Mapping[str, Any]) -> Config:
        self.keys(table, KEYS, "")
        fail_on = self.severity_level(table.get("fail-on", "error"), "fail-on", THRESHOLDS)
        assert fail_on is not None, "THRESHOLDS has no off"
        output = table.get("format")
        if output is not None and output not in FORMATS:
            shown = ", ".join(show(name) for name in FORMATS)
            raise self.fail(
                "format", f"{show(output)} is not one of {shown}{_suggest(output, FORMATS)}"
            )
        return Config(
            severity=self.severity_map(table.get("severity", {}), "severity"),
            per_file=self.per_file(table.get("per-file", [])),
            fail_on=fail_on,
            format=output,
            campaign_ids=self.campaign_ids(table.get("campaign-ids", {})),
            include=self.include(table.get("include", list(DEFAULT_INCLUDE))),
            exclude=self.patterns(table.get("exclude", []), "exclude"),
            root=self.source.parent.resolve(),
            source=self.source,
            suppress=self.suppressions(table.get("suppress")),
        )

    def suppressions(self, value: Any) -> tuple["Suppression", ...]:
        if value is None:
            return ()
        from campaign_contract.lint import suppressions  # noqa: PLC0415 - only suppressions need it

        return suppressions.read(value, self.fail, self.known_rules)


_WHAT: Final = "configuration"


def _read(path: Path) -> bytes:
    """The bytes of a configuration file, read as safely as a payload (a FIFO or a device is
    refused, at most `inputs.OPTION_FILE_LIMIT`), or a `UsageError` naming it."""

    return read_option_file(str(path), _WHAT)


def _parse_toml(path: Path, data: bytes) -> dict[str, Any]:
    import tomllib  # noqa: PLC0415 - only a TOML configuration file needs it

    text = decode_option_file(str(path), _WHAT, data)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"{path}: not valid TOML: {error}") from None
    except RecursionError:
        raise UsageError(f"{path}: not valid TOML: nested too deeply") from None


def _tool_table(document: Mapping[str, Any]) -> Any:
    tool = document.get("tool")
    return tool.get("validate-campaign") if isinstance(tool, dict) else None


def _find_config(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """The nearest `pyproject.toml` with a `[tool.validate-campaign]` table, from `start` up,
    and its parsed document."""
    directory = start.resolve()
    for folder in (directory, *directory.parents):
        candidate = folder / "pyproject.toml"
        if not candidate.is_file():
            continue
        data = _read(candidate)
        # Most pyproject.toml files have no table of ours: skip parsing those (start-up time).
        if b"validate-campaign" not in data:
            continue
        document = _parse_toml(candidate, data)
        if _tool_table(document) is not None:
            return candidate, document
    return None


def find_config_file(start: Path) -> Path | None:
    """The nearest `pyproject.toml` with a `[tool.validate-campaign]` table, from `start` up."""
    found = _find_config(start)
    return found[0] if found is not None else None


def load_config(
    start: Path, explicit: Path | None = None, *, known_rules: Collection[str]
) -> Config:
    """The configuration for a run started in `start` (or read from `explicit`).

    A configuration file that cannot be read (missing, not a regular file, too large, not
    UTF-8) or is not valid is a `UsageError` naming it."""
    if explicit is not None:
        source, document = explicit, _parse_toml(explicit, _read(explicit))
    else:
        found = _find_config(start)
        if found is None:
            return Config()
        source, document = found
    if source.name == "pyproject.toml":
        table = _tool_table(document)
        if table is None:
            raise UsageError(f"{source}: has no [{TABLE}] table")
    else:
        table = document
    if not isinstance(table, dict):
        raise UsageError(f"{source}: [{TABLE}] must be a table")
    return _Reader(source, known_rules).config(table)
