"""Masking the API token in everything the client lets out: messages, excerpts, error maps.

A server may echo the token it was sent, and not always as it was sent: Laravel's JSON escapes
`/` as `\\/`, other encoders write characters as `\\u00XX`, a URL or a form echoes it
percent-encoded, and a body may mix those forms or escape them twice. `Redactor` matches the
token with each of its characters in any of those spellings, so one pattern covers every form,
and `excerpt` masks before it cuts, so a token straddling the cut cannot leak its beginning.
"""

from __future__ import annotations

import re
from typing import Final

MASK: Final = "***"
MAX_ESCAPES: Final = 3
"""How many times over a spelling is recognised as escaped or percent-encoded.

Bounded on purpose: an unbounded `\\\\+` made the pattern quadratic, so a 1 MiB answer of
backslashes (within the size cap) held the client in `redact` for hours, past any deadline.
"""
_BACKSLASHES: Final = rf"\\{{1,{2**MAX_ESCAPES - 1}}}"  # JSON-escaping n times: 2**n - 1
_PERCENT_AGAIN: Final = f"(?:25){{0,{MAX_ESCAPES - 1}}}"  # `%` itself encoded again


def _spellings(char: str) -> str:
    """A pattern for one character of the token as a server may echo it."""
    forms = [re.escape(char)]
    if char in '"\\/':
        forms.append(_BACKSLASHES + re.escape(char))  # JSON's escapes, applied 1 to 3 times
    if char == " ":
        forms.append(r"\+")  # form encoding
    units = char.encode("utf-16-be")
    json_escape = "".join(
        _BACKSLASHES + "u" + f"{units[i]:02x}{units[i + 1]:02x}" for i in range(0, len(units), 2)
    )
    forms.append(f"(?i:{json_escape})")
    percent = "".join(f"%{_PERCENT_AGAIN}{byte:02x}" for byte in char.encode())
    forms.append(f"(?i:{percent})")
    return "(?:" + "|".join(forms) + ")"


class Redactor:
    """Masks one secret, in every spelling a server may echo it in."""

    def __init__(self, secret: str) -> None:
        assert secret, "an empty secret would match everywhere"
        self._pattern = re.compile("".join(_spellings(char) for char in secret))
        # The longest spelling: `\\` 7 times and `u00XX`, 12 characters a byte.
        self.longest = 12 * len(secret.encode())

    def __repr__(self) -> str:
        return "Redactor('***')"

    def redact(self, text: str) -> str:
        """`text` with every spelling of the secret replaced by `***`."""
        return self._pattern.sub(MASK, text)

    def excerpt(self, text: str, limit: int, *, complete: bool = True) -> str:
        """At most `limit` characters of `text`, masked first, whitespace runs made one space,
        control and format characters (terminal escapes, direction overrides) written `\\xNN`.

        `complete=False` says `text` is only the beginning of something longer: its last
        characters could start a spelling of the secret, so they are dropped before cutting.
        """
        masked = self.redact(text)
        if not complete:
            masked = masked[: max(0, len(masked) - self.longest)]
        return _visible(" ".join(masked.split()))[:limit]


def _visible(text: str) -> str:
    """`text` with every character that is not printable written as its Python escape."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else ascii(char)[1:-1] for char in text)
