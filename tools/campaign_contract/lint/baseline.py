"""Baselines: accept today's findings so that only new ones fail the run.

A baseline file is JSON, written sorted so that it diffs well in review::

    {
      "version": 2,
      "findings": [
        {"fingerprint": "…", "rule": "min-ctr-range", "file": "campaigns/a.json",
         "pointer": "/meta/multistep_data/min_ctr", "message": "min_ctr 250 is outside …"},
        …
      ]
    }

A finding's fingerprint hashes its rule, file, JSON pointer and offending value, never its line,
column or message, so it survives edits elsewhere in the file and a rewording of the message
(the message is kept for the reviewer). Version 1 files (written by 0.1, whose fingerprints
hashed the message) are still read: their entries accept a finding by rule, file and pointer.
The same finding twice is listed twice:
a baseline with two copies accepts two, and a third is new. The file is UTF-8 JSON; a byte of a
file name that is not UTF-8 is written `\\xNN` in the `file` value, as in every report (only
the fingerprint is compared when the baseline is read).
"""

import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path, PurePath
from typing import Any, Final, NamedTuple

from campaign_contract.errors import UsageError
from campaign_contract.findings import Finding, fingerprint
from campaign_contract.lint import inputs
from campaign_contract.lint.outputs import write_file
from campaign_contract.reporters.escape import safe_json

VERSION: Final = 2
LEGACY_VERSION: Final = 1
"""Baselines of 0.1: fingerprints over the message, so entries are matched by place instead."""
_ENTRY_KEYS: Final = frozenset({"fingerprint", "rule", "file", "pointer", "message"})


def _entry(finding: Finding) -> dict[str, str]:
    return {
        "fingerprint": fingerprint(finding),
        "rule": finding.rule,
        "file": PurePath(finding.file).as_posix(),
        "pointer": finding.pointer,
        "message": finding.message,
    }


def render_baseline(findings: Iterable[Finding]) -> str:
    """The text of a baseline accepting every one of `findings`, sorted by file, rule and
    pointer."""
    entries = sorted(
        (_entry(finding) for finding in findings),
        key=lambda e: (e["file"], e["rule"], e["pointer"], e["message"]),
    )
    text = json.dumps({"version": VERSION, "findings": entries}, indent=2, ensure_ascii=False)
    return safe_json(text) + "\n"


def write_baseline(path: Path, findings: Iterable[Finding]) -> None:
    """Write a baseline accepting every one of `findings` to `path` (errors as
    `outputs.write_file` raises them)."""

    write_file(str(path), render_baseline(findings), "the baseline")


def _place(rule: str, file: str, pointer: str) -> str:
    return "\0".join(("place", rule, PurePath(file).as_posix(), pointer))


class Baseline(NamedTuple):
    """How many times each fingerprint (or, from a version 1 file, each place) was accepted."""

    accepted: Counter[str]

    def apply(self, findings: Iterable[Finding]) -> list[Finding]:
        """`findings` with the accepted ones marked `suppressed`; beyond the count, they are new."""
        remaining = Counter(self.accepted)
        result = []
        for finding in findings:
            for key in (fingerprint(finding), _place(finding.rule, finding.file, finding.pointer)):
                if remaining[key] > 0:
                    remaining[key] -= 1
                    result.append(finding._replace(suppressed=True))
                    break
            else:
                result.append(finding)
        return result


def _malformed(path: Path, problem: str) -> UsageError:
    return UsageError(f"{path}: not a validate-campaign baseline: {problem}")


def load_baseline(path: Path) -> Baseline:
    """The baseline in `path`; `UsageError` when it cannot be read or is not a baseline.

    Read as safely as a payload (`inputs.read_option_file`), at most `inputs.BASELINE_LIMIT`."""
    name = str(path)
    data = inputs.read_option_file(name, "baseline", inputs.BASELINE_LIMIT)
    text = inputs.decode_option_file(name, "baseline", data)
    try:
        document: Any = json.loads(text)
    except ValueError as error:
        raise _malformed(path, f"not valid JSON ({error})") from None
    except RecursionError:
        raise _malformed(path, "not valid JSON (nested too deeply)") from None
    if not isinstance(document, dict) or set(document) != {"version", "findings"}:
        raise _malformed(path, 'expected an object with exactly "version" and "findings"')
    version = document["version"]
    if version not in (VERSION, LEGACY_VERSION) or isinstance(version, bool):
        raise _malformed(path, f"version {version!r} is not {VERSION} (or {LEGACY_VERSION})")
    entries = document["findings"]
    if not isinstance(entries, list):
        raise _malformed(path, '"findings" must be a list')
    accepted: Counter[str] = Counter()
    for index, entry in enumerate(entries):
        if (
            not isinstance(entry, dict)
            or set(entry) != _ENTRY_KEYS
            or not all(isinstance(value, str) for value in entry.values())
        ):
            keys = ", ".join(sorted(_ENTRY_KEYS))
            raise _malformed(path, f"findings[{index}] must be an object of strings: {keys}")
        if version == LEGACY_VERSION:
            accepted[_place(entry["rule"], entry["file"], entry["pointer"])] += 1
        else:
            accepted[entry["fingerprint"]] += 1
    return Baseline(accepted)
