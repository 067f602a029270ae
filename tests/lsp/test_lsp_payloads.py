"""Specification of `Payloads`: what the server checks, and how, as the command line would."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from campaign_contract import cli
from campaign_contract.errors import UsageError
from campaign_contract.lint.runner import validate_bytes
from campaign_contract.lsp.payloads import Payloads
from campaign_contract.lsp.server import DEFAULT_DEBOUNCE_MS, build_server, debounce_ms
from lsprotocol import types

VALID = '{"name": "Spring launch", "meta": {"send_type": "manual", "manual_data": {}}}'
LATER = datetime(2031, 1, 1, tzinfo=UTC)


def workspace(tmp_path: Path, table: str) -> Path:
    (tmp_path / "pyproject.toml").write_text(f"[tool.validate-campaign]\n{table}", "utf-8")
    (tmp_path / "campaigns").mkdir()
    return tmp_path


def test_findings_are_the_linters_under_the_name_relative_to_the_workspace(tmp_path: Path) -> None:
    """The findings of `validate_bytes`, named as a run from the workspace folder names them."""
    root = workspace(tmp_path, "")
    text = VALID.replace('"manual"', '"manul"')
    analysis = Payloads(root).analyse(root / "campaigns" / "a.json", text)
    assert validate_bytes(text.encode(), "campaigns/a.json") == analysis.findings


def test_the_configuration_sets_severities_and_campaign_ids(tmp_path: Path) -> None:
    """`severity` and `campaign-ids` of the nearest configuration apply, by workspace paths."""
    root = workspace(
        tmp_path,
        'severity = { campaign-id-mismatch = "warning" }\n'
        'campaign-ids = { "campaigns/a.json" = "5e2f7a90-4c1b-4d3e-9f8a-1b2c3d4e5f60" }\n',
    )
    text = VALID.replace("{", '{"id": "00000000-0000-4000-8000-000000000000", ', 1)
    findings = Payloads(root).analyse(root / "campaigns" / "a.json", text).findings
    assert [(f.rule, f.severity.label) for f in findings] == [("campaign-id-mismatch", "warning")]


def test_time_dependent_rules_use_the_given_clock(tmp_path: Path) -> None:
    """A send time that is past by the clock is reported, as the command line reports it."""
    root = workspace(tmp_path, "")
    text = VALID.replace("{}", '{"send_datetime": "2030-03-01 08:00"}').replace(
        "{", '{"status": "pending", ', 1
    )
    now = Payloads(root).analyse(root / "campaigns" / "a.json", text).findings
    later = Payloads(root, clock=lambda: LATER).analyse(root / "campaigns" / "a.json", text)
    assert "send-datetime-past" not in {f.rule for f in now}
    assert "send-datetime-past" in {f.rule for f in later.findings}


def test_include_selects_payload_files(tmp_path: Path) -> None:
    """Only the files `include` matches are payloads."""
    root = workspace(tmp_path, 'include = ["campaigns/*.json"]\n')
    payloads = Payloads(root)
    assert payloads.is_payload(root / "campaigns" / "a.json")
    assert not payloads.is_payload(root / "package.json")


def test_a_bad_configuration_is_a_usage_error(tmp_path: Path) -> None:
    """A mistake in the table raises `UsageError` naming the key."""
    root = workspace(tmp_path, "include = []\n")
    with pytest.raises(UsageError, match="include"):
        Payloads(root).is_payload(root / "campaigns" / "a.json")


def test_duplicates_compare_open_documents_with_files_on_disk(tmp_path: Path) -> None:
    """A file on disk (scanned) and an open document with the same name: the later one, in
    name order, gets the finding; closing it brings back its text on disk."""
    root = workspace(tmp_path, 'include = ["campaigns/*.json"]\n')
    (root / "campaigns" / "a.json").write_text(VALID, "utf-8")
    (root / "campaigns" / "b.json").write_text(VALID.replace("Spring", "Autumn"), "utf-8")
    payloads = Payloads(root)
    payloads.scan()
    findings = payloads.analyse(root / "campaigns" / "b.json", VALID).findings
    assert [(f.rule, f.file) for f in findings] == [("duplicate-campaign-name", "campaigns/b.json")]
    assert findings[0].related[0].file == "campaigns/a.json"
    payloads.close(root / "campaigns" / "b.json")
    assert payloads.cross_file() == []


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"debounceMs": 0}, 0),
        ({"debounceMs": 75}, 75),
        ({"debounceMs": -1}, DEFAULT_DEBOUNCE_MS),
        ({"debounceMs": "5"}, DEFAULT_DEBOUNCE_MS),
        ({"debounceMs": True}, DEFAULT_DEBOUNCE_MS),
        (None, DEFAULT_DEBOUNCE_MS),
    ],
)
def test_the_debounce_comes_from_initialization_options(options: object, expected: int) -> None:
    """`{"debounceMs": N}` with N a non-negative integer; anything else keeps the default."""
    assert debounce_ms(options) == expected


def test_without_the_lsp_extra_the_subcommand_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`campaign-contract lsp` without pygls: one line naming the extra, exit 2."""
    for name in [m for m in sys.modules if m.startswith(("campaign_contract.lsp", "pygls"))]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "pygls", None)
    assert cli.main(["lsp"]) == 2
    assert capsys.readouterr().err == (
        "campaign-contract lsp: needs the lsp extra (pygls is not installed): "
        "pip install 'campaign-contract[lsp]'\n"
    )


def test_an_open_document_that_does_not_load_hides_its_text_on_disk(tmp_path: Path) -> None:
    """While b.json's current text is broken, its older copy on disk is not compared."""
    root = workspace(tmp_path, 'include = ["campaigns/*.json"]\n')
    for name in ("a.json", "b.json"):
        (root / "campaigns" / name).write_text(VALID, "utf-8")
    payloads = Payloads(root)
    payloads.scan()
    assert [f.file for f in payloads.cross_file()] == ["campaigns/b.json"]
    payloads.analyse(root / "campaigns" / "b.json", VALID[:-1])
    assert payloads.cross_file() == []


def test_a_saved_file_counts_only_when_it_is_a_payload(tmp_path: Path) -> None:
    """Saving package.json (outside `include`) brings no duplicate; a deleted payload leaves."""
    root = workspace(tmp_path, 'include = ["campaigns/*.json"]\n')
    (root / "campaigns" / "a.json").write_text(VALID, "utf-8")
    (root / "package.json").write_text(VALID, "utf-8")
    (root / "campaigns" / "b.json").write_text(VALID, "utf-8")
    payloads = Payloads(root)
    payloads.saved(root / "campaigns" / "a.json")
    payloads.saved(root / "package.json")
    assert payloads.cross_file() == []
    payloads.saved(root / "campaigns" / "b.json")
    assert [f.file for f in payloads.cross_file()] == ["campaigns/b.json"]
    payloads.deleted(root / "campaigns" / "a.json")
    assert payloads.cross_file() == []


def test_findings_a_suppression_accepts_are_left_out(tmp_path: Path) -> None:
    """What `[[tool.validate-campaign.suppress]]` accepts never fails CI: no diagnostic."""
    root = workspace(tmp_path, "")
    (root / "pyproject.toml").write_text(
        '[[tool.validate-campaign.suppress]]\nfiles = ["campaigns/*.json"]\n'
        'pointer = "/meta/send_type"\nreason = "a migration"\n',
        "utf-8",
    )
    text = VALID.replace('"manual"', '"manul"')
    assert Payloads(root).analyse(root / "campaigns" / "a.json", text).findings == []


def test_an_open_document_the_configuration_no_longer_includes_is_compared_no_more(
    tmp_path: Path,
) -> None:
    """Two open payloads with one name; `include` then narrowed to b.json: once the changed
    configuration is read, a.json (as typed) makes no duplicate for b.json."""
    root = workspace(tmp_path, 'include = ["campaigns/*.json"]\n')
    payloads = Payloads(root)
    payloads.analyse(root / "campaigns" / "a.json", VALID)
    findings = payloads.analyse(root / "campaigns" / "b.json", VALID).findings
    assert [f.rule for f in findings] == ["duplicate-campaign-name"]
    (root / "pyproject.toml").write_text(
        '[tool.validate-campaign]\ninclude = ["campaigns/b.json"]\n', "utf-8"
    )
    payloads.forget_configuration()
    payloads.scan()
    assert payloads.analyse(root / "campaigns" / "b.json", VALID).findings == []


def test_requests_before_initialize_answer_nothing_rather_than_a_traceback() -> None:
    """LSP allows no request before `initialize`, when there is no workspace yet; hover,
    completion and a recheck that come anyway do nothing instead of raising."""
    server = build_server()
    uri = "file:///work/campaigns/a.json"
    assert server.opened(uri) is None
    assert server.hover(uri, types.Position(0, 1)) is None
    assert list(server.complete(uri, types.Position(0, 1)).items) == []
    server.recheck_open()
