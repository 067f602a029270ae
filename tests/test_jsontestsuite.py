"""The strict loader as seen through the linter, on Nicolas Seriot's JSONTestSuite.

`n_` files must each give a finding (and never a traceback); `y_` files must load without a
loader finding, except the two duplicate-key files, which our linter deliberately reports; the
implementation-defined `i_` files have their outcome pinned below.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from campaign_contract.linter import validate_bytes

SUITE = Path(__file__).parent / "data" / "JSONTestSuite" / "test_parsing"
DUPLICATE_KEY_FILES = {"y_object_duplicated_key.json", "y_object_duplicated_key_and_value.json"}


def loader_rules(path: Path) -> set[str]:
    """The rule ids of the findings that are not about the schema."""
    findings = validate_bytes(path.read_bytes(), path.name)
    return {f.rule for f in findings if not f.rule.startswith("schema-")}


def files(prefix: str) -> list[Path]:
    return sorted(SUITE.glob(f"{prefix}_*.json"))


@pytest.mark.parametrize("path", files("n"), ids=lambda p: p.name)
def test_rejected_documents_give_a_finding(path: Path) -> None:
    """Every n_ file yields at least one loader finding."""
    assert loader_rules(path)


@pytest.mark.parametrize("path", files("y"), ids=lambda p: p.name)
def test_accepted_documents_load_cleanly(path: Path) -> None:
    """Every y_ file loads without a loader finding, except the duplicate-key ones."""
    expected = {"json-duplicate-key"} if path.name in DUPLICATE_KEY_FILES else set()
    assert loader_rules(path) == expected


I_OUTCOMES: dict[str, set[str]] = {
    "i_number_double_huge_neg_exp.json": set(),
    "i_number_huge_exp.json": {"json-number-range"},
    "i_number_neg_int_huge_exp.json": {"json-number-range"},
    "i_number_pos_double_huge_exp.json": {"json-number-range"},
    "i_number_real_neg_overflow.json": {"json-number-range"},
    "i_number_real_pos_overflow.json": {"json-number-range"},
    "i_number_real_underflow.json": set(),
    "i_number_too_big_neg_int.json": set(),
    "i_number_too_big_pos_int.json": set(),
    "i_number_very_big_negative_int.json": set(),
    "i_object_key_lone_2nd_surrogate.json": {"json-encoding"},
    "i_string_1st_surrogate_but_2nd_missing.json": {"json-encoding"},
    "i_string_1st_valid_surrogate_2nd_invalid.json": {"json-encoding"},
    "i_string_UTF-16LE_with_BOM.json": {"json-encoding"},
    "i_string_UTF-8_invalid_sequence.json": {"json-encoding"},
    "i_string_UTF8_surrogate_U+D800.json": {"json-encoding"},
    "i_string_incomplete_surrogate_and_escape_valid.json": {"json-encoding"},
    "i_string_incomplete_surrogate_pair.json": {"json-encoding"},
    "i_string_incomplete_surrogates_escape_valid.json": {"json-encoding"},
    "i_string_invalid_lonely_surrogate.json": {"json-encoding"},
    "i_string_invalid_surrogate.json": {"json-encoding"},
    "i_string_invalid_utf-8.json": {"json-encoding"},
    "i_string_inverted_surrogates_U+1D11E.json": {"json-encoding"},
    "i_string_iso_latin_1.json": {"json-encoding"},
    "i_string_lone_second_surrogate.json": {"json-encoding"},
    "i_string_lone_utf8_continuation_byte.json": {"json-encoding"},
    "i_string_not_in_unicode_range.json": {"json-encoding"},
    "i_string_overlong_sequence_2_bytes.json": {"json-encoding"},
    "i_string_overlong_sequence_6_bytes.json": {"json-encoding"},
    "i_string_overlong_sequence_6_bytes_null.json": {"json-encoding"},
    "i_string_truncated-utf-8.json": {"json-encoding"},
    "i_string_utf16BE_no_BOM.json": {"json-encoding"},
    "i_string_utf16LE_no_BOM.json": {"json-encoding"},
    "i_structure_500_nested_arrays.json": {"json-too-deep"},
    "i_structure_UTF-8_BOM_empty_object.json": {"json-bom"},
}
"""Pinned loader findings for each implementation-defined i_ file (empty set = accepted)."""


@pytest.mark.parametrize("path", files("i"), ids=lambda p: p.name)
def test_implementation_defined_outcomes_are_pinned(path: Path) -> None:
    """Each i_ file gives exactly the findings pinned in I_OUTCOMES."""
    assert loader_rules(path) == I_OUTCOMES[path.name]
