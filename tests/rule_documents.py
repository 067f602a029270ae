"""Documents for the rule tests: a JSON value plus where each value and key is.

Stand-in until `campaign_contract.source` lands: it places every value on its own line, in
document order, so each pointer has a distinct, predictable span.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from campaign_contract.findings import Span
from campaign_contract.rules.model import pointer


def _walk(node: Any, at: str) -> Iterator[tuple[str, bool]]:
    """(pointer, has a key) of `node` and everything inside it, in document order."""
    if isinstance(node, dict):
        for key, value in node.items():
            inner = at + pointer(key)
            yield inner, True
            yield from _walk(value, inner)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            inner = at + pointer(index)
            yield inner, False
            yield from _walk(value, inner)


@dataclass(frozen=True)
class Document:
    """A value whose pointers sit on lines 2, 3, ... (line 1 is the root)."""

    value: Any
    _lines: dict[str, tuple[int, bool]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._lines[""] = (1, False)
        for line, (at, keyed) in enumerate(_walk(self.value, ""), start=2):
            self._lines[at] = (line, keyed)

    def value_span(self, at: str) -> Span:
        line, _ = self._lines[at]
        return Span.at(line, 20, 4)

    def key_span(self, at: str) -> Span | None:
        line, keyed = self._lines[at]
        return Span.at(line, 3, len(at.rsplit("/", 1)[-1]) + 2) if keyed else None


def load(payload: Any) -> Document:
    """The document of `payload`."""
    return Document(payload)
