"""Specification of campaign ids: the canonical UUID text form, letter case aside."""

from __future__ import annotations

import pytest
from campaign_contract.ids import canonical_campaign_id, is_campaign_id, same_campaign

ID = "3c90c3cc-0d44-4b50-8888-8dd25736052a"


@pytest.mark.parametrize("text", [ID, ID.upper(), "00000000-0000-0000-0000-000000000000"])
def test_canonical_uuids_are_campaign_ids(text: str) -> None:
    """Hyphenated 8-4-4-4-12 hexadecimal, in either case; the canonical form is lower case."""
    assert canonical_campaign_id(text) == text.lower()


@pytest.mark.parametrize(
    "text",
    [
        "",
        ".",
        "..",
        "3c90c3cc0d444b5088888dd25736052a",
        f"urn:uuid:{ID}",
        f"{{{ID}}}",
        f"{ID}}}",
        f"{ID}-",
        f" {ID}",
        f"{ID}\n",
        "3c90c3cc-0d44-4b50-8888-8dd2573605-2a",
        "3c90c3cc_0d44_4b50_8888_8dd25736052a",
        "+c90c3cc-0d44-4b50-8888-8dd25736052a",
        "٣c90c3cc-0d44-4b50-8888-8dd25736052a",
        "3c90c3cc-0d44-4b50-8888-8dd25736052g",
        "../3c90c3cc-0d44-4b50-8888-8dd25736052a",
    ],
)
def test_other_spellings_are_not(text: str) -> None:
    """Braces, urn form, missing or extra hyphens, spaces, newlines, signs, other digits, paths."""
    assert canonical_campaign_id(text) is None
    assert not is_campaign_id(text)


def test_the_same_campaign_in_either_case() -> None:
    """Ids name the same campaign when equal once lower-cased."""
    assert same_campaign(ID, ID.upper())
    assert not same_campaign(ID, ID.replace("a", "b"))
