"""The package installs from every route and carries everything it needs: the sdist, the wheel
built from it (what PyPI users get), a wheel built from the tree, an editable install and
`pip install git+...`, each into a clean virtual environment with plain pip.

(The pre-commit hook route is tests/lint/test_precommit_hooks.py, plus the README's snippet here.)
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tarfile
import textwrap
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # builds the package and installs it from the registry

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
SMOKE = Path(__file__).with_name("smoke.py")
SCHEMAS = sorted(path.name for path in (ROOT / "schemas").glob("*.json"))
MODELS = sorted(path.name for path in (ROOT / "generated" / "models").glob("*.py"))
TOP_FILES = ("LICENSE", "pyproject.toml", "README.md", "CHANGELOG.md", "PKG-INFO", ".gitignore")
# The pytest runs below read like a user's: not in "CI" mode (which changes what pytest prints),
# without the caller's extra options.
PYTEST_STEERING = ("CI", "BUILD_NUMBER", "PYTEST_ADDOPTS", "PYTEST_PLUGINS")
ENV = {
    **{name: value for name, value in os.environ.items() if name not in PYTEST_STEERING},
    "UV_NO_PROGRESS": "1",
    "PIP_DISABLE_PIP_VERSION_CHECK": "1",
}


def run(
    *command: str | Path, cwd: Path = Path("/"), timeout: int = 600
) -> subprocess.CompletedProcess[str]:
    """`command` outside the checkout (so nothing is imported from it by accident)."""
    return subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def checked(*command: str | Path, cwd: Path = Path("/")) -> str:
    result = run(*command, cwd=cwd)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def new_venv(folder: Path) -> Path:
    """A fresh virtual environment made by the standard library, with its own pip."""
    checked(sys.executable, "-m", "venv", folder)
    return folder / "bin"


def pip_install(bin_dir: Path, *requirements: str | Path) -> None:
    checked(bin_dir / "python", "-m", "pip", "install", "--quiet", *requirements)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """`uv build`'s default output: the sdist, and the wheel built from that sdist."""
    out = tmp_path_factory.mktemp("dist")
    checked("uv", "build", "--out-dir", out, cwd=ROOT)
    (sdist,) = out.glob("campaign_contract-*.tar.gz")
    (wheel,) = out.glob("campaign_contract-*.whl")
    return sdist, wheel


@pytest.fixture(scope="module")
def lean(built: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel from the sdist, installed without extras, and pytest beside it."""
    bin_dir = new_venv(tmp_path_factory.mktemp("lean") / "venv")
    pip_install(bin_dir, built[1])
    return bin_dir


@pytest.fixture(scope="module")
def full(built: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel from the sdist, installed with every extra."""
    bin_dir = new_venv(tmp_path_factory.mktemp("full") / "venv")
    pip_install(bin_dir, f"{built[1]}[all]")
    return bin_dir


def wheel_files(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as archive:
        return sorted(archive.namelist())


def test_the_sdist_keeps_the_repository_layout_without_links(built: tuple[Path, Path]) -> None:
    """The sdist holds the top-level schemas/ and generated/, the licence, and no symlink."""
    with tarfile.open(built[0]) as archive:
        members = archive.getmembers()
    names = {member.name.split("/", 1)[1] for member in members if "/" in member.name}
    assert {f"schemas/{name}" for name in SCHEMAS} <= names
    assert {f"generated/models/{name}" for name in MODELS} <= names
    assert [member.name for member in members if member.issym() or member.islnk()] == []
    tops = {name.split("/")[0] for name in names}
    assert tops == {"tools", "schemas", "generated", *TOP_FILES}


def test_the_wheel_from_the_sdist_carries_schemas_models_types_licence_and_plugin(
    built: tuple[Path, Path],
) -> None:
    """What the parts read at run time is inside the package; the checkout's pointer is not."""
    files = wheel_files(built[1])
    assert {f"campaign_contract/schemas/{name}" for name in SCHEMAS} <= set(files)
    assert {f"campaign_contract/generated/models/{name}" for name in MODELS} <= set(files)
    assert "campaign_contract/py.typed" in files
    assert [name for name in files if name.endswith(".pyi")] == []
    info = next(name for name in files if name.endswith(".dist-info/METADATA")).rsplit("/", 1)[0]
    assert f"{info}/licenses/LICENSE" in files
    with zipfile.ZipFile(built[1]) as archive:
        generated_init = archive.read("campaign_contract/generated/__init__.py").decode()
        entry_points = archive.read(f"{info}/entry_points.txt").decode()
        metadata = archive.read(f"{info}/METADATA").decode()
    assert generated_init.startswith("# Generated by `campaign-contract codegen`")
    assert "[pytest11]\ncampaign_contract.testing.pytest_plugin = " in entry_points
    assert "License-Expression: MIT" in metadata
    assert "License-File: LICENSE" in metadata


def test_a_wheel_from_the_tree_has_the_same_files(built: tuple[Path, Path], tmp_path: Path) -> None:
    """`uv build --wheel` (from the checkout) and the wheel from the sdist are alike."""
    checked("uv", "build", "--wheel", "--out-dir", tmp_path, cwd=ROOT)
    (wheel,) = tmp_path.glob("campaign_contract-*.whl")
    assert wheel_files(wheel) == wheel_files(built[1])


def test_the_default_install_brings_at_most_four_packages(lean: Path) -> None:
    """Besides the toolkit (and the venv's own pip): jsonschema-rs, pathspec, shtab."""
    listed = checked(lean / "python", "-m", "pip", "list", "--format", "freeze")
    names = {line.split("==")[0].lower().replace("_", "-") for line in listed.splitlines()}
    others = names - {"campaign-contract", "pip", "setuptools"}
    assert others == {"jsonschema-rs", "pathspec", "shtab"}
    assert len(others) <= 4


@pytest.mark.parametrize(
    ("argument", "code"),
    [("valid", 0), ("invalid", 1), ("--format=nope", 2)],
)
def test_validate_campaign_checks_the_examples_with_the_documented_exit_codes(
    lean: Path, argument: str, code: int
) -> None:
    """0 clean, 1 findings, 2 usage error, from the lean install."""
    target = str(EXAMPLES / argument) if not argument.startswith("-") else argument
    result = run(lean / "validate-campaign", target, EXAMPLES / "valid")
    assert result.returncode == code, result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_python_dash_m_campaign_contract_prints_the_version(lean: Path) -> None:
    """`python -m campaign_contract --version` from the installed package."""
    version = re.search(
        r'__version__ = "([^"]+)"',
        (ROOT / "tools" / "campaign_contract" / "__init__.py").read_text(encoding="utf-8"),
    )
    assert version is not None
    result = run(lean / "python", "-m", "campaign_contract", "--version")
    assert (result.returncode, result.stdout) == (0, f"campaign-contract {version[1]}\n")


@pytest.mark.parametrize(
    ("subcommand", "extra"), [("codegen", "codegen"), ("diff", "gate"), ("mock-server", "mock")]
)
def test_a_subcommand_of_a_lean_install_names_its_extra(
    lean: Path, subcommand: str, extra: str
) -> None:
    """One line, exit 2, the pip command to run; never a traceback."""
    result = run(lean / "campaign-contract", subcommand)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"campaign-contract: campaign-contract {subcommand} needs ")
    assert result.stderr.endswith(f"pip install 'campaign-contract[{extra}]'\n")


def test_importing_the_models_from_a_lean_install_names_the_extra(lean: Path) -> None:
    """The ImportError's message says to install the `models` extra."""
    result = run(lean / "python", "-c", "import campaign_contract.models")
    assert result.returncode == 1
    last = result.stderr.strip().splitlines()[-1]
    assert last == (
        "campaign_contract.errors.MissingExtraError: campaign_contract.models needs the 'models' "
        "extra (missing: pydantic): pip install 'campaign-contract[models]'"
    )


def test_the_pytest_plugin_leaves_an_unrelated_suite_green(lean: Path, tmp_path: Path) -> None:
    """Installed next to pytest without extras, the plugin loads, other tests pass, and its
    fixtures fail with the extra to install."""
    pip_install(lean, "pytest")
    (tmp_path / "test_other.py").write_text("def test_other():\n    assert 1 + 1 == 2\n")
    (tmp_path / "test_mock.py").write_text(
        "def test_mock(campaign_endpoint):\n    pass\n", encoding="utf-8"
    )
    unrelated = run(lean / "pytest", "-q", "-p", "no:cacheprovider", "test_other.py", cwd=tmp_path)
    assert unrelated.returncode == 0, unrelated.stdout + unrelated.stderr
    plugins = run(lean / "pytest", "--trace-config", "-q", "test_other.py", cwd=tmp_path)
    assert "campaign_contract.testing.pytest_plugin" in plugins.stdout
    off = run(
        lean / "pytest", "-q", "-p", "no:campaign_contract.testing.pytest_plugin", cwd=tmp_path
    )
    assert "fixture 'campaign_endpoint' not found" in off.stdout, off.stdout
    fixture = run(lean / "pytest", "-q", "-p", "no:cacheprovider", "test_mock.py", cwd=tmp_path)
    assert fixture.returncode == 1
    # the error of the test is the one line naming the extra: no traceback above it
    errors = fixture.stdout.split(" ERROR at setup of test_mock ")[1]
    shown = errors.split("\n", 1)[1].split("=" * 10, 1)[0].strip()
    assert shown.startswith("the campaign_endpoint fixture needs the 'testing' extra (missing: ")
    assert shown.endswith("pip install 'campaign-contract[testing]'"), fixture.stdout
    assert "\n" not in shown, fixture.stdout


def test_every_part_works_from_the_full_install(full: Path) -> None:
    """Models, client, mock, strategies and gate, from the wheel with every extra."""
    output = checked(full / "python", SMOKE, EXAMPLES)
    assert len(output.splitlines()) == 4


def test_the_fixtures_serve_a_suite_without_a_conftest_line(full: Path, tmp_path: Path) -> None:
    """With the `testing` extra, pytest finds `campaign_client` through the entry point."""
    pip_install(full, "pytest")
    suite = """
        CAMPAIGN = "3c90c3cc-0d44-4b50-8888-8dd25736052a"

        def test_put(campaign_endpoint, campaign_client):
            campaign_endpoint.api.seed(CAMPAIGN)
            body = {"name": "Spring sale", "meta": {"send_type": "manual", "manual_data": {}}}
            response = campaign_client.put_campaign(CAMPAIGN, body)
            assert response.data.meta.manual_data.send_amount == 200
    """
    (tmp_path / "test_campaigns.py").write_text(textwrap.dedent(suite), encoding="utf-8")
    result = run(full / "pytest", "-q", "-p", "no:cacheprovider", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_codegen_outside_a_checkout_says_so(full: Path, tmp_path: Path) -> None:
    """With the generator installed but no repository around: one line, exit 2."""
    result = run(full / "campaign-contract", "codegen", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert "run codegen inside a clone of the repository" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_editable_install_reads_the_checkout(tmp_path: Path) -> None:
    """`pip install -e .`: the models and schemas come from the top-level folders, live."""
    bin_dir = new_venv(tmp_path / "venv")
    pip_install(bin_dir, "--editable", f"{ROOT}[models]")
    script = (
        "import campaign_contract.generated.models as m, campaign_contract.models\n"
        "from campaign_contract.schema import packaged_schemas_dir\n"
        "print(m.__file__); print(packaged_schemas_dir().resolve())\n"
    )
    models_file, schemas_dir = checked(bin_dir / "python", "-c", script).splitlines()
    assert Path(models_file) == ROOT / "generated" / "models" / "__init__.py"
    assert Path(schemas_dir) == ROOT / "schemas"
    result = run(bin_dir / "validate-campaign", EXAMPLES / "invalid")
    assert result.returncode == 1, result.stdout + result.stderr


def test_pip_install_from_git_works(tmp_path: Path) -> None:
    """`pip install git+file://...@COMMIT` of a clone of the committed tree."""
    clone = clone_at_head(tmp_path / "clone")
    head = _git("rev-parse", "HEAD", cwd=clone).strip()
    bin_dir = new_venv(tmp_path / "venv")
    pip_install(bin_dir, f"git+file://{clone}@{head}")
    script = (
        "import importlib.util, campaign_contract.schema as s\n"
        "assert importlib.util.find_spec('campaign_contract.generated.models.request')\n"
        "print(s.packaged_schemas_dir())\n"
    )
    assert "site-packages" in checked(bin_dir / "python", "-c", script)
    result = run(bin_dir / "validate-campaign", EXAMPLES / "invalid")
    assert result.returncode == 1, result.stdout + result.stderr


def _readme_hook_config() -> str:
    """The README's pre-commit snippet, as written."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", readme, flags=re.DOTALL)
    (snippet,) = [block for block in blocks if "rev:" in block]
    return snippet


def _git(*arguments: str | Path, cwd: Path) -> str:
    clean = {k: v for k, v in ENV.items() if not k.startswith("GIT_")}
    result = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *map(str, arguments)],
        cwd=cwd,
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def clone_at_head(folder: Path) -> Path:
    """A clone of this repository with the checkout's current commit checked out."""
    _git("clone", "--quiet", "--no-checkout", ROOT, folder, cwd=folder.parent)
    _git("checkout", "--quiet", _git("rev-parse", "HEAD", cwd=ROOT).strip(), cwd=folder)
    return folder


def _consumer(tmp_path: Path, clone: Path) -> Path:
    """A git repository with one valid payload and the README's pre-commit configuration, its
    URL swapped for `clone`."""
    from campaign_contract.findings import PROJECT_URL

    consumer = tmp_path / "consumer"
    (consumer / "campaigns").mkdir(parents=True)
    payload = (EXAMPLES / "valid" / "manual.json").read_bytes()
    (consumer / "campaigns" / "spring.json").write_bytes(payload)
    config = _readme_hook_config().replace(PROJECT_URL, str(clone))
    (consumer / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    _git("init", "--quiet", cwd=consumer)
    _git("add", ".", cwd=consumer)
    return consumer


def _pre_commit(consumer: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    home = consumer.parent / "pre-commit-home"
    return subprocess.run(
        [Path(sys.executable).parent / "pre-commit", *arguments],
        cwd=consumer,
        env={**ENV, "PRE_COMMIT_HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_the_readme_pre_commit_snippet_works_once_the_release_is_tagged(tmp_path: Path) -> None:
    """Copied as written, with the URL swapped for a clone tagged as docs/distribution.md says;
    the hook's environment holds the linter alone."""
    rev = re.search(r"rev: (\S+)", _readme_hook_config())
    assert rev is not None
    clone = clone_at_head(tmp_path / "clone")
    _git("tag", "-a", rev[1], "-m", "release", cwd=clone)
    consumer = _consumer(tmp_path, clone)
    result = _pre_commit(consumer, "run", "--all-files", "--color", "never")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in result.stdout
    hook_ids = re.findall(r"- id: (\S+)", _readme_hook_config())
    tried = _pre_commit(consumer, "try-repo", str(clone), *hook_ids, "--ref", rev[1], "--all-files")
    assert tried.returncode == 0, tried.stdout + tried.stderr
    (environment, *_) = (tmp_path / "pre-commit-home").glob("repo*/py_env-*")
    listed = checked(environment / "bin" / "python", "-m", "pip", "list", "--format", "freeze")
    names = {line.split("==")[0].lower().replace("_", "-") for line in listed.splitlines()}
    assert names - {"pip", "setuptools"} == {
        "campaign-contract",
        "jsonschema-rs",
        "pathspec",
        "shtab",
    }


def test_before_the_first_tag_autoupdate_pins_a_commit_that_works(tmp_path: Path) -> None:
    """The docs' route while no tag exists: `autoupdate --bleeding-edge --freeze`, then run."""
    clone = clone_at_head(tmp_path / "clone")
    consumer = _consumer(tmp_path, clone)
    update = _pre_commit(consumer, "autoupdate", "--bleeding-edge", "--freeze")
    assert update.returncode == 0, update.stdout + update.stderr
    head = _git("rev-parse", "HEAD", cwd=clone).strip()
    config = (consumer / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert f"rev: {head}" in config
    result = _pre_commit(consumer, "run", "--all-files", "--color", "never")
    assert result.returncode == 0, result.stdout + result.stderr
