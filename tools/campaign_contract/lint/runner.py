"""The payload linter as a library: check bytes or files, or run a whole command-line job.

`validate_bytes` and `validate_file` return the findings of one payload (parse, schema and
semantic rules) and never raise for a bad payload; `run` does what `validate-campaign` does
(expand inputs, check each, apply cross-file rules, configuration and baseline, report, choose
the exit code) and is what the CLI calls with a frozen `Options`.
"""

import contextlib
import gc
import io
import os
import sys
from array import array
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO, NamedTuple, TextIO

from campaign_contract import __version__, source
from campaign_contract.errors import UsageError
from campaign_contract.findings import ORDER, Finding, RuleInfo, Severity
from campaign_contract.lint import config as configuration
from campaign_contract.lint import inputs, outputs, rules, verdict
from campaign_contract.lint.config import Config, load_config
from campaign_contract.lint.excludes import Skip
from campaign_contract.lint.schema_findings import SchemaValidator, packaged_validator
from campaign_contract.reporters import Report
from campaign_contract.schema import SchemaSet

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_BROKEN = 3


class Checked(NamedTuple):
    """One input's findings, its document (None when it did not load), and its lines."""

    findings: list[Finding]
    document: source.Document | None
    line_text: Callable[[int], str | None]


def _no_text(line: int) -> None:
    return None


def _raw_lines(data: bytes) -> Callable[[int], str | None]:
    """Line lookup for input the strict loader rejected (decoded leniently, for display only)."""
    lines = data.decode("utf-8", errors="replace").splitlines()

    def line_text(line: int) -> "str | None":
        return lines[line - 1] if 0 < line <= len(lines) else None

    return line_text


def _installed_version() -> str:

    return __version__


def _now() -> datetime:

    return datetime.now(UTC)


def check_bytes(
    data: bytes,
    name: str,
    validator: SchemaValidator | None = None,
    now: datetime | None = None,
    campaign_id: str | None = None,
) -> Checked:
    """Findings for `data` reported under `name`, with its document and lines for reporters."""
    context = rules.RuleContext(name, now or _now(), campaign_id)
    findings, document = _check(data, name, validator or packaged_validator(), context)
    return Checked(findings, document, _line_lookup(data, document))


def _check(
    data: bytes, name: str, validator: SchemaValidator, context: rules.RuleContext
) -> tuple[list[Finding], source.Document | None]:
    """The sorted findings of the payload `data` named `name`, and its document (None when it
    did not load). `context` may name another file (a run shares one): a context naming `name`
    is built only when a rule has to run, which the usual clean file never needs."""
    too_large = source.oversize_finding(name, len(data))
    if too_large is not None:
        return [too_large], None
    document, findings = source.load(data, name)
    if document is None:
        return _with_fixes(findings, data, None), None
    schema_findings = verdict.schema_findings(document, name, validator)
    checks = rules.awake(document.value, context)
    if checks:
        if context.file != name:
            context = rules.RuleContext(name, context.now, context.campaign_id)
        errors = frozenset(f.pointer for f in schema_findings)
        semantic = rules.run_checks(document, context, errors, checks)
        findings = [*findings, *schema_findings, *semantic]
    elif schema_findings:
        findings = [*findings, *schema_findings]
    if findings:
        findings.sort(key=ORDER)
        findings = _with_fixes(findings, data, document)
    return findings, document


def _with_fixes(
    findings: list[Finding], data: bytes, document: source.Document | None
) -> list[Finding]:
    """`findings` with the fixes that need the whole text (trailing commas, removals)."""
    from campaign_contract.lint.fixes import engine, suggest  # noqa: PLC0415 - only for findings

    if document is not None:
        return suggest.attach(findings, document.text, document)
    decoded = engine.split_bom(data)
    return suggest.attach(findings, None if decoded is None else decoded[1], None)


def _line_lookup(data: bytes, document: source.Document | None) -> Callable[[int], str | None]:
    """How reporters get the lines of a payload: from its document, else from its bytes."""
    if document is not None:
        return document.line_text
    return _no_text if len(data) > source.MAX_BYTES else _raw_lines(data)


def validate_bytes(
    data: bytes,
    name: str = "<bytes>",
    validator: SchemaValidator | None = None,
    now: datetime | None = None,
    campaign_id: str | None = None,
) -> list[Finding]:
    """Every finding for the payload `data`, reported under file name `name`, sorted.

    `now` (default the clock; without an offset it is UTC) and `campaign_id` feed the
    semantic rules.
    """
    return check_bytes(data, name, validator, now, campaign_id).findings


def validate_file(
    path: str | os.PathLike[str],
    validator: SchemaValidator | None = None,
    now: datetime | None = None,
    campaign_id: str | None = None,
) -> list[Finding]:
    """Every finding for the payload file at `path` (a missing file is a finding too)."""
    name = os.fspath(path)
    data = inputs.read(inputs.Input(name, name), source.MAX_BYTES + 1)
    if isinstance(data, Finding):
        return [data]
    return validate_bytes(data, name, validator, now, campaign_id)


def rule_groups() -> tuple[tuple[str, tuple[RuleInfo, ...]], ...]:
    """Every rule the linter can report, in the catalogue's titled parts."""
    from campaign_contract.lint import schema_findings, tool_rules  # noqa: PLC0415 - slow path only

    return (
        ("Inputs", inputs.RULES),
        ("Loading", source.RULES),
        ("Schema", schema_findings.RULES),
        ("Semantic rules", rules.RULES),
        ("Fixes and suppressions", tool_rules.RULES),
    )


def all_rules() -> dict[str, RuleInfo]:
    """The catalogue of every rule id the linter can report."""
    return {rule.id: rule for _, group in rule_groups() for rule in group}


class Options(NamedTuple):
    """Everything a `validate-campaign` run needs, as parsed from the command line.

    `None` means "not given": the configuration file's value, else the default, applies.
    """

    paths: tuple[str, ...]
    stdin_filename: str | None = None
    format: str | None = None
    """Format printed on stdout; default: config, else `github` under GitHub Actions, else text."""
    outputs: tuple[tuple[str, str], ...] = ()
    """Extra (format, path) reports written in the same run."""
    fail_on: Severity | None = None
    color: bool = False
    traceback: bool = False
    tool_version: str = ""
    """The version the reports name; empty means the installed package's."""
    schema_dir: str | None = None
    """Check against the schema files in this folder instead of the installed ones."""
    config: str | None = None
    campaign_id: str | None = None
    now: datetime | None = None
    baseline: str | None = None
    write_baseline: str | None = None
    quiet: bool = False
    """Text on stdout: one line per finding, no frames, hints or summary."""
    verbose: bool = False
    """Say on stderr which configuration, schemas and files the run used."""
    statistics: bool = False
    """Text on stdout: the number of findings per rule instead of the findings."""
    exit_zero: bool = False
    """Exit 0 whatever the findings (the toolkit's own failures still raise)."""
    exclude: tuple[str, ...] = ()
    """Patterns (.gitignore dialect) of files and folders to skip, added to the config's."""
    use_ignore_files: bool = True
    """Folder walks in a git work tree skip what git ignores."""
    fix: bool = False
    """Make the fixes and write the files back (standard input's fixed text goes to stdout,
    the report then to stderr); the report is of what remains."""
    diff: bool = False
    """Print the fixes as a unified diff and write nothing; exit 1 when there is one."""
    unsafe_fixes: bool = False
    """With `fix` or `diff`, also make the fixes that change meaning (removals)."""


def _exit_code(findings: list[Finding], fail_on: Severity) -> int:
    failing = any(f.severity >= fail_on and not f.suppressed for f in findings)
    return EXIT_FINDINGS if failing else EXIT_CLEAN


def _load_config(options: Options) -> Config:

    explicit = Path(options.config) if options.config is not None else None
    return load_config(Path.cwd(), explicit, known_rules=all_rules())


_Outcome = tuple[list[Finding], dict[int, str], str | None, str | None]
"""What a run keeps of one checked file: its findings, the source lines they point at (for
code frames and UTF-16 columns), and the `id` and `name` the cross-file rules compare.
Documents themselves are dropped at once, so memory does not grow with the run. (A plain
tuple: building a NamedTuple per file costs more than the rules' fast path.)"""


class _Job(NamedTuple):
    """Everything needed to check one file of a run."""

    validator: SchemaValidator
    now: datetime
    campaign_id: str | None
    settings: Config
    contexts: dict[str | None, rules.RuleContext]
    """The run's rule contexts, one per campaign id (they name no file)."""
    stdin: BinaryIO | None = None

    def context_for(self, file: str) -> rules.RuleContext:
        """The rule context of the run for `file`: its campaign id, but not its name."""
        campaign_id = self.campaign_id
        if campaign_id is None and self.settings.campaign_ids:
            campaign_id = self.settings.campaign_id_for(file)
        context = self.contexts.get(campaign_id)
        if context is None:
            context = self.contexts[campaign_id] = rules.RuleContext("", self.now, campaign_id)
        return context


def _quoted_lines(
    findings: list[Finding], line_text: Callable[[int], str | None]
) -> dict[int, str]:
    """The lines of the file that the findings and their related places point at."""
    wanted: set[int] = set()
    for finding in findings:
        spans = [finding.span]
        if finding.related:
            spans += [related.span for related in finding.related if related.file is None]
        if finding.fix is not None:  # SARIF counts a fix's columns in UTF-16 too
            spans += [edit.span for edit in finding.fix.edits]
        for start, end in spans:
            if start.line == end.line:  # the usual span, on one line
                wanted.add(start.line)
            else:
                wanted.update(range(start.line, min(end.line, start.line + 20) + 1))
    return {line: text for line in sorted(wanted) if (text := line_text(line)) is not None}


def _check_item(job: _Job, item: inputs.Input, seen: set[inputs.Identity]) -> _Outcome | None:
    """What the run keeps of `item`, or None when it is a file already checked (in `seen`)."""
    data = inputs.read(item, source.MAX_BYTES + 1, job.stdin, seen)
    if data is None:
        return None
    if isinstance(data, Finding):
        return [data], {}, None, None
    findings, document = _check(data, item.name, job.validator, job.context_for(item.name))
    value = document.value if document is not None else None
    fields = value if isinstance(value, dict) else {}
    found_id, found_name = fields.get("id"), fields.get("name")
    return (
        findings,
        _quoted_lines(findings, _line_lookup(data, document)) if findings else {},
        found_id if isinstance(found_id, str) else None,
        found_name if isinstance(found_name, str) else None,
    )


_ABSENT = -1
"""The key of a missing `id` or `name` (no string hashes to -1 in CPython)."""


def _repeated(keys: "array[int]") -> set[int]:

    return {key for key, count in Counter(keys).items() if count > 1 and key != _ABSENT}


def _cross_file(
    job: _Job,
    items: list[inputs.Input],
    id_keys: "array[int]",
    name_keys: "array[int]",
    quoted: dict[str, dict[int, str]],
) -> list[Finding]:
    """The cross-file rules, on just the files whose `id` or `name` may repeat (their hashes
    do; the rules then compare the values), adding the lines their findings point at to
    `quoted`."""
    shared_ids, shared_names = _repeated(id_keys), _repeated(name_keys)
    documents = []
    for item, id_key, name_key in zip(items, id_keys, name_keys, strict=True):
        if id_key not in shared_ids and name_key not in shared_names:
            continue
        data = inputs.read(item, source.MAX_BYTES + 1, job.stdin)
        document = source.load(data, item.name)[0] if isinstance(data, bytes) else None
        if document is not None:
            documents.append((item.name, document))
    findings = rules.check_cross_file(documents)
    sources = dict(documents)
    for finding in findings:
        places = [(finding.file, finding.span), *((r.file, r.span) for r in finding.related)]
        for file, span in places:
            name = file or finding.file
            line = span.start.line
            quoted.setdefault(name, {})[line] = sources[name].line_text(line)
    return findings


def _read_stdin_once(
    job: _Job, items: list[inputs.Input], stdin: BinaryIO | None, findings: list[Finding]
) -> tuple[_Job, list[inputs.Input]]:
    """Standard input can be read once only: keep its bytes for the cross-file rules' second
    look. When it cannot be read (closed, a folder), its finding replaces it as an input."""
    if all(item.path is not None for item in items):
        return job, items
    item = next(item for item in items if item.path is None)
    data = inputs.read(item, source.MAX_BYTES + 1, stdin)
    if isinstance(data, Finding):
        findings.append(data)
        return job, [item for item in items if item.path is not None]
    return job._replace(stdin=io.BytesIO(data)), items


def run(
    options: Options,
    stdin: BinaryIO | None = None,
    stdout: TextIO | None = None,
    *,
    whole_process: bool = False,
) -> int:
    """Check every input of `options`, print the report(s), and return the exit code.

    `whole_process`: the process ends with this run, so the findings it keeps can be set aside
    from the garbage collector (never for a caller that goes on: its own objects would be set
    aside with them).

    Raises `CampaignContractError` when the tool cannot do its job (`SchemaError`, `OutputError`:
    exit 3) or was asked for something impossible (`UsageError`: exit 2); the CLI reports either.
    """

    stdout = stdout if stdout is not None else sys.stdout
    settings = _load_config(options)
    shown = options.format or settings.format or outputs.default_format()
    view = _view(options, shown)
    validator = _validator(options.schema_dir)
    job = _Job(validator, options.now or _now(), options.campaign_id, settings, {})
    skip = Skip((*settings.exclude, *options.exclude), settings.root, options.use_ignore_files)
    items, findings = inputs.expand(
        options.paths, options.stdin_filename, settings.walk_filter(), skip=skip
    )
    if options.verbose:
        _tell(settings, options, items, skip)
    job, items = _read_stdin_once(job, items, stdin, findings)
    if options.fix or options.diff:
        from campaign_contract.lint.fixes import files as fixing  # noqa: PLC0415 - only --fix/diff

        check = _fix_check(job, options.baseline)
        fixed = fixing.fix_run(job.stdin, items, check, options.unsafe_fixes, not options.diff)
        if options.diff:
            problems = [*findings, *fixed.unread, *fixed.findings]
            code = fixing.show_diffs(fixed, stdout)
            return max(code, _diff_problems(problems, items, options, settings))
        findings += fixed.findings
        if fixed.stdin is not None:
            stdout = fixing.show_fixed_stdin(fixed.stdin, stdout)
            job = job._replace(stdin=io.BytesIO(fixed.stdin))
    checked, quoted, id_keys, name_keys, repeats = _check_items(job, items, whole_process)
    findings += checked
    if job.stdin is not None:
        job.stdin.seek(0)
    findings += _cross_file(job, items, id_keys, name_keys, quoted)
    # Repeats go before the baseline counts them (suppression is part of a finding's value).
    findings = _configured(settings, findings, [item.name for item in items])
    if options.baseline is not None:
        from campaign_contract.lint.baseline import load_baseline  # noqa: PLC0415 - --baseline only

        findings = load_baseline(Path(options.baseline)).apply(findings)

    def line_text(file: str, line: int) -> "str | None":
        return quoted.get(file, {}).get(line)

    version = options.tool_version or _installed_version()
    report_ = _report(
        findings, len(items) - repeats, version, line_text, _accepted_by(options, settings), items
    )
    baseline = None
    if options.write_baseline is not None:
        from campaign_contract.lint.baseline import render_baseline  # noqa: PLC0415 - write option

        baseline = (options.write_baseline, lambda: render_baseline(findings))
    outputs.write_reports(
        report_,
        stdout,
        shown,
        color=options.color,
        files=options.outputs,
        baseline=baseline,
        view=view,
    )
    if options.write_baseline is not None or options.exit_zero:
        return EXIT_CLEAN
    return _exit_code(findings, options.fail_on or settings.fail_on)


_SET_ASIDE_EVERY = 250
"""How many findings a run keeps before it sets them aside from the garbage collector."""


def _check_items(
    job: _Job, items: list[inputs.Input], set_aside: bool = False
) -> tuple[list[Finding], dict[str, dict[int, str]], "array[int]", "array[int]", int]:
    """Check each input: the findings, the lines they quote per file, the hashes of each file's
    `id` and `name` (for the cross-file rules), and how many inputs were repeats.

    `set_aside`: every 250 findings kept, collect the garbage and freeze what is left.
    The findings a run keeps are NamedTuples, which the collector never untracks (it does so
    only for plain tuples), so each collection of the oldest generation walked all of them
    again (a seventh of the CPU time of 10,000 error-heavy files); frozen, they are still
    freed when the report drops them, as they hold no cycles."""
    findings: list[Finding] = []
    # Per file, only findings (with the lines they quote) and the hashes of `id` and `name`
    # are kept: memory stays flat however many clean files a run has. A file reached again
    # under another name (a link, another spelling) is checked once, under its first name.
    quoted: dict[str, dict[int, str]] = {}
    id_keys, name_keys = array("q"), array("q")
    seen: set[inputs.Identity] = set()
    repeats = frozen = 0
    for item in items:
        outcome = _check_item(job, item, seen)
        if outcome is None:
            repeats += 1
            id_keys.append(_ABSENT)
            name_keys.append(_ABSENT)
            continue
        file_findings, lines, found_id, found_name = outcome
        if file_findings:
            findings += file_findings
            quoted[item.name] = lines
            if set_aside and len(findings) >= frozen + _SET_ASIDE_EVERY:
                gc.collect()
                gc.freeze()
                frozen = len(findings)
        id_keys.append(_ABSENT if found_id is None else hash(found_id.lower()))
        name_keys.append(_ABSENT if found_name is None else hash(found_name))
    return findings, quoted, id_keys, name_keys, repeats


def _view(options: Options, shown: str) -> str:
    """How the stdout report is shaped: "full", "quiet" or "statistics" (text only)."""
    if options.quiet and options.statistics:
        raise UsageError("--quiet and --statistics exclude each other")
    view = "quiet" if options.quiet else "statistics" if options.statistics else "full"
    if view != "full" and shown != "text":
        option = "--quiet" if options.quiet else "--statistics"
        raise UsageError(
            f"{option} shapes the text format; the {shown} format on stdout shows every finding"
        )
    return view


def _tell(settings: Config, options: Options, items: list[inputs.Input], skip: Skip) -> None:
    """`--verbose`: what the run is about to use, on stderr."""
    lines = [
        f"configuration: {settings.source if settings.source is not None else 'none found'}",
        f"schemas: {options.schema_dir or 'the installed contract'}",
        f"exclude: {', '.join(skip.patterns) or 'nothing'}"
        + ("" if skip.use_ignore_files else " (.gitignore not read: --no-ignore)"),
        *(f"checking {item.name}" for item in items),
    ]
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.write("".join(f"validate-campaign: {line}\n" for line in lines))


def _diff_problems(
    problems: list[Finding], items: list[inputs.Input], options: Options, settings: Config
) -> int:
    """With `--diff`, what kept a file from being fixed (missing, unreadable, too large, a
    fix that would not parse) as a text report on standard error, since the diff owns
    standard output; 1 when one is at or above `--fail-on`, as findings make a run fail."""
    if not problems:
        return EXIT_CLEAN
    problems = _configured(settings, problems, [])
    version = options.tool_version or _installed_version()
    accepted_by = _accepted_by(options, settings)
    report_ = _report(problems, len(items), version, lambda file, line: None, accepted_by, items)
    outputs.write_reports(report_, sys.stderr, "text")
    return _exit_code(problems, options.fail_on or settings.fail_on)


def _configured(settings: Config, findings: list[Finding], files: list[str]) -> list[Finding]:
    """`findings` as the configuration has them, plus its unused suppressions, sorted."""

    findings = configuration.apply(settings, findings)
    unused = configuration.unused_suppressions(settings, findings, files)
    return sorted(set(findings + configuration.apply(settings, unused)), key=ORDER)


def _fix_check(job: _Job, baseline_path: str | None) -> Callable[[bytes, str], list[Finding]]:
    """How `--fix` checks a payload: as the run would, with the configuration and the
    baseline applied (what they accept is not fixed)."""
    from campaign_contract.lint.baseline import Baseline, load_baseline  # noqa: PLC0415 - opt-in

    baseline: Baseline | None = None
    if baseline_path is not None:
        baseline = load_baseline(Path(baseline_path))

    def check(data: bytes, name: str) -> "list[Finding]":
        findings, _ = _check(data, name, job.validator, job.context_for(name))
        findings = configuration.apply(job.settings, findings)
        return baseline.apply(findings) if baseline is not None else findings

    return check


def _report(
    findings: list[Finding],
    files: int,
    version: str,
    line_text: Callable[[str, int], str | None],
    accepted_by: str,
    items: list[inputs.Input],
) -> Report:
    """The run's report on the inputs `items` (the summaries count findings about anything
    else, such as a pattern that matched nothing, in no file)."""
    return Report(
        tuple(findings),
        files,
        all_rules(),
        version,
        line_text,
        accepted_by or "the baseline",
        frozenset(item.name for item in items),
    )


def _accepted_by(options: Options, settings: Config) -> str:
    """What the summary names as accepting the suppressed findings."""
    if options.baseline is not None and settings.suppress:
        return "the baseline or the configuration"
    return "the configuration" if settings.suppress else "the baseline"


def _validator(schema_dir: str | None) -> SchemaValidator:
    if schema_dir is None:
        return packaged_validator()

    return SchemaValidator.build(SchemaSet.from_directory(Path(schema_dir)))


def failure_exit_code(error: BaseException) -> int:
    """The exit code for an exception that stopped a run."""
    return EXIT_USAGE if isinstance(error, UsageError) else EXIT_BROKEN
