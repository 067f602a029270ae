"""Every command of `campaign-contract` on a standard output that cannot be written."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).parents[1]
SCHEMAS = str(REPO / "schemas")
FULL = "to standard output failed: No space left on device\n"


_COMMANDS = [
    pytest.param([], "campaign-contract", id="usage"),
    pytest.param(["--help"], "campaign-contract", id="help"),
    pytest.param(["--version"], "campaign-contract", id="version"),
    pytest.param(["schema"], "campaign-contract schema", id="schema"),
    pytest.param(["diff", SCHEMAS, SCHEMAS], "campaign-contract diff", id="diff"),
    pytest.param(["validate", "--list-rules"], "validate-campaign", id="list-rules"),
    pytest.param(
        ["validate", str(REPO / "examples" / "invalid")], "validate-campaign", id="validate"
    ),
    *(
        pytest.param([name, "--help"], program, id=f"{name} --help")
        for name, program in [
            ("validate", "validate-campaign"),
            ("schema", "campaign-contract schema"),
            ("diff", "campaign-contract diff"),
            ("codegen", "campaign-contract codegen"),
            ("mock-server", "campaign-contract mock-server"),
            ("lsp", "campaign-contract lsp"),
        ]
    ),
]
"""`campaign-contract` arguments, and the program the failure's line names."""


def _run_into_full(argv: list[str], unbuffered: bool) -> subprocess.CompletedProcess[str]:
    """`argv` run with its standard output on a full disk, written through Python's buffer or,
    as under `PYTHONUNBUFFERED=1` (which many CI images set), straight to the device."""
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    if unbuffered:
        environment["PYTHONUNBUFFERED"] = "1"
    with Path("/dev/full").open("w") as full:
        return subprocess.run(
            argv,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
            cwd=REPO,
            env=environment,
        )


def _one_line_and_exit_3(result: subprocess.CompletedProcess[str], program: str) -> None:
    assert result.returncode == 3
    assert result.stderr.startswith(f"{program}: writing ")
    assert result.stderr.endswith(FULL)
    assert result.stderr.count("\n") == 1


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("unbuffered", [False, True], ids=["buffered", "unbuffered"])
@pytest.mark.parametrize(("args", "program"), _COMMANDS)
def test_a_full_standard_output_is_one_line_and_exit_3(
    args: list[str], program: str, unbuffered: bool
) -> None:
    """`campaign-contract ... > file` on a full disk: one line naming the command, exit 3,
    never a traceback, and never a help lost without a word (argparse ignores the failure)."""
    result = _run_into_full([sys.executable, "-m", "campaign_contract", *args], unbuffered)
    _one_line_and_exit_3(result, program)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("unbuffered", [False, True], ids=["buffered", "unbuffered"])
@pytest.mark.parametrize("option", ["--help", "-h"])
def test_validate_campaigns_help_on_a_full_standard_output_is_one_line_and_exit_3(
    option: str, unbuffered: bool
) -> None:
    """The `validate-campaign` console script's own help, as `campaign-contract validate`'s."""
    script = (
        "import sys; from campaign_contract.cli import validate_main; sys.exit(validate_main())"
    )
    result = _run_into_full([sys.executable, "-c", script, option], unbuffered)
    _one_line_and_exit_3(result, "validate-campaign")


@pytest.mark.parametrize(("args", "program"), [p for p in _COMMANDS if "--help" in p.values[0]])
def test_a_help_that_can_be_written_is_written_whole_and_exits_0(
    args: list[str], program: str
) -> None:
    """The help itself: the whole of it on standard output, starting with the command's usage,
    and exit 0."""
    result = subprocess.run(
        [sys.executable, "-m", "campaign_contract", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith(f"usage: {program} ")
    assert result.stdout.endswith("\n")


def _through_a_slow_non_blocking_pipe(
    argv: list[str], unbuffered: bool, read: int | None = None
) -> tuple[int, bytes, str]:
    """`argv` run with its standard output on a non-blocking pipe of one page (as a Node parent
    hands its children), which a reader empties slowly; or, with `read`, reads that many bytes
    of and then closes. The exit code, what was read, and standard error."""
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    if unbuffered:
        environment["PYTHONUNBUFFERED"] = "1"
    reader, writer = os.pipe()
    fcntl.fcntl(writer, fcntl.F_SETPIPE_SZ, 4096)
    os.set_blocking(writer, False)
    with subprocess.Popen(
        argv, stdout=writer, stderr=subprocess.PIPE, cwd=REPO, env=environment
    ) as process:
        os.close(writer)
        time.sleep(0.2)  # the command fills the pipe and meets a write that would block
        received = []
        while chunk := os.read(reader, 512 if read is None else read):
            received.append(chunk)
            if read is not None:
                break
            time.sleep(0.001)
        os.close(reader)
        assert process.stderr is not None
        errors = process.stderr.read().decode()
    return process.wait(), b"".join(received), errors


_LONG_OUTPUTS = [
    pytest.param(["-m", "campaign_contract", "schema"], id="schema"),
    pytest.param(["-m", "campaign_contract", "validate", "--help"], id="validate --help"),
    pytest.param(
        ["-m", "campaign_contract", "validate", "--format", "sarif", "examples"],
        id="validate --format sarif",
    ),
    pytest.param(
        [
            "-c",
            "import sys; from campaign_contract.cli import validate_main; sys.exit("
            "validate_main())",
            "examples",
        ],
        id="validate-campaign",
    ),
]
"""Commands whose output is more than a pipe of one page holds."""


@pytest.mark.skipif(not hasattr(fcntl, "F_SETPIPE_SZ"), reason="needs Linux's F_SETPIPE_SZ")
@pytest.mark.parametrize("unbuffered", [False, True], ids=["buffered", "unbuffered"])
@pytest.mark.parametrize("argv", _LONG_OUTPUTS)
def test_a_slow_reader_on_a_non_blocking_pipe_gets_the_whole_output(
    argv: list[str], unbuffered: bool
) -> None:
    """A parent's non-blocking pipe read slowly: the command waits for room, as on a blocking
    one. (Python gave up with exit 3 when buffered, and dropped the rest without a word when
    unbuffered.)"""
    expected = subprocess.run([sys.executable, *argv], capture_output=True, cwd=REPO, check=False)
    code, received, errors = _through_a_slow_non_blocking_pipe([sys.executable, *argv], unbuffered)
    assert (code, errors) == (expected.returncode, "")
    assert len(expected.stdout) > 4096  # more than the pipe holds
    assert received == expected.stdout


@pytest.mark.skipif(not hasattr(fcntl, "F_SETPIPE_SZ"), reason="needs Linux's F_SETPIPE_SZ")
@pytest.mark.parametrize("unbuffered", [False, True], ids=["buffered", "unbuffered"])
def test_a_reader_that_leaves_a_non_blocking_pipe_ends_the_wait_with_one_line_and_exit_3(
    unbuffered: bool,
) -> None:
    """Waiting for room never outlives the reader: once it has gone, the write fails as on a
    blocking pipe."""
    code, _, errors = _through_a_slow_non_blocking_pipe(
        [sys.executable, "-m", "campaign_contract", "schema"], unbuffered, read=1
    )
    assert code == 3
    assert errors == "campaign-contract schema: writing to standard output failed: Broken pipe\n"
