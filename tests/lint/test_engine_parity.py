"""The fast engine (jsonschema-rs) and the reference one (jsonschema) agree on the contract."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from campaign_contract.lint.schema_findings import packaged_validator
from campaign_contract.pointer import from_path
from campaign_contract.schema import REQUEST, SchemaSet
from payloads import EXAMPLES, boundary_cases

CASES = boundary_cases()
EXAMPLE_FILES = sorted(EXAMPLES.glob("*/*.json"))


def verdicts(payload: Any) -> tuple[tuple[bool, set[str]], tuple[bool, set[str]]]:
    """(valid, error instance pointers) from the fast engine and from the reference engine."""
    fast = packaged_validator().compiled
    reference = SchemaSet.packaged().validator(REQUEST)
    fast_pointers = {from_path(e.instance_path) for e in fast.iter_errors(payload)}
    reference_pointers = {from_path(list(e.absolute_path)) for e in reference.iter_errors(payload)}
    reference_valid = not reference_pointers
    return (fast.is_valid(payload), fast_pointers), (reference_valid, reference_pointers)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_engines_agree_on_boundary_cases(case: Any) -> None:
    """Same verdict and same error locations for every boundary payload."""
    fast, reference = verdicts(case.payload)
    assert fast == reference
    assert fast[0] == case.valid


@pytest.mark.parametrize(
    "path", EXAMPLE_FILES, ids=[p.parent.name + "/" + p.name for p in EXAMPLE_FILES]
)
def test_engines_agree_on_examples(path: Path) -> None:
    """Same verdict and error locations for every example payload."""
    fast, reference = verdicts(json.loads(path.read_text(encoding="utf-8")))
    assert fast == reference
    assert fast[0] == (path.parent.name == "valid")


@pytest.mark.parametrize(
    "candidate",
    [
        "3c90c3cc-0d44-4b50-8888-8dd25736052a",
        "3C90C3CC-0D44-4B50-8888-8DD25736052A",
        "3c90c3cc0d444b5088888dd25736052a",
        "{3c90c3cc-0d44-4b50-8888-8dd25736052a}",
        "urn:uuid:3c90c3cc-0d44-4b50-8888-8dd25736052a",
        "3c90c3cc-0d444-b50-8888-8dd25736052a",
        "3c90c3cc-0d44-4b50-8888-8dd25736052",
        "zc90c3cc-0d44-4b50-8888-8dd25736052a",
    ],
)
def test_engines_agree_on_uuid_format(candidate: str) -> None:
    """The fast engine's `uuid` format is jsonschema's: hyphens at 8/13/18/23, no braces/urn."""
    payload = {"id": candidate, "name": "abc", "meta": {"send_type": "manual"}}
    fast, reference = verdicts(payload)
    assert fast == reference
