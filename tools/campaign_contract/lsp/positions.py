"""Positions as LSP counts them: 0-based lines, columns in the negotiated code units.

Findings count 1-based lines split at `\\n` (a lone `\\r` is JSON whitespace) and 1-based columns
in characters (code points), with an exclusive end. LSP splits lines at `\\n`, `\\r\\n` and `\\r`,
and counts columns in UTF-16 code units unless client and server agree on UTF-8 or UTF-32 at
`initialize`: a character outside the Basic Multilingual Plane (an emoji) is one character, two
UTF-16 units and four UTF-8 bytes. `TextIndex` goes through the character offset, so both ways
of splitting lines meet. A byte-order mark is no character to the linter (it checks the text
after it) but is one to an editor that keeps it in the document: finding positions start after
it.
"""

from __future__ import annotations

import bisect
import re
from typing import Final

from lsprotocol import types

from campaign_contract.findings import Position, Span

UTF8: Final = types.PositionEncodingKind.Utf8.value
UTF16: Final = types.PositionEncodingKind.Utf16.value
UTF32: Final = types.PositionEncodingKind.Utf32.value

_LSP_BREAK: Final = re.compile(r"\r\n|\r|\n")


def units(text: str, encoding: str) -> int:
    """The length of `text` in the code units of `encoding` (`utf-8`, `utf-16`, `utf-32`)."""
    if encoding == UTF32 or text.isascii():
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _characters(text: str, count: int, encoding: str) -> int:
    """How many characters of `text` fill `count` code units (a split character counts whole)."""
    if encoding == UTF32 or text.isascii():
        return min(count, len(text))
    used = 0
    for index, character in enumerate(text):
        if used >= count:
            return index
        used += units(character, encoding)
    return len(text)


class TextIndex:
    """One document's text, to turn finding positions into LSP positions and back."""

    def __init__(self, text: str) -> None:
        self.text = text
        bom = 1 if text.startswith("\ufeff") else 0
        self._starts = [bom, *(match.end() for match in re.finditer("\n", text))]
        self._lsp_starts = [0, *(match.end() for match in _LSP_BREAK.finditer(text))]

    def offset(self, place: Position) -> int:
        """The character offset of a finding's position (a column past its line's end stays on
        the line, as the end of a file without a final newline does; a byte-order mark is
        before column 1)."""
        line = min(max(place.line, 1), len(self._starts))
        start = self._starts[line - 1]
        end = self._starts[line] - 1 if line < len(self._starts) else len(self.text)
        return min(start + max(place.column - 1, 0), end)

    def position(self, place: Position, encoding: str) -> types.Position:
        """The LSP position of a finding's position."""
        return self.lsp_position(self.offset(place), encoding)

    def to_range(self, span: Span, encoding: str) -> types.Range:
        """The LSP range of a finding's span."""
        return types.Range(self.position(span.start, encoding), self.position(span.end, encoding))

    def lsp_position(self, offset: int, encoding: str) -> types.Position:
        """The LSP position of a character offset."""
        line = bisect.bisect_right(self._lsp_starts, offset) - 1
        start = self._lsp_starts[line]
        return types.Position(line, units(self.text[start:offset], encoding))

    def lsp_offset(self, place: types.Position, encoding: str) -> int:
        """The character offset of an LSP position (clamped to the text)."""
        if place.line >= len(self._lsp_starts):
            return len(self.text)
        start = self._lsp_starts[place.line]
        after = place.line + 1
        following = self._lsp_starts[after] if after < len(self._lsp_starts) else None
        line = self.text[start:following].rstrip("\r\n")
        return start + _characters(line, place.character, encoding)
