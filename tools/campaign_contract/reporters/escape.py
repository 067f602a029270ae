"""Making text from a payload safe to print: no raw control characters ever reach a terminal.

File names and JSON values come from the user's input and may hold escape sequences, carriage
returns or bidirectional overrides; every reporter passes them through `printable` (text) or
`safe_json` (JSON) first.

A file name that is not UTF-8 reaches Python with each undecodable byte as a lone surrogate
(U+DC80..U+DCFF, "surrogateescape"), which no UTF-8 output can hold. Every format writes such a
byte as the four characters `\\xNN` (the byte in hex), the way control characters are written,
and any other lone surrogate as `\\uNNNN`: in text as those characters, in JSON as a string that
decodes to them. Output is therefore always valid UTF-8.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from typing import Final

_CONTROLS: Final = r"\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff\ud800-\udfff"
"""C1 controls, direction marks, overrides and isolates, the BOM, and lone surrogates."""


# Compiled when first needed: each pattern costs as much as a whole clean file to compile, and
# the usual text (ASCII, printable) never needs one.
@functools.cache
def _unsafe() -> re.Pattern[str]:
    return re.compile(f"[\\x00-\\x1f{_CONTROLS}]")


@functools.cache
def _unsafe_but_newline() -> re.Pattern[str]:
    return re.compile(f"[\\x00-\\x09\\x0b-\\x1f{_CONTROLS}]")


@functools.cache
def _unsafe_in_json() -> re.Pattern[str]:
    return re.compile(f"[{_CONTROLS}]")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, as os.fsdecode keeps it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` with control and direction-changing characters written as `\\xNN`/`\\uNNNN`, and
    each byte of an undecodable file name as `\\xNN`."""
    if text.isascii() and text.isprintable():
        return text
    return _unsafe().sub(_escaped, text)


def printable_lines(text: str) -> str:
    """`printable`, except that line feeds stay (for formats that escape them on their own)."""
    if text.isascii() and text.isprintable():
        return text
    return _unsafe_but_newline().sub(_escaped, text)


json_string: Callable[[str], str] = json.encoder.encode_basestring
"""A string as JSON text, as `json.dumps(text, ensure_ascii=False)` writes it (the C encoder it
uses, without building an encoder per call): for the formats that write their JSON as text, a
member at a time. Pass the result through `safe_json`."""


def safe_json(text: str) -> str:
    """Serialised JSON with the characters `json.dumps` leaves raw written as `\\uNNNN` escapes,
    and lone surrogates as strings that decode to what `printable` writes for them.

    `json.dumps` already escapes U+0000..U+001F; the rest of `printable`'s set can only occur
    inside JSON strings, where a `\\u` escape means the same character. A lone surrogate has no
    UTF-8 form at all, so it becomes the text `\\xNN` (a backslash, escaped for JSON).
    """
    if text.isascii():  # json.dumps escaped every ASCII control character
        return text
    return _unsafe_in_json().sub(_json_escaped, text)


def _json_escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xD800 <= code <= 0xDFFF:
        return "\\" + _escaped(match)
    return f"\\u{code:04x}"
