"""The package installs from a wheel and carries everything it needs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # builds the wheel and installs it into a new environment

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def wheel_env(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the project installed from a freshly built wheel."""
    work = tmp_path_factory.mktemp("wheel")
    env = {**os.environ, "UV_NO_PROGRESS": "1"}
    subprocess.run(
        ["uv", "build", "--wheel", "--out-dir", str(work)],
        cwd=ROOT,
        check=True,
        env=env,
        capture_output=True,
    )
    (wheel,) = work.glob("campaign_contract-*.whl")
    venv = work / "venv"
    subprocess.run(
        ["uv", "venv", "--python", sys.executable, str(venv)],
        check=True,
        env=env,
        capture_output=True,
    )
    python = venv / "bin" / "python"
    subprocess.run(
        ["uv", "pip", "install", "--python", str(python), str(wheel)],
        check=True,
        env=env,
        capture_output=True,
    )
    return python


def test_wheel_loads_and_uses_every_schema(wheel_env: Path) -> None:
    """From the installed wheel (not the source tree), every schema loads and validates."""
    script = textwrap.dedent(
        """
        import json, sys
        import campaign_contract
        from campaign_contract.schema import SCHEMA_FILES, SchemaSet
        assert "site-packages" in campaign_contract.__file__, campaign_contract.__file__
        schemas = SchemaSet.packaged()
        body = json.loads(sys.argv[1])
        results = {name: schemas.validator(name).is_valid(body) for name in SCHEMA_FILES}
        print(json.dumps(results, sort_keys=True))
        """
    )
    body = (ROOT / "examples" / "valid" / "manual.json").read_text()
    result = subprocess.run(
        [str(wheel_env), "-c", script, body], capture_output=True, text=True, check=True, cwd="/"
    )
    assert json.loads(result.stdout) == {
        "campaign-request.schema.json": True,
        "campaign-response.schema.json": False,
        "definitions.schema.json": True,
        "error-message.schema.json": False,
        "validation-error.schema.json": False,
    }


def test_wheel_ships_the_type_marker(wheel_env: Path) -> None:
    """`py.typed` is installed, so users' type checkers read our annotations."""
    script = "import importlib.resources as r; print(r.files('campaign_contract') / 'py.typed')"
    result = subprocess.run(
        [str(wheel_env), "-c", script], capture_output=True, text=True, check=True, cwd="/"
    )
    assert Path(result.stdout.strip()).is_file()
