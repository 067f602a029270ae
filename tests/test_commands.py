"""Every command of `campaign-contract` on a standard output that cannot be written."""

from __future__ import annotations

import fcntl
import json
import os
import resource
import signal
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


def _environment(unbuffered: bool) -> dict[str, str]:
    """This process's environment, with Python's standard streams unbuffered or not
    (`PYTHONUNBUFFERED`, which many CI images set)."""
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    if unbuffered:
        environment["PYTHONUNBUFFERED"] = "1"
    return environment


def _one_page_pipe(blocking: bool) -> tuple[int, int]:
    """A pipe that holds one page (4 KiB), its write end blocking or not: reader, writer."""
    reader, writer = os.pipe()
    fcntl.fcntl(writer, fcntl.F_SETPIPE_SZ, 4096)
    os.set_blocking(writer, blocking)
    return reader, writer


def _run_into_full(argv: list[str], unbuffered: bool) -> subprocess.CompletedProcess[str]:
    """`argv` run with its standard output on a full disk, written through Python's buffer or,
    as under `PYTHONUNBUFFERED=1` (which many CI images set), straight to the device."""
    with Path("/dev/full").open("w") as full:
        return subprocess.run(
            argv,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
            cwd=REPO,
            env=_environment(unbuffered),
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


def _through_a_slow_pipe(
    argv: list[str],
    unbuffered: bool,
    *,
    read: int | None = None,
    blocking: bool = False,
    stream: str = "stdout",
    stall: float = 0.2,
) -> tuple[int, bytes, str, float]:
    """`argv` run with its standard output (or, with `stream`, its standard error) on a pipe
    of one page, non-blocking unless `blocking` (as a Node parent hands its children), which
    a reader empties slowly after `stall` seconds; or, with `read`, reads that many bytes of
    and then closes. The exit code, what was read, the other stream, and the CPU seconds the
    command used."""
    reader, writer = _one_page_pipe(blocking)
    streams = {"stdout": writer, "stderr": subprocess.PIPE}
    if stream == "stderr":
        streams = {"stdout": subprocess.PIPE, "stderr": writer}
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    with subprocess.Popen(argv, **streams, cwd=REPO, env=_environment(unbuffered)) as process:
        os.close(writer)
        time.sleep(stall)  # the command fills the pipe and meets a write that would block
        received = []
        while chunk := os.read(reader, 512 if read is None else read):
            received.append(chunk)
            if read is not None:
                break
            time.sleep(0.001)
        os.close(reader)
        other = process.stderr if stream == "stdout" else process.stdout
        assert other is not None
        said = other.read().decode()
    code = process.wait()
    now = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = now.ru_utime + now.ru_stime - used.ru_utime - used.ru_stime
    return code, b"".join(received), said, cpu


_VALIDATE_CAMPAIGN = (
    "import sys; from campaign_contract.cli import validate_main; sys.exit(validate_main())"
)
"""`validate-campaign` as its console script runs it."""

_LONG_OUTPUTS = [
    pytest.param(["-m", "campaign_contract", "schema"], id="schema"),
    pytest.param(["-m", "campaign_contract", "validate", "--help"], id="validate --help"),
    pytest.param(
        ["-m", "campaign_contract", "validate", "--format", "sarif", "examples"],
        id="validate --format sarif",
    ),
    pytest.param(["-c", _VALIDATE_CAMPAIGN, "examples"], id="validate-campaign"),
]
"""Commands whose output is more than a pipe of one page holds."""

_LINUX_PIPES = pytest.mark.skipif(
    not hasattr(fcntl, "F_SETPIPE_SZ"), reason="needs Linux's F_SETPIPE_SZ"
)
_BUFFERING = pytest.mark.parametrize("unbuffered", [False, True], ids=["buffered", "unbuffered"])


@_LINUX_PIPES
@_BUFFERING
@pytest.mark.parametrize("argv", _LONG_OUTPUTS)
def test_a_slow_reader_on_a_non_blocking_pipe_gets_the_whole_output(
    argv: list[str], unbuffered: bool
) -> None:
    """A parent's non-blocking pipe read slowly: the command waits for room, as on a blocking
    one. (Python gave up with exit 3 when buffered, and dropped the rest without a word when
    unbuffered.)"""
    expected = subprocess.run([sys.executable, *argv], capture_output=True, cwd=REPO, check=False)
    code, received, said, _ = _through_a_slow_pipe([sys.executable, *argv], unbuffered)
    assert (code, said) == (expected.returncode, "")
    assert len(expected.stdout) > 4096  # more than the pipe holds
    assert received == expected.stdout


@_LINUX_PIPES
@_BUFFERING
def test_standard_error_on_a_slow_non_blocking_pipe_is_written_whole(
    tmp_path: Path, unbuffered: bool
) -> None:
    """Standard error is waited on as standard output is: `--verbose` names each of 150 files
    on it, several pages."""
    for index in range(150):
        (tmp_path / f"payload-{index:03}.json").write_text("{}", encoding="utf-8")
    argv = [sys.executable, "-c", _VALIDATE_CAMPAIGN, "--verbose", "--quiet", str(tmp_path)]
    expected = subprocess.run(argv, capture_output=True, cwd=REPO, check=False)
    code, received, shown, _ = _through_a_slow_pipe(argv, unbuffered, stream="stderr")
    assert len(expected.stderr) > 4096
    assert (code, received, shown) == (
        expected.returncode,
        expected.stderr,
        expected.stdout.decode(),
    )


@_LINUX_PIPES
@_BUFFERING
def test_waiting_for_a_stalled_reader_spends_no_cpu(unbuffered: bool) -> None:
    """The command sleeps while the pipe is full (a second and a half here), as on a blocking
    pipe: it does not try the write again and again."""
    argv = [sys.executable, "-m", "campaign_contract", "schema"]
    code, _, _, cpu = _through_a_slow_pipe(argv, unbuffered, stall=1.5)
    assert code == 0
    assert cpu < 0.75


@_LINUX_PIPES
@_BUFFERING
@pytest.mark.parametrize("blocking", [False, True], ids=["non-blocking", "blocking"])
def test_a_reader_that_leaves_mid_output_is_one_line_and_exit_3(
    unbuffered: bool, blocking: bool
) -> None:
    """Waiting for room never outlives the reader, and a write the reader left in the middle of
    is no success: once it has gone, the write fails as on a blocking pipe. (Unbuffered, Python
    took the part written for the whole and exited 0.)"""
    argv = [sys.executable, "-m", "campaign_contract", "schema"]
    code, _, said, _ = _through_a_slow_pipe(argv, unbuffered, read=1, blocking=blocking)
    assert (code, said) == (
        3,
        "campaign-contract schema: writing to standard output failed: Broken pipe\n",
    )


@_LINUX_PIPES
@_BUFFERING
@pytest.mark.parametrize("command", ["validate-campaign", "schema"])
def test_ctrl_c_ends_a_wait_for_a_stalled_reader(
    tmp_path: Path, command: str, unbuffered: bool
) -> None:
    """Ctrl-C while the command waits for a reader that has stalled ends it, as on a blocking
    pipe, with nothing more written: waiting again on the way out would keep it alive, even
    to write its traceback on a standard error that shares the pipe (`2>&1`). (The linter's
    report here is 300 faulty files' worth, dozens of pages.)"""
    for index in range(300):
        (tmp_path / f"payload-{index:03}.json").write_text('{"id": 1, "name": 2}', "utf-8")
    argv = {
        "validate-campaign": ["-c", _VALIDATE_CAMPAIGN, str(tmp_path)],
        "schema": ["-m", "campaign_contract", "schema"],
    }[command]
    reader, writer = _one_page_pipe(blocking=False)
    with subprocess.Popen(
        [sys.executable, *argv],
        stdout=writer,
        stderr=writer,
        cwd=REPO,
        env=_environment(unbuffered),
    ) as process:
        os.close(writer)
        try:
            time.sleep(1.5)  # checked, and waiting for room in the full pipe
            process.send_signal(signal.SIGINT)
            code = process.wait(timeout=20)
        finally:
            process.kill()
            os.close(reader)
    assert code in (130, -signal.SIGINT)


@_BUFFERING
def test_a_stream_written_whole_is_buffered_as_it_was(unbuffered: bool) -> None:
    """`write_whole` keeps what each stream was: buffered or not, line-buffered or not, its
    encoding, error handler and name."""
    script = (
        "import io, json, os, sys\n"
        "def shape(stream):\n"
        "    buffered = isinstance(stream.buffer, io.BufferedIOBase)\n"
        "    return [buffered, stream.line_buffering, stream.write_through, stream.encoding,\n"
        "            stream.errors, stream.name]\n"
        "before = [shape(sys.stdout), shape(sys.stderr)]\n"
        "from campaign_contract.errors import write_whole\n"
        "write_whole(['stdout', 'stderr'])\n"
        "after = [shape(sys.stdout), shape(sys.stderr)]\n"
        "print(json.dumps([before, after, type(sys.stdout.buffer).__name__]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=_environment(unbuffered),
        check=True,
    )
    before, after, layer = json.loads(result.stdout)
    assert after == before
    assert before[0][0] is not unbuffered
    assert layer == ("_Patient" if unbuffered else "BufferedWriter")
