"""The editor set-ups of docs/language-server.md start the server as it must be started."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

from campaign_contract.lsp.server import DEBOUNCE_OPTION

PAGE = (Path(__file__).parents[2] / "docs" / "language-server.md").read_text(encoding="utf-8")
PAYLOAD = "/work/project/campaigns/spring.json"
OTHERS = ("/work/project/package.json", "/work/project/campaigns/old/x.json.bak")


def block(heading: str, language: str, index: int = 0) -> str:
    """The `index`-th code block in `language` of the section under `heading`."""
    section = PAGE.split(f"\n### {heading}", 1)[1].split("\n## ", 1)[0].split("\n### ", 1)[0]
    blocks = re.findall(rf"```{language}\n(.*?)```", section, flags=re.DOTALL)
    return blocks[index]


def test_neovim_starts_the_server_for_payloads_only() -> None:
    """The command, the debounce option, and a path pattern that selects payloads only."""
    lua = block("Neovim", "lua")
    assert 'cmd = { "campaign-contract", "lsp" }' in lua
    assert f"init_options = {{ {DEBOUNCE_OPTION} = 200 }}" in lua
    pattern = re.search(r'name:match\("(.*?)"\)', lua)
    assert pattern is not None
    regex = pattern.group(1).replace("%.", r"\.")
    assert re.search(regex, PAYLOAD)
    assert not any(re.search(regex, other) for other in OTHERS)


def test_helix_defines_the_server_and_a_payload_language() -> None:
    """Valid TOML: the server's command and options, a language selecting payload files."""
    config = tomllib.loads(block("Helix", "toml"))
    server = config["language-server"]["campaign-contract"]
    assert (server["command"], server["args"]) == ("campaign-contract", ["lsp"])
    assert server["config"] == {DEBOUNCE_OPTION: 200}
    [language] = config["language"]
    assert language["language-servers"] == ["campaign-contract"]
    assert language["file-types"] == [{"glob": "campaigns/*.json"}]


def test_emacs_maps_payload_files_to_a_mode_with_the_server() -> None:
    """The auto-mode regexp selects payloads only; eglot runs the server with the option."""
    elisp = block("Emacs", "elisp")
    assert '("campaign-contract" "lsp"\n' in elisp
    assert f":initializationOptions (:{DEBOUNCE_OPTION} 200)" in elisp
    found = re.search(r"auto-mode-alist '\(\"(.*?)\" \.", elisp)
    assert found is not None
    regex = found.group(1).replace("\\\\.", r"\.").replace("\\\\'", "$")
    assert re.search(regex, PAYLOAD)
    assert not any(re.search(regex, other) for other in OTHERS)


def test_zed_extension_declares_the_server_for_json() -> None:
    """The extension manifest is valid TOML; its code runs `campaign-contract lsp`."""
    manifest = tomllib.loads(block("Zed", "toml"))
    assert manifest["language_servers"]["campaign-contract"]["languages"] == ["JSON"]
    rust = block("Zed", "rust")
    assert '.which("campaign-contract")' in rust
    assert 'args: vec!["lsp".into()]' in rust
    assert f'"{DEBOUNCE_OPTION}": 200' in rust


def test_vs_code_settings_are_json_naming_the_command_and_options() -> None:
    """The generic client's settings parse and start the server with the option."""
    settings = json.loads(block("VS Code", "json"))
    assert settings["glspc.server.command"] == "campaign-contract"
    assert settings["glspc.server.commandArguments"] == ["lsp"]
    assert settings["glspc.server.initializationOptions"] == {DEBOUNCE_OPTION: 200}
