"""Specification of how command-line arguments become inputs, and how inputs are read."""

from __future__ import annotations

import io
import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from campaign_contract.lint.excludes import Skip
from campaign_contract.lint.inputs import Input, expand, read


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory with payloads at several depths and some files to skip."""
    (tmp_path / "a" / "deep").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    for name in ("a/one.json", "a/deep/two.json", "a/notes.txt", ".hidden/three.json", "top.json"):
        (tmp_path / name).write_text("{}", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def names(arguments: list[str], stdin_filename: str | None = None) -> list[str]:
    inputs, _ = expand(arguments, stdin_filename)
    return [item.name for item in inputs]


def test_files_are_reported_as_given(tree: Path) -> None:
    """A relative path stays relative and keeps its spelling."""
    assert names(["./top.json", "a/one.json"]) == ["./top.json", "a/one.json"]


def test_directories_are_walked_for_json_files_sorted(tree: Path) -> None:
    """A directory yields its *.json files recursively, hidden directories skipped."""
    assert names(["a"]) == ["a/deep/two.json", "a/one.json"]


def test_folder_walks_keep_the_files_include_accepts(tree: Path) -> None:
    """With an `include` test, a walk keeps what it accepts; named files are checked anyway."""

    def include(path: str) -> bool:
        return path.endswith(("deep/two.json", ".txt"))

    inputs, _ = expand(["a", "top.json"], include=include)
    assert [item.name for item in inputs] == ["a/deep/two.json", "a/notes.txt", "top.json"]


def skipped(arguments: list[str], skip: Skip) -> list[str]:
    inputs, _ = expand(arguments, skip=skip)
    return [item.name for item in inputs]


@pytest.mark.parametrize(
    ("patterns", "expected"),
    [
        (("deep/",), ["a/one.json", "top.json"]),
        (("two.json",), ["a/one.json", "top.json"]),
        (("/top.json",), ["a/deep/two.json", "a/one.json"]),
        (("a/**/two.json",), ["a/one.json", "top.json"]),
        (("*.json", "!top.json"), ["top.json"]),
    ],
)
def test_exclude_patterns_use_the_gitignore_dialect_in_walks_and_globs(
    tree: Path, patterns: tuple[str, ...], expected: list[str]
) -> None:
    """A trailing `/` names folders, a leading `/` anchors at the root, `!` re-includes; folder
    walks and patterns leave matches out, but a file named on its own is still checked."""
    skip = Skip(patterns, tree.resolve(), use_ignore_files=False)
    assert skipped(["."], skip) == [f"./{name}" for name in expected]
    assert skipped(["**/*.json"], skip) == expected
    assert skipped(["a/deep/two.json"], skip) == ["a/deep/two.json"]


def test_without_git_or_outside_a_work_tree_nothing_is_ignored(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A .gitignore outside a git work tree, or git missing, leaves every file in the walk."""
    (tree / ".gitignore").write_text("a/\n", encoding="utf-8")
    everything = ["./a/deep/two.json", "./a/one.json", "./top.json"]
    assert skipped(["."], Skip()) == everything
    monkeypatch.setenv("PATH", str(tree / "no-such-folder"))
    assert skipped(["."], Skip()) == everything


def test_symlinked_directories_are_not_followed(tree: Path) -> None:
    """A link loop cannot hang the walk: linked directories are not entered."""
    (tree / "a" / "deep" / "loop").symlink_to(tree / "a")
    assert names(["a"]) == ["a/deep/two.json", "a/one.json"]


def test_globs_are_expanded_by_the_tool(tree: Path) -> None:
    """Patterns work the same in every shell, `**` included."""
    assert names(["**/*.json"]) == ["a/deep/two.json", "a/one.json", "top.json"]


def test_many_files_of_one_folder_are_told_from_folders_by_one_listing(tmp_path: Path) -> None:
    """With many arguments in one folder (a listing answers), a folder named like a file is
    still walked, and a missing file still becomes an input (reported when read)."""
    for index in range(20):
        (tmp_path / f"{index:02d}.json").write_text("{}", encoding="utf-8")
    (tmp_path / "folder.json").mkdir()
    (tmp_path / "folder.json" / "inner.json").write_text("{}", encoding="utf-8")
    given = [str(tmp_path / name) for name in ("05.json", "folder.json", "gone.json", "00.json")]
    given += [str(tmp_path / f"{index:02d}.json") for index in range(20)]
    expected = [
        str(tmp_path / "05.json"),
        str(tmp_path / "folder.json" / "inner.json"),
        str(tmp_path / "gone.json"),
        *(str(tmp_path / f"{index:02d}.json") for index in range(20) if index != 5),
    ]
    assert expected == names(given)


def test_an_unmatched_glob_is_a_finding(tree: Path) -> None:
    """A pattern that matches nothing is reported, so a run cannot pass by checking nothing;
    when nothing else names a file, the run says it has nothing to check."""
    inputs, findings = expand(["nothing/*.json"])
    assert inputs == []
    assert [(f.rule, f.file) for f in findings] == [
        ("glob-no-match", "nothing/*.json"),
        ("no-input-files", "nothing/*.json"),
    ]
    assert [(f.rule, f.file) for f in expand(["nothing/*.json", "top.json"])[1]] == [
        ("glob-no-match", "nothing/*.json")
    ]


def test_repeated_inputs_are_checked_once(tree: Path) -> None:
    """The same path named twice, directly and through a directory, is read once."""
    assert names(["a/one.json", "a", "a/one.json"]) == ["a/one.json", "a/deep/two.json"]


def test_one_file_spelt_two_ways_is_checked_once(tree: Path) -> None:
    """`a/one.json` and `./a/one.json` are the same input; the first spelling is kept."""
    assert names(["./a/one.json", "a/one.json"]) == ["./a/one.json"]


def test_stdin_is_named_by_stdin_filename(tree: Path) -> None:
    """`-` is standard input, reported under --stdin-filename or `<stdin>`."""
    assert [Input("payload.json", None)] == expand(["-"], "payload.json")[0]
    assert names(["-"]) == ["<stdin>"]


def test_a_missing_file_is_a_finding(tmp_path: Path) -> None:
    """Reading a path that does not exist gives a finding, not an exception."""
    result = read(Input("gone.json", str(tmp_path / "gone.json")), 100)
    assert not isinstance(result, bytes)
    assert (result.rule, result.file) == ("file-not-found", "gone.json")


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    """A named pipe with no writer is refused at once instead of hanging the run."""
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    outcome: list[object] = []
    reader = threading.Thread(target=lambda: outcome.append(read(Input("p", str(fifo)), 10)))
    reader.start()
    reader.join(timeout=5)
    assert not reader.is_alive(), "reading a FIFO blocked"
    assert [getattr(result, "rule", None) for result in outcome] == ["file-not-regular"]


def test_reads_stop_at_the_limit(tmp_path: Path) -> None:
    """At most `limit` bytes are read, so a huge file costs no more than the limit."""
    big = tmp_path / "big.json"
    big.write_bytes(b"x" * 5000)
    assert len(read(Input("big.json", str(big)), 1001)) == 1001  # type: ignore[arg-type]


@pytest.mark.parametrize("reported_size", [0, 3, 4999, 5001])
def test_a_file_whose_size_changed_since_fstat_is_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reported_size: int
) -> None:
    """The size from `fstat` is only a first guess: the whole file (up to the limit) is read."""
    grown = tmp_path / "grown.json"
    grown.write_bytes(b"y" * 5000)
    real_fstat = os.fstat

    def stale_fstat(descriptor: int) -> os.stat_result:
        status = list(real_fstat(descriptor))
        status[6] = reported_size  # st_size, as a procfs file or a file still being written
        return os.stat_result(status)

    monkeypatch.setattr(os, "fstat", stale_fstat)
    assert read(Input("grown.json", str(grown)), 10_000) == b"y" * 5000
    assert read(Input("grown.json", str(grown)), 1001) == b"y" * 1001


def test_stdin_is_read_up_to_the_limit() -> None:
    """Standard input is read from the given stream, bounded like a file."""
    assert read(Input("-", None), 10, io.BytesIO(b"{}")) == b"{}"


GLOB_TREE = (
    "top.json",
    "a/one.json",
    "a/deep/two.json",
    "a/deep/er/three.json",
    "a/notes.txt",
    "b/four.json",
    ".hidden/five.json",
    "a/.dot.json",
)


@pytest.mark.parametrize(
    "pattern",
    [
        "*.json",
        "**",
        "**/*.json",
        "a/**",
        "a/**/*.json",
        "**/deep/*.json",
        "*/*.json",
        "*/d*/**/*.json",
        "a/*",
        "a/.*",
        "[ab]/*.json",
        "a/deep/",
        "*/",
        "**/",
        "a/**/er/**",
        "nothing/**/*.json",
    ],
)
def test_globs_match_what_the_standard_glob_matches_where_there_are_no_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pattern: str
) -> None:
    """Without symbolic links, the tool's expansion is `glob.glob(recursive=True)`'s."""
    import glob

    from campaign_contract.lint.inputs import _matches

    for name in GLOB_TREE:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("{}", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    expected = sorted(glob.glob(pattern, recursive=True))  # noqa: PTH207 - the reference
    unlisted: list[OSError] = []
    assert expected == _matches(pattern, unlisted)
    absolute = str(tmp_path / pattern)
    assert sorted(glob.glob(absolute, recursive=True)) == _matches(absolute, [])  # noqa: PTH207
    assert unlisted == []


def test_double_star_does_not_follow_links_to_folders(tree: Path) -> None:
    """A two-link loop and a self link end, and a file is found once, under its real path."""
    (tree / "a" / "self").symlink_to(".")
    (tree / "a" / "deep" / "up").symlink_to("..")
    (tree / "outside").mkdir()
    (tree / "outside" / "far.json").write_text("{}", encoding="utf-8")
    (tree / "a" / "out").symlink_to("../outside")
    assert names(["a/**/*.json"]) == ["a/deep/two.json", "a/one.json"]


def test_a_folder_that_cannot_be_listed_is_reported(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Walks and globs report a folder they cannot list, named as reached, once each."""
    real = os.scandir

    def scandir(path: str = ".") -> object:
        if Path(path).name == "deep":
            raise PermissionError(13, "Permission denied", path)
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    inputs, findings = expand(["a", "a/**/*.json"])
    assert [item.name for item in inputs] == ["a/one.json"]
    message = "cannot list the folder: Permission denied; its files were not checked"
    assert [("file-unreadable", "a/deep", message)] == [
        (finding.rule, finding.file, finding.message) for finding in findings
    ]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["empty"], "nothing to check: no payload file in empty"),
        (["empty", "empty/"], "nothing to check: no payload file in empty, empty/"),
        (
            ["empty", "empty/", "./empty", "empty/*.json", "e*"],
            "nothing to check: no payload file in empty, empty/, ./empty and 2 more",
        ),
    ],
)
def test_arguments_naming_no_file_are_a_finding(
    tree: Path, arguments: list[str], message: str
) -> None:
    """Folders without payloads (and patterns matching none) leave nothing to check."""
    (tree / "empty").mkdir()
    inputs, findings = expand(arguments)
    assert inputs == []
    (nothing,) = [finding for finding in findings if finding.rule == "no-input-files"]
    assert (arguments[0], message) == (nothing.file, nothing.message)


def test_a_missing_file_is_named_so_it_is_not_a_run_without_inputs(tree: Path) -> None:
    """A named file that does not exist is an input (reported as `file-not-found` when read)."""
    assert expand(["gone.json"]) == ([Input("gone.json", "gone.json")], [])


def test_a_file_seen_before_is_not_read_again(tree: Path) -> None:
    """With `seen`, a second name of a file already read (a link, another spelling) gives
    None; without it, every read reads."""
    (tree / "link.json").symlink_to("top.json")
    seen: set[tuple[int, int]] = set()
    assert read(Input("top.json", "top.json"), 100, None, seen) == b"{}"
    assert read(Input("link.json", "link.json"), 100, None, seen) is None
    assert read(Input(str(tree / "top.json"), str(tree / "top.json")), 100, None, seen) is None
    assert read(Input("a/one.json", "a/one.json"), 100, None, seen) == b"{}"
    assert read(Input("link.json", "link.json"), 100) == b"{}"


def test_a_closed_standard_input_is_a_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    """A process started without standard input reports it instead of failing."""
    import sys

    monkeypatch.setattr(sys, "stdin", None)
    result = read(Input("<stdin>", None), 10)
    assert not isinstance(result, bytes | None)
    assert (
        result.rule,
        result.message,
    ) == ("file-unreadable", "cannot read: standard input is closed")


def test_a_name_holding_nul_is_a_finding() -> None:
    """Only a library caller can pass one; it is reported, not raised."""
    result = read(Input("a\0b.json", "a\0b.json"), 10)
    assert not isinstance(result, bytes | None)
    assert result.rule == "file-not-found"


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda path: None, "no such file"),
        (lambda path: path.mkdir(), "not a regular file (a directory)"),
        (os.mkfifo, "not a regular file (a FIFO)"),
        (lambda path: path.write_bytes(b"x" * 2049), "larger than 2 KiB"),
    ],
)
def test_option_files_are_read_safely(
    tmp_path: Path, make: Callable[[Path], object], reason: str
) -> None:
    """A missing, irregular or too large option file is a UsageError naming it, at once."""
    from campaign_contract.errors import UsageError
    from campaign_contract.lint.inputs import read_option_file

    path = tmp_path / "options.toml"
    make(path)
    with pytest.raises(UsageError) as caught:
        read_option_file(str(path), "configuration", 2048)
    assert f"cannot read configuration {path}: {reason}" == str(caught.value)


def test_option_files_must_be_utf8(tmp_path: Path) -> None:
    """The first byte that is not UTF-8 is named with its offset."""
    from campaign_contract.errors import UsageError
    from campaign_contract.lint.inputs import decode_option_file

    assert decode_option_file("b.json", "baseline", "Å".encode()) == "Å"
    with pytest.raises(UsageError) as caught:
        decode_option_file("b.json", "baseline", b"ok \xc3(")
    assert str(caught.value) == "cannot read baseline b.json: not UTF-8 (byte 0xc3 at offset 3)"
