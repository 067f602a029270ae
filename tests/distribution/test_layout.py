"""In a checkout, the package reads the top-level schemas/ and generated/ directly, without a
symbolic link: docs/distribution.md, "How the package is built"."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import campaign_contract.generated.models
import pytest
from campaign_contract.schema import packaged_schemas_dir

ROOT = Path(__file__).resolve().parents[2]
POINTER = ROOT / "tools" / "campaign_contract" / "generated"


def test_the_repository_holds_no_symbolic_link() -> None:
    """Checkouts without link support and sdists (which drop links) see the same tree."""
    listed = subprocess.run(
        ["git", "ls-files", "--stage"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert [line for line in listed.splitlines() if line.startswith("120000")] == []


def test_a_checkout_imports_the_top_level_generated_models() -> None:
    """The pointer package sends imports to generated/, never to a copy."""
    assert Path(campaign_contract.generated.models.__file__ or "").resolve() == (
        ROOT / "generated" / "models" / "__init__.py"
    )


def test_a_checkout_reads_the_top_level_schemas() -> None:
    """The schemas come from schemas/ itself."""
    assert packaged_schemas_dir().resolve() == ROOT / "schemas"


def test_each_generated_module_has_a_stub_that_re_exports_it() -> None:
    """Type checkers see every generated module, and no stub outlives its module."""
    modules = sorted(path.stem for path in (ROOT / "generated" / "models").glob("*.py"))
    stubs = sorted(path.stem for path in (POINTER / "models").glob("*.pyi"))
    assert stubs == modules, "one stub per module in tools/campaign_contract/generated/models/"
    for name in modules:
        source = "generated.models" if name == "__init__" else f"generated.models.{name}"
        text = (POINTER / "models" / f"{name}.pyi").read_text(encoding="utf-8")
        assert f"from {source} import *\n" in text


@pytest.mark.slow  # runs mypy over a copy of the package
def test_mypy_checks_the_generated_models_where_they_are(tmp_path: Path) -> None:
    """A type error written into generated/ fails `mypy` (the CI gate), without any link."""
    for name in ("tools", "generated"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    broken = tmp_path / "generated" / "models" / "request.py"
    broken.write_text(broken.read_text(encoding="utf-8") + 'WRONG: int = "text"\n')
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / ".mypy_cache")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stdout
    assert result.stdout.startswith("generated/models/request.py:"), result.stdout
    assert "Found 1 error in 1 file" in result.stdout
