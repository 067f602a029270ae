"""The contract change gate: classified schema changes as findings, and the exit code of a run.

`execute(options, out)` loads the OLD schemas (a folder, a git revision or the merge base with a
branch) and the NEW ones, classifies every change with `compat.compare`, and renders the findings
through the linter's reporters. Breaking and unclassified changes fail the run unless the role's
root schema acknowledges them with a major bump of its `x-contract-version`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, TextIO

import jsonschema_rs

from campaign_contract import __version__, source
from campaign_contract.errors import SchemaError, UsageError
from campaign_contract.findings import ORDER, WHOLE_FILE, Finding, RuleInfo, Severity, Span
from campaign_contract.gate.compat import Change, Role, Verdict, compare
from campaign_contract.gate.revisions import merge_base, schemas_at, toplevel
from campaign_contract.reporters import Report, get_reporter
from campaign_contract.schema import SCHEMA_FILES, SchemaSet

VERSION_KEY: Final = "x-contract-version"
"""The root-schema annotation whose major number acknowledges an intended breaking change."""

BREAKING_REQUEST: Final = "breaking-request-change"
BREAKING_RESPONSE: Final = "breaking-response-change"
UNCLASSIFIED: Final = "unclassified-change"
SAFE: Final = "safe-change"
ANNOTATION: Final = "annotation-change"

RULES: Final[dict[str, RuleInfo]] = {
    rule.id: rule
    for rule in (
        RuleInfo(
            BREAKING_REQUEST,
            Severity.ERROR,
            "A payload that the old request schema accepts is rejected by the new one.",
            "Payload files and producers written against the old contract stop validating. "
            "The finding carries a witness: a minimal payload the old schema accepts and the "
            "new one rejects. Loosen the change, or bump the major `x-contract-version` of "
            "the request schema to acknowledge it.",
        ),
        RuleInfo(
            BREAKING_RESPONSE,
            Severity.ERROR,
            "A response that the new response schema allows is rejected by a client built on "
            "the old one.",
            "Clients generated from or validating against the old contract cannot read every "
            "response the server may now send. The witness is such a response. Bump the major "
            "`x-contract-version` of the response schema to acknowledge it.",
        ),
        RuleInfo(
            UNCLASSIFIED,
            Severity.ERROR,
            "A schema change that the gate cannot prove safe nor show breaking.",
            "The keyword is not modelled, or no witness was found for a change that may "
            "narrow (request) or widen (response) the contract. It fails the gate like a "
            "breaking change: review it, then acknowledge it with a major version bump.",
        ),
        RuleInfo(
            SAFE,
            Severity.NOTE,
            "A schema change that breaks nobody in this role.",
            "Requests: the new schema accepts every payload the old one accepted. Responses: "
            "every response the new schema allows was allowed before.",
        ),
        RuleInfo(
            ANNOTATION,
            Severity.NOTE,
            "An annotation (`default`, `examples`, `deprecated`, ...) changed.",
            "Annotations change no validation result, but generated models and readers of the "
            "contract rely on them.",
        ),
    )
}


def contract_major(schemas: SchemaSet, root: str) -> int:
    """The major number of `x-contract-version` in `root` (0 when absent)."""
    value = schemas.documents[root].get(VERSION_KEY, "0")
    try:
        return int(str(value).split(".", 1)[0])
    except ValueError:
        raise SchemaError(f"{root}: {VERSION_KEY} {value!r} does not start with a number") from None


def _finding(change: Change, acknowledged: bool) -> Finding:
    """The finding of one change, without its place (file, span) in the NEW files."""
    role, request = change.role.value, change.role is Role.REQUEST
    where = f"{change.path or '/'}" + (
        f" (and {len(change.other_paths)} more)" if change.other_paths else ""
    )
    hint = None
    if change.verdict is Verdict.BREAKING:
        rule = BREAKING_REQUEST if request else BREAKING_RESPONSE
        effect = (
            "a payload the old schema accepts is rejected"
            if request
            else "a response the new schema allows is rejected by a client built on the old one"
        )
        side = "old accepts, new rejects" if request else "new allows, old rejects"
        hint = f"witness ({change.root}, {side}): {change.witness}"
    elif change.verdict is Verdict.UNKNOWN:
        rule, effect = UNCLASSIFIED, f"cannot tell whether this breaks {role}s; no witness found"
    elif change.verdict is Verdict.SAFE:
        rule, effect = SAFE, f"safe for {role}s"
    else:  # the same for every role: the message names none
        rule, effect, role = ANNOTATION, "annotation only, no validation result changes", ""
    acknowledged = acknowledged and rule not in (SAFE, ANNOTATION)
    if acknowledged:
        hint = f"{hint + '; ' if hint else ''}acknowledged by a major {VERSION_KEY} bump"
    return Finding(
        rule=rule,
        severity=RULES[rule].default_severity,
        message=f"{role + ' ' if role else ''}{where}: {change.summary}: {effect}",
        file=change.file,
        pointer=change.pointer,
        hint=hint,
        suppressed=acknowledged,
    )


def findings(
    changes: tuple[Change, ...],
    old: SchemaSet,
    new: SchemaSet,
    display: Callable[[str], str] = str,
    locate: Callable[[str, str], Span] = lambda file, pointer: WHOLE_FILE,
) -> tuple[Finding, ...]:
    """The changes as findings at their keyword in the NEW files; acknowledged ones suppressed.

    `display` turns a schema file name into the path shown; `locate` gives the span of a JSON
    Pointer in a NEW schema file. An annotation change is reported once, not once per role."""
    result: dict[tuple[Any, ...], Finding] = {}
    for change in changes:
        acknowledged = contract_major(new, change.root) > contract_major(old, change.root)
        finding = _finding(change, acknowledged)
        key: tuple[str, ...] = (finding.rule, change.file, change.pointer, change.summary)
        if finding.rule != ANNOTATION:
            key += (finding.message,)
        if key not in result:
            result[key] = finding._replace(
                file=display(change.file),
                span=locate(change.file, change.pointer),
            )
    return tuple(sorted(result.values(), key=ORDER))


SUPPRESSED_BY: Final = f"a major {VERSION_KEY} bump"
"""What the gate's summaries say accepted a suppressed change."""


def failed(found: tuple[Finding, ...]) -> bool:
    """True when an unacknowledged breaking or unclassified change was found."""
    return any(f.severity >= Severity.ERROR and not f.suppressed for f in found)


def load_directory(directory: Path) -> SchemaSet:
    """The schema folder `directory`, with a usage error when it is not one."""
    if not directory.is_dir():
        raise UsageError(f"{directory} is not a folder of schema files")
    return SchemaSet.from_directory(directory)


def check_schemas(schemas: SchemaSet, origin: str) -> SchemaSet:
    """`schemas`, once each file is a valid 2020-12 schema (else a `SchemaError` naming it)."""
    # Imported where used, so that an install whose gate extra lost jsonschema is named even
    # after this module loaded (tests/distribution/test_extras.py).
    from jsonschema import Draft202012Validator  # noqa: PLC0415 - the gate extra may be missing
    from jsonschema.exceptions import SchemaError as InvalidSchema  # noqa: PLC0415 - idem

    for name, document in schemas.documents.items():
        if jsonschema_rs.meta.is_valid(document):
            continue  # the fast check; the reference one below only to explain a failure
        try:
            Draft202012Validator.check_schema(document)
        except InvalidSchema as error:
            where = "/".join(str(p) for p in error.absolute_path)
            raise SchemaError(
                f"{origin}/{name}: not a valid schema at /{where}: {error.message}"
            ) from None
    return schemas


@dataclass(frozen=True)
class GateOptions:
    """What to compare and how to report it (the parsed command line)."""

    old: Path | None = None
    new: Path | None = None
    against: str | None = None
    """A git revision whose `schemas/` is OLD; NEW is the work tree's `schemas/`."""
    merge_base_with: str | None = None
    """A branch: OLD is `schemas/` at the merge base of HEAD and it; no merge base, no run."""
    repo: Path = Path()
    output_format: str = "text"


def _line_text(file: str, line: int) -> str | None:
    try:
        lines = Path(file).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return lines[line - 1] if 0 < line <= len(lines) else None


def execute(options: GateOptions, out: TextIO) -> int:
    """Run the gate: write the report to `out`, return 1 when it fails, else 0."""

    against = options.against
    if options.merge_base_with is not None:
        against = merge_base(options.repo, options.merge_base_with)
        if against is None:
            out.write(f"no merge base with {options.merge_base_with}: nothing to compare\n")
            return 0
    if against is not None:
        top = toplevel(options.repo)
        old = check_schemas(schemas_at(top, against), against)
        new_dir = top / "schemas"
    else:
        assert options.old is not None, "OLD is required without a git revision"
        assert options.new is not None, "NEW is required without a git revision"
        old, new_dir = check_schemas(load_directory(options.old), str(options.old)), options.new
    new = check_schemas(load_directory(new_dir), str(new_dir))

    def display(name: str) -> str:
        path = new_dir / name
        if path.is_absolute() and path.is_relative_to(Path.cwd()):
            return str(path.relative_to(Path.cwd()))
        return str(path)

    found = findings(compare(old, new), old, new, display, locate=_locator(new_dir))
    report = Report(found, len(SCHEMA_FILES), RULES, tool_version(), _line_text, SUPPRESSED_BY)
    out.write(get_reporter(options.output_format).render(report))
    return 1 if failed(found) else 0


def _locator(folder: Path) -> Callable[[str, str], Span]:
    """Spans in the NEW schema files: a keyword's key token, or the `{` of an object at root."""

    documents: dict[str, source.Document | None] = {}

    def locate(name: str, pointer: str) -> Span:
        if name not in documents:
            try:
                documents[name] = source.load((folder / name).read_bytes(), name)[0]
            except OSError:
                documents[name] = None
        document = documents[name]
        if document is None:
            return WHOLE_FILE
        key = document.key_span(pointer)
        return key if key is not None else document.opening_span(pointer)

    return locate


def tool_version() -> str:
    """The installed package's version, for the reporters."""

    return __version__
