"""Every command of `campaign-contract` on a standard output that cannot be written."""

from __future__ import annotations

import os
import subprocess
import sys
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
