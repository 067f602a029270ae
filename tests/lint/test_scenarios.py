"""Scenario tests: each `tests/scenarios/*.txt` is a command, its inputs, stdout and exit code.

The expected parts are written by `tools/scripts/regen_scenarios.py`, never by hand.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCENARIO_FILES = sorted((ROOT / "tests" / "scenarios").glob("*.txt"))


def _load_runner() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "regen_scenarios", ROOT / "tools" / "scripts" / "regen_scenarios.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


runner = _load_runner()


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=[p.stem for p in SCENARIO_FILES])
def test_scenario(path: Path) -> None:
    """The command prints exactly the recorded stdout (and stderr) and exits as recorded."""
    scenario = runner.Scenario.parse(path.read_text(encoding="utf-8"))
    stdout, stderr, code = runner.run(scenario)
    assert (stdout.removesuffix("\n"), stderr.removesuffix("\n"), code) == (
        scenario.stdout,
        scenario.stderr,
        scenario.exit,
    )


def test_scenarios_cover_every_exit_code() -> None:
    """Between them, the scenarios exit with 0, 1, 2 and 3."""
    codes = {runner.Scenario.parse(p.read_text(encoding="utf-8")).exit for p in SCENARIO_FILES}
    assert codes == {0, 1, 2, 3}


def test_scenario_files_are_stable_under_rendering() -> None:
    """Parsing and rendering a scenario file gives it back unchanged (regeneration is clean)."""
    for path in SCENARIO_FILES:
        text = path.read_text(encoding="utf-8")
        assert runner.Scenario.parse(text).render() == text, path.name
