"""Findings: every problem the toolkit reports, as plain immutable data.

Parse problems, schema violations and semantic rules all produce the same `Finding`, so every
reporter (text, JSON, SARIF, GitHub) handles every kind of problem the same way.

The types are NamedTuples, not frozen dataclasses: just as immutable and typed, but a dataclass
writes and compiles its methods when its module is imported, and with the `dataclasses` module
itself (which imports `inspect`) that cost every `validate-campaign` process about a fifth of a
one-file run. Change one with `finding._replace(severity=...)`.
"""

import enum
import functools
import operator
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final, NamedTuple

if TYPE_CHECKING:
    import json

PROJECT_URL: Final = "https://example.invalid/campaign-contract"
"""The project's address, the one constant every link the tools print is made from.

A placeholder (`.invalid` never resolves) until the repository has a public address; the README
and pyproject's project URLs use the same one. Change it here when the address is known."""

RULES_DOC_URL: Final = f"{PROJECT_URL}/blob/main/docs/rules.md"
"""The rule catalogue, docs/rules.md, as published; each rule's section is its id (`#json-bom`)."""


class Severity(enum.IntEnum):
    """How serious a finding is; larger is more severe, so thresholds compare with `>=`."""

    NOTE = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        """The lower-case name used on the command line and in every output format."""
        return _LABELS[self]  # read per finding by every reporter; `self.name` is slow

    @classmethod
    def parse(cls, text: str) -> "Severity":
        """`"error"` -> `Severity.ERROR`; raises `ValueError` naming the accepted values."""
        try:
            return cls[text.upper()]
        except KeyError:
            choices = ", ".join(s.label for s in cls)
            raise ValueError(f"unknown severity {text!r} (expected one of: {choices})") from None


_LABELS: Final = ("", *(severity.name.lower() for severity in sorted(Severity)))
"""Each severity's label, at the index of its value (1, 2, 3)."""


class Position(NamedTuple):
    """A place in a text file: 1-based line, 1-based column counted in characters."""

    line: int
    column: int


class Span(NamedTuple):
    """A range of source text; `end` is exclusive (the character just after the token)."""

    start: Position
    end: Position

    @classmethod
    def at(cls, line: int, column: int, width: int = 1) -> "Span":
        """A span of `width` characters on one line."""
        return cls(Position(line, column), Position(line, column + width))


WHOLE_FILE = Span(Position(1, 1), Position(1, 1))
"""The span used when a problem has no better place (unreadable or empty file)."""


class Related(NamedTuple):
    """Another place that explains a finding, e.g. the first of two duplicate keys."""

    message: str
    pointer: str
    span: Span
    file: str | None = None
    """`None` means the same file as the finding; cross-file rules name the other file."""


class Edit(NamedTuple):
    """Replace the source text at `span` with `text` (an empty span inserts, empty text deletes)."""

    span: Span
    text: str


class Fix(NamedTuple):
    """A mechanical repair of a finding: minimal text edits at its place (see `lint.fixes`)."""

    description: str
    """What the fix does, e.g. `rename "send_amout" to "send_amount"`."""
    edits: tuple[Edit, ...]
    safe: bool = True
    """Safe fixes keep the payload's meaning and run with `--fix`; unsafe ones (removing a
    block) only with `--unsafe-fixes`."""


class Finding(NamedTuple):
    """One problem in one file, anchored at a JSON Pointer and a span of source text."""

    rule: str
    severity: Severity
    message: str
    file: str
    pointer: str = ""
    span: Span = WHOLE_FILE
    related: tuple[Related, ...] = ()
    hint: str | None = None
    suppressed: bool = False
    """Set when a baseline or a configured suppression accepts this finding: still reported,
    never fails the run."""
    value: str | None = None
    """What the finding is about beyond its place, as compact JSON: the offending value of a
    finding on one value (`"Manual"`, `0`), the missing key of `schema-required`; None
    otherwise. Part of the fingerprint, which the wording of `message` is not."""
    fix: Fix | None = None
    """The repair `validate-campaign --fix` can make, when one exists."""

    @property
    def sort_key(self) -> tuple[str, Position, Position, str, str]:
        """Findings are reported by file, then position, then rule and message (`ORDER`)."""
        return ORDER(self)


ORDER: Final[Callable[[Finding], tuple[str, Position, Position, str, str]]] = operator.attrgetter(
    "file", "span.start", "span.end", "rule", "message"
)
"""How findings are ordered, read in C: the key to sort many findings by (`Finding.sort_key`,
a Python call per finding, would be most of the cost of a sort)."""


class RuleInfo(NamedTuple):
    """What a rule id means: the catalogue entry behind `--list-rules`, `--explain` and SARIF."""

    id: str
    default_severity: Severity
    summary: str
    """One line, shown by `--list-rules` and as SARIF `shortDescription`."""
    explanation: str
    """Why the rule exists and how to fix a finding; SARIF `fullDescription` and `help`."""
    valid_example: str = ""
    """A JSON snippet the rule accepts (shown by `--explain`)."""
    invalid_example: str = ""
    """A JSON snippet the rule reports (shown by `--explain`)."""

    @property
    def help_uri(self) -> str:
        """The rule's section of the published rule catalogue (SARIF `helpUri`)."""
        return f"{RULES_DOC_URL}#{self.id}"


def value_of(value: Any) -> str | None:
    """The `Finding.value` of an offending value: a scalar as compact JSON (1.0 as 1), None
    for an object or a list, whose contents would make the identity change with every edit."""
    if isinstance(value, dict | list):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = json_literal(value)
    return text if text is not None else _compact_json().encode(value)


def json_literal(value: Any) -> str | None:
    """The JSON text of null, a boolean or an integer, as `json.dumps` writes it; None for any
    other value. Written directly: a JSON encoder builds a new C encoder on every call for
    anything but a string, which costs a finding on a number five times its value's text."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    return int.__repr__(value) if type(value) is int else None


@functools.cache
def _compact_json() -> "json.JSONEncoder":
    """`json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)` as one
    encoder, built once: `json.dumps` with options builds a new one on every call, and a big
    run has tens of thousands of findings."""
    import json  # noqa: PLC0415 - --version loads this module; json is not needed there

    return json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=str)


def fingerprint(finding: Finding) -> str:
    """A stable identity for `finding`: sha256 of rule, file (with `/`), pointer and `value`.

    Never line numbers, so it survives edits elsewhere in the file, and never the message, so
    it survives a rewording; baselines and SARIF's `partialFingerprints` both use it. A file
    name that is not UTF-8 (lone surrogates) hashes too: surrogates are encoded as they are,
    never refused."""
    import hashlib  # noqa: PLC0415 - only baselines and SARIF need it

    parts = (finding.rule, posix_name(finding.file), finding.pointer, finding.value or "")
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:32]


@functools.lru_cache(maxsize=256)
def posix_name(file: str) -> str:
    """`file` with `/` separators, as `PurePath(file).as_posix()` writes it (`./a//b` is
    `a/b`). Remembered per name: a file's findings come together, and a path object costs
    several times the fingerprint's hash."""
    from pathlib import PurePath  # noqa: PLC0415 - --version loads this module

    return PurePath(file).as_posix()
