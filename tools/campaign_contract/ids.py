"""Campaign ids: what a campaign id is, checked in one place for the client, the mock and the rules.

A campaign id is a UUID written in its canonical text form: 32 hexadecimal digits (0-9, a-f)
grouped 8-4-4-4-12 by hyphens, nothing around it. Braces, a `urn:uuid:` prefix, missing or extra
hyphens, whitespace and other scripts' digits are not campaign ids, although Python's
`uuid.UUID()` accepts several of them.

Letter case: UUIDs are case-insensitive (RFC 9562), so `3C90C3CC-...` and `3c90c3cc-...` name
the same campaign. `canonical_campaign_id` returns the lower-case form, which is what the client
sends in the path and what the mock stores and answers with; comparisons go through it.
"""

from __future__ import annotations

import re
from typing import Final

_UUID: Final = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
"""Compiled by `re` on first use, and kept in its cache: most linter runs check no id."""
EXAMPLE: Final = "3c90c3cc-0d44-4b50-8888-8dd25736052a"


def canonical_campaign_id(text: str) -> str | None:
    """The lower-case canonical form of a campaign id, or None when `text` is not one."""
    if not isinstance(text, str) or re.fullmatch(_UUID, text, re.ASCII) is None:
        return None
    return text.lower()


def is_campaign_id(text: str) -> bool:
    """Whether `text` is a campaign id in canonical form (either letter case)."""
    return canonical_campaign_id(text) is not None


def same_campaign(first: str, second: str) -> bool:
    """Whether two ids name the same campaign: equal once canonical (case aside)."""
    return first.lower() == second.lower()
