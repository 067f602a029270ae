"""Specification of the escaping every reporter applies to text taken from the input."""

from __future__ import annotations

import json
import os

import pytest
from campaign_contract.reporters.escape import printable, printable_lines, safe_json


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain å ✓.json", "plain å ✓.json"),
        ("\x1b[31m\x07\x00", "\\x1b[31m\\x07\\x00"),
        ("a\nb\r", "a\\x0ab\\x0d"),
        ("\u202eevil\u2066\ufeff", "\\u202eevil\\u2066\\ufeff"),
        (os.fsdecode(b"bad\xff\x80.json"), "bad\\xff\\x80.json"),
        ("\ud800", "\\ud800"),
    ],
)
def test_printable_writes_what_a_terminal_would_act_on_as_text(text: str, expected: str) -> None:
    """Control characters, direction overrides and lone surrogates become `\\xNN`/`\\uNNNN`;
    a byte that was not UTF-8 in a file name becomes `\\xNN` with that byte."""
    assert expected == printable(text)
    printable(text).encode("utf-8")


def test_printable_lines_keeps_line_feeds_only() -> None:
    """For formats that escape line feeds themselves (workflow commands, Markdown cells)."""
    assert printable_lines("a\nb\r\x1b") == "a\nb\\x0d\\x1b"


def test_safe_json_strings_decode_to_what_printable_writes_for_lone_surrogates() -> None:
    """A lone surrogate cannot be UTF-8: in JSON it becomes the text printable shows; other
    unsafe characters become `\\u` escapes, which decode to themselves."""
    name = os.fsdecode(b"bad\xff.json") + "\u202e\x9b"
    serialised = safe_json(json.dumps(name, ensure_ascii=False))
    serialised.encode("utf-8")
    assert serialised == '"bad\\\\xff.json\\u202e\\u009b"'
    assert json.loads(serialised) == "bad\\xff.json\u202e\x9b"
