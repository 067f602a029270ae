"""The GitHub Action: `action.yml` is valid action metadata, and its steps work when run here the
way a runner runs them; the workflows the docs show use it correctly.

`LocalRunner` plays the runner's part for a composite action: it sets the `GITHUB_*` and
`RUNNER_*` variables, evaluates the `${{ }}` expressions the action uses, runs each `run:` step
with `bash --noprofile --norc -eo pipefail` in the workspace, collects `$GITHUB_OUTPUT`, and
records the `uses:` steps (the SARIF upload) with their inputs instead of running them.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
DATA = ROOT / "tests" / "data"
DOCS = ROOT / "docs" / "integrations.md"
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
VALID = '{"name": "Spring launch", "meta": {"send_type": "manual", "manual_data": {}}}\n'
INVALID = '{"name": "Autumn launch", "meta": {"send_type": "manual", "manual_data": {}, "x": 1}}\n'
WARNING_ONLY = (
    '{"name": "Winter launch", "status": "pending", '
    '"meta": {"send_type": "manual", "manual_data": {}, "segment_ids": []}}\n'
)


def _schema(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((DATA / name).read_text(encoding="utf-8"))
    return schema


def _expressions(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [found for value in node.values() for found in _expressions(value)]
    if isinstance(node, list):
        return [found for item in node for found in _expressions(item)]
    return EXPRESSION.findall(node) if isinstance(node, str) else []


class LocalRunner:
    """Runs the action's steps on this machine, as a GitHub-hosted Linux runner would."""

    def __init__(
        self, workspace: Path, temp: Path, inputs: Mapping[str, str] | None = None
    ) -> None:
        self.workspace = workspace
        self.temp = temp
        given = dict(inputs or {})
        unknown = set(given) - set(ACTION["inputs"])
        assert not unknown, f"not inputs of the action: {unknown}"
        self.inputs = {
            name: given.get(name, str(spec.get("default", "")))
            for name, spec in ACTION["inputs"].items()
        }
        self.outputs: dict[str, dict[str, str]] = {}
        self.uploads: list[tuple[str, dict[str, str]]] = []
        self.log = ""
        (temp / "files").mkdir(parents=True, exist_ok=True)
        self.summary = temp / "files" / "step_summary.md"
        self.summary.touch()

    def environment(self) -> dict[str, str]:
        """What a runner exports to every step, plus the user's PATH and HOME."""
        files = self.temp / "files"
        return {
            "PATH": os.environ["PATH"],
            "HOME": os.environ.get("HOME", str(self.temp)),
            "CI": "true",
            "GITHUB_ACTIONS": "true",
            "GITHUB_ACTION_PATH": str(ROOT),
            "GITHUB_WORKSPACE": str(self.workspace),
            "GITHUB_REPOSITORY": "example/campaigns",
            "GITHUB_SHA": "0" * 40,
            "GITHUB_REF": "refs/heads/main",
            "GITHUB_EVENT_NAME": "push",
            "GITHUB_RUN_ID": "1",
            "GITHUB_ENV": str(files / "env"),
            "GITHUB_PATH": str(files / "path"),
            "GITHUB_STEP_SUMMARY": str(self.summary),
            "RUNNER_OS": "Linux",
            "RUNNER_TEMP": str(self.temp),
        }

    def value(self, operand: str) -> str:
        """A context value or a quoted string of an expression."""
        if operand.startswith("'") and operand.endswith("'"):
            return operand[1:-1].replace("''", "'")
        parts = operand.split(".")
        if parts[0] == "inputs" and len(parts) == 2:
            return self.inputs[parts[1]]
        if parts[0] == "steps" and len(parts) == 4 and parts[2] == "outputs":
            return self.outputs.get(parts[1], {}).get(parts[3], "")
        raise AssertionError(f"the local runner does not know {operand!r}")

    def evaluate(self, expression: str) -> str | bool:
        """The expressions the action uses: a context value, or `==`/`!=` between two."""
        match = re.fullmatch(r"(\S+)\s*(==|!=)\s*(\S+)", expression.strip())
        if match is None:
            return self.value(expression.strip())
        left, operator, right = match.groups()
        equal = self.value(left).lower() == self.value(right).lower()  # GitHub ignores case
        return equal if operator == "==" else not equal

    def substitute(self, text: str) -> str:
        return EXPRESSION.sub(lambda match: str(self.evaluate(match.group(1))), text)

    def run(self, steps: list[dict[str, Any]] | None = None) -> int:
        """Run `steps` (default: all) in order, stopping at the first failure; its exit code."""
        for step in ACTION["runs"]["steps"] if steps is None else steps:
            if "if" in step and not self.evaluate(step["if"]):
                continue
            if "uses" in step:
                with_ = {key: self.substitute(str(value)) for key, value in step["with"].items()}
                self.uploads.append((step["uses"], with_))
                continue
            code = self.run_script(step)
            if code != 0:
                return code
        return 0

    def run_script(self, step: dict[str, Any]) -> int:
        assert step["shell"] == "bash"
        output = self.temp / "files" / f"output-{len(self.outputs)}"
        output.write_text("", encoding="utf-8")
        script = self.temp / "files" / "step.sh"
        script.write_text(self.substitute(step["run"]), encoding="utf-8")
        environment = self.environment() | {"GITHUB_OUTPUT": str(output)}
        environment |= {key: self.substitute(str(v)) for key, v in step.get("env", {}).items()}
        result = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=self.workspace,
            env=environment,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        self.log += result.stdout + result.stderr
        lines = output.read_text(encoding="utf-8").splitlines()
        self.outputs[step.get("id", f"step{len(self.outputs)}")] = dict(
            line.split("=", 1) for line in lines
        )
        return result.returncode

    def action_outputs(self) -> dict[str, str]:
        """The action's declared outputs, evaluated."""
        return {name: self.substitute(spec["value"]) for name, spec in ACTION["outputs"].items()}


# Metadata, expressions and docs: quick checks.


def test_action_yml_is_valid_action_metadata() -> None:
    """action.yml validates against SchemaStore's schema of action metadata, as composite."""
    jsonschema.Draft7Validator(_schema("github-actions/github-action.json")).validate(ACTION)
    assert ACTION["runs"]["using"] == "composite"
    expected = {"paths", "format", "fail-on", "config", "upload-sarif", "python"}
    assert expected == set(ACTION["inputs"])


def test_inputs_reach_scripts_only_through_the_environment() -> None:
    """No `${{ }}` inside a `run:` script, so no input value can become shell code."""
    for step in ACTION["runs"]["steps"]:
        assert EXPRESSION.search(step.get("run", "")) is None, step["name"]


def test_the_local_runner_understands_every_expression_of_the_action(tmp_path: Path) -> None:
    """Each expression names a declared input or a step id, so the local run is faithful."""
    runner = LocalRunner(tmp_path, tmp_path)
    step_ids = {step["id"] for step in ACTION["runs"]["steps"] if "id" in step}
    expressions = _expressions(ACTION) + [
        step["if"] for step in ACTION["runs"]["steps"] if "if" in step
    ]
    assert expressions
    for expression in expressions:
        runner.evaluate(expression)  # raises on anything it cannot evaluate
        for reference in re.findall(r"steps\.([\w-]+)\.", expression):
            assert reference in step_ids, expression


def test_the_format_input_names_every_format_of_the_registry() -> None:
    """The input's description lists the formats `--format` accepts."""
    from campaign_contract.reporters import FORMATS

    description = ACTION["inputs"]["format"]["description"]
    assert [name for name in FORMATS if name not in description] == []


def _yaml_blocks(text: str) -> list[Any]:
    blocks = re.findall(r"```yaml\n(.*?)```", text, flags=re.DOTALL)
    return [yaml.safe_load(block) for block in blocks]


def _workflows() -> list[dict[str, Any]]:
    """The GitHub workflows in docs/integrations.md (YAML blocks with `jobs:` and `on:`)."""
    found = []
    for block in _yaml_blocks(DOCS.read_text(encoding="utf-8")):
        if isinstance(block, dict) and "jobs" in block:
            block["on"] = block.pop(True, block.get("on"))  # YAML 1.1 reads `on` as true
            found.append(block)
    return found


def _action_steps(workflow: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    return [
        (job, step)
        for job in workflow["jobs"].values()
        for step in job["steps"]
        if step.get("uses", "").split("@")[0].endswith("/campaign-contract")
    ]


def test_the_documented_workflows_are_valid_and_use_the_action_correctly() -> None:
    """Each workflow validates, passes only declared inputs, and may upload when it uploads."""
    workflows = _workflows()
    assert workflows
    schema = _schema("github-actions/github-workflow.json")
    for workflow in workflows:
        jsonschema.Draft7Validator(schema).validate(workflow)
        steps = _action_steps(workflow)
        assert steps
        for job, step in steps:
            assert set(step.get("with", {})) <= set(ACTION["inputs"])
            if str(step.get("with", {}).get("upload-sarif", "false")).lower() == "true":
                assert job["permissions"]["security-events"] == "write"


def test_the_documented_gitlab_job_uploads_the_report_it_writes() -> None:
    """The GitLab job writes `--output gitlab=FILE` and declares FILE as its Code Quality report."""
    jobs = [
        block["validate-campaign"]
        for block in _yaml_blocks(DOCS.read_text(encoding="utf-8"))
        if isinstance(block, dict) and "validate-campaign" in block
    ]
    (job,) = jobs
    report = job["artifacts"]["reports"]["codequality"]
    assert any(f"--output gitlab={report}" in line for line in job["script"])
    assert job["artifacts"]["when"] == "always"


# Running the steps: slow, the first step installs the package from this checkout.


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """RUNNER_TEMP after the install step, and that step's outputs."""
    temp = tmp_path_factory.mktemp("runner-temp")
    workspace = tmp_path_factory.mktemp("workspace")
    runner = LocalRunner(workspace, temp, {"python": sys.executable})
    install = ACTION["runs"]["steps"][0]
    assert install["id"] == "install"
    assert runner.run([install]) == 0, runner.log
    return temp, runner.outputs["install"]


def _workspace(tmp_path: Path, files: Mapping[str, str]) -> Path:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def _run_after_install(
    installed: tuple[Path, dict[str, str]], workspace: Path, inputs: Mapping[str, str] | None = None
) -> tuple[LocalRunner, int]:
    temp, install_outputs = installed
    runner = LocalRunner(workspace, temp, inputs)
    runner.outputs["install"] = install_outputs
    return runner, runner.run(ACTION["runs"]["steps"][1:])


@pytest.mark.slow
def test_findings_are_annotated_and_fail_the_step(
    installed: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    """With the defaults, campaigns/ is checked, findings annotated, and the action fails."""
    workspace = _workspace(tmp_path, {"campaigns/good.json": VALID, "campaigns/bad.json": INVALID})
    runner, code = _run_after_install(installed, workspace)
    assert code == 1, runner.log
    assert "::error file=campaigns/bad.json,line=1," in runner.log
    assert "good.json" not in runner.log
    assert runner.action_outputs() == {"exit-code": "1", "sarif-file": ""}
    assert runner.uploads == []


@pytest.mark.slow
def test_a_clean_run_passes(installed: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    """Valid payloads only: no annotation, exit code 0, the action succeeds."""
    workspace = _workspace(tmp_path, {"campaigns/good.json": VALID})
    runner, code = _run_after_install(installed, workspace)
    assert code == 0, runner.log
    assert "::" not in runner.log
    assert runner.action_outputs()["exit-code"] == "0"


@pytest.mark.slow
def test_sarif_is_written_valid_and_uploaded(
    installed: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    """upload-sarif: a schema-valid SARIF log goes to the upload step, even as the step fails."""
    workspace = _workspace(
        tmp_path, {"campaigns/spring sale.json": INVALID, "drafts/x.json": INVALID}
    )
    inputs = {"upload-sarif": "true", "paths": "\n  campaigns/*.json  \n\n"}
    runner, code = _run_after_install(installed, workspace, inputs)
    assert code == 1, runner.log
    sarif_file = runner.action_outputs()["sarif-file"]
    assert [
        (
            "github/codeql-action/upload-sarif@v4",
            {"sarif_file": sarif_file, "category": "validate-campaign"},
        )
    ] == runner.uploads
    log = json.loads(Path(sarif_file).read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(_schema("sarif/sarif-schema-2.1.0.json")).validate(log)
    uris = {
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for result in log["runs"][0]["results"]
    }
    assert uris == {"campaigns/spring%20sale.json"}  # the glob, not drafts/


@pytest.mark.slow
def test_fail_on_and_config_reach_the_linter(
    installed: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    """A warning fails with `fail-on: warning`; a config that turns its rule off passes."""
    config = 'severity = {no-segments = "off"}\n'  # a file named by --config is the table
    workspace = _workspace(tmp_path, {"campaigns/w.json": WARNING_ONLY, "lint.toml": config})
    runner, code = _run_after_install(installed, workspace)
    assert (code, runner.action_outputs()["exit-code"]) == (0, "0"), runner.log
    assert "::warning file=campaigns/w.json" in runner.log
    runner, code = _run_after_install(installed, workspace, {"fail-on": "warning"})
    assert code == 1, runner.log
    inputs = {"fail-on": "warning", "config": "lint.toml"}
    runner, code = _run_after_install(installed, workspace, inputs)
    assert code == 0, runner.log
    assert "::warning" not in runner.log


@pytest.mark.slow
def test_a_usage_error_fails_the_action_with_its_exit_code(
    installed: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    """An unknown format is the linter's usage error: exit code 2, no upload."""
    inputs = {"format": "xml", "upload-sarif": "true"}
    runner, code = _run_after_install(installed, _workspace(tmp_path, {}), inputs)
    assert (code, runner.action_outputs()) == (2, {"exit-code": "2", "sarif-file": ""})
    assert 'invalid choice: "xml"' in runner.log
    assert runner.uploads == []


def test_an_old_python_stops_the_install_with_a_clear_error(tmp_path: Path) -> None:
    """A Python before 3.11 is refused before anything is installed."""
    old = tmp_path / "python-old"
    old.write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")
    old.chmod(0o755)
    runner = LocalRunner(tmp_path, tmp_path, {"python": str(old)})
    assert runner.run(ACTION["runs"]["steps"][:1]) == 1
    assert "::error title=validate-campaign::needs Python 3.11 or later" in runner.log
    assert not (tmp_path / "campaign-contract-venv").exists()
