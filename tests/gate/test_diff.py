"""Scenarios of `campaign-contract diff`: folders, git revisions, merge base, acknowledgement."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from campaign_contract.gate.cli import main
from campaign_contract.gate.revisions import schemas_at, toplevel
from campaign_contract.gate.run import VERSION_KEY
from campaign_contract.schema import SCHEMA_FILES, SchemaSet

REPO = Path(__file__).parents[2]
SCHEMAS = REPO / "schemas"


def git(repo: Path, *args: str) -> str:
    command = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", *args]
    return subprocess.run(command, cwd=repo, capture_output=True, text=True, check=True).stdout


def edit(folder: Path, name: str, change: Any) -> None:
    path = folder / name
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")


def raise_send_amount_minimum(folder: Path) -> None:
    edit(
        folder,
        "definitions.schema.json",
        lambda d: d["$defs"]["SendAmount"].update(minimum=10),
    )


@pytest.fixture
def new(tmp_path: Path) -> Path:
    """A copy of the repository's schemas, to edit."""
    folder = tmp_path / "new"
    shutil.copytree(SCHEMAS, folder)
    return folder


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository whose `main` holds the repository's schemas, on a branch `feature`."""
    root = tmp_path / "repo"
    shutil.copytree(SCHEMAS, root / "schemas")
    git(tmp_path, "init", "-q", "-b", "main", str(root))
    git(root, "add", "schemas")
    git(root, "commit", "-q", "-m", "schemas")
    git(root, "checkout", "-q", "-b", "feature")
    return root


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def test_identical_folders_pass_with_no_findings(capsys: pytest.CaptureFixture[str]) -> None:
    """The schemas compared with themselves: no change, exit 0."""
    expected = (0, "no problems in 5 files\n")
    assert expected == run(capsys, str(SCHEMAS), str(SCHEMAS))


def test_the_repository_history_reports_no_change(capsys: pytest.CaptureFixture[str]) -> None:
    """The work tree's schemas against HEAD (when unchanged there) report nothing."""
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("not a git work tree")
    if git(REPO, "status", "--porcelain", "--", "schemas"):
        pytest.skip("schemas/ has uncommitted changes")
    expected = (0, "no problems in 5 files\n")
    assert expected == run(capsys, "--against", "HEAD", "--repo", str(REPO))
    head = schemas_at(toplevel(REPO), "HEAD")
    assert dict(head.documents) == dict(SchemaSet.from_directory(SCHEMAS).documents)


def test_a_breaking_change_fails_with_a_witness(
    capsys: pytest.CaptureFixture[str], new: Path
) -> None:
    """A raised minimum fails the gate; the JSON report carries the witness in its hint."""
    raise_send_amount_minimum(new)
    code, out = run(capsys, str(SCHEMAS), str(new), "--format", "json")
    errors = [f for f in json.loads(out)["findings"] if f["severity"] == "error"]
    expected = (
        1,
        [("breaking-request-change", str(new / "definitions.schema.json"))],
        '{"name":"aaa","meta":{"send_type":"manual","manual_data":{"send_amount":1}}}',
        "/$defs/SendAmount/minimum",
    )
    actual = (
        code,
        [(f["rule"], f["file"]) for f in errors],
        errors[0]["hint"].rpartition(": ")[2],
        errors[0]["pointer"],
    )
    assert expected == actual


def test_a_safe_change_passes_and_is_reported_as_a_note(
    capsys: pytest.CaptureFixture[str], new: Path
) -> None:
    """A new enum value is safe for requests (a note) but breaks response readers (an error)."""
    edit(new, "definitions.schema.json", lambda d: d["$defs"]["SendType"]["enum"].append("ai"))
    code, out = run(capsys, str(SCHEMAS), str(new), "--format", "json")
    expected = (1, {"breaking-response-change": "error", "safe-change": "note"})
    actual = (code, {f["rule"]: f["severity"] for f in json.loads(out)["findings"]})
    assert expected == actual


def test_a_major_version_bump_acknowledges_the_breaking_change(
    capsys: pytest.CaptureFixture[str], new: Path
) -> None:
    """With the request schema's x-contract-version major raised, the finding is suppressed."""
    raise_send_amount_minimum(new)
    edit(new, "campaign-request.schema.json", lambda d: d.update({VERSION_KEY: "2.0.0"}))
    code, out = run(capsys, str(SCHEMAS), str(new), "--format", "json")
    breaking = [f for f in json.loads(out)["findings"] if f["rule"] == "breaking-request-change"]
    expected = (0, [True])
    assert expected == (code, [f["suppressed"] for f in breaking])


def test_the_summary_names_the_version_bump_not_a_baseline_as_what_suppressed(
    capsys: pytest.CaptureFixture[str], new: Path
) -> None:
    """The gate has no baseline: its text summary says a major version bump accepted the change."""
    raise_send_amount_minimum(new)
    edit(new, "campaign-request.schema.json", lambda d: d.update({VERSION_KEY: "2.0.0"}))
    code, out = run(capsys, str(SCHEMAS), str(new))
    summary = out.rstrip("\n").rpartition("\n")[2]
    assert (code, summary.endswith("suppressed by a major x-contract-version bump)")) == (0, True)
    assert "baseline" not in out


def test_a_minor_version_bump_does_not_acknowledge(
    capsys: pytest.CaptureFixture[str], new: Path
) -> None:
    """Only a major bump acknowledges: 0 -> 0.1 still fails."""
    raise_send_amount_minimum(new)
    edit(new, "campaign-request.schema.json", lambda d: d.update({VERSION_KEY: "0.1"}))
    expected = 1
    assert expected == run(capsys, str(SCHEMAS), str(new))[0]


def test_against_merge_base_compares_the_branch_with_where_it_forked(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    """On a branch that raised a minimum, the gate against `main`'s merge base fails."""
    raise_send_amount_minimum(repo / "schemas")
    git(repo, "commit", "-q", "-am", "raise minimum")
    code, out = run(capsys, "--against-merge-base", "main", "--repo", str(repo))
    expected = (1, 1)
    assert expected == (code, out.count("error breaking-request-change"))


def test_against_merge_base_is_a_no_op_without_one(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    """A missing branch (a single-branch clone in CI) means nothing to compare: exit 0."""
    expected = (0, "no merge base with origin/main: nothing to compare\n")
    assert expected == run(capsys, "--against-merge-base", "origin/main", "--repo", str(repo))


def test_a_revision_without_schemas_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], repo: Path
) -> None:
    """Asking for a revision that does not exist exits 2 with the reason on stderr."""
    code = main(["--against", "no-such-revision", "--repo", str(repo)])
    err = capsys.readouterr().err
    expected = (2, True)
    assert expected == (code, "cannot read schemas/" in err)


def test_old_and_new_or_a_revision_are_required(capsys: pytest.CaptureFixture[str]) -> None:
    """Giving both folders and a revision, or neither, is refused with exit 2."""
    with pytest.raises(SystemExit) as neither:
        main([])
    with pytest.raises(SystemExit) as both:
        main([str(SCHEMAS), str(SCHEMAS), "--against", "HEAD"])
    expected = (2, 2)
    assert expected == (neither.value.code, both.value.code)


@pytest.mark.parametrize("output_format", ["text", "json", "sarif", "github"])
def test_every_reporter_renders_the_gate(
    capsys: pytest.CaptureFixture[str], new: Path, output_format: str
) -> None:
    """All four linter formats render a breaking change and mention its rule."""
    raise_send_amount_minimum(new)
    code, out = run(capsys, str(SCHEMAS), str(new), "--format", output_format)
    expected = (1, True)
    assert expected == (code, "breaking-request-change" in out)


def test_every_schema_file_is_compared() -> None:
    """The gate reads the same files as the rest of the toolkit."""
    expected = {p.name for p in SCHEMAS.glob("*.schema.json")}
    assert expected == set(SCHEMA_FILES)


def test_findings_point_at_the_keyword_in_the_new_file(
    capsys: pytest.CaptureFixture[str], new: Path
) -> None:
    """The span is the changed keyword's key; a removed keyword points at its schema object."""
    raise_send_amount_minimum(new)
    edit(new, "definitions.schema.json", lambda d: d["$defs"]["ClockTime"].pop("pattern"))
    _, out = run(capsys, str(SCHEMAS), str(new), "--format", "json")
    lines = (new / "definitions.schema.json").read_text(encoding="utf-8").splitlines()

    def where(needle: str, after: str) -> tuple[int, int]:
        start = next(i for i, line in enumerate(lines) if after in line)
        number = next(i for i in range(start, len(lines)) if needle in lines[i])
        return number + 1, lines[number].index(needle) + 1

    expected = {
        "/$defs/SendAmount/minimum": where('"minimum": 10', '"SendAmount"'),
        "/$defs/ClockTime": where('"ClockTime"', '"ClockTime"'),
    }
    actual = {
        f["pointer"]: (f["start"]["line"], f["start"]["column"])
        for f in json.loads(out)["findings"]
        if f["severity"] == "error"
    }
    assert expected == actual


def test_an_invalid_schema_is_a_schema_error(capsys: pytest.CaptureFixture[str], new: Path) -> None:
    """A NEW schema that is not a JSON Schema exits 2, naming the file and the place."""
    edit(new, "definitions.schema.json", lambda d: d["$defs"]["SendAmount"].update(type=5))
    code = main([str(SCHEMAS), str(new)])
    err = capsys.readouterr().err
    expected = (2, True)
    assert expected == (
        code,
        "definitions.schema.json: not a valid schema at /$defs/SendAmount" in err,
    )
