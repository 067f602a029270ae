"""Specification of `validate-campaign` under hostile input: nothing hangs, nothing is lost,
nothing leaks, and there is never a traceback.

Each row of `CASES` builds a folder (files, links, FIFOs, option files), may inject a failure
the operating system would give (a folder or file that cannot be read, which root could
otherwise read), and runs the command line in-process. Every row states its exit code and either
the rules of its findings or the one line on stderr; every row that reports is run again in
every output format, and each format must carry the same findings. The rows that need a process
of their own (standard output full, closed or a broken pipe; real permissions) follow the table.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path, PurePath
from typing import NamedTuple

import pytest
from campaign_contract.lint import cli as lint_cli
from campaign_contract.lint import inputs, outputs
from campaign_contract.reporters import FORMATS
from campaign_contract.reporters.escape import printable, printable_lines
from report_formats import READERS

ROOT = Path(__file__).resolve().parents[2]
VALID = (ROOT / "examples" / "valid" / "minimal.json").read_text(encoding="utf-8")
INVALID = '{"name": 1}'
"""Two schema errors: `meta` is missing and `name` is not a string."""
INVALID_RULES = ("schema-required", "schema-type")
UNDECODABLE = os.fsdecode(b"bad\xff.json")
"""A file name that is not UTF-8: the byte 0xff reaches Python as U+DCFF."""
HOSTILE_NAME = "a\x1b[31m\x07\u202eb\n.json"
"""Terminal escape, bell, right-to-left override and a line feed in one file name."""
INJECTING_NAME = "::warning file=x::##[error]hi.json"
"""A file name that would be a workflow command if it reached the log unescaped."""


class Folder:
    """The working folder of a case, with helpers to fill it."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def write(self, name: str, text: str = VALID) -> str:
        target = self.path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        return name

    def write_bytes(self, name: str, data: bytes) -> str:
        (self.path / name).write_bytes(data)
        return name

    def link(self, name: str, target: str) -> str:
        (self.path / name).parent.mkdir(parents=True, exist_ok=True)
        (self.path / name).symlink_to(target)
        return name

    def folder(self, name: str) -> str:
        (self.path / name).mkdir(parents=True, exist_ok=True)
        return name

    def fifo(self, name: str) -> str:
        os.mkfifo(self.path / name)
        return name


Setup = Callable[[Folder, pytest.MonkeyPatch], list[str]]


class Case(NamedTuple):
    """One hostile input: how to build it, and what the command must do with it."""

    id: str
    setup: Setup
    exit: int
    rules: tuple[str, ...] = ()
    """The rules of the findings, sorted, repeats kept (for exits 0 and 1)."""
    stderr: str = ""
    """The one line on stderr (for exits 2 and 3)."""


def refuse_listing(monkeypatch: pytest.MonkeyPatch, *names: str) -> None:
    """Listing a folder whose last part is one of `names` fails as without permission."""
    real = os.scandir

    def scandir(path: str = ".") -> Iterator[os.DirEntry[str]]:
        if Path(os.path.normpath(path)).name in names:
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)


def refuse_opening(monkeypatch: pytest.MonkeyPatch, *names: str) -> None:
    """Opening a file whose last part is one of `names` fails as without permission."""
    real = os.open

    def open_(path: str, flags: int, mode: int = 0o777, **kwargs: object) -> int:
        if Path(path).name in names:
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real(path, flags, mode)

    monkeypatch.setattr(os, "open", open_)


def refuse_writing(monkeypatch: pytest.MonkeyPatch, *names: str) -> None:
    """Opening an output whose last part is one of `names` fails as without permission."""

    def open_(path: str, *args: object, **kwargs: object) -> object:
        if Path(path).name in names:
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return open(path, *args, **kwargs)  # type: ignore[call-overload]  # noqa: PTH123

    monkeypatch.setattr(outputs, "open", open_, raising=False)


def two_link_loop(folder: Folder, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    folder.write("loop/a/x.json", INVALID)
    folder.link("loop/a/to-b", "../b")
    folder.link("loop/b/to-a", "../a")
    return ["loop/**/*.json"]


def self_link(folder: Folder, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    folder.write("d/a.json", '{"id": "5e2f7a90-4c1b-4d3e-9f8a-1b2c3d4e5f60", "name": 1}')
    folder.link("d/self", ".")
    return ["d/**/*.json"]


def link_out_of_the_tree(folder: Folder, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    folder.write("elsewhere/x.json", INVALID)
    folder.write("tree/ok.json")
    folder.link("tree/link", "../elsewhere")
    return ["tree/**/*.json"]


def folder_and_its_link(folder: Folder, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    folder.write("d/a.json")
    folder.link("d/self", ".")
    return ["d", "d/self", "d/self/a.json"]


def file_and_its_link(folder: Folder, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    folder.write("a.json")
    folder.link("b.json", "a.json")
    return ["b.json", "a.json", "."]


def hard_link(folder: Folder, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    folder.write("a.json")
    os.link(folder.path / "a.json", folder.path / "h.json")
    return ["a.json", "h.json"]


def two_spellings(folder: Folder, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    folder.write("a.json")
    return ["a.json", str(folder.path / "a.json"), "./a.json", "x/../a.json"]


def empty_folder(folder: Folder, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    return [folder.folder("empty")]


def folder_without_payloads(folder: Folder, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    folder.write("d/notes.txt")
    folder.write("d/.hidden/a.json")
    folder.link("d/linked", "..")
    return ["d"]


def unreadable_folder(folder: Folder, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    folder.write("locked/a.json", INVALID)
    refuse_listing(monkeypatch, "locked")
    return ["locked"]


def unreadable_subfolder(folder: Folder, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    folder.write("d/ok.json")
    folder.write("d/locked/a.json", INVALID)
    refuse_listing(monkeypatch, "locked")
    return ["d"]


def unreadable_folder_in_a_glob(folder: Folder, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    folder.write("d/ok.json")
    folder.write("d/locked/a.json", INVALID)
    refuse_listing(monkeypatch, "locked")
    return ["d/**/*.json"]


def unreadable_file(folder: Folder, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    folder.write("secret.json")
    refuse_opening(monkeypatch, "secret.json")
    return ["secret.json", folder.write("ok.json")]


def link_loop_as_a_folder(folder: Folder, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    folder.link("spin", "spin")
    return ["spin/*.json", folder.write("ok.json")]


def only_an_unmatched_glob(folder: Folder, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    return ["nothing/*.json"]


def fifo_argument(folder: Folder, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    return [folder.fifo("pipe.json"), folder.write("ok.json")]


def fifo_in_a_folder(folder: Folder, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    folder.folder("d")
    folder.fifo("d/pipe.json")
    folder.write("d/ok.json")
    return ["d"]


def device_argument(folder: Folder, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    return ["/dev/zero", folder.write("ok.json")]


def empty_argument(folder: Folder, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    return ["", folder.write("ok.json")]


def name_too_long(folder: Folder, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    return ["x" * 300 + ".json", folder.write("ok.json")]


def path_through_a_file(folder: Folder, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    return [folder.write("ok.json") + "/inner.json", "ok.json"]


def broken_link(folder: Folder, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    folder.link("d/gone.json", "nowhere.json")
    folder.write("d/ok.json")
    return ["d"]


def undecodable_name(folder: Folder, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    return [folder.write(UNDECODABLE, INVALID)]


def hostile_name(folder: Folder, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    return [folder.write(HOSTILE_NAME, INVALID)]


def injecting_name(folder: Folder, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    return [folder.write(INJECTING_NAME, INVALID)]


def hostile_key(folder: Folder, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    payload = json.loads(VALID)
    payload["\x1b]0;owned\x07\u202e"] = 1
    return [folder.write("key.json", json.dumps(payload))]


def many_findings(folder: Folder, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    for index in range(14):
        folder.write(f"many/{index:02d}.json", INVALID)
    return ["many"]


def closed_stdin(folder: Folder, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setattr(sys, "stdin", None)
    return ["-", folder.write("ok.json")]


def option_file(option: str, make: Callable[[Folder], str]) -> Setup:
    def setup(folder: Folder, monkeypatch: pytest.MonkeyPatch) -> list[str]:
        return [option, make(folder), folder.write("ok.json")]

    return setup


def deeply_nested_toml(folder: Folder) -> str:
    return folder.write("deep.toml", "x = " + "[" * 50_000 + "]" * 50_000)


def deeply_nested_baseline(folder: Folder) -> str:
    return folder.write("deep.json", "[" * 100_000 + "]" * 100_000)


def undecodable_pyproject(folder: Folder, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    folder.write_bytes("pyproject.toml", b"[tool.validate-campaign]\nfail-on = '\xff'\n")
    return [folder.write("ok.json")]


def unreadable_pyproject(folder: Folder, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    folder.write("pyproject.toml", "[tool.validate-campaign]\n")
    refuse_opening(monkeypatch, "pyproject.toml")
    return [folder.write("ok.json")]


def fifo_pyproject(folder: Folder, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    folder.fifo("pyproject.toml")
    return [folder.write("ok.json")]


def unreadable_baseline(folder: Folder, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    arguments = ["--baseline", folder.write("secret.json", "{}"), folder.write("ok.json")]
    refuse_opening(monkeypatch, "secret.json")
    return arguments


def small_baseline_limit(folder: Folder, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setattr(inputs, "BASELINE_LIMIT", 1024)
    big = folder.write("big.json", json.dumps({"version": 1, "findings": [], "x": "y" * 2000}))
    return ["--baseline", big, folder.write("ok.json")]


def output_to(*targets: str, extra: tuple[str, ...] = ()) -> Setup:
    def setup(folder: Folder, monkeypatch: pytest.MonkeyPatch) -> list[str]:
        folder.folder("a-folder")
        refuse_writing(monkeypatch, "locked.sarif", "locked-baseline.json")
        arguments = [argument for target in targets for argument in ("--output", target)]
        return [*arguments, *extra, folder.write("bad.json", INVALID)]

    return setup


def baseline_to(target: str) -> Setup:
    def setup(folder: Folder, monkeypatch: pytest.MonkeyPatch) -> list[str]:
        refuse_writing(monkeypatch, "locked-baseline.json")
        return ["--write-baseline", target, folder.write("bad.json", INVALID)]

    return setup


def step_summary_to(target: str) -> Setup:
    def setup(folder: Folder, monkeypatch: pytest.MonkeyPatch) -> list[str]:
        monkeypatch.setenv("GITHUB_STEP_SUMMARY", target)
        return ["--format", "github", folder.write("bad.json", INVALID)]

    return setup


ONE_FILE_INVALID = INVALID_RULES
NOTHING = ("no-input-files",)
CASES = [
    # Arguments: links, folders, globs.
    Case("glob-two-link-loop", two_link_loop, 1, ONE_FILE_INVALID),
    Case("glob-self-link-no-false-duplicates", self_link, 1, ("schema-required", "schema-type")),
    Case("glob-does-not-follow-a-link-out", link_out_of_the_tree, 0),
    Case("folder-and-its-link-checked-once", folder_and_its_link, 0),
    Case("file-and-its-link-checked-once", file_and_its_link, 0),
    Case("hard-link-checked-once", hard_link, 0),
    Case("one-file-four-spellings-checked-once", two_spellings, 0),
    Case("empty-folder", empty_folder, 1, NOTHING),
    Case("folder-without-payloads", folder_without_payloads, 1, NOTHING),
    Case("unreadable-folder", unreadable_folder, 1, ("file-unreadable", "no-input-files")),
    Case("unreadable-subfolder", unreadable_subfolder, 1, ("file-unreadable",)),
    Case("unreadable-folder-in-a-glob", unreadable_folder_in_a_glob, 1, ("file-unreadable",)),
    Case("unreadable-file", unreadable_file, 1, ("file-unreadable",)),
    Case(
        "link-loop-named-as-a-folder",
        link_loop_as_a_folder,
        1,
        ("file-unreadable", "glob-no-match"),
    ),
    Case("only-an-unmatched-glob", only_an_unmatched_glob, 1, ("glob-no-match", *NOTHING)),
    Case("fifo-argument", fifo_argument, 1, ("file-not-regular",)),
    Case("fifo-in-a-folder", fifo_in_a_folder, 1, ("file-not-regular",)),
    Case("device-argument", device_argument, 1, ("file-not-regular",)),
    Case("empty-argument", empty_argument, 1, ("file-not-found",)),
    Case("name-too-long", name_too_long, 1, ("file-unreadable",)),
    Case("path-through-a-file", path_through_a_file, 1, ("file-unreadable",)),
    Case("broken-link-in-a-folder", broken_link, 1, ("file-not-found",)),
    Case("closed-stdin", closed_stdin, 1, ("file-unreadable",)),
    # What the files are called and what they hold.
    Case("undecodable-file-name", undecodable_name, 1, ONE_FILE_INVALID),
    Case("control-characters-in-the-file-name", hostile_name, 1, ONE_FILE_INVALID),
    Case("workflow-command-in-the-file-name", injecting_name, 1, ONE_FILE_INVALID),
    Case("control-characters-in-a-key", hostile_key, 1, ("schema-unknown-key",)),
    Case("more-than-ten-per-level", many_findings, 1, INVALID_RULES * 14),
    # Option files.
    Case(
        "config-missing",
        option_file("--config", lambda folder: "gone.toml"),
        2,
        stderr="cannot read configuration gone.toml: no such file",
    ),
    Case(
        "config-a-folder",
        option_file("--config", lambda folder: folder.folder("conf")),
        2,
        stderr="cannot read configuration conf: not a regular file (a directory)",
    ),
    Case(
        "config-a-fifo",
        option_file("--config", lambda folder: folder.fifo("conf.toml")),
        2,
        stderr="cannot read configuration conf.toml: not a regular file (a FIFO)",
    ),
    Case(
        "config-a-device",
        option_file("--config", lambda folder: "/dev/zero"),
        2,
        stderr="cannot read configuration /dev/zero: not a regular file (a device)",
    ),
    Case(
        "config-too-large",
        option_file("--config", lambda folder: folder.write("big.toml", "#" * (1 << 20) + "\n")),
        2,
        stderr="cannot read configuration big.toml: larger than 1 MiB",
    ),
    Case(
        "config-not-utf8",
        option_file("--config", lambda folder: folder.write_bytes("l.toml", b"x = '\xe9'\n")),
        2,
        stderr="cannot read configuration l.toml: not UTF-8 (byte 0xe9 at offset 5)",
    ),
    Case(
        "config-nested-too-deeply",
        option_file("--config", deeply_nested_toml),
        2,
        stderr="deep.toml: not valid TOML: nested too deeply",
    ),
    Case(
        "pyproject-not-utf8",
        undecodable_pyproject,
        2,
        stderr="cannot read configuration {cwd}/pyproject.toml: not UTF-8 (byte 0xff at offset 36)",
    ),
    Case(
        "pyproject-unreadable",
        unreadable_pyproject,
        2,
        stderr="cannot read configuration {cwd}/pyproject.toml: cannot open: Permission denied",
    ),
    Case("pyproject-a-fifo-is-not-a-configuration", fifo_pyproject, 0),
    Case(
        "baseline-missing",
        option_file("--baseline", lambda folder: "gone.json"),
        2,
        stderr="cannot read baseline gone.json: no such file",
    ),
    Case(
        "baseline-a-fifo",
        option_file("--baseline", lambda folder: folder.fifo("b.json")),
        2,
        stderr="cannot read baseline b.json: not a regular file (a FIFO)",
    ),
    Case(
        "baseline-a-device",
        option_file("--baseline", lambda folder: "/dev/zero"),
        2,
        stderr="cannot read baseline /dev/zero: not a regular file (a device)",
    ),
    Case(
        "baseline-too-large",
        small_baseline_limit,
        2,
        stderr="cannot read baseline big.json: larger than 1 KiB",
    ),
    Case(
        "baseline-not-utf8",
        option_file("--baseline", lambda folder: folder.write_bytes("b.json", b'{"\xff": 1}')),
        2,
        stderr="cannot read baseline b.json: not UTF-8 (byte 0xff at offset 2)",
    ),
    Case(
        "baseline-nested-too-deeply",
        option_file("--baseline", deeply_nested_baseline),
        2,
        stderr="deep.json: not a validate-campaign baseline: not valid JSON (nested too deeply)",
    ),
    Case(
        "baseline-unreadable",
        unreadable_baseline,
        2,
        stderr="cannot read baseline secret.json: cannot open: Permission denied",
    ),
    # Outputs.
    Case(
        "output-into-a-missing-folder",
        output_to("sarif=gone/report.sarif"),
        2,
        stderr="cannot write the sarif report to gone/report.sarif: No such file or directory",
    ),
    Case(
        "output-onto-a-folder",
        output_to("json=a-folder"),
        2,
        stderr="cannot write the json report to a-folder: Is a directory",
    ),
    Case(
        "output-without-permission",
        output_to("sarif=locked.sarif"),
        2,
        stderr="cannot write the sarif report to locked.sarif: Permission denied",
    ),
    Case(
        "output-onto-a-full-disk",
        output_to("sarif=/dev/full"),
        3,
        stderr="writing the sarif report to /dev/full failed: No space left on device",
    ),
    Case(
        "two-outputs-failing-both-named",
        output_to("json=gone/r.json", "sarif=/dev/full"),
        3,
        stderr="cannot write the json report to gone/r.json: No such file or directory; "
        "writing the sarif report to /dev/full failed: No space left on device",
    ),
    Case(
        "baseline-into-a-missing-folder",
        baseline_to("gone/baseline.json"),
        2,
        stderr="cannot write the baseline to gone/baseline.json: No such file or directory",
    ),
    Case(
        "baseline-without-permission",
        baseline_to("locked-baseline.json"),
        2,
        stderr="cannot write the baseline to locked-baseline.json: Permission denied",
    ),
    Case(
        "baseline-onto-a-full-disk",
        baseline_to("/dev/full"),
        3,
        stderr="writing the baseline to /dev/full failed: No space left on device",
    ),
    Case(
        "step-summary-into-a-missing-folder",
        step_summary_to("gone/summary.md"),
        2,
        stderr="cannot write the GitHub step summary to gone/summary.md: No such file or directory",
    ),
    Case(
        "step-summary-onto-a-full-disk",
        step_summary_to("/dev/full"),
        3,
        stderr="writing the GitHub step summary to /dev/full failed: No space left on device",
    ),
]


class Outcome(NamedTuple):
    """What one in-process run printed and returned."""

    exit: int
    stdout: str
    stderr: str


def run_case(
    case: Case,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    *options: str,
) -> Outcome:
    """Build the case in a fresh folder and run the command there, within a time limit."""
    work = tmp_path / "work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    monkeypatch.chdir(work)
    with monkeypatch.context() as patches:
        arguments = case.setup(Folder(work), patches)
        result: list[int] = []
        runner = threading.Thread(
            target=lambda: result.append(lint_cli.main([*options, *arguments])), daemon=True
        )
        runner.start()
        runner.join(timeout=60)
        assert not runner.is_alive(), f"{case.id} hung"
    captured = capsys.readouterr()
    assert result, f"{case.id} raised: {captured.err}"
    return Outcome(result[0], captured.out, captured.err)


def normalised(pairs: Counter[tuple[str, str]]) -> Counter[tuple[str, str]]:
    """The pairs with each file as SARIF's URIs spell it (`./a.json` and `a.json` alike)."""
    result: Counter[tuple[str, str]] = Counter()
    for (rule, file), count in pairs.items():
        result[rule, PurePath(file).as_posix()] += count
    return result


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_hostile_input(
    case: Case,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The command exits as stated with the stated findings (and the same ones in every
    format, each free of raw control characters, direction overrides and lone surrogates), or
    with the stated single line on stderr; never a traceback."""
    outcome = run_case(case, tmp_path, monkeypatch, capsys, "--format", "json")
    assert "Traceback" not in outcome.stderr
    if case.exit in (0, 1):
        assert (case.exit, "") == (outcome.exit, outcome.stderr)
        reported = sorted(finding["rule"] for finding in json.loads(outcome.stdout)["findings"])
        assert sorted(case.rules) == reported
        in_json = normalised(READERS["json"](outcome.stdout))
        for name in FORMATS:
            again = run_case(case, tmp_path, monkeypatch, capsys, "--format", name)
            assert (case.exit, "") == (again.exit, again.stderr), name
            assert in_json == normalised(READERS[name](again.stdout)), name
            assert printable_lines(again.stdout) == again.stdout, f"raw characters in {name}"
    else:
        expected = case.stderr.replace("{cwd}", str((tmp_path / "work").resolve()))
        assert (case.exit, f"validate-campaign: {expected}\n") == (outcome.exit, outcome.stderr)


def test_every_format_has_a_reader() -> None:
    """The agreement check above reads every registered output format."""
    assert set(FORMATS) == set(READERS)


def test_names_are_escaped_the_same_way_in_every_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An undecodable byte is `\\xff` and control characters `\\x1b`, `\\u202e` in every
    format, the output is valid UTF-8, and nothing raw reaches it."""
    for setup, escaped in ((undecodable_name, "bad\\xff.json"), (hostile_name, None)):
        case = Case("names", setup, 1)
        expected = escaped or printable(HOSTILE_NAME)
        for name in FORMATS:
            output = run_case(case, tmp_path, monkeypatch, capsys, "--format", name).stdout
            output.encode("utf-8")  # no lone surrogate is left
            assert not any(character in output for character in "\x1b\x07\u202e\udcff"), name
            assert set(READERS[name](output).values()) == {1}, name
            assert {expected} == {file for _, file in READERS[name](output)}, name


def test_baseline_of_an_undecodable_name_is_utf8_and_accepts_its_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--write-baseline` writes the name escaped, and the baseline accepts the findings."""
    case = Case("baseline", undecodable_name, 0)
    written = tmp_path / "baseline.json"
    assert run_case(case, tmp_path, monkeypatch, capsys, "--write-baseline", str(written)).exit == 0
    document = json.loads(written.read_bytes().decode("utf-8"))
    assert {"bad\\xff.json"} == {entry["file"] for entry in document["findings"]}
    accepted = run_case(case, tmp_path, monkeypatch, capsys, "--baseline", str(written))
    assert (accepted.exit, accepted.stderr) == (0, "")


def test_github_annotations_carry_nothing_raw_and_lose_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """28 findings: 10 annotated, 18 as log lines; the step summary lists all 28."""
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    case = Case("many", many_findings, 1)
    output = run_case(case, tmp_path, monkeypatch, capsys, "--format", "github").stdout
    lines = output.splitlines()
    assert sum(line.startswith("::error ") for line in lines) == 10
    assert sum(line.startswith("- ") for line in lines) == 18
    assert lines[-1].endswith("listed in the log above and in the job summary")
    rows = [
        line for line in summary.read_text(encoding="utf-8").splitlines() if "| error |" in line
    ]
    assert len(rows) == 28


ProcessResult = subprocess.CompletedProcess[bytes]


def run_process(
    arguments: list[str], cwd: Path, stdout: int | None = None, prefix: tuple[str, ...] = ()
) -> ProcessResult:
    """The installed command in a process of its own."""
    command = [*prefix, str(Path(sys.executable).parent / "validate-campaign"), *arguments]
    return subprocess.run(
        command, cwd=cwd, stdout=stdout, stderr=subprocess.PIPE, timeout=60, check=False
    )


def one_clean_line(result: ProcessResult) -> str:
    """stderr as text, checked to be a single line with no traceback and no exit noise."""
    text = result.stderr.decode("utf-8")
    assert "Traceback" not in text
    assert "Exception ignored" not in text
    assert text.count("\n") == 1, text
    return text


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (["bad.json"], "writing the text report to standard output failed: "),
        (["--format", "sarif", "bad.json"], "writing the sarif report to standard output failed: "),
        (["--version"], "writing to standard output failed: "),
        (["--list-rules"], "writing to standard output failed: "),
    ],
)
def test_standard_output_on_a_full_device(
    tmp_path: Path, arguments: list[str], expected: str
) -> None:
    """A full disk under stdout is exit 3 and one line naming standard output and the reason."""
    (tmp_path / "bad.json").write_text(INVALID, encoding="utf-8")
    with Path("/dev/full").open("wb") as full:
        result = run_process(arguments, tmp_path, stdout=full.fileno())
    reason = os.strerror(errno.ENOSPC)
    assert (3, f"validate-campaign: {expected}{reason}\n") == (
        result.returncode,
        one_clean_line(result),
    )


def test_standard_output_a_broken_pipe(tmp_path: Path) -> None:
    """A reader that went away is exit 3 and one line, not a traceback."""
    (tmp_path / "bad.json").write_text(INVALID, encoding="utf-8")
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = run_process(["--format", "json", "bad.json"], tmp_path, stdout=write_end)
    finally:
        os.close(write_end)
    expected = f"writing the json report to standard output failed: {os.strerror(errno.EPIPE)}"
    assert (3, f"validate-campaign: {expected}\n") == (result.returncode, one_clean_line(result))


def test_standard_output_closed(tmp_path: Path) -> None:
    """A process started with stdout closed says so: exit 3, one line."""
    (tmp_path / "bad.json").write_text(INVALID, encoding="utf-8")
    command = [str(Path(sys.executable).parent / "validate-campaign"), "bad.json"]
    result = subprocess.run(
        ["/bin/sh", "-c", 'exec "$@" >&-', "sh", *command],
        cwd=tmp_path,
        stderr=subprocess.PIPE,
        timeout=60,
        check=False,
    )
    expected = "cannot write the text report to standard output: it is closed"
    assert (3, f"validate-campaign: {expected}\n") == (result.returncode, one_clean_line(result))


def _without_permission_overrides() -> tuple[str, ...]:
    """A command prefix under which folder permissions apply: none for a user, and for root
    `setpriv` dropping the capabilities that bypass them; skips when neither is possible."""
    if os.geteuid() != 0:
        return ()
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: permissions cannot be made to apply")
    return (setpriv, "--bounding-set=-dac_override,-dac_read_search")


@pytest.mark.slow
def test_a_folder_without_read_permission_is_reported(tmp_path: Path) -> None:
    """With real permissions (no injection): a folder that cannot be listed is
    `file-unreadable`, and alone it leaves nothing to check: exit 1."""
    prefix = _without_permission_overrides()
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.json").write_text(INVALID, encoding="utf-8")
    locked.chmod(0)
    try:
        result = run_process(
            ["--format", "json", "locked"], tmp_path, stdout=subprocess.PIPE, prefix=prefix
        )
    finally:
        locked.chmod(0o755)
    findings = json.loads(result.stdout)["findings"]
    expected = [
        (
            "file-unreadable",
            "locked",
            "cannot list the folder: Permission denied; its files were not checked",
        ),
        ("no-input-files", "locked", "nothing to check: no payload file in locked"),
    ]
    assert (1, expected) == (
        result.returncode,
        [(item["rule"], item["file"], item["message"]) for item in findings],
    )
