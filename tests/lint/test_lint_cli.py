"""Specification of the command line's own decisions: colour, option parsing, failures."""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from campaign_contract import cli as campaign_contract_cli
from campaign_contract.lint import arguments
from campaign_contract.lint import cli as lint_cli
from hypothesis import example, given
from hypothesis import strategies as st

COLOUR_VARIABLES = ("NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "TERM")


@pytest.mark.parametrize(
    ("choice", "environment", "terminal", "expected"),
    [
        ("always", {"NO_COLOR": "1"}, False, True),
        ("never", {"FORCE_COLOR": "1"}, True, False),
        ("auto", {"NO_COLOR": "1", "FORCE_COLOR": "1"}, True, False),
        ("auto", {"FORCE_COLOR": "1"}, False, True),
        ("auto", {"CLICOLOR_FORCE": "1"}, False, True),
        ("auto", {"FORCE_COLOR": "0"}, False, False),
        ("auto", {"FORCE_COLOR": "1", "TERM": "dumb"}, False, True),
        ("auto", {"TERM": "dumb"}, True, False),
        ("auto", {"NO_COLOR": ""}, True, True),
        ("auto", {}, True, True),
        ("auto", {}, False, False),
    ],
)
def test_colour_precedence(
    monkeypatch: pytest.MonkeyPatch,
    choice: str,
    environment: dict[str, str],
    terminal: bool,
    expected: bool,
) -> None:
    """--color always|never, then NO_COLOR, then FORCE_COLOR or CLICOLOR_FORCE (not "0"),
    then TERM=dumb, then whether standard output is a terminal."""
    for variable in COLOUR_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    for variable, value in environment.items():
        monkeypatch.setenv(variable, value)
    monkeypatch.setattr(sys, "stdout", _Terminal(terminal))
    assert expected == lint_cli._use_color(choice)


class _Terminal(io.StringIO):
    def __init__(self, terminal: bool) -> None:
        super().__init__()
        self.terminal = terminal

    def isatty(self) -> bool:
        return self.terminal


def test_options_may_stand_between_paths_and_double_dash_ends_them() -> None:
    """`a.json --format json b.json` keeps both paths; after `--`, `-x.json` is a path."""
    arguments = lint_cli.parse_arguments(["a.json", "--format", "json", "b.json", "-q"])
    assert (arguments.paths, arguments.format, arguments.quiet) == (
        ["a.json", "b.json"],
        "json",
        True,
    )
    arguments = lint_cli.parse_arguments(["a.json", "--", "-x.json", "--quiet"])
    assert (arguments.paths, arguments.quiet) == (["a.json", "-x.json", "--quiet"], False)


def test_now_without_offset_is_utc() -> None:
    """--now accepts ISO 8601; a time without an offset is read as UTC."""
    assert arguments._instant("2030-01-02T03:04:05") == datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2030-02-30", "February 2030 has 28 days"),
        ("2030-04-31T10:00+01:00", "April 2030 has 30 days"),
        ("2030-13-01 09:00", "there is no month 13"),
        ("2030-01-01T24:00", "hours go from 00 to 23"),
    ],
)
def test_an_impossible_now_is_called_impossible_not_a_format_problem(
    text: str, reason: str
) -> None:
    """`--now 2030-02-30` says why the date does not exist, as `send_datetime` does."""
    with pytest.raises(argparse.ArgumentTypeError) as caught:
        arguments._instant(text)
    assert str(caught.value).startswith(f"{text!r} is an impossible date-time: {reason}")


def test_a_now_that_is_no_date_at_all_is_a_format_problem() -> None:
    """Words and other shapes keep the ISO 8601 message."""
    with pytest.raises(argparse.ArgumentTypeError, match="not an ISO 8601 date-time: 'tomorrow'"):
        arguments._instant("tomorrow")


def test_arguments_that_are_all_paths_parse_as_argparse_would() -> None:
    """The shortcut for argument lists without options gives argparse's own result."""
    for argv in ([], ["a.json"], ["a b.json", "", "x=y", "dir/", "*.json", "\u00e5.json", "+x"]):
        assert vars(arguments.build_parser().parse_args(argv)) == vars(
            lint_cli.parse_arguments(argv)
        )
    for argv in (["--format", "json", "a.json", "b.json"], ["-", "a.json"], ["--", "-x.json"]):
        assert vars(arguments.build_parser().parse_args(argv)) == vars(
            lint_cli.parse_arguments(argv)
        )


def test_the_flags_read_without_argparse_are_the_parsers_options_without_a_value() -> None:
    """`cli.FLAGS` names every spelling of every option that takes no value, and its argument."""
    expected = {
        option: action.dest
        for action in arguments.build_parser()._actions
        if isinstance(action, argparse._StoreTrueAction)
        for option in action.option_strings
    }
    assert expected == lint_cli.FLAGS


@given(
    st.lists(
        st.sampled_from(
            [*lint_cli.FLAGS, "a.json", "b b.json", "", "dir/", "x=y", "+x", "\u00e5.json"]
        ),
        max_size=8,
    )
)
@example(["a.json", "--fix", "b.json", "--fix", "-q"])
def test_paths_and_flags_parse_as_argparse_would(argv: list[str]) -> None:
    """The shortcut for paths and options without a value gives argparse's own result."""
    assert vars(arguments.parse(argv)) == vars(lint_cli.parse_arguments(argv))


def test_output_option_is_format_and_path() -> None:
    """--output FORMAT=PATH splits at the first '='."""
    assert arguments._output("sarif=out/a=b.sarif") == ("sarif", "out/a=b.sarif")


def test_internal_errors_are_one_line_without_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unexpected exception exits 3 with a one-line message naming --traceback."""
    from campaign_contract.lint import runner

    def explode(*args: object, **kwargs: object) -> int:
        raise RuntimeError("boom")

    monkeypatch.setattr(runner, "run", explode)
    assert lint_cli.main(["x.json"]) == 3
    assert capsys.readouterr().err == (
        "validate-campaign: internal error: RuntimeError: boom "
        "(run again with --traceback for details)\n"
    )


def test_error_messages_escape_control_characters(capsys: pytest.CaptureFixture[str]) -> None:
    """A rule id full of escape sequences comes back escaped on stderr."""
    assert lint_cli.main(["--explain", "\x1b[31mred"]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err
    assert "\\x1b[31mred" in err


def test_a_campaign_id_option_that_is_not_a_canonical_uuid_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`--campaign-id` goes through `campaign_contract.ids`, as the client's and the mock's
    ids do: a `urn:uuid:` spelling used to flag every file's body id as a mismatch."""
    odd = "urn:uuid:5e2f7a90-4c1b-4d3e-9f8a-1b2c3d4e5f60"
    try:
        status = lint_cli.main(["--campaign-id", odd, "x.json"])
    except SystemExit as exit_:
        status = exit_.code
    assert status == lint_cli.EXIT_USAGE
    assert f"not a campaign id (a canonical UUID): {odd!r}" in capsys.readouterr().err
    assert arguments._campaign_id(odd.upper()[9:]) == odd.upper()[9:]


@pytest.mark.parametrize("shell", arguments.SHELLS)
def test_completion_scripts_offer_every_option_and_complete_paths(
    shell: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--completion bash|zsh` prints shtab's script, naming every option of the parser and
    completing PATH, --config and --schema-dir with file and folder names."""
    assert lint_cli.main(["--completion", shell]) == 0
    script = capsys.readouterr().out
    options = [
        option for action in arguments.build_parser()._actions for option in action.option_strings
    ]
    assert [option for option in options if option not in script] == []
    files, folders = (
        ("_shtab_compgen_files", "_shtab_compgen_dirs")
        if shell == "bash"
        else (
            ":_files",
            "_files -/",
        )
    )
    assert files in script
    assert folders in script


def test_a_completion_script_shtab_cannot_write_is_one_line_and_exit_3(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An old shtab failing on our parser (1.9 raises KeyError for zsh) is no traceback."""
    import shtab

    def broken(parser: object, shell: str) -> str:
        raise KeyError(0)

    monkeypatch.setattr(shtab, "complete", broken)
    assert lint_cli.main(["--completion", "zsh"]) == 3
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("validate-campaign: internal error: shtab ")
    assert captured.err.count("\n") == 1


@pytest.mark.slow
@pytest.mark.parametrize("shell", arguments.SHELLS)
def test_completion_scripts_are_valid_shell(
    shell: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The shell itself parses the script without error (skipped when it is not installed)."""
    executable = shutil.which(shell)
    if executable is None:
        pytest.skip(f"{shell} is not installed")
    lint_cli.main(["--completion", shell])
    script = tmp_path / f"completion.{shell}"
    script.write_text(capsys.readouterr().out, encoding="utf-8")
    checked = subprocess.run([executable, "-n", str(script)], capture_output=True, check=False)
    assert (checked.returncode, checked.stderr) == (0, b"")


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (
            ["--fail-on", "warnings", "a.json"],
            'argument --fail-on: invalid choice: "warnings"; did you mean "warning"? '
            '(choose from "error", "warning", "note")',
        ),
        (
            ["a.json", "--format=Json"],
            'argument --format: invalid choice: "Json"; did you mean "json"? '
            '(choose from "text", "json", "sarif", "github", "gitlab")',
        ),
        (
            ["--color", "yes", "a.json"],
            'argument --color: invalid choice: "yes" (choose from "auto", "always", "never")',
        ),
        (
            ["a.json", "--frmat", "json"],
            'unrecognized arguments: --frmat json; did you mean "--format"?',
        ),
        (
            ["--exlude=drafts/", "."],
            'unrecognized arguments: --exlude=drafts/; did you mean "--exclude"?',
        ),
        (["-Q", "a.json"], "unrecognized arguments: -Q"),
        (
            ["--output", "sarf=report.sarif", "a.json"],
            "argument --output: expected FORMAT=PATH with FORMAT one of text, json, sarif, "
            "github, gitlab, got 'sarf=report.sarif'; did you mean \"sarif\"?",
        ),
    ],
)
def test_a_near_miss_option_or_choice_on_the_command_line_suggests_the_spelling(
    capsys: pytest.CaptureFixture[str], argv: list[str], expected: str
) -> None:
    """The command line says "did you mean" where the configuration does: `--fail-on warnings`
    names "warning", `--frmat` names `--format`; exit 2, one line after the usage."""
    with pytest.raises(SystemExit) as exit_:
        lint_cli.parse_arguments(argv)
    assert exit_.value.code == lint_cli.EXIT_USAGE
    assert capsys.readouterr().err.splitlines()[-1] == f"validate-campaign: error: {expected}"


def test_usage_errors_escape_control_characters_from_the_arguments(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """An argument holding an escape sequence or a direction override is printed escaped."""
    for argv in (["--format", "j\x1b[31m", "a.json"], ["--\u202ex", "a.json"]):
        with pytest.raises(SystemExit):
            lint_cli.parse_arguments(argv)
        err = capsys.readouterr().err
        assert "\x1b" not in err
        assert "\u202e" not in err


def test_the_option_parser_exits_with_the_command_lines_usage_code() -> None:
    """The parser module keeps its own copy of exit code 2 (`lint.cli` imports it only for
    options); the two agree."""
    assert arguments.EXIT_USAGE == lint_cli.EXIT_USAGE


def _fresh_python(script: str, folder: Path) -> subprocess.CompletedProcess[str]:
    """`script` run by a new interpreter in `folder`: the garbage collector as the console
    script's process has it."""
    return subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=folder, check=False
    )


def _faulty_files(folder: Path, count: int) -> None:
    """`count` payloads of twelve unknown members each: 14 findings a file."""
    folder.mkdir()
    for index in range(count):
        members = {f"k{member}": member for member in range(12)}
        (folder / f"p{index:02}.json").write_text(json.dumps(members, indent=2), "utf-8")


_WHOLE_PROCESS_RUNS = {
    "validate-campaign": "code = cli.validate_main(['--format', 'json', 'payloads'])\n",
    "campaign-contract validate": (
        "sys.argv = ['campaign-contract', 'validate', '--format', 'json', 'payloads']\n"
        "code = cli.main()\n"
    ),
}
"""How each console script runs the linter as its process's entry point."""


@pytest.mark.parametrize("run", _WHOLE_PROCESS_RUNS.values(), ids=_WHOLE_PROCESS_RUNS)
def test_a_whole_process_run_sets_the_findings_it_keeps_aside_and_reports_every_one(
    tmp_path: Path, run: str
) -> None:
    """Either console script's run sets its findings aside from the collector every 250 (420
    findings: once, on top of the start-up's), with the youngest generation collected every
    10,000 containers; the report is the one a library caller gets."""
    _faulty_files(tmp_path / "payloads", 30)
    script = (
        "import gc, sys\n"
        "from campaign_contract import cli\n"
        "freeze, calls = gc.freeze, []\n"
        "gc.freeze = lambda: (calls.append(1), freeze())[1]\n"
        f"{run}"
        "print(len(calls), gc.get_threshold()[0], file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    result = _fresh_python(script, tmp_path)
    assert result.stderr.split() == ["2", "10000"]
    shown = io.StringIO()
    with contextlib.chdir(tmp_path), contextlib.redirect_stdout(shown):
        code = lint_cli.main(["--format", "json", "payloads"])
    assert (result.returncode, result.stdout) == (code, shown.getvalue())
    assert json.loads(shown.getvalue())["summary"]["errors"] == 420


def test_garbage_made_while_checking_is_collected_before_the_findings_are_set_aside(
    tmp_path: Path,
) -> None:
    """Each file's check leaves a garbage cycle here: none of them is frozen with the findings
    (after the run, one collection frees every one)."""
    _faulty_files(tmp_path / "payloads", 30)
    script = (
        "import gc, weakref\n"
        "from campaign_contract.lint import runner\n"
        "class Cycle: pass\n"
        "made, check = [], runner._check_item\n"
        "def leaving_a_cycle(*args):\n"
        "    cycle = Cycle()\n"
        "    cycle.itself = cycle\n"
        "    made.append(weakref.ref(cycle))\n"
        "    return check(*args)\n"
        "runner._check_item = leaving_a_cycle\n"
        "from campaign_contract.cli import validate_main\n"
        "code = validate_main(['--quiet', 'payloads'])\n"
        "gc.collect()\n"
        "print(code, len(made), sum(ref() is not None for ref in made))\n"
    )
    result = _fresh_python(script, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-3:] == ["1", "30", "0"]


@pytest.mark.parametrize(
    "run",
    [
        lambda: lint_cli.main(["payloads"]),
        lambda: campaign_contract_cli.main(["validate", "payloads"]),
    ],
    ids=["lint.cli.main", "campaign_contract.cli.main"],
)
def test_a_library_run_leaves_the_callers_garbage_collector_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Callable[[], int]
) -> None:
    """`lint.cli.main`, or `campaign-contract`'s `main` given its arguments, in a process that
    goes on (a test, an editor) freezes nothing and keeps the caller's thresholds, however
    many findings it keeps."""
    _faulty_files(tmp_path / "payloads", 30)
    monkeypatch.chdir(tmp_path)
    thresholds = gc.get_threshold()
    gc.set_threshold(123, 4, 5)  # the caller's own, which no run of ours sets
    try:
        frozen = gc.get_freeze_count()
        with contextlib.redirect_stdout(io.StringIO()):
            assert run() == 1
        assert (gc.get_freeze_count(), gc.get_threshold()) == (frozen, (123, 4, 5))
    finally:
        gc.set_threshold(*thresholds)


def test_the_findings_set_aside_are_freed_once_the_report_is_written(tmp_path: Path) -> None:
    """Frozen, the findings are out of the collector's sight, so they must hold no cycle:
    reference counting frees them when the run drops them (1,400 findings, a tracked object
    each at least, leave the frozen set after the run)."""
    _faulty_files(tmp_path / "payloads", 100)
    script = (
        "import gc\n"
        "from campaign_contract.cli import validate_main\n"
        "freeze, counts = gc.freeze, []\n"
        "gc.freeze = lambda: (freeze(), counts.append(gc.get_freeze_count()))[0]\n"
        "code = validate_main(['--quiet', 'payloads'])\n"
        "print(code, max(counts) - gc.get_freeze_count())\n"
    )
    result = _fresh_python(script, tmp_path)
    assert result.returncode == 0, result.stderr
    code, freed = result.stdout.split()[-2:]
    assert code == "1"
    assert int(freed) >= 1400


@pytest.mark.parametrize(
    "argv",
    [["--version"], ["payload.json"], ["--frmat", "json"], [], ["--explain", "schema-enum"]],
)
def test_the_console_script_leaves_the_garbage_collector_on(
    tmp_path: Path, argv: list[str]
) -> None:
    """`validate_main` turns the collector off while the command starts and on again however the
    run ends: a report, a usage error (argparse's exit), `--version`, a rule's help."""
    (tmp_path / "payload.json").write_text('{"name": "Spring"}', encoding="utf-8")
    script = (
        "import gc, sys\n"
        "from campaign_contract.cli import validate_main\n"
        "try:\n"
        f"    validate_main({argv!r})\n"
        "finally:\n"
        "    print(gc.isenabled(), file=sys.stderr)\n"
    )
    result = _fresh_python(script, tmp_path)
    assert "True" in result.stderr.splitlines()
