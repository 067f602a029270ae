"""The published hooks work: the real `pre-commit try-repo` with this repository as hook source."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VALID = '{"name": "Spring launch", "meta": {"send_type": "manual", "manual_data": {}}}\n'
INVALID = (
    '{"name": "Autumn launch", "meta": {"send_type": "manual", "manual_data": {}, "priority": 1}}\n'
)

pytestmark = pytest.mark.slow  # installs this package into pre-commit's own environment


@pytest.fixture(scope="module")
def consumer(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A git repository holding one valid and one invalid payload under campaigns/."""
    repo = tmp_path_factory.mktemp("consumer")
    (repo / "campaigns").mkdir()
    (repo / "campaigns" / "good.json").write_text(VALID, encoding="utf-8")
    (repo / "campaigns" / "bad.json").write_text(INVALID, encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    subprocess.run(["git", "add", "."], cwd=repo, check=True)
    return repo


def try_repo(consumer: Path, hook: str, *files: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    environment["PRE_COMMIT_HOME"] = str(consumer.parent / "pre-commit-home")
    environment["NO_COLOR"] = "1"
    environment.pop("GITHUB_ACTIONS", None)
    selection = ["--files", *files] if files else ["--all-files"]
    command = [str(Path(sys.executable).parent / "pre-commit"), "try-repo", str(ROOT), hook]
    return subprocess.run(
        [*command, *selection, "--color", "never"],
        cwd=consumer,
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
        check=False,
    )


def test_hook_passes_a_valid_payload(consumer: Path) -> None:
    """The validate-campaign hook passes on a valid payload."""
    result = try_repo(consumer, "validate-campaign", "campaigns/good.json")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "validate campaign payloads" in result.stdout
    assert "Passed" in result.stdout


def test_hook_fails_an_invalid_payload_with_the_finding(consumer: Path) -> None:
    """On an invalid payload the hook fails and prints the finding with its position."""
    result = try_repo(consumer, "validate-campaign", "campaigns/bad.json")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Failed" in result.stdout
    column = INVALID.index('"priority"') + 1
    expected = f'campaigns/bad.json:1:{column}: error schema-unknown-key: unknown key "priority"'
    assert expected in result.stdout


def test_all_payloads_hook_checks_every_payload(consumer: Path) -> None:
    """When the pre-commit config changes, validate-campaign-all checks all of campaigns/."""
    (consumer / ".pre-commit-config.yaml").write_text("repos: []\n", encoding="utf-8")
    subprocess.run(["git", "add", "."], cwd=consumer, check=True)
    result = try_repo(consumer, "validate-campaign-all", ".pre-commit-config.yaml")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "campaigns/bad.json" in result.stdout
    assert "in 1 of 2 files" in result.stdout


def test_fix_hook_fails_when_it_changed_a_file_and_passes_after(consumer: Path) -> None:
    """validate-campaign-fix makes the safe fixes: the run that changes a file fails (as
    pre-commit's convention is), and the next one, with nothing left to fix, passes."""
    path = consumer / "campaigns" / "fixable.json"
    path.write_text(VALID.replace('"manual_data"', '"manual_dat"'), encoding="utf-8")
    subprocess.run(["git", "add", "."], cwd=consumer, check=True)
    first = try_repo(consumer, "validate-campaign-fix", "campaigns/fixable.json")
    assert first.returncode == 1, first.stdout + first.stderr
    assert "files were modified by this hook" in first.stdout
    assert path.read_text(encoding="utf-8") == VALID
    subprocess.run(["git", "add", "."], cwd=consumer, check=True)
    second = try_repo(consumer, "validate-campaign-fix", "campaigns/fixable.json")
    assert second.returncode == 0, second.stdout + second.stderr
