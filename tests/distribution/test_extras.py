"""The default install is the linter alone; every other part names its extra when it is missing.

The extras are declared once, in pyproject.toml; `campaign_contract.extras` reads them back from
the installed metadata. Here a missing extra is simulated by declaring every distribution absent;
tests/distribution/test_packaging.py checks the same with a real lean install.
"""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from campaign_contract import cli, extras
from campaign_contract.errors import MissingExtraError

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
EXTRAS = PROJECT["optional-dependencies"]
PARTS = {
    "campaign_contract.models": "models",
    "campaign_contract.client": "client",
    "campaign_contract.mock.server": "mock",
    "campaign_contract.gate": "gate",
    "campaign_contract.codegen": "codegen",
    "campaign_contract.lsp": "lsp",
    "campaign_contract.testing.respx_mock": "testing",
    "campaign_contract.testing.strategies": "testing",
}


@pytest.fixture
def nothing_optional(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every distribution an extra needs reads as not installed."""
    monkeypatch.setattr(extras, "_installed", lambda distribution: False)


def test_the_default_install_is_the_linter_alone() -> None:
    """The required dependencies are jsonschema-rs, bounded above by its next 0.x, and the two
    small pure-Python packages of the linter's options."""
    assert PROJECT["dependencies"] == ["jsonschema-rs>=0.49,<0.61", "pathspec>=1.0", "shtab>=1.10"]


def test_the_installed_metadata_lists_the_extras_of_pyproject() -> None:
    """The installed metadata is current, and each Requires-Dist line is one this module reads."""
    declared = extras.declared()
    assert declared is not None
    assert sorted(declared) == sorted(EXTRAS)


def test_an_extra_that_includes_others_needs_their_distributions() -> None:
    """`client` brings the models' pydantic; `all` everything any extra brings."""
    declared = extras.declared()
    assert declared is not None
    assert "pydantic" in declared["client"]
    every = {name for extra, names in declared.items() if extra != "all" for name in names}
    assert set(declared["all"]) == every


def test_the_all_extra_lists_every_other_extra() -> None:
    """Adding an extra and forgetting `all` (which the dev group installs) fails here."""
    (line,) = EXTRAS["all"]
    listed = line.removeprefix("campaign-contract[").removesuffix("]").split(",")
    missing = sorted(set(EXTRAS) - {"all"} - set(listed))
    assert missing == [], f"add {missing} to the `all` extra in pyproject.toml"
    assert sorted(listed) == sorted(set(EXTRAS) - {"all"})


@pytest.mark.parametrize("part", sorted(PARTS))
def test_importing_a_part_without_its_extra_names_the_extra(
    part: str, nothing_optional: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ImportError says which extra to install, with the pip command."""
    for name in [module for module in sys.modules if module == part]:
        monkeypatch.delitem(sys.modules, name)
    with pytest.raises(MissingExtraError) as raised:
        importlib.import_module(part)
    extra = PARTS[part]
    assert raised.value.extra == extra
    assert str(raised.value).endswith(f": pip install 'campaign-contract[{extra}]'")
    assert isinstance(raised.value, ImportError)


@pytest.mark.parametrize(
    "name", [name for name, command in cli.SUBCOMMANDS.items() if command.extra is not None]
)
def test_a_subcommand_without_its_extra_says_so_in_one_line_and_exits_2(
    name: str, nothing_optional: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """`campaign-contract diff` without the gate extra: one line naming it, exit 2."""
    extra = cli.SUBCOMMANDS[name].extra
    assert cli.main([name]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert captured.err.startswith(f"campaign-contract: campaign-contract {name} needs the ")
    assert captured.err.endswith(
        f"extra (missing: {', '.join(extras.declared()[extra])}): "  # type: ignore[index]
        f"pip install 'campaign-contract[{extra}]'\n"
    )


def test_a_module_missing_despite_the_metadata_still_names_the_extra(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A broken install (metadata present, module gone) gets the same one line, exit 2."""
    monkeypatch.setitem(sys.modules, "jsonschema", None)  # `import jsonschema` now fails
    schemas = str(ROOT / "schemas")
    assert cli.main(["diff", schemas, schemas]) == 2
    assert capsys.readouterr().err == (
        "campaign-contract: campaign-contract diff needs the 'gate' extra (missing: jsonschema): "
        "pip install 'campaign-contract[gate]'\n"
    )


def test_the_usage_shows_which_subcommands_need_an_extra(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`campaign-contract --help` marks each subcommand behind an extra."""
    assert cli.main(["--help"]) == 0
    usage = capsys.readouterr().out
    assert "  diff         classify schema changes as breaking or safe [gate extra]\n" in usage
    assert "  schema       print one self-contained JSON Schema, for editors\n" in usage


def test_every_subcommand_names_an_extra_of_pyproject_or_none() -> None:
    """A subcommand's extra is one the package declares."""
    named = {command.extra for command in cli.SUBCOMMANDS.values()} - {None}
    assert named <= set(EXTRAS)


@pytest.mark.parametrize("argv", [["validate", str(ROOT / "examples" / "valid")], ["schema"]])
def test_the_default_install_runs_the_linter_and_the_editor_schema(
    argv: list[str], nothing_optional: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """`validate` and `schema` need no extra: they run with every extra missing."""
    assert cli.main(argv) == 0
    assert "needs the" not in capsys.readouterr().err


def test_the_pytest_plugin_imports_only_the_standard_library_and_pytest_at_the_top() -> None:
    """Loaded into every suite where the toolkit is installed, it must import in a lean one."""
    path = ROOT / "tools" / "campaign_contract" / "testing" / "pytest_plugin.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.Import):
            top += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            top.append(node.module or "")
    roots = {name.split(".")[0] for name in top}
    assert roots - sys.stdlib_module_names == {"pytest"}


def test_the_pytest_plugin_is_an_entry_point_named_after_its_module() -> None:
    """pytest loads it by itself; a `pytest_plugins` line naming the module does not clash."""
    plugins = PROJECT["entry-points"]["pytest11"]
    assert plugins == {
        "campaign_contract.testing.pytest_plugin": "campaign_contract.testing.pytest_plugin"
    }


def test_python_dash_m_runs_the_command() -> None:
    """`python -m campaign_contract --version` is `campaign-contract --version`."""
    from campaign_contract import __version__

    result = subprocess.run(
        [sys.executable, "-m", "campaign_contract", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout) == (0, f"campaign-contract {__version__}\n")


def test_the_readme_install_lines_name_every_default_dependency_and_every_extra() -> None:
    """The README's first install line lists what the lean install brings, and its sentence on
    the extras names each one of pyproject (a new extra, or a new default dependency, shows)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (lean,) = [
        line for line in readme.splitlines() if line.startswith("pip install campaign-contract ")
    ]
    brought = lean.partition("#")[2]
    for requirement in PROJECT["dependencies"]:
        name = requirement.partition(">")[0].partition("=")[0].partition("<")[0]
        assert name in brought, f"README's lean install line does not name {name}: {lean!r}"
    (sentence,) = [line for line in readme.splitlines() if line.startswith("The extras (")]
    named = sentence.partition("(")[2].partition(")")[0].replace("`", "").split(", ")
    assert named == [*EXTRAS], f"README names the extras {named}, pyproject declares {[*EXTRAS]}"


@pytest.mark.parametrize(
    ("installed", "outdated"),
    [("2.13.4", True), ("2.10", True), ("2.14.0", False), ("2.14", False), ("3.0.0b1", False)],
)
def test_a_dependency_installed_below_its_floor_names_the_extra(
    installed: str, outdated: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A lean install next to an older pydantic: importing the models names the extra (and the
    version found) instead of failing on a name the old pydantic lacks."""
    real = extras._version
    monkeypatch.setattr(
        extras, "_version", lambda name: installed if name == "pydantic" else real(name)
    )
    absent = extras.missing("models")
    if outdated:
        assert absent == (f"pydantic>=2.14 ({installed} installed)",)
        with pytest.raises(MissingExtraError, match=r"'models' extra .*pydantic>=2\.14"):
            extras.require("models", "campaign_contract.models")
    else:
        assert absent == ()


def test_a_dependency_installed_above_its_ceiling_names_the_extra(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """jsonschema-rs's next 0.x, or another datamodel-code-generator than the pinned one."""
    real = extras._version
    versions = {"ruff": "0.16.0", "datamodel-code-generator": "0.89.1"}
    monkeypatch.setattr(extras, "_version", lambda name: versions.get(name) or real(name))
    assert extras.missing("codegen") == (
        "datamodel-code-generator==0.89.0 (0.89.1 installed)",
        "ruff<0.16,>=0.15 (0.16.0 installed)",
    )
