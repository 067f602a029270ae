"""Making text from a payload safe to print: no raw control characters ever reach a terminal.

File names and JSON values come from the user's input and may hold escape sequences, carriage
returns or bidirectional overrides; every reporter passes them through `printable` (text) or
`safe_json` (JSON) first.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]")
_UNSAFE_IN_JSON = re.compile(r"[\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` with control and direction-changing characters written as `\\xNN`/`\\uNNNN`."""
    return _UNSAFE.sub(_escaped, text)


def safe_json(text: str) -> str:
    """Serialised JSON with the characters `json.dumps` leaves raw written as `\\uNNNN` escapes.

    `json.dumps` already escapes U+0000..U+001F; the rest of `printable`'s set can only occur
    inside JSON strings, where a `\\u` escape means the same character.
    """
    return _UNSAFE_IN_JSON.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
