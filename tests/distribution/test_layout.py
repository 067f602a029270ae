"""In a checkout, the package reads the top-level schemas/ and generated/ directly, without a
symbolic link: docs/distribution.md, "How the package is built"."""

from __future__ import annotations

import subprocess
from pathlib import Path

import campaign_contract.generated.models
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
