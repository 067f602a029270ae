"""The payload files a language server knows, and their findings.

`Payloads` answers what `validate-campaign` would say about one file's current text: the same
loader, schema verdict and semantic rules (`lint.check_bytes`), the nearest
`[tool.validate-campaign]` configuration (its `include`, severities, `campaign-ids`), and the
cross-file rules across the open documents and the workspace's payload files on disk. Files are
named as a run from the workspace folder names them: relative to it.
"""

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from campaign_contract import source
from campaign_contract.findings import Finding, Position
from campaign_contract.lint import inputs, rules
from campaign_contract.lint.config import Config, apply, load_config
from campaign_contract.lint.runner import all_rules, check_bytes
from campaign_contract.lint.schema_findings import SchemaValidator, packaged_validator


def _now() -> datetime:
    return datetime.now(UTC)


class Analysis(NamedTuple):
    """What the linter says about one file's text: its findings (configured, cross-file rules
    included) and the document, when it loaded."""

    findings: list[Finding]
    document: source.Document | None


class Payloads:
    """Open documents and the workspace's payload files, checked as `validate-campaign` would.

    `clock` gives the time the time-dependent rules compare with (the machine's, like the
    command line's). A configuration that is not valid raises `UsageError` from `config_for`,
    `is_payload` and `analyse`.
    """

    def __init__(
        self,
        root: Path | None,
        clock: Callable[[], datetime] = _now,
        validator: SchemaValidator | None = None,
    ) -> None:
        self.root = root.resolve() if root is not None else None
        self.clock = clock
        self.validator = validator or packaged_validator()
        self._configs: dict[Path, Config] = {}
        self._on_disk: dict[str, source.Document] = {}
        self._open: dict[str, source.Document | None] = {}
        """Open documents by name; None for one whose current text does not load (its text on
        disk must not stand in for it)."""

    def name(self, path: Path) -> str:
        """`path` as a run from the workspace folder names it."""
        if self.root is not None:
            try:
                return path.resolve().relative_to(self.root).as_posix()
            except ValueError:
                pass
        return str(path)

    def config_for(self, path: Path) -> Config:
        """The configuration that applies to `path` (read once per folder until `forget`)."""
        folder = path.parent
        config = self._configs.get(folder)
        if config is None:
            config = self._configs[folder] = load_config(folder, known_rules=all_rules())
        return config

    def forget_configuration(self) -> None:
        """Read the configuration files again when next needed (one was saved)."""
        self._configs.clear()

    def is_payload(self, path: Path) -> bool:
        """Whether the configuration's `include` globs select `path`."""
        return self.config_for(path).includes(str(path.resolve()))

    def analyse(self, path: Path, text: str) -> Analysis:
        """The findings for `text`, the current content of the file at `path`."""
        config = self.config_for(path)
        absolute = str(path.resolve())
        name = self.name(path)
        checked = check_bytes(
            text.encode("utf-8", "surrogatepass"),
            name,
            self.validator,
            self.clock(),
            config.campaign_id_for(absolute),
        )
        self._open[name] = checked.document
        own = [f for f in self.cross_file() if f.file == name]
        configured = _configured(config, absolute, [*checked.findings, *own])
        # What the configuration accepts (suppressed) never fails CI: the editor leaves it out.
        findings = sorted((f for f in configured if not f.suppressed), key=_order)
        return Analysis(findings, checked.document)

    def findings_of(self, path: Path, data: bytes) -> list[Finding]:
        """The configured findings of `data` as the content of `path`, without the cross-file
        rules and without keeping anything: how a fix is checked again."""
        config = self.config_for(path)
        absolute = str(path.resolve())
        checked = check_bytes(
            data, self.name(path), self.validator, self.clock(), config.campaign_id_for(absolute)
        )
        return _configured(config, absolute, checked.findings)

    def close(self, path: Path) -> None:
        """The editor closed `path`: its text on disk counts again."""
        self._open.pop(self.name(path), None)

    def saved(self, path: Path) -> None:
        """`path` was saved, created or changed on disk: read it again for the cross-file rules
        when it is a payload file."""
        if self.is_payload(path):
            self._read(path)
        else:
            self.deleted(path)

    def deleted(self, path: Path) -> None:
        """`path` is gone from the disk."""
        self._on_disk.pop(self.name(path), None)

    def scan(self) -> None:
        """Read every payload file of the workspace folder (the configuration's `include`
        selects them, as in `validate-campaign .`), for the cross-file rules; an open document
        the configuration no longer selects is compared no more."""
        self._on_disk.clear()
        self._open = {
            name: document
            for name, document in self._open.items()
            if self.is_payload(self.path_of(name))
        }
        if self.root is None:
            return
        config = self.config_for(self.root / "pyproject.toml")
        items, _ = inputs.expand([str(self.root)], include=config.walk_filter())
        for item in items:
            assert item.path is not None, "a folder walk yields files"
            self._read(Path(item.path))

    def path_of(self, name: str) -> Path:
        """The file `name` names (the inverse of `name`)."""
        return self.root / name if self.root is not None else Path(name)

    def _read(self, path: Path) -> None:
        name = self.name(path)
        data = inputs.read(inputs.Input(name, str(path)), source.MAX_BYTES + 1)
        document = source.load(data, name)[0] if isinstance(data, bytes) else None
        if document is None:
            self._on_disk.pop(name, None)
        else:
            self._on_disk[name] = document

    def cross_file(self) -> list[Finding]:
        """`duplicate-campaign-id` and `-name` across the workspace: the open documents' current
        text, and the files on disk that are not open, in the order of a folder walk."""
        return rules.check_cross_file(sorted(self.documents().items()))

    def documents(self) -> dict[str, source.Document]:
        """Every document the cross-file rules compare, by name."""
        merged = {**self._on_disk, **self._open}
        return {name: document for name, document in merged.items() if document is not None}


def _configured(config: Config, absolute: str, findings: list[Finding]) -> list[Finding]:
    """`findings` as the configuration has them for the file at `absolute` (the command line's
    `config.apply`, matching the globs against the file's own path)."""
    name = findings[0].file if findings else ""
    applied = apply(config, [finding._replace(file=absolute) for finding in findings])
    return [finding._replace(file=name) for finding in applied]


def _order(finding: Finding) -> tuple[str, Position, Position, str, str]:
    return finding.sort_key
