"""Reading every output format back into the findings it carries, to prove none is lost.

Each reader returns the multiset of (rule, file) pairs of a report, the file as the text format
prints it (`printable`: `\\xNN` for an undecodable byte or a control character, see
`reporters/escape.py`). JSON holds control characters as JSON escapes (its strings decode to the
name itself), and SARIF's URIs are percent-encoded: both are brought to that form.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from urllib.parse import unquote

from campaign_contract.reporters.escape import printable
from workflow_commands import unescape_property

Pairs = Counter[tuple[str, str]]

_TEXT_FINDING = re.compile(r"(?P<file>.*?):\d+:\d+: (?:error|warning|note) (?P<rule>[a-z0-9-]+): ")
_ANNOTATION = re.compile(r"::(?:error|warning|notice) (?P<properties>[^:]*)::.*")
_LOG_LINE = re.compile(r"- " + _TEXT_FINDING.pattern)


def from_text(output: str) -> Pairs:
    """Finding lines are the lines that do not start with a space, the summary line aside."""
    lines = output.splitlines()[:-1]
    found: Pairs = Counter()
    for line in lines:
        if line.startswith(" "):
            continue
        match = _TEXT_FINDING.match(line)
        assert match is not None, line
        found[match["rule"], match["file"]] += 1
    return found


def from_json(output: str) -> Pairs:
    """The findings array of the versioned JSON document."""
    findings = json.loads(output)["findings"]
    return Counter((item["rule"], printable(item["file"])) for item in findings)


def _sarif_file(location: dict[str, str]) -> str:
    uri = location["uri"]
    if uri.startswith("file://"):
        uri = uri.removeprefix("file://")
    return printable(unquote(uri, errors="surrogateescape"))


def from_sarif(output: str) -> Pairs:
    """The results of the one run, with their first location's file."""
    results = json.loads(output)["runs"][0]["results"]
    return Counter(
        (
            result["ruleId"],
            _sarif_file(result["locations"][0]["physicalLocation"]["artifactLocation"]),
        )
        for result in results
    )


def from_github(output: str) -> Pairs:
    """Annotations (file and title properties) plus the plain log lines of the ones left out;
    every line is one of ours, so none can be a command injected by a file name."""
    found: Pairs = Counter()
    for line in output.splitlines():
        annotation = _ANNOTATION.fullmatch(line)
        if annotation is not None:
            pairs = (item.split("=", 1) for item in annotation["properties"].split(","))
            properties = {key: unescape_property(value) for key, value in pairs}
            if properties.get("title") != "validate-campaign":  # the closing notice
                rule = properties["title"].rsplit(" (", 1)[0]
                found[rule, properties["file"]] += 1
            continue
        if line.startswith("::group::") or line == "::endgroup::":
            continue
        assert "##[" not in line, line
        log_line = _LOG_LINE.match(line)
        assert log_line is not None, line
        found[log_line["rule"], log_line["file"]] += 1
    return found


def from_gitlab(output: str) -> Pairs:
    """The Code Quality issues (baseline-accepted findings are left out by design)."""
    issues = json.loads(output)
    return Counter((item["check_name"], printable(item["location"]["path"])) for item in issues)


READERS = {
    "text": from_text,
    "json": from_json,
    "sarif": from_sarif,
    "github": from_github,
    "gitlab": from_gitlab,
}
"""One reader per output format; a test checks that every format has one."""
