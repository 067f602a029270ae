"""What the rules read and how they avoid reporting what the schema already reports.

`SourceDocument` is the part of `campaign_contract.source.Document` the rules use, as a
`Protocol`, so the rules depend on behaviour, not on the parser.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from campaign_contract.findings import Span


class SourceDocument(Protocol):
    """A parsed JSON file that can say where each value and member name is."""

    @property
    def value(self) -> Any:
        """The parsed JSON value (the last of duplicate keys wins)."""
        ...

    def value_span(self, pointer: str) -> Span:
        """The source text of the value at `pointer` (which must exist)."""
        ...

    def key_span(self, pointer: str) -> Span | None:
        """The member name (with its quotes) of the value at `pointer`; None for array items."""
        ...


@dataclass(frozen=True)
class RuleContext:
    """What the rules need to know beyond the file itself."""

    file: str
    now: datetime
    """The current time, timezone-aware; `send-datetime-past` compares against it."""
    campaign_id: str | None = None
    """The campaign the payload is meant for; `campaign-id-mismatch` needs it, else it is off."""

    def __post_init__(self) -> None:
        assert self.now.tzinfo is not None, "RuleContext.now must be timezone-aware"


def pointer(*tokens: str | int) -> str:
    """The RFC 6901 JSON Pointer made of `tokens` (`~` and `/` escaped)."""
    return "".join("/" + str(t).replace("~", "~0").replace("/", "~1") for t in tokens)


def as_json(value: Any) -> str:
    """`value` as compact one-line JSON, as messages show it."""
    return json.dumps(value, ensure_ascii=False)


def _tokens(json_pointer: str) -> list[str]:
    return json_pointer.split("/")[1:] if json_pointer else []


def same_place(a: str, b: str) -> bool:
    """True when pointer `a` equals `b`, lies inside it, or contains it.

    This is what "the same place" means when rules defer to the schema: a schema error at
    `/meta/planner_data` (say, a wrong type) makes every rule about `/meta/planner_data/...`
    moot, and a schema error at `/meta/planner_data/weekly_schedule/Mon/end` (a bad `HH:MM`)
    makes a rule about the whole `/meta/planner_data` object moot too. Pointers are compared
    token by token, so `/meta/a` is not inside `/meta/ab`.
    """
    ta, tb = _tokens(a), _tokens(b)
    shorter = min(len(ta), len(tb))
    return ta[:shorter] == tb[:shorter]


def overlaps_schema_error(pointers: Iterable[str], schema_error_pointers: frozenset[str]) -> bool:
    """True when any of `pointers` is at the same place as a schema error."""
    return any(same_place(p, e) for p in pointers for e in schema_error_pointers)
