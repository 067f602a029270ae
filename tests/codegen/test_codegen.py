"""`campaign-contract codegen` regenerates generated/ reproducibly and catches drift."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
from campaign_contract.codegen.cli import changed_models, render, stale_files
from campaign_contract.codegen.model_generator import MODULES
from campaign_contract.schema import SchemaSet

pytestmark = pytest.mark.slow  # runs datamodel-code-generator and ruff

ROOT = Path(__file__).parents[2]
GENERATED = ROOT / "generated"


def _codegen(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "campaign_contract", "codegen", *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def rendered() -> dict[str, str]:
    """Everything codegen would write for the repository's schemas."""
    return render(SchemaSet.from_directory(ROOT / "schemas"), ROOT)


def test_generating_twice_gives_identical_files(rendered: dict[str, str]) -> None:
    """Byte-identical output on a second run: no timestamps, no unordered output."""
    assert rendered == render(SchemaSet.from_directory(ROOT / "schemas"), ROOT)


def test_committed_files_are_current(rendered: dict[str, str]) -> None:
    """generated/ matches the schemas (the library half of `codegen --check`)."""
    assert stale_files(rendered, GENERATED) == {}


def test_check_command_passes_on_the_repository() -> None:
    """`campaign-contract codegen --check` exits 0 and prints no diff when all is current."""
    result = _codegen("--check")
    assert (result.returncode, result.stdout) == (0, "")


def test_check_names_the_changed_model_when_a_constraint_changes(tmp_path: Path) -> None:
    """Drift: a copied schema with one changed minimum makes --check fail with a diff."""
    schemas = tmp_path / "schemas"
    shutil.copytree(ROOT / "schemas", schemas)
    definitions = schemas / "definitions.schema.json"
    document = json.loads(definitions.read_text(encoding="utf-8"))
    document["$defs"]["SendAmount"]["minimum"] = 10
    definitions.write_text(json.dumps(document, indent=2), encoding="utf-8")

    result = _codegen("--check", "--schemas-dir", str(schemas))

    assert result.returncode == 1
    assert "+++ generated/models/request.py (from the schemas)" in result.stdout
    assert "-    send_amount: Annotated[JsonInteger, Field(ge=1)] = 200" in result.stdout
    assert "+    send_amount: Annotated[JsonInteger, Field(ge=10)] = 200" in result.stdout
    assert "stale: generated/models/request.py (models changed: ManualData)" in result.stderr
    assert "stale: generated/models/response.py (models changed: ManualData)" in result.stderr
    assert "stale: generated/openapi.json" in result.stderr


def test_changed_models_names_each_class_whose_text_differs() -> None:
    """Edits inside a class and an alias name both; an edit outside every definition names none."""
    old = "import x\n\nclass A:\n    a: int\n\nclass B:\n    b: int\n\nC = TypeAliasType(\n    1)\n"
    new = (
        old.replace("a: int", "a: str").replace("    1)", "    2)").replace("import x", "import y")
    )
    assert changed_models(old, new) == ["A", "C"]


def test_codegen_writes_every_file_into_an_empty_folder(
    tmp_path: Path, rendered: dict[str, str]
) -> None:
    """`codegen --output-dir` creates every file, and the folder is then current."""
    output = tmp_path / "out"
    assert _codegen("--output-dir", str(output)).returncode == 0
    assert stale_files(rendered, output) == {}
    assert sorted(p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file()) == [
        "__init__.py",
        "fields.md",
        "models/__init__.py",
        *sorted(f"models/{module}.py" for module in MODULES.values()),
        "openapi.json",
    ]


def test_a_leftover_file_is_stale(tmp_path: Path, rendered: dict[str, str]) -> None:
    """A file codegen no longer makes (e.g. of a removed schema) is reported for deletion."""
    output = tmp_path / "out"
    shutil.copytree(GENERATED, output, ignore=shutil.ignore_patterns("__pycache__"))
    (output / "models" / "old.py").write_text("x = 1\n", encoding="utf-8")
    diffs = stale_files(rendered, output)
    assert list(diffs) == ["models/old.py"]
    assert "+++ /dev/null" in diffs["models/old.py"]


def test_outside_a_clone_codegen_says_what_to_do(tmp_path: Path) -> None:
    """Without a pyproject.toml holding the generator settings, exit 2 with a clear message."""
    result = _codegen("--check", cwd=tmp_path)
    assert result.returncode == 2
    assert "[tool.datamodel-codegen]" in result.stderr


@pytest.mark.parametrize("name", ["__init__.py", "models/__init__.py", "models/request.py"])
def test_python_headers_name_source_command_and_generator_version(
    rendered: dict[str, str], name: str
) -> None:
    """Each generated module opens with its source, the command, and the installed generator."""
    version = metadata.version("datamodel-code-generator")
    head = rendered[name].splitlines()[:3]
    assert head[0].startswith("# Generated by `campaign-contract codegen` from schemas/")
    assert head[1].startswith(f"# with datamodel-code-generator {version}; ")
    assert "`uv run campaign-contract codegen`" in head[2]


def test_every_generated_file_starts_with_a_header(rendered: dict[str, str]) -> None:
    """Models, the OpenAPI document and the field reference all say they are generated."""
    starts = {name: text[:60] for name, text in rendered.items()}
    assert all(
        start.startswith(
            ("# Generated by", '{\n  "x-generated": "Generated from', "<!-- Generated")
        )
        for start in starts.values()
    ), starts


def test_each_model_module_names_its_schema_file(rendered: dict[str, str]) -> None:
    """`models/request.py` says it comes from `schemas/campaign-request.schema.json`, etc."""
    firsts = {
        module: rendered[f"models/{module}.py"].splitlines()[0] for module in MODULES.values()
    }
    assert firsts == {
        module: f"# Generated by `campaign-contract codegen` from schemas/{name}"
        for name, module in MODULES.items()
    }


def test_generator_options_live_in_pyproject() -> None:
    """The generator is driven by [tool.datamodel-codegen]; codegen passes only the folders."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    options = config["tool"]["datamodel-codegen"]
    assert {"input", "output"}.isdisjoint(options)
    assert options["strict-nullable"] is options["use-missing-sentinel"] is True
