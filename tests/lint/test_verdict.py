"""The one verdict: the strict loader, then the schema on the body the server normalises."""

from __future__ import annotations

import json
import sys
import unicodedata
from typing import Any

import pytest
from campaign_contract.lint.verdict import (
    TRIMMED,
    changes,
    judge,
    normalise,
    normalise_string,
    normalised_document,
)
from campaign_contract.pointer import leaves
from hypothesis import example, given
from hypothesis import strategies as st


def _body(name: Any, **meta: Any) -> bytes:
    return json.dumps({"name": name, "meta": {"send_type": "manual", **meta}}).encode()


@pytest.mark.parametrize(
    ("body", "accepted", "name"),
    [
        (_body("  ab  "), False, "ab"),
        (_body("   "), False, None),
        (_body("Spring", sms_routing_plan_id=""), True, "Spring"),
        (_body("  Spring  "), True, "Spring"),
    ],
)
def test_the_contracts_normalisation_table(body: bytes, accepted: bool, name: str | None) -> None:
    """docs/contract.md's table: each row's verdict and the value validated."""
    verdict = judge(body)
    assert (verdict.accepted, verdict.value["name"]) == (accepted, name)


def test_trimming_follows_laravel_10s_pattern_and_no_more() -> None:
    """Unicode separators, PCRE's next line and Mongolian vowel separator, the BOM and the
    zero-width space go; other controls and format characters stay."""
    trimmed = [
        " ",
        "\t",
        "\n",
        "\r",
        "\x0b",
        "\x0c",
        "\u00a0",
        "\x85",
        "\u180e",
        "\u2007",
        "\u3000",
        "\ufeff",
        "\u200b",
    ]
    kept = ["\x1c", "\x1f", "\u200c", "\u2060", "x"]
    assert [normalise_string(c + "a" + c) for c in trimmed] == ["a"] * len(trimmed)
    assert [normalise_string(c + "a") for c in kept] == [c + "a" for c in kept]
    assert set(trimmed) <= set(TRIMMED)


def test_a_name_padded_with_next_line_or_mongolian_vowel_separators_is_refused_once_trimmed() -> (
    None
):
    """PCRE trims U+0085 and U+180E under `/u`: `"\\u0085ab\\u180e"` is the two-letter "ab"."""
    verdict = judge(_body("\x85ab\u180e"))
    assert (verdict.accepted, verdict.value["name"]) == (False, "ab")


def test_the_trimmed_set_is_exactly_pcre_space_under_u_plus_bom_and_zero_width_space() -> None:
    """Category Z (Unicode's separators), PCRE's `\\h` and `\\v` (the five ASCII controls,
    U+0085, U+180E: PHP's `/u` sets UCP, where `\\s` is Z plus `\\h` plus `\\v`), U+FEFF, U+200B."""
    separators = {
        chr(code)
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) in ("Zs", "Zl", "Zp")
    }
    pcre_h_and_v = set("\t\n\x0b\x0c\r\x85\u180e")
    assert set(TRIMMED) == separators | pcre_h_and_v | {"\ufeff", "\u200b"}
    assert len(TRIMMED) == len(set(TRIMMED))


def test_normalise_keeps_keys_and_returns_the_same_object_when_nothing_changes() -> None:
    """No copy for the usual clean body; keys are never trimmed; only what changes is copied."""
    clean = {"name": "Spring", " key ": [1, "a b"], "meta": {"send_type": "manual"}}
    padded = {"name": " Spring ", "meta": clean["meta"], "list": ["", "x"]}
    result = normalise(padded)
    assert normalise(clean) is clean
    assert (result, result["meta"] is clean["meta"]) == (
        {"name": "Spring", "meta": {"send_type": "manual"}, "list": [None, "x"]},
        True,
    )
    assert padded["name"] == " Spring "


def test_changes_lists_every_string_the_server_changes_in_order() -> None:
    """Path, value sent and value validated, for the rule and the hints."""
    value = {"name": " a ", "meta": {"segment_ids": ["", "x"]}}
    assert [tuple(c) for c in changes(value)] == [
        (("name",), " a ", "a"),
        (("meta", "segment_ids", 0), "", None),
    ]


def test_semantic_rules_and_warnings_are_never_part_of_the_verdict() -> None:
    """A missing manual_data (a rule error) and a BOM (a loader warning): still accepted."""
    verdict = judge(b"\xef\xbb\xbf" + _body("Spring"))
    assert (verdict.accepted, [f.rule for f in verdict.findings]) == (True, ["json-bom"])


@pytest.mark.parametrize(
    ("body", "rule"),
    [
        (
            b'{"name": "Spring", "name": "Again", "meta": {"send_type": "manual"}}',
            "json-duplicate-key",
        ),
        (b'{"name": "ab\\ud800", "meta": {"send_type": "manual"}}', "json-encoding"),
        (b'{"name": "Spring", "meta": {"send_type": "manual", "x": 1e400}}', "json-number-range"),
        (b"", "json-empty"),
    ],
)
def test_a_body_the_loader_refuses_is_refused(body: bytes, rule: str) -> None:
    """Loader errors refuse a body before the schema looks at it."""
    verdict = judge(body)
    assert (verdict.accepted, verdict.loaded, rule in [f.rule for f in verdict.findings]) == (
        False,
        False,
        True,
    )


def test_a_schema_error_on_a_trimmed_value_says_what_was_validated() -> None:
    """The finding's hint names the trimmed value, since the file shows the padded one."""
    (finding,) = judge(_body("  ab  ")).findings
    assert (finding.rule, finding.hint) == (
        "schema-length",
        'the server trims whitespace and reads an empty string as null: "ab"',
    )


padded_values = st.recursive(
    st.none()
    | st.integers()
    | st.text(alphabet=st.sampled_from(f"ab \u200c{TRIMMED}"), max_size=3),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=2), children, max_size=3)
    ),
    max_leaves=10,
)


@given(padded_values)
@example({"a": ""})
@example(["a", "b\ufeff"])
@example({"\u3000": "a"})
def test_normalising_from_the_listed_strings_agrees_with_the_walk(value: Any) -> None:
    """A document's listed string values give the same answer as walking it: the same object
    when nothing changes, else the same normalised copy."""
    strings = [leaf for _, leaf in leaves(value) if isinstance(leaf, str)]
    walked = normalise(value)
    listed = normalised_document(value, strings)
    assert (listed == walked, listed is value) == (True, walked is value)
