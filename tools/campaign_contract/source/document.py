"""Strict loading of payload bytes into a document that knows where every key and value sits.

Decisions (documented for users in docs/linter.md):
- Input must be UTF-8. A UTF-8 byte-order mark is accepted with a warning (`json-bom`); UTF-16
  and UTF-32 (with or without a BOM), invalid UTF-8 and lone surrogate escapes are errors.
- Positions are 1-based lines and columns, columns counted in characters (code points), ends
  exclusive. Lines end at `\\n`; a `\\r` before it belongs to the line ending. A lone `\\r` is
  JSON whitespace, not a line break.
- Duplicate keys are errors reported on the second key (the first is a related location), but
  the document still loads, keeping the last value as the server's JSON decoder does.
- Limits: nesting deeper than `MAX_DEPTH`, integers longer than Python's int conversion limit
  (4300 digits by default), numbers that overflow a double (`1e999`) and files over `MAX_BYTES`
  are errors. Tiny numbers that underflow to 0 (`1e-999`) are accepted.

Speed: the C-accelerated `json` module parses every file first; the exact (pure-Python) scanner
runs only when the fast parse found a problem. A text without an escaped quote or a surrogate
escape (the usual payload) is parsed without Python hooks, and one walk of the value then
checks what the hooks would have (repeated keys, by counting quotes; numbers; depth) and lists
the string values on the way.
Positions are looked up only when a finding asks for one, in an index that reads each container
on the way once, and only as far as the members asked for, so that all the findings of a faulty
document share one reading.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any, Final

from campaign_contract.findings import (
    WHOLE_FILE,
    Finding,
    Position,
    Related,
    RuleInfo,
    Severity,
    Span,
)
from campaign_contract.pointer import unescape_token
from campaign_contract.source import scanner

MAX_DEPTH: Final = 64
"""Deepest nesting accepted; a campaign nests 6 levels. Far below the recursion limit, even
for validators that recurse several frames per level."""

MAX_BYTES: Final = 1024 * 1024
"""Largest file accepted (1 MiB, some 300 times a full campaign). Readers read at most one byte
more than this, so a huge file costs nothing."""

RULES: Final = (
    RuleInfo(
        "json-syntax",
        Severity.ERROR,
        "The file is not valid JSON.",
        "The file breaks the JSON grammar (RFC 8259): a missing comma or quote, a trailing comma, "
        "a comment, single quotes, an unescaped control character in a string. The finding "
        "points at the first character that cannot be read; nothing after it is checked.",
        '{"name": "Spring launch"}',
        "{'name': 'Spring launch',}",
    ),
    RuleInfo(
        "json-duplicate-key",
        Severity.ERROR,
        "An object has the same key twice.",
        "JSON parsers silently keep one of the two values (the API keeps the last), so one of "
        "them is lost and may hide a mistake. The finding sits on the second key and names the "
        "first. The rest of the file is still checked, with the last value.",
        '{"name": "abc"}',
        '{"name": "ab", "name": "abc"}',
    ),
    RuleInfo(
        "json-non-finite",
        Severity.ERROR,
        "NaN or Infinity is not JSON.",
        "Some encoders write NaN, Infinity or -Infinity for special floats; JSON has no such "
        "literals and the API rejects the body. Use a number or null.",
        '{"min_ctr": 3}',
        '{"min_ctr": NaN}',
    ),
    RuleInfo(
        "json-encoding",
        Severity.ERROR,
        "The file is not UTF-8 text.",
        "Payloads must be UTF-8 (RFC 8259). UTF-16 or UTF-32 files (as some Windows editors "
        "write), bytes that are not UTF-8, and escapes of lone UTF-16 surrogates such as "
        '"\\ud800", which no UTF-8 text can hold, are refused.',
        '{"name": "Ålesund"}',
        '{"name": "\\ud800"}',
    ),
    RuleInfo(
        "json-bom",
        Severity.WARNING,
        "The file starts with a UTF-8 byte-order mark.",
        "A BOM is not part of JSON (RFC 8259 forbids emitting one). The file is checked as if "
        "the BOM were absent; remove it, since some JSON parsers reject it.",
    ),
    RuleInfo(
        "json-empty",
        Severity.ERROR,
        "The file is empty.",
        "An empty or whitespace-only file holds no JSON value.",
    ),
    RuleInfo(
        "json-too-deep",
        Severity.ERROR,
        f"Nesting deeper than {MAX_DEPTH} levels.",
        f"A campaign nests about 6 levels; more than {MAX_DEPTH} is refused so that hostile "
        "files cannot exhaust the validator.",
    ),
    RuleInfo(
        "json-number-too-long",
        Severity.ERROR,
        "An integer has more digits than can be converted.",
        "Integers longer than Python's conversion limit (4300 digits by default) are refused; "
        "no field of the API takes such a number.",
    ),
    RuleInfo(
        "json-number-range",
        Severity.ERROR,
        "A number overflows a double.",
        "A number such as 1e999 is larger than any double-precision value and would be read as "
        "infinity.",
        '{"min_ctr": 1e3}',
        '{"min_ctr": 1e999}',
    ),
    RuleInfo(
        "file-too-large",
        Severity.ERROR,
        f"The file is larger than {MAX_BYTES // 1024} KiB.",
        "A campaign payload is a few kilobytes; larger files are not read, so that a stray "
        "file cannot stall the run.",
    ),
)
"""The catalogue entries of every rule this module reports."""

_UTF8_BOM = b"\xef\xbb\xbf"
_JSON_WHITESPACE = " \t\n\r"
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]", re.ASCII)
_BOMS = (
    (b"\x00\x00\xfe\xff", "UTF-32 (big-endian, with BOM)"),
    (b"\xff\xfe\x00\x00", "UTF-32 (little-endian, with BOM)"),
    (b"\xfe\xff", "UTF-16 (big-endian, with BOM)"),
    (b"\xff\xfe", "UTF-16 (little-endian, with BOM)"),
)


def _value_start(text: str) -> int:
    """Where the JSON value of `text` starts: after any leading whitespace (`lstrip` copies the
    text only when there is some)."""
    return len(text) - len(text.lstrip(_JSON_WHITESPACE))


class _Rejected(Exception):
    """The fast parser met something the exact scanner must locate."""


def _reject_constant(name: str) -> Any:
    raise _Rejected(name)


def _parse_float(token: str) -> float:
    number = float(token)
    if number in (float("inf"), float("-inf")):
        raise _Rejected(token)
    return number


def _parse_int(token: str) -> int:
    if len(token) > scanner.DOUBLE_DIGITS and float(token) in (float("inf"), float("-inf")):
        raise _Rejected(token)
    return int(token)


_Place = scanner.Place  # where a member is written: its key (None in arrays), its value


class Document:
    """A parsed JSON document and its text; spans are looked up in the text when asked for."""

    __slots__ = ("_found", "_lines", "_map", "_mark", "_tables", "strings", "text", "value")

    def __init__(
        self,
        value: Any,
        text: str,
        scan: scanner.ScanResult | None = None,
        strings: list[str] | None = None,
    ) -> None:
        self.value = value
        self.text = text
        self.strings = strings
        """Every string value of the document (keys aside), when the loader listed them on
        the way; None when it did not."""
        self._map = scan
        self._lines: list[str] | None = None
        self._mark = (0, 1)
        """The start of the last span asked for, and its line: the next one counts on from it."""
        self._found: dict[str, _Place | None] = {}
        self._tables: dict[int, tuple[dict[str, _Place], Iterator[str]]] = {}

    def __repr__(self) -> str:
        return f"Document({len(self.text)} characters)"

    @property
    def _offsets(self) -> scanner.ScanResult:
        """The full position map (only for duplicate keys; spans use targeted lookups)."""
        if self._map is None:
            self._map = scanner.scan(self.text, MAX_DEPTH)
        return self._map

    def position(self, offset: int) -> Position:
        """Line and column (1-based, characters) of a character offset in the text."""
        text = self.text
        return Position(text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset))

    def span(self, start: int, end: int) -> Span:
        """The span of text[start:end] (its end counted from its start: most spans are on one
        line, and counting the newlines before a span once is enough). The newlines before it
        are counted on from the last span's start when that is earlier, as a file's findings
        mostly come in the order they are written; `position` is written out here, as a
        faulty file asks for a dozen spans."""
        text = self.text
        mark, line = self._mark
        if start < mark:
            mark, line = 0, 1
        line += text.count("\n", mark, start)
        self._mark = (start, line)
        column = start - text.rfind("\n", 0, start)
        lines = text.count("\n", start, end)
        if lines:
            last, end_column = line + lines, end - text.rfind("\n", start, end)
        else:
            last, end_column = line, column + end - start
        # (built as tuples: a NamedTuple's own `__new__` is a Python call, a third of a span)
        first = tuple.__new__(Position, (line, column))
        return tuple.__new__(Span, (first, tuple.__new__(Position, (last, end_column))))

    def _member(self, start: int, name: str) -> _Place | None:
        """The place of member `name` (a pointer token) of the container opening at `start`.

        Each container is read once, and only as far as the members asked for so far (to its
        end when the document repeats a key: the last value is the one that counts)."""
        entry = self._tables.get(start)
        if entry is None:
            table: dict[str, _Place] = {}
            entry = self._tables[start] = (table, scanner.members(self.text, start, table))
        table, unread = entry
        repeats = self._map is not None and bool(self._map.duplicates)
        place = table.get(name)
        if place is not None and not repeats:
            return place
        for member in unread:
            if member == name and not repeats:
                return table[member]
        return table.get(name)

    def _locate(self, pointer: str) -> _Place | None:
        """The place of the member at `pointer`, or None where it names nothing."""
        found = self._found
        if pointer in found:
            return found[pointer]
        located: _Place | None = None
        if not pointer:
            located = (None, _value_start(self.text))
        elif pointer.startswith("/"):
            parent, _, token = pointer.rpartition("/")
            container = self._locate(parent)
            if container is not None:
                located = self._member(container[1], unescape_token(token))
        found[pointer] = located
        return located

    def _nearest(self, pointer: str) -> tuple[str, int]:
        """The pointer and value start of `pointer`, or of its nearest ancestor that exists
        (the root always does)."""
        while (found := self._locate(pointer)) is None:
            pointer = pointer.rpartition("/")[0]
        return pointer, found[1]

    def value_span(self, pointer: str) -> Span:
        """Where the value at `pointer` is written (a container from its opening to its closing
        bracket). A pointer that names nothing gets the nearest existing ancestor's span."""
        pointer, start = self._nearest(pointer)
        if pointer:
            return self.span(start, scanner.value_end(self.text, start))
        # The text is one valid JSON value: it spans all but the surrounding whitespace.
        return self.span(start, len(self.text.rstrip(_JSON_WHITESPACE)))

    def key_span(self, pointer: str) -> Span | None:
        """Where the key of the object member at `pointer` is written, quotes included."""
        found = self._locate(pointer)
        return None if found is None or found[0] is None else self.span(*found[0])

    def opening_span(self, pointer: str) -> Span:
        """Just the `{` or `[` that opens the container at `pointer`."""
        start = self.position(self._nearest(pointer)[1])
        return Span(start, Position(start.line, start.column + 1))

    def line_text(self, line: int) -> str:
        """Line `line` (1-based) without its line ending; '' past the end."""
        if self._lines is None:
            self._lines = self.text.split("\n")  # a finding quotes several lines of its file
        lines = self._lines
        return lines[line - 1].removesuffix("\r") if 0 < line <= len(lines) else ""

    def duplicate_findings(self, file: str) -> list[Finding]:
        """One `json-duplicate-key` finding per repeated key, on the repeat."""
        findings = []
        for duplicate in self._offsets.duplicates:
            first = self.span(*duplicate.first)
            findings.append(
                Finding(
                    rule="json-duplicate-key",
                    severity=Severity.ERROR,
                    message=(
                        f"duplicate key {json.dumps(duplicate.key)}: it is already set on line "
                        f"{first.start.line}, and only the last value counts"
                    ),
                    file=file,
                    pointer=duplicate.pointer,
                    span=self.span(*duplicate.second),
                    related=(Related("first occurrence", duplicate.pointer, first),),
                )
            )
        return findings


def _finding(rule: str, message: str, file: str, span: Span = WHOLE_FILE) -> Finding:
    severity = Severity.WARNING if rule == "json-bom" else Severity.ERROR
    return Finding(rule=rule, severity=severity, message=message, file=file, span=span)


def _decode(data: bytes, file: str) -> tuple[str | None, list[Finding]]:
    """UTF-8 text of the file, or the encoding finding that stops it."""
    if len(data) >= 2 and 0 < data[0] < 0x80 and data[1] != 0:
        # The usual file: no byte-order mark (each starts with 0x00, 0xEF, 0xFE or 0xFF) and
        # no UTF-16 or UTF-32 (a zero among the first two bytes). Only UTF-8 itself to check.
        try:  # (not `contextlib.suppress`: its object costs more than decoding a payload)
            return data.decode("utf-8"), []
        except UnicodeDecodeError:
            pass  # located below
    findings: list[Finding] = []
    for bom, name in _BOMS:
        if data.startswith(bom):
            return None, [_finding("json-encoding", f"file is {name}; it must be UTF-8", file)]
    if data.startswith(_UTF8_BOM):
        findings.append(_finding("json-bom", "file starts with a UTF-8 byte-order mark", file))
        data = data[len(_UTF8_BOM) :]
    head = data[:4]
    if len(head) >= 2 and (head[0] == 0 or head[1] == 0):
        wide = "UTF-32" if len(head) == 4 and head[1:3] == b"\x00\x00" else "UTF-16"
        order = "big-endian" if head[0] == 0 else "little-endian"
        message = f"file looks like {wide} ({order}, no BOM); it must be UTF-8"
        return None, [*findings, _finding("json-encoding", message, file)]
    try:
        return data.decode("utf-8"), findings
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        bad = data[error.start : error.end].hex(" ")
        message = f"invalid UTF-8 (byte {bad}); the file must be UTF-8"
        return None, [*findings, _finding("json-encoding", message, file, Span.at(line, column))]


def _depth_exceeds(value: Any, limit: int) -> bool:
    """Whether `value` nests deeper than `limit` containers (iteratively: no recursion)."""
    level = [value]
    for _ in range(limit):
        level = [
            child
            for node in level
            if isinstance(node, dict | list)
            for child in (node.values() if isinstance(node, dict) else node)
            if isinstance(child, dict | list)
        ]
        if not level:
            return False
    return bool(level)


def _pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _Rejected("duplicate key")  # rare: the scanner finds where each one is
    return result


_HOOKED_SCAN: Final = json.JSONDecoder(
    object_pairs_hook=_pairs_hook,
    parse_constant=_reject_constant,
    parse_float=_parse_float,
    parse_int=_parse_int,
).scan_once  # type: ignore[attr-defined]  # set in JSONDecoder.__init__
"""The C scanner, built once (`json.loads` with hooks builds one per call), and called directly:
`JSONDecoder.decode` adds two Python calls and two regex matches per file. Its hooks, Python
calls for every object and number, refuse what the exact scanner must locate."""

_PLAIN_SCAN: Final = json.JSONDecoder(parse_constant=_reject_constant).scan_once  # type: ignore[attr-defined]
"""The C scanner with no hook but the one for NaN and Infinity (called only when one is written):
objects and numbers are built in C, and `_survey` checks them afterwards."""

_LONG_NUMBER: Final = 10**scanner.DOUBLE_DIGITS
"""An integer at least this large (309 digits or more) may overflow a double: the hooked
parse decides."""
_INFINITIES: Final = (float("inf"), float("-inf"))


def _whole_value(scan: Any, text: str) -> Any:
    """The one JSON value of `text`, read by the C scanner `scan`; raises where none starts
    (`StopIteration`) or more than whitespace follows it."""
    value, end = scan(text, _value_start(text))
    if end != len(text) and text[end:].strip(_JSON_WHITESPACE):
        raise _Rejected("extra data")
    return value


def _survey(node: dict[str, Any] | list[Any], depth: int, strings: list[str]) -> int | None:
    """The number of keys in the objects of `node` (a container at nesting level `depth`, the
    root's being 1), with its string values added to `strings`; None when a container nests
    deeper than `MAX_DEPTH` or a number may not fit a double (the hooked parse decides)."""
    keys = 0
    items: Iterable[Any] = node
    if type(node) is dict:
        keys = len(node)
        items = node.values()
    for item in items:  # one type test per value, strings first: they are most of a payload
        kind = type(item)
        if kind is str:
            strings.append(item)
        elif kind is dict or kind is list:
            inner = _survey(item, depth + 1, strings) if depth < MAX_DEPTH else None
            if inner is None:
                return None
            keys += inner
        elif kind is int:
            if not -_LONG_NUMBER < item < _LONG_NUMBER:
                return None
        elif kind is float and item in _INFINITIES:
            return None
    return keys


def _plain_parse(text: str) -> tuple[Any, list[str]] | None:
    """The value of a document without an escaped quote (`\\"`) or a surrogate escape, parsed
    without hooks, and its string values; None when it may hold a duplicate key, a number out of
    range or too deep a nesting (the hooked parse decides). Raises where the text is not one
    JSON value.

    Without an escaped quote every `"` in the text opens or closes a string (a quote written as
    `\\u0022` is no `"` of the text, and `\\\\"` only sends the text to the hooked parse): the
    text holds two for each key and each string value written. When it holds two for each key
    of the parsed objects and each string value in them, every key written is in an object: a
    repeated key is written twice but kept once (with the value of its last writing, so any key
    or string inside the values it overwrote is lost too)."""
    value = _whole_value(_PLAIN_SCAN, text)
    strings: list[str] = []
    kind = type(value)
    # a scalar root is checked as the one item of a list: the same checks as any value
    keys = _survey(value if kind is dict or kind is list else [value], 1, strings)
    if keys is None or text.count('"') != 2 * (keys + len(strings)):
        return None
    return value, strings


def _hooked_parse(text: str) -> Any:
    """The value of a clean document, parsed with the hooks; raises when the exact scanner must
    look (duplicate keys, NaN or an overflowing number, a lone surrogate, too deep, or a syntax
    error)."""
    value = _whole_value(_HOOKED_SCAN, text)
    if "\\" in text and _SURROGATE_ESCAPE.search(text):  # one backslash: found by memchr
        raise _Rejected("surrogate escape")
    if text.count("[") + text.count("{") > MAX_DEPTH and _depth_exceeds(value, MAX_DEPTH):
        raise _Rejected("depth")
    return value


def _fast_parse(text: str) -> tuple[Any, list[str] | None]:
    """The value of a clean document, and its string values when they were listed on the way;
    raises when the exact scanner must look (see `_hooked_parse`). A text without an escaped
    quote (the usual payload, escapes such as `\\u00e9` or `\\n` included) and without a
    surrogate escape is parsed without hooks, then surveyed in one walk (`_plain_parse`)."""
    if "\\" not in text or ('\\"' not in text and not _SURROGATE_ESCAPE.search(text)):
        plain = _plain_parse(text)
        if plain is not None:
            return plain
    return _hooked_parse(text), None


def load(data: bytes, file: str) -> tuple[Document | None, list[Finding]]:
    """Parse payload bytes. Never raises: problems are findings; the document is None when the
    bytes cannot be read as one JSON value."""
    text, findings = _decode(data, file)
    if text is None:
        return None, findings
    try:
        value, strings = _fast_parse(text)
        return Document(value, text, strings=strings), findings
    except (ValueError, RecursionError, StopIteration, _Rejected):
        pass  # located exactly below
    if not text.strip(_JSON_WHITESPACE):
        message = "file is empty" if not text else "file holds only whitespace"
        return None, [*findings, _finding("json-empty", message, file)]
    try:
        scan = scanner.scan(text, MAX_DEPTH)
    except scanner.ScanError as error:
        probe = Document(None, text)
        span = probe.span(error.offset, min(error.offset + error.length, len(text)) or 1)
        if span.end == span.start:
            span = Span(span.start, Position(span.start.line, span.start.column + 1))
        return None, [*findings, _finding(error.rule, error.message, file, span)]
    # The scanner accepted what the fast path set aside (duplicate keys, valid surrogate pairs):
    # parse again without the hooks that made it step aside.
    try:
        value = json.loads(text)
    except (ValueError, RecursionError) as error:  # pragma: no cover - scanner and json disagree
        return None, [*findings, _finding("json-syntax", f"cannot parse: {error}", file)]
    document = Document(value, text, scan)
    return document, findings + document.duplicate_findings(file)


def oversize_finding(file: str, size_read: int) -> Finding | None:
    """The `file-too-large` finding when a reader got more than `MAX_BYTES` bytes."""
    if size_read <= MAX_BYTES:
        return None
    return _finding(
        "file-too-large",
        f"file is larger than the {MAX_BYTES // 1024} KiB limit for a payload",
        file,
    )
