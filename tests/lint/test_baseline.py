"""Specification of baselines: stable fingerprints, counted acceptance, strict loading."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from campaign_contract.errors import UsageError
from campaign_contract.findings import Finding, Severity, Span
from campaign_contract.lint.baseline import Baseline, fingerprint, load_baseline, write_baseline


def finding(
    message: str = "min_ctr 250 is outside 0..100", line: int = 3, value: str | None = "250"
) -> Finding:
    return Finding(
        "min-ctr-range",
        Severity.WARNING,
        message,
        "campaigns/a.json",
        "/meta/multistep_data/min_ctr",
        Span.at(line, 5, 3),
        value=value,
    )


def test_fingerprint_ignores_lines_and_wording_but_not_the_offending_value() -> None:
    """Another line or a reworded message keeps the fingerprint; another value changes it."""
    assert fingerprint(finding(line=3)) == fingerprint(finding(line=40))
    assert fingerprint(finding()) == fingerprint(finding("min_ctr is 250, above 100"))
    assert fingerprint(finding()) != fingerprint(finding(value="300"))


def test_fingerprints_of_real_findings_hold_the_value_not_the_message() -> None:
    """Schema and rule findings carry the offending value (or the missing key) as JSON."""
    from campaign_contract.lint.runner import validate_bytes

    data = b'{"meta": {"send_type": "Manual", "segment_ids": [], "manual_data": {}}}'
    values = {(f.rule, f.value) for f in validate_bytes(data, "p.json")}
    assert {("schema-enum", '"Manual"'), ("schema-required", '"name"')} <= values


def test_a_version_1_baseline_of_0_1_is_still_read_by_place(tmp_path: Path) -> None:
    """0.1 wrote version 1 with message-based fingerprints; its entries accept findings by
    rule, file and pointer, whatever the message says now."""
    path = tmp_path / "baseline.json"
    entry = {
        "fingerprint": "0" * 32,
        "rule": "min-ctr-range",
        "file": "campaigns/a.json",
        "pointer": "/meta/multistep_data/min_ctr",
        "message": "min_ctr 250 is not between 0 and 100 (the old wording)",
    }
    path.write_text(json.dumps({"version": 1, "findings": [entry]}), encoding="utf-8")
    other = Finding("no-segments", Severity.WARNING, "x", "campaigns/a.json", "/meta")
    result = load_baseline(path).apply([finding(), finding(), other])
    assert [f.suppressed for f in result] == [True, False, False]


def test_written_baseline_is_versioned_sorted_json(tmp_path: Path) -> None:
    """The file is `{"version": 2, "findings": [...]}` sorted by file, rule, pointer."""
    path = tmp_path / "baseline.json"
    later = Finding("no-segments", Severity.WARNING, "x", "b.json", "/meta")
    write_baseline(path, [later, finding()])
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["version"] == 2
    expected = ["b.json", "campaigns/a.json"]
    assert expected == [entry["file"] for entry in document["findings"]]
    assert fingerprint(finding()) == document["findings"][1]["fingerprint"]


def test_only_the_new_finding_is_unsuppressed(tmp_path: Path) -> None:
    """Write a baseline, add one new finding: only that one stays unsuppressed."""
    path = tmp_path / "baseline.json"
    old = [finding(), Finding("no-segments", Severity.WARNING, "x", "b.json", "/meta")]
    write_baseline(path, old)
    new = Finding("read-only-field", Severity.WARNING, "y", "b.json", "/meta/multistep_status")
    result = load_baseline(path).apply([finding(line=9), old[1], new])
    assert [f.suppressed for f in result] == [True, True, False]


def test_duplicates_are_counted(tmp_path: Path) -> None:
    """A baseline holding two identical findings accepts two; the third is new."""
    path = tmp_path / "baseline.json"
    write_baseline(path, [finding(), finding()])
    result = load_baseline(path).apply([finding(), finding(), finding()])
    assert [f.suppressed for f in result] == [True, True, False]


def test_empty_baseline_suppresses_nothing() -> None:
    """An empty baseline leaves every finding as it is."""
    from collections import Counter

    assert [finding()] == Baseline(Counter()).apply([finding()])
    assert not Baseline(Counter()).apply([finding()])[0].suppressed


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "not valid JSON"),
        ("[]", 'exactly "version" and "findings"'),
        ('{"version": 3, "findings": []}', "version 3 is not 2 (or 1)"),
        ('{"version": true, "findings": []}', "version True is not 2 (or 1)"),
        ('{"version": 1, "findings": {}}', '"findings" must be a list'),
        ('{"version": 1, "findings": [{"rule": "x"}]}', "findings[0] must be an object"),
    ],
)
def test_malformed_baseline_is_a_usage_error(tmp_path: Path, text: str, message: str) -> None:
    """Anything but a baseline written by `write_baseline` is refused with the reason."""
    path = tmp_path / "baseline.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        load_baseline(path)
    assert message in str(caught.value)


def test_missing_baseline_is_a_usage_error(tmp_path: Path) -> None:
    """A baseline path that does not exist is named in the error."""
    with pytest.raises(UsageError, match="cannot read baseline"):
        load_baseline(tmp_path / "nope.json")
