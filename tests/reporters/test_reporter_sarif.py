"""Specification of the SARIF reporter: schema-valid 2.1.0 logs GitHub code scanning accepts."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from campaign_contract.findings import (
    PROJECT_URL,
    RULES_DOC_URL,
    Edit,
    Finding,
    Fix,
    Related,
    RuleInfo,
    Severity,
    Span,
)
from campaign_contract.lint.rules import RULES
from campaign_contract.reporters import Report, get_reporter
from campaign_contract.reporters.escape import safe_json
from campaign_contract.reporters.sarif import (
    SarifReporter,
    artifact_location,
    rule_name,
    utf16_column,
)
from finding_strategies import FINDINGS, QUOTED_LINES
from hypothesis import given
from hypothesis import strategies as st

SARIF_SCHEMA = Path(__file__).parents[1] / "data" / "sarif" / "sarif-schema-2.1.0.json"
LINES = {
    ("dir with space/å.json", 2): '  "name": "🎉 Ålesund",',
    ("dir with space/å.json", 3): '  "meta": {"min_ctr": 250}',
}


def line_text(file: str, line: int) -> str | None:
    return LINES.get((file, line))


def make_report(*findings: Finding) -> Report:
    return Report(
        findings=tuple(findings),
        files_checked=2,
        rules={rule.id: rule for rule in RULES},
        tool_version="0.1.0",
        line_text=line_text,
    )


FILE = "dir with space/å.json"
RELATED = Finding(
    "contact-limit-order",
    Severity.ERROR,
    "daily_sms_contact_limit 7 is greater than weekly_sms_contact_limit 5",
    FILE,
    "/meta/planner_data/daily_sms_contact_limit",
    Span.at(3, 15, 3),
    (Related("weekly limit is 5", "/meta/planner_data/weekly_sms_contact_limit", Span.at(2, 3)),),
    hint="a contact cannot get more messages in a day than in its week",
)
NON_ASCII = Finding("min-ctr-range", Severity.WARNING, "bad name", FILE, "/name", Span.at(2, 14, 7))
SUPPRESSED = Finding(
    "read-only-field", Severity.NOTE, "m", "b.json", "/meta/multistep_status", suppressed=True
)
FIXABLE = NON_ASCII._replace(
    rule="schema-enum",
    fix=Fix("replace it", (Edit(Span.at(2, 14, 7), '"x"'), Edit(Span.at(3, 1, 0), " "))),
)
REMOVABLE = SUPPRESSED._replace(
    suppressed=False, fix=Fix("remove it", (Edit(Span.at(1, 1, 2), ""),), safe=False)
)
CROSS_FILE = Finding(
    "duplicate-campaign-id",
    Severity.ERROR,
    'id "x" is also the id of a.json',
    "b.json",
    "/id",
    Span.at(2, 9, 3),
    (Related("first used here as id", "/id", Span.at(2, 9, 3), "a.json"),),
)


def render(*findings: Finding) -> dict[str, Any]:
    log: dict[str, Any] = json.loads(SarifReporter().render(make_report(*findings)))
    return log


def test_output_is_valid_against_the_oasis_schema() -> None:
    """Related locations, suppressions and non-ASCII paths still give a schema-valid log."""
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    log = render(RELATED, NON_ASCII, SUPPRESSED, CROSS_FILE, FIXABLE, REMOVABLE)
    jsonschema.Draft4Validator(schema).validate(log)
    assert log["version"] == "2.1.0"


def test_driver_lists_every_catalogue_rule_with_its_documentation() -> None:
    """Every rule of the report appears, with descriptions, help and default level."""
    driver = render()["runs"][0]["tool"]["driver"]
    assert [rule.id for rule in RULES] == [rule["id"] for rule in driver["rules"]]
    first = driver["rules"][0]
    assert RULES[0].summary == first["shortDescription"]["text"]
    assert RULES[0].explanation == first["fullDescription"]["text"]
    assert RULES[0].invalid_example in first["help"]["markdown"]
    assert first["defaultConfiguration"] == {"level": "error"}
    assert driver["name"] == "validate-campaign"
    assert driver["version"] == "0.1.0"


def test_result_carries_rule_level_location_and_related_locations() -> None:
    """A result names its rule by id and index, with region and numbered related locations."""
    result = render(RELATED)["runs"][0]["results"][0]
    rule_ids = [rule.id for rule in RULES]
    assert rule_ids.index("contact-limit-order") == result["ruleIndex"]
    assert result["level"] == "error"
    expected_location = {
        "physicalLocation": {
            "artifactLocation": {"uri": "dir%20with%20space/%C3%A5.json", "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": 3, "startColumn": 15, "endLine": 3, "endColumn": 18},
        }
    }
    assert [expected_location] == result["locations"]
    related = result["relatedLocations"][0]
    assert (related["id"], related["message"]["text"]) == (1, "weekly limit is 5")
    assert "hint: a contact" in result["message"]["text"]


def test_columns_are_utf16_code_units() -> None:
    """An emoji before the span counts as two UTF-16 code units (Ålesund is at 14..21)."""
    region = render(NON_ASCII)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert (region["region"]["startColumn"], region["region"]["endColumn"]) == (15, 22)
    assert render()["runs"][0]["columnKind"] == "utf16CodeUnits"


@pytest.mark.parametrize(
    ("line", "column", "expected"),
    [(None, 7, 7), ("abc", 3, 3), ("🎉x", 2, 3), ("🎉", 2, 3), ("é", 5, 5)],
)
def test_utf16_column(line: str | None, column: int, expected: int) -> None:
    """Character columns convert to UTF-16 columns, also past the end of the line."""
    assert expected == utf16_column(line, column)


def test_cross_file_related_location_names_the_other_file() -> None:
    """A duplicate's related location points into the first file."""
    result = render(CROSS_FILE)["runs"][0]["results"][0]
    uri = result["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "a.json"


def test_suppressed_findings_carry_an_external_suppression() -> None:
    """Baseline-accepted findings stay in the log, marked as externally suppressed."""
    result = render(SUPPRESSED)["runs"][0]["results"][0]
    assert result["suppressions"][0] == {
        "kind": "external",
        "justification": "accepted by the baseline",
    }
    assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": 1}


def test_the_suppression_names_what_accepted_the_finding() -> None:
    """The gate's findings are accepted by a version bump, not a baseline: the log says so."""
    report = make_report(SUPPRESSED)._replace(suppressed_by="a major x-contract-version bump")
    result = json.loads(get_reporter("sarif").render(report))["runs"][0]["results"][0]
    assert result["suppressions"][0]["justification"] == (
        "accepted by a major x-contract-version bump"
    )


def test_fingerprints_survive_moved_lines_and_tell_duplicates_apart() -> None:
    """Moving a finding keeps its partial fingerprint; identical findings get ordinals."""
    moved = Finding(**{**_fields(NON_ASCII), "span": Span.at(40, 1, 9)})
    before = render(NON_ASCII)["runs"][0]["results"][0]["partialFingerprints"]
    after = render(moved)["runs"][0]["results"][0]["partialFingerprints"]
    assert before == after
    both = render(NON_ASCII, moved)["runs"][0]["results"]
    values = [result["partialFingerprints"]["campaignContract/v2"] for result in both]
    assert values[0].endswith(":1")
    assert values[1].endswith(":2")


def _fields(finding: Finding) -> dict[str, Any]:
    return finding._asdict()


def test_absolute_paths_become_file_uris_without_base() -> None:
    """An absolute path cannot be relative to the source root."""
    assert artifact_location("/srv/a b.json") == {"uri": "file:///srv/a%20b.json"}


def test_reporter_is_registered_as_sarif() -> None:
    """`--format sarif` finds this reporter through the name table."""
    assert isinstance(get_reporter("sarif"), SarifReporter)


def test_real_example_file_gives_a_valid_log() -> None:
    """The seed-page example, loaded and checked for real, renders a schema-valid log."""
    from datetime import UTC, datetime

    from campaign_contract.lint.rules import RuleContext, check
    from campaign_contract.source import load

    file = "examples/valid/seed-page-example.json"
    doc, parse_findings = load((Path(__file__).parents[2] / file).read_bytes(), file)
    assert doc is not None
    assert parse_findings == []
    findings = check(doc, RuleContext(file, datetime(2026, 11, 26, tzinfo=UTC)))
    report = Report(
        findings=tuple(findings),
        files_checked=1,
        rules={rule.id: rule for rule in RULES},
        tool_version="0.1.0",
        line_text=lambda _, line: doc.line_text(line),
    )
    log = json.loads(SarifReporter().render(report))
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)
    expected = {"read-only-field", "send-type-data-unused"}  # no status: a draft
    assert expected <= {result["ruleId"] for result in log["runs"][0]["results"]}


def _catalogue_sections() -> set[str]:
    """The rule ids that have a section (`### \\`rule-id\\``) in docs/rules.md."""
    text = (Path(__file__).parents[2] / "docs" / "rules.md").read_text(encoding="utf-8")
    return set(re.findall(r"^### `([a-z0-9-]+)`$", text, flags=re.MULTILINE))


def _every_rule() -> list[RuleInfo]:
    from campaign_contract.gate.run import RULES as GATE_RULES
    from campaign_contract.lint import all_rules

    return [*all_rules().values(), *GATE_RULES.values()]


def test_driver_links_the_project_and_each_rule_to_its_documentation() -> None:
    """`informationUri` is the project's address; each `helpUri` is the rule's section."""
    driver = render()["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == PROJECT_URL
    expected = {rule.id: f"{RULES_DOC_URL}#{rule.id}" for rule in RULES}
    assert expected == {rule["id"]: rule["helpUri"] for rule in driver["rules"]}
    assert RULES_DOC_URL.startswith(PROJECT_URL + "/")
    assert RULES_DOC_URL.endswith("/docs/rules.md")


@pytest.mark.parametrize("rule", _every_rule(), ids=lambda rule: rule.id)
def test_every_help_uri_names_a_section_of_the_rule_catalogue(rule: RuleInfo) -> None:
    """Each rule of the linter and of the gate has its section in docs/rules.md to link to."""
    page, _, anchor = rule.help_uri.partition("#")
    assert (RULES_DOC_URL, rule.id) == (page, anchor)
    assert anchor in _catalogue_sections()


def test_rule_names_are_the_ids_in_pascal_case() -> None:
    """`name` is the readable identifier viewers show: `json-bom` becomes `JsonBom`."""
    every = Report((), 0, {rule.id: rule for rule in _every_rule()}, "0.1.0")
    driver = json.loads(SarifReporter().render(every))["runs"][0]["tool"]["driver"]
    names = {rule["id"]: rule["name"] for rule in driver["rules"]}
    assert names["json-bom"] == "JsonBom"
    assert names["send-type-data-missing"] == "SendTypeDataMissing"
    assert all(re.fullmatch(r"(?:[A-Z][a-z0-9]*)+", name) for name in names.values())
    assert len(set(names.values())) == len(names)
    assert rule_name("schema-other") == "SchemaOther"


def test_a_rule_outside_the_catalogue_is_named_but_not_linked() -> None:
    """A finding whose rule the report's catalogue lacks has no section to link to."""
    stray = Finding("made-up-rule", Severity.NOTE, "m", "a.json")
    driver = render(stray)["runs"][0]["tool"]["driver"]
    descriptor = driver["rules"][-1]
    assert (descriptor["id"], descriptor["name"]) == ("made-up-rule", "MadeUpRule")
    assert "helpUri" not in descriptor


def test_an_undecodable_file_name_is_percent_encoded_in_uris_and_escaped_in_texts() -> None:
    """The URI names the real bytes (`%FF`), message texts say `\\xff`; the log is UTF-8."""
    name = "dir/bad\udcff.json"
    finding = Finding(
        "duplicate-campaign-id",
        Severity.ERROR,
        f'id "x" is also the id of {name}',
        name,
        "/id",
        Span.at(1, 1),
        (Related(f"first used in {name}", "/id", Span.at(1, 1), name),),
    )
    output = SarifReporter().render(make_report(finding))
    output.encode("utf-8")  # no lone surrogate is left
    (result,) = json.loads(output)["runs"][0]["results"]
    location = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "dir/bad%FF.json", "uriBaseId": "%SRCROOT%"}
    assert result["message"]["text"] == 'id "x" is also the id of dir/bad\\xff.json'
    assert result["relatedLocations"][0]["message"]["text"] == "first used in dir/bad\\xff.json"
    assert artifact_location("/abs/\udcfe.json") == {"uri": "file:///abs/%FE.json"}


def test_message_texts_carry_no_control_characters_or_direction_overrides() -> None:
    """Keys and values quoted in messages are shown escaped, as a SARIF viewer shows text
    as it is; the serialised log holds no such character raw either."""
    finding = Finding(
        "schema-unknown-key", Severity.ERROR, 'unknown key "\x1b[2J\u202eevil"', "a\u202e.json"
    )
    output = SarifReporter().render(make_report(finding))
    (result,) = json.loads(output)["runs"][0]["results"]
    assert result["message"]["text"] == 'unknown key "\\x1b[2J\\u202eevil"'
    assert "\u202e" not in output
    assert "\x1b" not in output


def test_a_fixable_finding_carries_its_edits_as_sarif_fixes() -> None:
    """Each edit is a replacement: the deleted region (UTF-16 columns, explicit even for an
    insertion) and the inserted text; an unsafe fix says it needs --unsafe-fixes."""
    fixed, removed = render(FIXABLE, REMOVABLE)["runs"][0]["results"]
    change = fixed["fixes"][0]["artifactChanges"][0]
    assert fixed["fixes"][0]["description"] == {"text": "replace it"}
    assert change["artifactLocation"]["uri"] == "dir%20with%20space/%C3%A5.json"
    assert change["replacements"] == [
        {
            "deletedRegion": {"startLine": 2, "startColumn": 15, "endLine": 2, "endColumn": 22},
            "insertedContent": {"text": '"x"'},
        },
        {
            "deletedRegion": {"startLine": 3, "startColumn": 1, "endLine": 3, "endColumn": 1},
            "insertedContent": {"text": " "},
        },
    ]
    assert "--unsafe-fixes" in removed["fixes"][0]["description"]["text"]
    assert "fixes" not in render(RELATED)["runs"][0]["results"][0]


def test_the_linter_docs_name_the_fingerprint_key_the_reporter_writes() -> None:
    """docs/linter.md promises a SARIF `partialFingerprints` key to code-scanning users: the
    one the reporter writes, and no other `campaignContract/` key."""
    from campaign_contract.reporters.sarif import FINGERPRINT_KEY

    docs = (Path(__file__).resolve().parents[2] / "docs" / "linter.md").read_text("utf-8")
    promised = set(re.findall(r'partialFingerprints\["([^"]+)"\]', docs))
    assert promised == {FINGERPRINT_KEY}


@given(st.lists(FINDINGS, max_size=4), QUOTED_LINES)
def test_the_log_is_written_as_json_dumps_indents_it(
    findings: list[Finding], lines: dict[int, str]
) -> None:
    """Results are written as text directly, yet the log is exactly `json.dumps(indent=2)` of
    itself (with what `safe_json` escapes escaped), whatever a result holds."""
    report = make_report(*findings)._replace(line_text=lambda file, line: lines.get(line))
    output = SarifReporter().render(report)
    expected = safe_json(json.dumps(json.loads(output), indent=2, ensure_ascii=False)) + "\n"
    assert expected == output
