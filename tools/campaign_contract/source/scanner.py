"""A strict, iterative JSON scanner that records where every key and value sits.

It is the slow, exact half of `source.py`: it runs only when a position is needed (a file has
findings) or when the fast C parser refused a file and the exact place and reason must be found.
It follows RFC 8259 to the letter, never recurses (nesting costs a list entry, not a stack
frame) and stops at the first fatal problem.
"""

import json
import re
import sys
from collections.abc import Iterator
from typing import Any, Final, NamedTuple

from campaign_contract.pointer import escape_token

WHITESPACE = re.compile(r"[ \t\n\r]*")
STRING = re.compile(r'"(?:[^"\\\x00-\x1f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"')
NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?")
ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|.)")
LITERALS = {"true": True, "false": False, "null": None}
NON_FINITE = ("NaN", "-Infinity", "Infinity")


class ScanError(Exception):
    """A fatal problem at a character offset."""

    def __init__(self, rule: str, message: str, offset: int, length: int = 1) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message
        self.offset = offset
        self.length = length


class DuplicateKey(NamedTuple):
    """A key seen twice in one object: offsets of both key tokens (start, end)."""

    pointer: str
    key: str
    first: tuple[int, int]
    second: tuple[int, int]


class ScanResult(NamedTuple):
    """What a full scan found that the fast parser cannot tell: where keys repeat."""

    duplicates: list[DuplicateKey]


def show(text: str) -> str:
    """A character or token quoted for a message, control characters escaped."""
    if len(text) == 1 and not text.isprintable():
        return f"U+{ord(text):04X}"

    return json.dumps(text, ensure_ascii=False)


def _comment_error(text: str, pos: int) -> ScanError | None:
    """A `//` or `/* */` comment at `pos` named as one (JSON has none), or None."""
    if not text.startswith(("//", "/*"), pos):
        return None
    line_end = len(text)
    for newline in "\n\r":
        found = text.find(newline, pos)
        if found >= 0:
            line_end = min(line_end, found)
    closing = text.find("*/", pos + 2, line_end) if text[pos + 1] == "*" else -1
    end = closing + 2 if closing >= 0 else line_end
    kind = "//" if text[pos + 1] == "/" else "/* */"
    return ScanError(
        "json-syntax",
        f"a {kind} comment: JSON has no comments; delete it and keep notes outside the payload",
        pos,
        end - pos,
    )


def _trailing_comma(text: str, closer_at: int) -> ScanError:
    """The comma before the `}` or `]` at `closer_at`, which JSON does not allow."""
    comma = len(text[:closer_at].rstrip(" \t\n\r")) - 1
    last = "member" if text[closer_at] == "}" else "item"
    return ScanError(
        "json-syntax",
        f"trailing comma before {show(text[closer_at])}: JSON allows no comma after the last "
        f"{last}; delete it",
        comma,
    )


def _decode_string(text: str, start: int, end: int) -> str:
    """The value of the string token text[start:end]; lone surrogate escapes are fatal."""
    body = text[start + 1 : end - 1]
    if "\\" not in body:
        return body
    pending_high: int | None = None
    for match in ESCAPE.finditer(body):
        code = match.group(1)
        if code is None:
            continue
        unit = int(code, 16)
        offset = start + 1 + match.start()
        if 0xD800 <= unit <= 0xDBFF:
            if pending_high is not None:
                raise ScanError(
                    "json-encoding",
                    "lone surrogate escape (high half without low)",
                    pending_high,
                    6,
                )
            pending_high = offset
            following = body[match.end() : match.end() + 2]
            if following != "\\u":
                raise ScanError(
                    "json-encoding", "lone surrogate escape (high half without low)", offset, 6
                )
        elif 0xDC00 <= unit <= 0xDFFF:
            if pending_high is None:
                raise ScanError(
                    "json-encoding", "lone surrogate escape (low half without high)", offset, 6
                )
            pending_high = None
        elif pending_high is not None:
            raise ScanError(
                "json-encoding", "lone surrogate escape (high half without low)", pending_high, 6
            )
    if pending_high is not None:
        raise ScanError(
            "json-encoding", "lone surrogate escape (high half without low)", pending_high, 6
        )

    decoded: str = json.loads(text[start:end])
    return decoded


def _string_error(text: str, start: int) -> ScanError:
    """Why the string starting at `start` is not a valid token."""
    index = start + 1
    while index < len(text):
        char = text[index]
        if char == '"':
            break
        if char == "\\":
            escape = text[index : index + 6]
            if len(escape) < 2 or (escape[1] not in '"\\/bfnrtu'):
                shown = show(escape[:2])
                return ScanError("json-syntax", f"invalid escape {shown} in string", index, 2)
            if escape[1] == "u" and not re.fullmatch(r"\\u[0-9a-fA-F]{4}", escape):
                return ScanError(
                    "json-syntax",
                    "invalid \\u escape: expected four hex digits",
                    index,
                    len(escape),
                )
            index += 6 if escape[1] == "u" else 2
            continue
        if ord(char) < 0x20:
            return ScanError(
                "json-syntax", f"control character {show(char)} in string must be escaped", index
            )
        index += 1
    return ScanError(
        "json-syntax", "unterminated string", start, max(1, min(index, len(text)) - start)
    )


class _Frame:
    __slots__ = ("container", "count", "key", "pointer", "seen")

    def __init__(self, container: str, pointer: str) -> None:
        self.container = container  # "{" or "["
        self.pointer = pointer
        self.count = 0
        self.key: str | None = None
        self.seen: dict[str, tuple[int, int]] = {}


DOUBLE_DIGITS: Final = 308
"""Every integer of this many digits or fewer fits a double; a longer one may be read as
infinity (PHP's `json_decode` reads integers beyond 64 bits as doubles), like `1e999`."""


def scan(text: str, max_depth: int) -> ScanResult:  # noqa: PLR0912, PLR0915  # one state machine reads best as one loop
    """Scan the whole text; raises ScanError at the first fatal problem."""
    result = ScanResult([])
    stack: list[_Frame] = []
    max_digits = sys.get_int_max_str_digits()
    pos = WHITESPACE.match(text, 0).end()  # type: ignore[union-attr]
    length = len(text)

    def child_pointer() -> str:
        if not stack:
            return ""
        frame = stack[-1]
        step = frame.key if frame.container == "{" else str(frame.count)
        return f"{frame.pointer}/{escape_token(step)}"  # type: ignore[arg-type]

    def expected_value(at: int) -> ScanError:
        if at >= length:
            return ScanError("json-syntax", "unexpected end of file: expected a value", at)
        for literal in NON_FINITE:
            if text.startswith(literal, at):
                return ScanError(
                    "json-non-finite",
                    f"{literal} is not valid JSON (use null or a number)",
                    at,
                    len(literal),
                )
        comment = _comment_error(text, at)
        if comment is not None:
            return comment
        char = text[at]
        word = re.compile(r"[A-Za-z_][A-Za-z0-9_]*").match(text, at)
        if word:
            found = word.group(0)
            spelling = {"True": "true", "False": "false", "None": "null"}.get(found)
            hint = f" (JSON spells it {spelling})" if spelling else " (strings need double quotes)"
            return ScanError(
                "json-syntax",
                f"unexpected word {show(found)}: expected a value{hint}",
                at,
                len(found),
            )
        if char == "'":
            return ScanError("json-syntax", "strings must use double quotes, not single quotes", at)
        return ScanError("json-syntax", f"unexpected character {show(char)}: expected a value", at)

    while True:
        # --- parse one value at pos
        if pos >= length:
            raise expected_value(pos)
        char = text[pos]
        pointer = child_pointer()
        if char in "{[":
            if len(stack) >= max_depth:
                raise ScanError("json-too-deep", f"nesting deeper than {max_depth} levels", pos)
            stack.append(_Frame(char, pointer))
            pos = WHITESPACE.match(text, pos + 1).end()  # type: ignore[union-attr]
            closer = "}" if char == "{" else "]"
            if pos < length and text[pos] == closer:
                frame = stack.pop()
                end = pos + 1
            elif char == "{":
                pos = _read_key(text, pos, stack[-1], result)
                continue
            else:
                continue
        elif char == '"':
            match = STRING.match(text, pos)
            if match is None:
                raise _string_error(text, pos)
            end = match.end()
            _decode_string(text, pos, end)
        elif char == "-" or char.isdigit():
            if text.startswith("-Infinity", pos):
                raise expected_value(pos)
            match = NUMBER.match(text, pos)
            if match is None:
                raise ScanError("json-syntax", "invalid number: a digit must follow '-'", pos)
            end = match.end()
            if end < length and (text[end].isdigit() and text[pos:end] in ("0", "-0")):
                raise ScanError(
                    "json-syntax",
                    "invalid number: leading zeros are not allowed",
                    pos,
                    end - pos + 1,
                )
            token = text[pos:end]
            integer = match.group(1) is None and match.group(2) is None
            digits = len(token.lstrip("-")) if integer else 0
            if max_digits and digits > max_digits:
                raise ScanError(
                    "json-number-too-long",
                    f"integer of {digits} digits exceeds the {max_digits}-digit limit",
                    pos,
                    end - pos,
                )
            if (not integer or digits > DOUBLE_DIGITS) and float(token) in (
                float("inf"),
                float("-inf"),
            ):
                raise ScanError(
                    "json-number-range",
                    f"integer of {digits} digits is out of range (larger than any double)"
                    if integer
                    else f"number {show(token)} is out of range",
                    pos,
                    end - pos,
                )
        else:
            for literal in LITERALS:
                if text.startswith(literal, pos):
                    end = pos + len(literal)
                    if end < length and (text[end].isalnum() or text[end] == "_"):
                        raise expected_value(pos)
                    break
            else:
                raise expected_value(pos)
        # --- after a value: close containers / expect separators
        pos = WHITESPACE.match(text, end).end()  # type: ignore[union-attr]
        while True:
            comment = _comment_error(text, pos)
            if comment is not None:
                raise comment
            if not stack:
                if pos < length:
                    raise ScanError(
                        "json-syntax",
                        f"unexpected {show(text[pos])} after the end of the JSON value",
                        pos,
                    )
                return result
            frame = stack[-1]
            frame.count += 1
            closer = "}" if frame.container == "{" else "]"
            if pos < length and text[pos] == ",":
                pos = WHITESPACE.match(text, pos + 1).end()  # type: ignore[union-attr]
                if frame.container == "{":
                    pos = _read_key(text, pos, frame, result)
                elif pos < length and text[pos] == "]":
                    raise _trailing_comma(text, pos)
                break
            if pos < length and text[pos] == closer:
                stack.pop()
                pos = WHITESPACE.match(text, pos + 1).end()  # type: ignore[union-attr]
                continue
            what = "object member" if frame.container == "{" else "array item"
            if pos >= length:
                raise ScanError(
                    "json-syntax", f"unexpected end of file: expected ',' or {show(closer)}", pos
                )
            raise ScanError(
                "json-syntax",
                f"expected ',' or {show(closer)} after {what}, found {show(text[pos])}",
                pos,
            )


def _read_key(text: str, pos: int, frame: _Frame, result: ScanResult) -> int:
    """Read `"key" :` at pos (after `{` or `,`); returns the offset of the member's value."""
    if pos >= len(text):
        raise ScanError("json-syntax", "unexpected end of file: expected a key", pos)
    if text[pos] != '"':
        if text[pos] == "}":
            raise _trailing_comma(text, pos)
        comment = _comment_error(text, pos)
        if comment is not None:
            raise comment
        single = text[pos] == "'"
        hint = "keys need double quotes, not single ones" if single else "keys are strings"
        raise ScanError("json-syntax", f"expected a key, found {show(text[pos])} ({hint})", pos)
    match = STRING.match(text, pos)
    if match is None:
        raise _string_error(text, pos)
    end = match.end()
    key = _decode_string(text, pos, end)
    pointer = f"{frame.pointer}/{escape_token(key)}"
    first = frame.seen.get(key)
    if first is not None:
        result.duplicates.append(DuplicateKey(pointer, key, first, (pos, end)))
    else:
        frame.seen[key] = (pos, end)
    frame.key = key
    colon = WHITESPACE.match(text, end).end()  # type: ignore[union-attr]
    if colon >= len(text) or text[colon] != ":":
        found = "end of file" if colon >= len(text) else show(text[colon])
        raise ScanError("json-syntax", f"expected ':' after key {show(key)}, found {found}", colon)
    return WHITESPACE.match(text, colon + 1).end()  # type: ignore[union-attr]


_SKIP: Any = None


def _skipper() -> Any:
    """The C-accelerated `scan_once(text, index) -> (value, end)` of the stdlib json module."""
    global _SKIP  # noqa: PLW0603  # built on first use: most runs never look up a position
    if _SKIP is None:
        _SKIP = json.JSONDecoder().scan_once  # type: ignore[attr-defined]  # set in __init__
    return _SKIP


Place = tuple[tuple[int, int] | None, int]
"""Where a member is written: its key's offsets (None in an array and at the root), and where
its value starts."""


_KEY_TEXT = r'"([^"\\]*+(?:\\.[^"\\]*+)*+)"[ \t\n\r]*+:[ \t\n\r]*+'
"""A key (group 1, as written) up to where its value starts, in valid JSON. Written as runs of
plain characters between escapes: an alternation tried at every character matches half as fast.
The repeats are possessive (`*+`): none can give back a character the next part would match, so
the pattern matches the same text, but the engine keeps no backtracking state (a third faster)."""
_FIRST_KEY = re.compile(r"[ \t\n\r]*+" + _KEY_TEXT)
"""An object's first key up to its value; no match at the `}` of `{}`."""
_NEXT_KEY = re.compile(r"[ \t\n\r]*+,[ \t\n\r]*+" + _KEY_TEXT)
"""After a member's value: the comma and the next key up to its value; no match at the `}`."""
_NEXT_ITEM = re.compile(r"[ \t\n\r]*,[ \t\n\r]*")
"""After an item of an array: the comma up to the next item; no match at the `]`."""


def value_end(text: str, start: int) -> int:
    """Where the (already valid) JSON value that starts at `start` ends, skipped in C."""
    end: int = _skipper()(text, start)[1]
    return end


def members(text: str, start: int, places: dict[str, Place]) -> Iterator[str]:
    """The members of the (already valid) object or array that opens at `start`, in order: each
    one's pointer token, yielded once its place is set in `places` (stored here rather than
    yielded with it: a faulty corpus reads 13,000 members, and a tuple each to build and unpack
    is a good part of the step).

    Lazily: a member's value is skipped (by the C scanner) only when the next member is asked
    for, so finding an early member of a large container costs little. One pattern match per
    member reads the comma and the next key together (a file with findings reads dozens)."""
    skip = _skipper()
    if text[start] == "{":
        match = _FIRST_KEY.match(text, start + 1)
        if match is None:
            empty = WHITESPACE.match(text, start + 1).end()  # type: ignore[union-attr]
            assert text[empty] == "}", f"not a key at {empty}: members() needs valid JSON"
        while match is not None:
            key_start, key_end = match.span(1)
            raw = match.group(1)
            name = raw if "\\" not in raw else skip(text, key_start - 1)[0]
            value_start = match.end()
            places[name] = ((key_start - 1, key_end + 1), value_start)
            yield name
            match = _NEXT_KEY.match(text, skip(text, value_start)[1])
    elif text[start] == "[":
        pos = WHITESPACE.match(text, start + 1).end()  # type: ignore[union-attr]
        if text[pos] == "]":
            return
        index = 0
        while True:
            name = str(index)
            places[name] = (None, pos)
            yield name
            after = _NEXT_ITEM.match(text, skip(text, pos)[1])
            if after is None:
                return
            pos = after.end()
            index += 1
