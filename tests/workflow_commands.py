"""How a GitHub Actions runner reads workflow commands: the inverse of the reporter's escaping."""

from __future__ import annotations

import re

_DATA: dict[str, str] = {"%25": "%", "%0D": "\r", "%0A": "\n"}
_PROPERTY: dict[str, str] = {**_DATA, "%3A": ":", "%2C": ","}


def _decode(text: str, table: dict[str, str]) -> str:
    return re.sub("|".join(table), lambda match: table[match.group()], text)


def unescape_data(text: str) -> str:
    """A command's message as the runner shows it."""
    return _decode(text, _DATA)


def unescape_property(text: str) -> str:
    """A command property's value as the runner reads it."""
    return _decode(text, _PROPERTY)
