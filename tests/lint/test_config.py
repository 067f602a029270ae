"""Specification of `[tool.validate-campaign]`: discovery, validation and severity changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from campaign_contract.errors import UsageError
from campaign_contract.findings import Finding, Severity
from campaign_contract.lint.config import Config, PerFile, apply, find_config_file, load_config

KNOWN = frozenset({"min-ctr-range", "no-segments", "json-syntax"})


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def finding(rule: str = "min-ctr-range", file: str = "a.json") -> Finding:
    return Finding(rule, Severity.WARNING, "m", file)


def test_no_configuration_gives_the_defaults(tmp_path: Path) -> None:
    """Without any pyproject table the defaults apply: fail on errors, no format, no ids."""
    expected = Config()
    actual = load_config(tmp_path, known_rules=KNOWN)
    assert expected == actual
    assert actual.fail_on == Severity.ERROR


def test_nearest_pyproject_with_the_table_is_found_walking_up(tmp_path: Path) -> None:
    """A pyproject.toml without the table is skipped; the nearest one with it wins."""
    expected = write(tmp_path / "pyproject.toml", "[tool.validate-campaign]\nformat = 'json'\n")
    write(tmp_path / "sub" / "pyproject.toml", "[project]\nname = 'x'\n")
    start = tmp_path / "sub" / "deeper"
    start.mkdir()
    assert expected.resolve() == find_config_file(start)
    assert load_config(start, known_rules=KNOWN).format == "json"


def test_full_table_is_read(tmp_path: Path) -> None:
    """Every key is read into the Config value."""
    text = """
[tool.validate-campaign]
fail-on = "warning"
format = "sarif"
severity = { min-ctr-range = "error", no-segments = "off" }
campaign-ids = { "campaigns/black-friday.json" = "5e2f7a90-4c1b-4d3e-9f8a-1b2c3d4e5f60" }

[[tool.validate-campaign.per-file]]
files = ["drafts/*.json"]
severity = { min-ctr-range = "note" }
"""
    path = write(tmp_path / "pyproject.toml", text)
    config = load_config(tmp_path, known_rules=KNOWN)
    assert config.fail_on == Severity.WARNING
    assert config.format == "sarif"
    assert config.severity == {"min-ctr-range": Severity.ERROR, "no-segments": None}
    assert (PerFile(("drafts/*.json",), {"min-ctr-range": Severity.NOTE}),) == config.per_file
    assert config.source == path


def test_standalone_file_holds_the_table_at_top_level(tmp_path: Path) -> None:
    """An explicit non-pyproject TOML file is the table itself."""
    path = write(tmp_path / "lint.toml", 'fail-on = "note"\n')
    assert load_config(tmp_path, path, known_rules=KNOWN).fail_on == Severity.NOTE


def test_explicit_pyproject_without_the_table_is_an_error(tmp_path: Path) -> None:
    """Pointing --config at a pyproject.toml that has no table is a mistake, not a no-op."""
    path = write(tmp_path / "pyproject.toml", "[project]\nname = 'x'\n")
    with pytest.raises(UsageError, match=r"has no \[tool.validate-campaign\] table"):
        load_config(tmp_path, path, known_rules=KNOWN)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('fail_on = "error"', '[tool.validate-campaign]: unknown key "fail_on" (did you mean'),
        (
            "severity = { min-ctr-rnage = 'off' }",
            'unknown rule id "min-ctr-rnage" (did you mean "min-ctr-range"?)',
        ),
        (
            "[[per-file]]\nfiles = ['a']\nseverty = {}",
            'unknown key "severty" (did you mean "severity"?)',
        ),
        (
            "severity = { no-segments = 'fatal' }",
            'severity.no-segments: "fatal" is not one of "error", "warning", "note", "off"',
        ),
        (
            "severity = { no-segments = 'warn' }",
            'severity.no-segments: "warn" is not one of "error", "warning", "note", "off" '
            '(did you mean "warning"?)',
        ),
        (
            "format = 'sarf'",
            'format: "sarf" is not one of "text", "json", "sarif", "github", "gitlab" '
            '(did you mean "sarif"?)',
        ),
        (
            "fail-on = 'warnings'",
            'fail-on: "warnings" is not one of "error", "warning", "note" '
            '(did you mean "warning"?)',
        ),
        ("fail-on = 'off'", 'fail-on: "off" is not one of "error", "warning", "note"'),
        ("exclude = 'drafts/'", "exclude: must be a list of .gitignore-style pattern strings"),
        ("[[per-file]]\nfiles = []", "per-file[0].files: must be a non-empty list"),
        ("campaign-ids = { 'a.json' = 3 }", "campaign-ids: must be a table"),
        (
            "campaign-ids = { 'a.json' = '{5e2f7a90-4c1b-4d3e-9f8a-1b2c3d4e5f60}' }",
            'campaign-ids."a.json": "{5e2f7a90-4c1b-4d3e-9f8a-1b2c3d4e5f60}" is not a campaign',
        ),
    ],
)
def test_mistakes_name_the_key_and_suggest(tmp_path: Path, text: str, message: str) -> None:
    """Unknown keys, rule ids and values are UsageErrors naming the key, with a suggestion."""
    path = write(tmp_path / "lint.toml", text + "\n")
    with pytest.raises(UsageError) as caught:
        load_config(tmp_path, path, known_rules=KNOWN)
    assert message in str(caught.value)
    assert str(path) in str(caught.value)


def test_invalid_toml_is_a_usage_error(tmp_path: Path) -> None:
    """A syntax error in the configuration names the file."""
    path = write(tmp_path / "lint.toml", "severity = {\n")
    with pytest.raises(UsageError, match="not valid TOML"):
        load_config(tmp_path, path, known_rules=KNOWN)


def test_per_file_overrides_the_global_severity_and_later_entries_win() -> None:
    """`severity` applies everywhere; matching `per-file` entries override it, last one wins."""
    config = Config(
        severity={"min-ctr-range": Severity.ERROR},
        per_file=(
            PerFile(("drafts/*",), {"min-ctr-range": Severity.NOTE}),
            PerFile(("drafts/old-*.json",), {"min-ctr-range": None}),
        ),
    )
    assert config.severity_for("min-ctr-range", "live/a.json", Severity.WARNING) == Severity.ERROR
    assert config.severity_for("min-ctr-range", "drafts/a.json", Severity.WARNING) == Severity.NOTE
    assert config.severity_for("min-ctr-range", "drafts/old-a.json", Severity.WARNING) is None
    assert config.severity_for("no-segments", "drafts/a.json", Severity.WARNING) == Severity.WARNING


def test_globs_also_match_paths_relative_to_the_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run from a sub-directory, a file still matches the globs written from the project root."""
    config = Config(per_file=(PerFile(("drafts/*.json",), {"no-segments": None}),), root=tmp_path)
    (tmp_path / "drafts").mkdir()
    monkeypatch.chdir(tmp_path / "drafts")
    assert config.severity_for("no-segments", "a.json", Severity.WARNING) is None


def test_apply_changes_severities_and_drops_rules_turned_off() -> None:
    """`apply` re-severities findings and removes those of rules that are off."""
    config = Config(severity={"min-ctr-range": Severity.ERROR, "no-segments": None})
    findings = [finding("min-ctr-range"), finding("no-segments"), finding("json-syntax")]
    expected = [
        Finding("min-ctr-range", Severity.ERROR, "m", "a.json"),
        Finding("json-syntax", Severity.WARNING, "m", "a.json"),
    ]
    assert expected == apply(config, findings)


def test_campaign_id_comes_from_the_first_matching_glob() -> None:
    """`campaign-ids` maps file globs to the campaign each payload is for."""
    config = Config(campaign_ids=(("campaigns/bf-*.json", "id-1"), ("campaigns/*", "id-2")))
    assert config.campaign_id_for("campaigns/bf-1.json") == "id-1"
    assert config.campaign_id_for("campaigns/other.json") == "id-2"
    assert config.campaign_id_for("elsewhere.json") is None


def test_include_defaults_to_every_json_file() -> None:
    """Without `include`, every `*.json` file is a payload, in any folder (`*` crosses `/`)."""
    config = Config()
    assert config.includes("a.json")
    assert config.includes("deep/er/package.json")
    assert not config.includes("notes.txt")


def test_include_is_read_and_selects_the_payload_files(tmp_path: Path) -> None:
    """`include` lists globs; a file is a payload when one of them matches it."""
    write(tmp_path / "pyproject.toml", '[tool.validate-campaign]\ninclude = ["campaigns/*.json"]\n')
    config = load_config(tmp_path, known_rules=KNOWN)
    assert config.include == ("campaigns/*.json",)
    assert config.includes(str(tmp_path / "campaigns" / "spring.json"))
    assert not config.includes(str(tmp_path / "package.json"))


@pytest.mark.parametrize("value", ["[]", "'campaigns/*.json'", "[1]"])
def test_include_must_be_a_non_empty_list_of_globs(tmp_path: Path, value: str) -> None:
    """An empty `include`, a bare string or a non-string is a mistake naming the key."""
    path = write(tmp_path / "lint.toml", f"include = {value}\n")
    with pytest.raises(UsageError, match="include: must be a non-empty list of glob strings"):
        load_config(tmp_path, path, known_rules=KNOWN)
