"""Every command of `campaign-contract` on a standard output that cannot be written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).parents[1]
SCHEMAS = str(REPO / "schemas")
FULL = "to standard output failed: No space left on device\n"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize(
    ("args", "program"),
    [
        ([], "campaign-contract"),
        (["--help"], "campaign-contract"),
        (["--version"], "campaign-contract"),
        (["schema"], "campaign-contract schema"),
        (["diff", SCHEMAS, SCHEMAS], "campaign-contract diff"),
        (["validate", "--list-rules"], "validate-campaign"),
        (["validate", str(REPO / "examples" / "invalid")], "validate-campaign"),
    ],
    ids=["usage", "help", "version", "schema", "diff", "list-rules", "validate"],
)
def test_a_full_standard_output_is_one_line_and_exit_3(args: list[str], program: str) -> None:
    """`campaign-contract ... > file` on a full disk: one line naming the command, exit 3,
    never a traceback."""
    with Path("/dev/full").open("w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "campaign_contract", *args],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
            cwd=REPO,
        )
    assert result.returncode == 3
    assert result.stderr.startswith(f"{program}: writing ")
    assert result.stderr.endswith(FULL)
    assert result.stderr.count("\n") == 1
