"""VS Code reads the editor schema: its own JSON language service, set up the way the docs say.

The test installs `vscode-json-languageservice` (the library inside VS Code's built-in JSON
support) from the npm registry and asks it, through `vscode_json_probe.js` run by Node.js, what
an editor shows for payload files: diagnostics, completions and hovers. The workspace is made
from docs/integrations.md: the `json.schemas` setting shown there, and the schema file written by
the command shown there. Relative `url`s resolve against the workspace folder and `fileMatch` is
passed on unchanged, as VS Code's JSON extension does in a single-folder workspace.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from campaign_contract.testing.strategies import invalid_payloads, valid_payloads
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.slow  # installs an npm package and runs Node.js

LANGUAGE_SERVICE = "vscode-json-languageservice@5.7.2"
ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "integrations.md"
PROBE = Path(__file__).with_name("vscode_json_probe.js")
EXAMPLES = ROOT / "examples"
COMMAND = "campaign-contract schema > .vscode/campaign-request.schema.json"
PAYLOAD = '{"name": "Spring launch", "meta": {"send_type": "manual", "manual_data": {}}}\n'


def _documented_settings() -> dict[str, Any]:
    """The VS Code settings shown in docs/integrations.md (the JSON block with json.schemas)."""
    blocks = re.findall(r"```json\n(.*?)```", DOCS.read_text(encoding="utf-8"), flags=re.DOTALL)
    (block,) = [block for block in blocks if '"json.schemas"' in block]
    settings_: dict[str, Any] = json.loads(block)
    return settings_


@pytest.fixture(scope="module")
def node_modules(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the language service and its dependencies installed from npm."""
    npm = shutil.which("npm")
    if shutil.which("node") is None or npm is None:
        pytest.skip("needs Node.js (node and npm on PATH)")
    prefix = tmp_path_factory.mktemp("vscode-json-languageservice")
    command = [npm, "install", "--prefix", str(prefix), "--no-audit", "--no-fund"]
    subprocess.run(
        [*command, "--ignore-scripts", LANGUAGE_SERVICE],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return prefix / "node_modules"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A VS Code workspace folder set up as the docs say: settings, schema, campaigns/."""
    folder = tmp_path_factory.mktemp("workspace")
    (folder / ".vscode").mkdir()
    (folder / "campaigns").mkdir()
    documented = _documented_settings()
    (folder / ".vscode" / "settings.json").write_text(json.dumps(documented), encoding="utf-8")
    assert COMMAND in DOCS.read_text(encoding="utf-8")
    schema = subprocess.run(
        [sys.executable, "-m", "campaign_contract", "schema"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    (folder / ".vscode" / "campaign-request.schema.json").write_text(schema, encoding="utf-8")
    return folder


def _schema_associations(folder: Path) -> list[dict[str, Any]]:
    """The folder's `json.schemas`, as VS Code hands them to the language service."""
    settings_ = json.loads((folder / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    return [
        {"uri": (folder / entry["url"]).resolve().as_uri(), "fileMatch": entry["fileMatch"]}
        for entry in settings_["json.schemas"]
    ]


def ask(
    node_modules: Path, folder: Path, documents: list[tuple[str, str, list[int]]]
) -> dict[str, Any]:
    """What the language service shows for each (path in the folder, text, offsets) document."""
    request = {
        "schemas": _schema_associations(folder),
        "documents": [
            {"uri": (folder / path).as_uri(), "text": text, "at": offsets}
            for path, text, offsets in documents
        ],
    }
    result = subprocess.run(
        ["node", str(PROBE)],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        env={**os.environ, "NODE_PATH": str(node_modules)},
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    answer: dict[str, Any] = json.loads(result.stdout)
    return answer


def _messages(answer: dict[str, Any]) -> list[list[str]]:
    return [[d["message"] for d in document["diagnostics"]] for document in answer["documents"]]


def _unescaped(markdown: str) -> str:
    """Hover text without the backslashes VS Code puts before Markdown punctuation."""
    return re.sub(r"\\([\\`*_{}\[\]()#+\-.!<>|])", r"\1", markdown)


def test_valid_examples_get_no_diagnostics(node_modules: Path, workspace: Path) -> None:
    """Every valid example, under campaigns/, is clean; only the local schema file was read."""
    files = sorted((EXAMPLES / "valid").glob("*.json"))
    documents = [(f"campaigns/{p.name}", p.read_text(encoding="utf-8"), []) for p in files]
    answer = ask(node_modules, workspace, documents)
    assert [[] for _ in files] == _messages(answer)
    schema_uri = (workspace / ".vscode" / "campaign-request.schema.json").as_uri()
    assert [schema_uri] == answer["requested"]


def test_invalid_examples_are_flagged_except_a_malformed_uuid(
    node_modules: Path, workspace: Path
) -> None:
    """Each invalid example gets a diagnostic; VS Code does not check `format: uuid`."""
    files = sorted((EXAMPLES / "invalid").glob("*.json"))
    documents = [(f"campaigns/{p.name}", p.read_text(encoding="utf-8"), []) for p in files]
    messages = _messages(ask(node_modules, workspace, documents))
    unflagged = [path.name for path, found in zip(files, messages, strict=True) if not found]
    assert unflagged == ["bad-uuid.json"]
    by_name = dict(zip((path.name for path in files), messages, strict=True))
    assert "Property send_amout is not allowed." in by_name["misspelt-key.json"]


def test_the_setting_applies_to_the_matched_folder_only(
    node_modules: Path, workspace: Path
) -> None:
    """A JSON file outside campaigns/ is not checked against the campaign schema."""
    answer = ask(node_modules, workspace, [("package.json", '{"name": 1}', [])])
    assert _messages(answer) == [[]]
    assert answer["requested"] == []


def test_keys_and_enum_values_complete(node_modules: Path, workspace: Path) -> None:
    """Inside `meta` the keys complete; in a `send_type` value its three values do."""
    text = PAYLOAD
    in_key = text.index('"send_type"') + 2
    in_value = text.index('"manual"') + 2
    in_manual_data = text.index("{}") + 1
    answer = ask(
        node_modules, workspace, [("campaigns/a.json", text, [in_key, in_value, in_manual_data])]
    )
    key, value, manual = answer["documents"][0]["at"]
    assert {"send_type", "segment_ids", "planner_data"} <= set(key["completions"])
    assert sorted(value["completions"]) == ['"manual"', '"multistep"', '"planner"']
    assert {"send_amount", "send_datetime", "throttle_batch_size"} == set(manual["completions"])


def test_descriptions_show_on_hover(node_modules: Path, workspace: Path) -> None:
    """Hovering a key shows the schema's description of that field."""
    definitions = json.loads((ROOT / "schemas" / "definitions.schema.json").read_text("utf-8"))
    text = PAYLOAD
    offsets = [text.index('"send_type"') + 2, text.index('"name"') + 2]
    answer = ask(node_modules, workspace, [("campaigns/a.json", text, offsets)])
    send_type, name = (_unescaped(at["hover"]) for at in answer["documents"][0]["at"])
    assert definitions["$defs"]["SendType"]["description"] in send_type
    assert definitions["$defs"]["CampaignName"]["description"] in name


def test_a_schema_key_associates_a_file_anywhere(node_modules: Path, workspace: Path) -> None:
    """A payload outside the matched folder is checked when its `$schema` names the file."""
    text = (
        '{"$schema": "../.vscode/campaign-request.schema.json", "name": "Spring launch",\n'
        ' "meta": {"send_type": "manual", "manual_data": {"send_amout": 1}}}\n'
    )
    answer = ask(node_modules, workspace, [("drafts/a.json", text, [])])
    messages = _messages(answer)[0]
    # The request contract allows a top-level `$schema` string (docs/integrations.md says so):
    # only the misspelt key is reported.
    assert messages == ["Property send_amout is not allowed."]
    assert [(workspace / ".vscode" / "campaign-request.schema.json").as_uri()] == answer[
        "requested"
    ]


def _unlinked(payload: Any) -> Any:
    """`payload` without a top-level `$schema`: an editor follows that address (a generated
    one names no schema); `test_a_schema_key_associates_a_file_anywhere` covers the key."""
    if isinstance(payload, dict):
        return {key: value for key, value in payload.items() if key != "$schema"}
    return payload


LANGUAGE_SERVICE_SETTINGS = settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@LANGUAGE_SERVICE_SETTINGS
@given(payloads=st.lists(valid_payloads(), min_size=1, max_size=10))
def test_generated_valid_payloads_get_no_diagnostics(
    node_modules: Path, workspace: Path, payloads: list[dict[str, Any]]
) -> None:
    """Whatever the request schema accepts, the editor accepts without a diagnostic."""
    documents = [
        (f"campaigns/{n}.json", json.dumps(_unlinked(p), indent=2), [])
        for n, p in enumerate(payloads)
    ]
    assert [[] for _ in payloads] == _messages(ask(node_modules, workspace, documents))


@LANGUAGE_SERVICE_SETTINGS
@given(
    near_misses=st.lists(
        invalid_payloads().filter(
            lambda near_miss: (
                near_miss[1].kind != "bad-uuid" and near_miss[1].pointer != "/$schema"
            )  # left out of the documents (`_unlinked`)
        ),
        min_size=1,
        max_size=10,
    )
)
def test_generated_near_misses_get_a_diagnostic(
    node_modules: Path, workspace: Path, near_misses: list[tuple[dict[str, Any], Any]]
) -> None:
    """One schema mistake of any kind VS Code checks (all but `bad-uuid`) is flagged."""
    documents = [
        (f"campaigns/{n}.json", json.dumps(_unlinked(payload), indent=2), [])
        for n, (payload, _) in enumerate(near_misses)
    ]
    messages = _messages(ask(node_modules, workspace, documents))
    assert [found for found in messages if not found] == []
