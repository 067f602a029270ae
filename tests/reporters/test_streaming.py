"""Streaming reporters: written piece by piece, the output is exactly what `render` returns, and
a large run is never held as one text."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from campaign_contract.findings import Finding, Position, Related, Severity, Span
from campaign_contract.lint import outputs
from campaign_contract.lint.runner import all_rules
from campaign_contract.reporters import FORMATS, Report, get_reporter
from campaign_contract.reporters.base import pieces
from campaign_contract.reporters.sarif import indented
from hypothesis import given
from hypothesis import strategies as st

STREAMING = ("text", "json", "sarif")
"""The formats a big run may ask for on its standard output or in `--output` files."""


def _report(count: int) -> Report:
    findings = tuple(
        Finding(
            rule="schema-type",
            severity=Severity.ERROR if index % 3 else Severity.WARNING,
            message=f"value {index} must be a string, not «{index}»",
            file=f"campaign-{index // 4:05d}.json",
            pointer=f"/meta/items/{index}",
            span=Span(Position(index + 1, 3), Position(index + 1, 9)),
            related=(Related("first occurrence", "/meta", Span.at(1, 1)),) if index % 2 else (),
            hint="a hint" if index % 5 == 0 else None,
            suppressed=index % 7 == 0,
        )
        for index in range(count)
    )
    return Report(findings, count // 4 + 1, all_rules(), "9.9.9", lambda file, line: "  x: 1")


@pytest.mark.parametrize("format_", STREAMING)
@pytest.mark.parametrize("count", [0, 1, 9])
def test_the_pieces_of_a_streaming_report_make_its_rendering(format_: str, count: int) -> None:
    """Joined, the pieces are the rendered text, byte for byte, with or without findings."""
    reporter = get_reporter(format_)
    report = _report(count)
    assert reporter.render(report) == "".join(pieces(reporter, report))


@pytest.mark.parametrize("format_", STREAMING)
def test_a_streaming_report_comes_one_finding_at_a_time(format_: str) -> None:
    """The text, JSON and SARIF reporters give a piece per finding (plus the head and tail),
    so that no piece grows with the run."""
    report = _report(500)
    sizes = [len(piece) for piece in pieces(get_reporter(format_), report)]
    assert len(sizes) >= 500
    assert max(sizes[1:-1]) < 2_000


@pytest.mark.parametrize("format_", sorted(set(FORMATS) - set(STREAMING)))
def test_a_reporter_without_pieces_is_written_whole(format_: str) -> None:
    """The other formats are one piece: their `render`."""
    reporter = get_reporter(format_)
    report = _report(3)
    assert [reporter.render(report)] == list(pieces(reporter, report))


@pytest.mark.parametrize("format_", STREAMING)
def test_outputs_write_a_report_to_stdout_and_files_as_rendered(
    format_: str, tmp_path: Path
) -> None:
    """Written through `lint.outputs`, stdout and an `--output` file hold the rendered text."""
    report = _report(20)
    stdout = io.StringIO()
    target = tmp_path / f"report.{format_}"
    outputs.write_reports(report, stdout, format_, files=[(format_, str(target))])
    rendered = get_reporter(format_).render(report)
    assert rendered == stdout.getvalue()
    assert rendered == target.read_text(encoding="utf-8")


_JSON_VALUES: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4)
    ),
    max_leaves=20,
)


@given(_JSON_VALUES, st.integers(min_value=0, max_value=5))
def test_indented_writes_what_json_dumps_writes(value: Any, level: int) -> None:
    """The SARIF reporter's serialiser is `json.dumps(indent=2, ensure_ascii=False)`, nested
    `level` deep (every line after the first indented by two spaces a level)."""
    expected = json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + "  " * level)
    assert expected == indented(value, level)
