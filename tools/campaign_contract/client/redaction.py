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


def _spellings(char: str) -> str:
    """A pattern for one character of the token as a server may echo it."""
    forms = [re.escape(char)]
    if char in '"\\/':
        forms.append(r"\\+" + re.escape(char))  # JSON's escapes, applied once or more
    if char == " ":
        forms.append(r"\+")  # form encoding
    units = char.encode("utf-16-be")
    json_escape = "".join(
        r"\\+u" + f"{units[i]:02x}{units[i + 1]:02x}" for i in range(0, len(units), 2)
    )
    forms.append(f"(?i:{json_escape})")
    percent = "".join(f"%(?:25)*{byte:02x}" for byte in char.encode())
    forms.append(f"(?i:{percent})")
    return "(?:" + "|".join(forms) + ")"


class Redactor:
    """Masks one secret, in every spelling a server may echo it in."""

    def __init__(self, secret: str) -> None:
        assert secret, "an empty secret would match everywhere"
        self._pattern = re.compile("".join(_spellings(char) for char in secret))
        # The longest spelling: 12 characters a byte (`%25` twice-encoded bytes aside).
        self.longest = 12 * len(secret.encode())

    def __repr__(self) -> str:
        return "Redactor('***')"

    def redact(self, text: str) -> str:
        """`text` with every spelling of the secret replaced by `***`."""
        return self._pattern.sub(MASK, text)

    def excerpt(self, text: str, limit: int, *, complete: bool = True) -> str:
        """At most `limit` characters of `text`, masked first, whitespace runs made one space.

        `complete=False` says `text` is only the beginning of something longer: its last
        characters could start a spelling of the secret, so they are dropped before cutting.
        """
        masked = self.redact(text)
        if not complete:
            masked = masked[: max(0, len(masked) - self.longest)]
        return " ".join(masked.split())[:limit]
