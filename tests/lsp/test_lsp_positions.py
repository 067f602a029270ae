"""Specification of finding positions as LSP positions, in each position encoding."""

from __future__ import annotations

import pytest
from campaign_contract.findings import Position, Span
from campaign_contract.lsp.positions import UTF8, UTF16, UTF32, TextIndex, units
from lsprotocol import types

EMOJI = "\U0001f389"


@pytest.mark.parametrize(("encoding", "expected"), [(UTF16, 2 + 1), (UTF8, 4 + 2), (UTF32, 1 + 1)])
def test_units_count_each_encodings_code_units(encoding: str, expected: int) -> None:
    """An emoji is 2 UTF-16 units, 4 UTF-8 bytes, 1 UTF-32 unit; `é` is 1, 2 and 1."""
    assert units(f"{EMOJI}\u00e9", encoding) == expected


def test_a_column_after_an_emoji_counts_two_utf16_units_for_it() -> None:
    """Line - 1; the column is the code units of the line's text before it."""
    before = f'  "a": "{EMOJI}", '
    index = TextIndex(f'{{\n{before}"b": 1\n}}')
    key = Position(2, len(before) + 1)  # `"b"`: its 1-based character column
    assert index.position(key, UTF32) == types.Position(1, len(before))
    assert index.position(key, UTF16) == types.Position(1, len(before) + 1)
    assert index.position(key, UTF8) == types.Position(1, len(before) + 3)


def test_a_lone_carriage_return_breaks_lsp_lines_but_not_the_linters() -> None:
    """The linter counts lines at `\\n` only; LSP also at `\\r`: the offset is what they share."""
    index = TextIndex('{"a": 1,\r"b": 2}\n')
    assert index.position(Position(1, 10), UTF16) == types.Position(1, 0)


def test_a_crlf_file_has_the_same_lines_both_ways() -> None:
    """`\\r\\n` is one line break for both."""
    index = TextIndex('{\r\n  "b": 2\r\n}')
    assert index.position(Position(2, 3), UTF16) == types.Position(1, 2)


def test_a_column_past_the_end_of_the_last_line_stays_on_it() -> None:
    """The end of a file without a final newline (an unclosed object) is on its last line."""
    index = TextIndex('{"a": 1')
    assert index.to_range(Span.at(1, 8), UTF16) == types.Range(
        types.Position(0, 7), types.Position(0, 7)
    )


@pytest.mark.parametrize("encoding", [UTF8, UTF16, UTF32])
def test_lsp_offsets_invert_lsp_positions(encoding: str) -> None:
    """Every character offset survives the trip to an LSP position and back."""
    text = f'{{"n": "{EMOJI}\u00e9x",\r\n "m": [1,\r2]}}\n'
    index = TextIndex(text)
    for offset in range(len(text) + 1):
        if text[offset - 1 : offset + 1] == "\r\n":
            continue  # between \r and \n: no LSP position names it
        assert index.lsp_offset(index.lsp_position(offset, encoding), encoding) == offset


@pytest.mark.parametrize("encoding", [UTF8, UTF16, UTF32])
def test_a_byte_order_mark_in_the_document_comes_before_column_1(encoding: str) -> None:
    """The linter checks the text after a BOM; an editor that keeps it counts it: `"b"` at
    1:2 to the linter is character 2 of line 0, and line 2 is unchanged."""
    index = TextIndex('\ufeff{"b": 1,\n "c": 2}')
    bom = units("\ufeff", encoding)
    assert index.position(Position(1, 2), encoding) == types.Position(0, bom + 1)
    assert index.position(Position(2, 2), encoding) == types.Position(1, 1)
