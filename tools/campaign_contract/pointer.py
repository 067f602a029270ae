"""JSON Pointers (RFC 6901): the one place that escapes, joins, splits and resolves them.

Every finding, rule, witness and fault names its place in a document with a pointer such as
`/meta/manual_data/send_amount`; `~` and `/` inside a key are written `~0` and `~1`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any


def escape_token(token: str | int) -> str:
    """One reference token as written in a pointer: `~` -> `~0`, `/` -> `~1`."""
    text = token if type(token) is str else str(token)
    if "~" in text or "/" in text:  # rare in a key: most tokens are written as they are
        return text.replace("~", "~0").replace("/", "~1")
    return text


def unescape_token(token: str) -> str:
    """The key a reference token names: `~1` -> `/`, `~0` -> `~` (in that order)."""
    if "~" not in token:  # the usual key: nothing escaped
        return token
    return token.replace("~1", "/").replace("~0", "~")


def from_path(path: Iterable[str | int]) -> str:
    """The pointer of a path of keys and array indices, e.g. `("meta", 0)` -> `/meta/0`."""
    pointer = ""
    for step in path:  # a loop, not a join of a generator: a finding makes one or more
        pointer += "/" + escape_token(step)
    return pointer


def pointer_to(*path: str | int) -> str:
    """`from_path(path)`, with the steps as arguments: `pointer_to("meta", "send_type")`."""
    return from_path(path)


def split(pointer: str) -> list[str]:
    """The keys (unescaped reference tokens) of `pointer`; none for the root, `""`."""
    return [unescape_token(token) for token in pointer.split("/")[1:]] if pointer else []


def resolve_pointer(document: Any, pointer: str) -> Any:
    """The value at `pointer` in `document`, or None when nothing is there."""
    if pointer == "":
        return document
    if not pointer.startswith("/"):
        return None
    node = document
    for token in split(pointer):
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return None
    return node


Path = tuple[str | int, ...]
"""The keys and array indices from the root to a value."""


def leaves(value: Any, path: Path = ()) -> Iterator[tuple[Path, Any]]:
    """Every value in `value` that is neither an object nor an array, with its path, in
    document order: `{"a": [1]}` -> `(("a", 0), 1)`."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from leaves(item, (*path, index))
    else:
        yield path, value
