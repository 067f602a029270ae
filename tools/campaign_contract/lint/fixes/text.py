"""Edits on source text: spans to offsets, overlap, and applying edits byte-exactly.

Spans count lines at `\\n` and columns in characters (see `source`), so an offset is the start
of the span's line plus its column. Every character outside the edited ranges is kept as it is.
"""

import bisect
from collections.abc import Iterable
from typing import NamedTuple

from campaign_contract.findings import Edit, Fix, Position, Span

_WHITESPACE = " \t\n\r"


class Lines:
    """Offsets of line starts in a text, to turn positions into offsets and back."""

    __slots__ = ("starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        starts = [0]
        index = text.find("\n")
        while index != -1:
            starts.append(index + 1)
            index = text.find("\n", index + 1)
        self.starts = starts

    def offset(self, position: Position) -> int:
        """The character offset of `position` (clamped to the text)."""
        line = min(max(position.line, 1), len(self.starts))
        return min(self.starts[line - 1] + position.column - 1, len(self.text))

    def position(self, offset: int) -> Position:
        """The line and column of `offset` (a binary search of the line starts: a file's
        thousands of removals must not each count its newlines again)."""
        line = bisect.bisect_right(self.starts, offset)
        return Position(line, offset - self.starts[line - 1] + 1)

    def span(self, start: int, end: int) -> Span:
        """The span of text[start:end]."""
        return Span(self.position(start), self.position(end))


class Range(NamedTuple):
    """An edit as offsets: replace text[start:end] with `text`."""

    start: int
    end: int
    text: str


def ranges(fix: Fix, lines: Lines) -> list[Range]:
    """The edits of `fix` as offset ranges, in text order."""
    found = [Range(lines.offset(e.span.start), lines.offset(e.span.end), e.text) for e in fix.edits]
    return sorted(found)


def overlaps(a: Iterable[Range], b: Iterable[Range]) -> bool:
    """Whether any range of `a` shares a character with (or inserts inside) one of `b`."""
    return any((x.start < y.end and y.start < x.end) or x.start == y.start for x in a for y in b)


class Taken:
    """The ranges of a round's chosen edits, disjoint and sorted: whether a new edit overlaps
    one of them is a binary search, not a look at each (a file with 20,000 repeated items
    has 20,000 removals to choose in its round)."""

    __slots__ = ("ends", "starts")

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, edits: Iterable[Range]) -> bool:
        """`overlaps(edits, every taken range)`."""
        for x in edits:
            i = bisect.bisect_left(self.starts, x.start)
            if i > 0 and self.ends[i - 1] > x.start:
                return True
            if i < len(self.starts) and (self.starts[i] < x.end or self.starts[i] == x.start):
                return True
        return False

    def add(self, edits: Iterable[Range]) -> None:
        """Take `edits` (which overlap none taken)."""
        for x in edits:
            i = bisect.bisect_left(self.starts, x.start)
            self.starts.insert(i, x.start)
            self.ends.insert(i, x.end)


def apply(text: str, edits: Iterable[Range]) -> str:
    """`text` with every (non-overlapping) edit made; all other characters kept."""
    parts: list[str] = []
    at = 0
    for edit in sorted(edits):
        assert edit.start >= at, "edits must not overlap"
        parts += [text[at : edit.start], edit.text]
        at = edit.end
    parts.append(text[at:])
    return "".join(parts)


def skip_back(text: str, offset: int) -> int:
    """The offset just after the last non-whitespace character before `offset`."""
    while offset > 0 and text[offset - 1] in _WHITESPACE:
        offset -= 1
    return offset


def skip_ahead(text: str, offset: int) -> int:
    """The offset of the first non-whitespace character at or after `offset`."""
    while offset < len(text) and text[offset] in _WHITESPACE:
        offset += 1
    return offset


def removal(lines: Lines, start: int, end: int) -> Edit:
    """The edit that removes the member or item written at text[start:end] and one comma.

    Followed by a comma: up to the next member, so the next one takes its place and layout.
    The last one: from the comma before it. The only one: just itself."""
    text = lines.text
    after = skip_ahead(text, end)
    if after < len(text) and text[after] == ",":
        return Edit(lines.span(start, skip_ahead(text, after + 1)), "")
    before = skip_back(text, start)
    if before > 0 and text[before - 1] == ",":
        return Edit(lines.span(before - 1, end), "")
    return Edit(lines.span(start, end), "")
