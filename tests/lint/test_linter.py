"""Specification of the linter library: `validate_bytes`, `validate_file` and `run`."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from campaign_contract.findings import Finding, Severity
from campaign_contract.lint.runner import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    Options,
    run,
    validate_bytes,
    validate_file,
)
from hypothesis import example, given
from hypothesis import strategies as st

if TYPE_CHECKING:
    import pytest


def open_descriptors() -> int:
    return len(list(Path("/proc/self/fd").iterdir()))


VALID = b'{"name": "Spring launch", "meta": {"send_type": "manual", "manual_data": {}}}'


def run_quietly(options: Options, stdin: bytes = b"") -> tuple[int, str]:
    out = io.StringIO()
    code = run(options, stdin=io.BytesIO(stdin), stdout=out)
    return code, out.getvalue()


def test_a_valid_payload_has_no_findings() -> None:
    """validate_bytes returns an empty list for a valid payload."""
    assert validate_bytes(VALID, "p.json") == []


def test_duplicate_key_is_one_finding_with_both_locations() -> None:
    """`{"name":"ab","name":"abc", ...}` gives one duplicate-key finding naming the first key."""
    data = b'{"name":"ab","name":"abc","meta":{"send_type":"manual","manual_data":{}}}'
    findings = validate_bytes(data, "p.json")
    duplicates = [f for f in findings if f.rule == "json-duplicate-key"]
    assert len(duplicates) == 1
    finding = duplicates[0]
    assert (finding.pointer, finding.span.start.column) == ("/name", 14)
    assert [(r.pointer, r.span.start.column) for r in finding.related] == [("/name", 2)]


def test_a_missing_file_is_a_finding(tmp_path: Path) -> None:
    """validate_file on a path that does not exist returns a finding instead of raising."""
    findings = validate_file(tmp_path / "gone.json")
    assert [f.rule for f in findings] == ["file-not-found"]


def test_run_exit_codes_follow_the_fail_on_threshold(tmp_path: Path) -> None:
    """Exit 1 only for findings at or above --fail-on; a BOM is a warning."""
    bom = tmp_path / "bom.json"
    bom.write_bytes(b"\xef\xbb\xbf" + VALID)
    assert run_quietly(Options((str(bom),)))[0] == EXIT_CLEAN
    assert run_quietly(Options((str(bom),), fail_on=Severity.WARNING))[0] == EXIT_FINDINGS


def test_the_library_json_report_names_the_installed_version() -> None:
    """`run(Options(...))` without a tool version reports the package's, never an empty one;
    JSON and SARIF alike."""
    from campaign_contract import __version__

    _, output = run_quietly(Options(("-",), format="json"), VALID)
    assert json.loads(output)["tool"]["version"] == __version__ != ""
    _, output = run_quietly(Options(("-",), format="sarif"), VALID)
    assert json.loads(output)["runs"][0]["tool"]["driver"]["version"] == __version__


def test_run_reads_stdin_under_its_name() -> None:
    """`-` is checked from the given stdin and reported under --stdin-filename."""
    code, output = run_quietly(Options(("-",), stdin_filename="x.json"), b'{"name": 1}')
    assert code == EXIT_FINDINGS
    assert "\nx.json:1:10: error schema-type: name must be a string" in output


def test_run_checks_the_other_files_after_a_missing_one(tmp_path: Path) -> None:
    """A missing file is reported and the next file is still checked."""
    good = tmp_path / "good.json"
    good.write_bytes(VALID)
    code, output = run_quietly(Options(("missing.json", str(good)), format="json"))
    document = json.loads(output)
    assert code == EXIT_FINDINGS
    assert [f["rule"] for f in document["findings"]] == ["file-not-found"]
    assert document["summary"]["files_checked"] == 2


def test_a_folder_walk_checks_only_the_files_the_configuration_includes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With `include = ["campaigns/*.json"]`, `validate-campaign .` leaves package.json alone."""
    (tmp_path / "pyproject.toml").write_text(
        '[tool.validate-campaign]\ninclude = ["campaigns/*.json"]\n', encoding="utf-8"
    )
    (tmp_path / "campaigns").mkdir()
    (tmp_path / "campaigns" / "spring.json").write_bytes(VALID)
    (tmp_path / "package.json").write_text('{"name": "web", "private": true}', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, output = run_quietly(Options((".",), format="json"))
    assert (code, json.loads(output)["summary"]["files_checked"]) == (EXIT_CLEAN, 1)


def test_two_thousand_files_keep_file_descriptors_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each file is closed before the next is opened: 2,000 files need no more descriptors."""
    for index in range(2000):
        (tmp_path / f"p{index:04}.json").write_bytes(VALID if index % 2 else b"{")
    before = open_descriptors()
    peak = [before]
    real_open = os.open

    def counting_open(*args: object, **kwargs: object) -> int:
        peak[0] = max(peak[0], open_descriptors())
        return real_open(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", counting_open)
    code, output = run_quietly(Options((str(tmp_path),), format="json"))
    monkeypatch.undo()
    assert code == EXIT_FINDINGS
    summary = json.loads(output)["summary"]
    assert (summary["files_checked"], summary["errors"]) == (2000, 1000)
    assert peak[0] <= before + 2
    assert open_descriptors() == before


nested = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4)
    ),
    max_leaves=30,
)


@given(st.binary(max_size=300))
@example(b"\xef\xbb\xbf{}")
@example(b"\xff\xfe{\x00}\x00")
@example(b'"\\ud800"')
@example(b"[" * 100_000)
@example(b"1" * 5000)
@example(b"")
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    """Any bytes at all give a list of findings, never an exception."""
    findings = validate_bytes(data, "fuzz.json")
    assert all(isinstance(f, Finding) for f in findings)


@given(nested, st.sampled_from([None, 2]))
@example({"name": 10**5000, "meta": {}}, None)
@example({"meta": {"send_type": "manual", "manual_data": {"send_amount": 1e400}}}, None)
def test_arbitrary_json_values_never_raise(value: object, indent: int | None) -> None:
    """Any JSON value (huge numbers, odd strings, NaN) gives findings, never an exception."""
    import sys

    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        text = json.dumps(value, indent=indent)
    finally:
        sys.set_int_max_str_digits(limit)
    findings = validate_bytes(text.encode("utf-8", errors="surrogatepass"), "fuzz.json")
    assert all(isinstance(f, Finding) for f in findings)


def test_deep_nesting_is_a_finding_not_a_crash() -> None:
    """Nesting deeper than the loader's limit is reported, whatever the depth."""
    depth = 50_000
    data = b'{"name": "abc", "meta": ' + b"[" * depth + b"]" * depth + b"}"
    findings = validate_bytes(data, "deep.json")
    assert "json-too-deep" in {f.rule for f in findings}


def test_the_package_exports_the_runner_itself() -> None:
    """`campaign_contract.lint` hands out the runner's own objects (no copies, no wrappers)."""
    from campaign_contract import lint
    from campaign_contract.lint import runner

    assert all(getattr(lint, name) is getattr(runner, name) for name in lint.__all__)


def test_rule_catalogue_has_unique_documented_ids() -> None:
    """Every rule id the linter can report is catalogued once, with a summary."""
    from campaign_contract.lint.runner import all_rules

    rules = all_rules()
    assert {"json-syntax", "schema-unknown-key", "file-not-found", "no-segments"} <= set(rules)
    assert all(rule.summary and rule.explanation for rule in rules.values())


def test_endless_stdin_is_cut_at_the_size_limit() -> None:
    """`-` reads at most one byte past the limit, so an endless stream cannot hang the run."""
    from campaign_contract.source import MAX_BYTES

    class Endless(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, buffer: Any) -> int:
            buffer[:] = b" " * len(buffer)
            return len(buffer)

    out = io.StringIO()
    code = run(Options(("-",)), stdin=io.BufferedReader(Endless()), stdout=out)
    assert code == EXIT_FINDINGS
    assert f"file is larger than the {MAX_BYTES // 1024} KiB limit" in out.getvalue()
