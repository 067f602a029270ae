"""Specification of `[[tool.validate-campaign.suppress]]`: accepted findings, with a reason."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest
from campaign_contract.errors import UsageError
from campaign_contract.lint import cli as lint_cli
from campaign_contract.lint.config import load_config
from campaign_contract.lint.runner import all_rules

if TYPE_CHECKING:
    from pathlib import Path

PAYLOAD = {
    "name": "Spring",
    "meta": {"send_type": "manual", "multistep_status": {}, "manual_data": {"send_amount": 10}},
}


def project(folder: Path, suppress: str) -> None:
    """A project whose pyproject.toml holds `suppress` tables, and two payloads."""
    (folder / "pyproject.toml").write_text(f"[tool.validate-campaign]\n{suppress}", "utf-8")
    (folder / "campaigns").mkdir()
    (folder / "campaigns" / "legacy.json").write_text(json.dumps(PAYLOAD), "utf-8")
    (folder / "campaigns" / "new.json").write_text(
        json.dumps({**PAYLOAD, "name": "Summer"}), "utf-8"
    )


def run_json(arguments: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[dict]]:
    """The exit code and the JSON findings of a run."""
    code = lint_cli.main(["--format", "json", "--fail-on", "warning", *arguments])
    return code, json.loads(capsys.readouterr().out)["findings"]


LEGACY = """
[[tool.validate-campaign.suppress]]
files = ["campaigns/legacy.json"]
pointer = "/meta/multistep_status"
reason = "exported by the old planner; the server ignores it"
"""


def test_a_suppression_accepts_findings_at_its_pointer_in_matching_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The legacy file's finding is reported suppressed; the other file's still fails."""
    monkeypatch.chdir(tmp_path)
    project(tmp_path, LEGACY)
    code, findings = run_json(["campaigns/"], capsys)
    assert code == 1
    marked = {(f["file"], f["rule"], f["suppressed"]) for f in findings}
    assert marked == {
        ("campaigns/legacy.json", "read-only-field", True),
        ("campaigns/new.json", "read-only-field", False),
    }
    assert lint_cli.main(["--fail-on", "warning", "campaigns/legacy.json"]) == 0


def test_a_pointer_covers_what_is_inside_it_and_rules_narrow_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`/meta` covers `/meta/multistep_status`; `rules` limits a suppression to some rules."""
    monkeypatch.chdir(tmp_path)
    project(tmp_path, LEGACY.replace('"/meta/multistep_status"', '"/meta"'))
    assert run_json(["campaigns/legacy.json"], capsys)[0] == 0
    narrowed = LEGACY.replace("reason", 'rules = ["no-segments"]\nreason')
    (tmp_path / "pyproject.toml").write_text(f"[tool.validate-campaign]\n{narrowed}", "utf-8")
    code, findings = run_json(["campaigns/legacy.json"], capsys)
    assert code == 1
    assert {f["rule"] for f in findings if not f["suppressed"]} == {
        "read-only-field",
        "unused-suppression",
    }


def test_an_unused_suppression_is_reported_only_when_its_files_were_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A suppression matching a checked file but no finding there is reported; one whose files
    are not in the run (a pre-commit run on other files) is not."""
    monkeypatch.chdir(tmp_path)
    project(tmp_path, LEGACY.replace("multistep_status", "priority"))
    _, findings = run_json(["campaigns/legacy.json"], capsys)
    unused = [f for f in findings if f["rule"] == "unused-suppression"]
    assert [(f["file"], f["severity"]) for f in unused] == [("pyproject.toml", "warning")]
    header = {"start": {"line": 3, "column": 1}, "end": {"line": 3, "column": 36}}
    assert {"start": unused[0]["start"], "end": unused[0]["end"]} == header
    assert unused[0]["message"] == (
        'suppress[0] (files "campaigns/legacy.json", pointer "/meta/priority") matched no '
        "finding in the 1 checked file it covers"
    )
    _, findings = run_json(["campaigns/new.json"], capsys)
    assert [f["rule"] for f in findings] == ["read-only-field"]


def test_fix_leaves_suppressed_findings_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An accepted finding is not repaired, even by --unsafe-fixes."""
    monkeypatch.chdir(tmp_path)
    project(tmp_path, LEGACY)
    before = (tmp_path / "campaigns" / "legacy.json").read_text("utf-8")
    lint_cli.main(["--fix", "--unsafe-fixes", "campaigns/"])
    assert (tmp_path / "campaigns" / "legacy.json").read_text("utf-8") == before
    assert "multistep_status" not in (tmp_path / "campaigns" / "new.json").read_text("utf-8")


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ('files = ["a"]\npointer = "/x"', "suppress[0].reason: must say why"),
        (
            'files = ["a"]\npointer = "x"\nreason = "r"',
            "suppress[0].pointer: must be a JSON Pointer",
        ),
        (
            'files = ["a"]\npointer = "/meta/~2x"\nreason = "r"',
            'suppress[0].pointer: must be a JSON Pointer ("" or starting with "/"; "~" only as',
        ),
        ('files = []\npointer = ""\nreason = "r"', "suppress[0].files: must be a non-empty list"),
        ('files = ["a"]\npointer = ""\nreason = "r"\nrules = ["nope"]', 'unknown rule id "nope"'),
        ('files = ["a"]\npointer = ""\nreason = "r"\nwhy = 1', 'unknown key "why"'),
    ],
)
def test_a_malformed_suppression_is_a_usage_error_naming_it(
    tmp_path: Path, entry: str, problem: str
) -> None:
    """Every mistake names the entry and the key."""
    config = tmp_path / "lint.toml"
    config.write_text(f"[[suppress]]\n{entry}\n", "utf-8")
    with pytest.raises(UsageError, match=r"lint\.toml") as raised:
        load_config(tmp_path, config, known_rules=all_rules())
    assert problem in str(raised.value)
