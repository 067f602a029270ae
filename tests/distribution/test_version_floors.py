"""The declared lower bounds are true: with the lowest allowed version of every direct
dependency (every extra included), the toolkit works. docs/distribution.md has the measurements
behind each floor; this test keeps them true as the code changes.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
SMOKE = Path(__file__).with_name("smoke.py")
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
ENV = {**os.environ, "UV_NO_PROGRESS": "1"}


def _uv(*arguments: str | Path, cwd: Path = ROOT) -> str:
    result = subprocess.run(
        ["uv", *map(str, arguments)], cwd=cwd, env=ENV, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _requirements() -> dict[str, str]:
    """Distribution -> its version specifier, from every requirement of pyproject.toml (the
    extras that name this package left out)."""
    lines = [*PROJECT["dependencies"]]
    for extra in PROJECT["optional-dependencies"].values():
        lines += extra
    found = {}
    for line in lines:
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?(.*)", line)
        assert match, line
        if match[1] != "campaign-contract":
            found[match[1].lower()] = match[2].strip()
    return found


def _floors() -> dict[str, str]:
    """Distribution -> its declared lower bound."""
    return {
        name: re.split(r"[>=]=", specifier)[1].split(",")[0]
        for name, specifier in _requirements().items()
    }


def _release(version: str) -> tuple[int, ...]:
    """`0.45.0` and `0.45` alike."""
    parts = [int(part) for part in version.split(".")]
    while parts and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def test_the_docs_table_states_every_declared_bound() -> None:
    """Each distribution's bound in pyproject.toml is the one docs/distribution.md explains."""
    page = (ROOT / "docs" / "distribution.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| ([a-z0-9-]+) \| `([^`]+)`", page, flags=re.MULTILINE))
    assert {name: rows.get(name) for name in _requirements()} == _requirements()


@pytest.mark.slow  # installs the lowest allowed versions from the registry
def test_the_lowest_allowed_versions_run_the_toolkit(tmp_path: Path) -> None:
    """Linter exit 1 on examples/invalid; models, client, mock, strategies and gate work; the
    lowest generator and formatter find generated/ current."""
    pinned = _uv(
        "pip",
        "compile",
        "pyproject.toml",
        "--all-extras",
        "--resolution",
        "lowest-direct",
        "--python-version",
        "3.11",
        "--no-header",
        "--no-annotate",
        "--quiet",
    )
    versions = dict(line.split("==") for line in pinned.splitlines() if "==" in line)
    assert {name: _release(versions[name]) for name in _floors()} == {
        name: _release(floor) for name, floor in _floors().items()
    }
    (tmp_path / "requirements.txt").write_text(pinned, encoding="utf-8")
    _uv("build", "--wheel", "--out-dir", tmp_path / "dist")
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    python = tmp_path / "venv" / "bin" / "python"
    _uv("venv", "--quiet", "--python", sys.executable, tmp_path / "venv")
    _uv("pip", "install", "--quiet", "--python", python, "-r", tmp_path / "requirements.txt")
    _uv("pip", "install", "--quiet", "--python", python, "--no-deps", wheel)
    lint = subprocess.run(
        [python.parent / "validate-campaign", EXAMPLES / "invalid"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert lint.returncode == 1, lint.stdout + lint.stderr
    assert lint.stdout.rstrip().endswith("in 12 of 12 files")
    smoke = subprocess.run(
        [python, SMOKE, EXAMPLES], capture_output=True, text=True, check=False, cwd=tmp_path
    )
    assert smoke.returncode == 0, smoke.stdout + smoke.stderr
    codegen = subprocess.run(
        [python.parent / "campaign-contract", "codegen", "--check", "--project-dir", ROOT],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert codegen.returncode == 0, codegen.stdout + codegen.stderr
