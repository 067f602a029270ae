"""What the rules read and produce, shared helpers, and how they defer to the schema.

`SourceDocument` is the part of `campaign_contract.source.Document` the rules use, as a
`Protocol`, so the rules depend on behaviour, not on the parser.
"""

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, Final, NamedTuple, Protocol

from campaign_contract.findings import Related, Span
from campaign_contract.pointer import pointer_to, split

SEND_TYPES: Final = ("manual", "multistep", "planner")
DAYS: Final = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


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


class RuleContext:
    """What the rules need to know beyond the file itself.

    Read-only by convention; a plain class and not a dataclass for the start-up time of every
    `validate-campaign` process (see `findings`)."""

    __slots__ = ("campaign_id", "file", "now")

    def __init__(self, file: str, now: datetime, campaign_id: str | None = None) -> None:
        if now.tzinfo is None:  # as on the command line: no offset means UTC
            now = now.replace(tzinfo=UTC)
        self.file: Final = file
        self.now: Final = now
        """The current time, timezone-aware (a naive one is read as UTC);
        `send-datetime-past` compares against it."""
        self.campaign_id: Final = campaign_id
        """The campaign the payload is meant for; `campaign-id-mismatch` needs it, else off."""

    def __repr__(self) -> str:
        return f"RuleContext({self.file!r}, {self.now!r}, {self.campaign_id!r})"


def as_json(value: Any) -> str:
    """`value` as compact one-line JSON, as messages show it."""
    return json.dumps(value, ensure_ascii=False)


def same_place(a: str, b: str) -> bool:
    """True when pointer `a` equals `b`, lies inside it, or contains it.

    This is what "the same place" means when rules defer to the schema: a schema error at
    `/meta/planner_data` (say, a wrong type) makes every rule about `/meta/planner_data/...`
    moot, and a schema error at `/meta/planner_data/weekly_schedule/Mon/end` (a bad `HH:MM`)
    makes a rule about the whole `/meta/planner_data` object moot too. Pointers are compared
    token by token, so `/meta/a` is not inside `/meta/ab`.
    """
    ta, tb = split(a), split(b)
    shorter = min(len(ta), len(tb))
    return ta[:shorter] == tb[:shorter]


def overlaps_schema_error(pointers: Iterable[str], schema_error_pointers: frozenset[str]) -> bool:
    """True when any of `pointers` is at the same place as a schema error."""
    return any(same_place(p, e) for p in pointers for e in schema_error_pointers)


class Candidate(NamedTuple):
    """A finding before severity, file and the schema-error filter are applied."""

    rule: str
    message: str
    pointer: str
    span: Span
    related: tuple[Related, ...] = ()
    hint: str | None = None
    depends: tuple[str, ...] = ()
    """Other pointers whose values the rule read; a schema error there silences it too."""


def member(node: Any, key: str) -> Any:
    """The member `key` of `node` if it is an object, else None."""
    return node.get(key) if isinstance(node, dict) else None


def is_int(value: Any) -> bool:
    """A JSON integer (booleans are not)."""
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: Any) -> bool:
    """A JSON number (booleans are not)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def key_or_value(doc: SourceDocument, at: str) -> Span:
    """The member name at `at`, or the value for an array item."""
    return doc.key_span(at) or doc.value_span(at)


def selected_send_type(doc: SourceDocument) -> str | None:
    """`meta.send_type` when it is one of the known send types."""
    send_type = member(member(doc.value, "meta"), "send_type")
    return send_type if send_type in SEND_TYPES else None


def send_type_related(doc: SourceDocument, send_type: str) -> Related:
    """A related location at `meta.send_type`."""
    at = pointer_to("meta", "send_type")
    return Related(f"send_type is {as_json(send_type)} here", at, doc.value_span(at))


def data_path(send_type: str) -> tuple[str, ...]:
    """Where the settings object of `send_type` keeps its multistep-style fields."""
    if send_type == "planner":
        return ("meta", "planner_data", "multistep_data")
    return ("meta", f"{send_type}_data")
