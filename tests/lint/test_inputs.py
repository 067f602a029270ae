"""Specification of how command-line arguments become inputs, and how inputs are read."""

from __future__ import annotations

import io
import os
import threading
from pathlib import Path

import pytest
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
    """A pattern that matches nothing is reported, so a run cannot pass by checking nothing."""
    inputs, findings = expand(["nothing/*.json"])
    assert inputs == []
    assert [(f.rule, f.file) for f in findings] == [("glob-no-match", "nothing/*.json")]


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
