"""Where a cursor is in a JSON text that may be half typed: inside which object, on a key or a
value, and which key.

Completion and hover run on text that does not parse yet (`{"meta": {"send_` is the usual
case), so this reads the text up to the cursor with a forgiving tokenizer instead of the strict
loader: strings, brackets, `:` and `,` are all it needs.
"""

import json
from typing import Literal, NamedTuple

Part = str | int
"""A step of a path: an object's key or an array's index."""


class Place(NamedTuple):
    """What the cursor is on."""

    container: tuple[Part, ...]
    """The path of the object or array that holds the cursor."""
    role: Literal["key", "value"]
    """A key of that object, or a value (of `key`, or an item of the array)."""
    key: str | None
    """The key typed or under the cursor (role "key"), or the key whose value it is."""
    in_string: bool
    """The cursor is inside quotes: completions insert no quotes of their own."""
    present: frozenset[str]
    """The keys the object already has before the cursor."""


class _Frame:
    def __init__(self, kind: str, step: Part | None) -> None:
        self.kind = kind  # "{" or "["
        self.step = step  # where this container sits in its parent
        self.key: str | None = None
        self.expect = "key" if kind == "{" else "value"
        self.index = 0
        self.keys: set[str] = set()


def _string_end(text: str, start: int) -> tuple[int, bool]:
    """Where the string opening at `start` ends, and whether a quote closes it: just past the
    closing quote, or, for a string left open, at its line's end (a JSON string never spans
    lines, so what follows is structure again)."""
    index = start + 1
    while index < len(text):
        character = text[index]
        if character == "\\" and text[index + 1 : index + 2] not in ("\n", "\r"):
            index += 2
            continue
        if character == '"':
            return index + 1, True
        if character in "\r\n":
            return index, False
        index += 1
    return len(text), False


def _unquote(raw: str) -> str:

    try:
        value = json.loads(f'"{raw}"')
    except ValueError:
        return raw
    return value if isinstance(value, str) else raw


def place_at(text: str, offset: int) -> Place | None:
    """The place of the cursor at character `offset` of `text`, or None outside any object or
    array (before the first bracket, after the last)."""
    stack: list[_Frame] = []
    index = 0
    while index < offset:
        character = text[index]
        if character == '"':
            end, closed = _string_end(text, index)
            content_end = end - 1 if closed else end
            if end > offset or (end == offset and not closed):
                return _inside_string(stack, _unquote(text[index + 1 : content_end]))
            _string_token(stack, _unquote(text[index + 1 : content_end]))
            index = end
            continue
        if not _structure(stack, character):
            return None
        index += 1
    if not stack:
        return None
    return _place(stack, in_string=False, typed=None)


def _structure(stack: list[_Frame], character: str) -> bool:
    """Follow one character outside strings; False when it closes the outermost container."""
    frame = stack[-1] if stack else None
    if character in "{[":
        stack.append(_Frame(character, _step_for_child(stack)))
    elif character in "}]":
        if stack:
            stack.pop()
        if not stack:
            return False
        stack[-1].expect = "comma"
    elif frame is None:
        return True
    elif character == ":":
        frame.expect = "value"
    elif character == ",":
        if frame.kind == "{":
            frame.expect, frame.key = "key", None
        else:
            frame.index += 1
            frame.expect = "value"
    elif not character.isspace() and frame.expect == "value":
        frame.expect = "comma"  # a number or literal (the rest of it changes nothing)
    return True


def _step_for_child(stack: list[_Frame]) -> Part | None:
    if not stack:
        return None
    frame = stack[-1]
    return frame.key if frame.kind == "{" else frame.index


def _string_token(stack: list[_Frame], value: str) -> None:
    if not stack:
        return
    frame = stack[-1]
    if frame.kind == "{" and frame.expect == "key":
        frame.key, frame.expect = value, "colon"
        frame.keys.add(value)
    else:
        frame.expect = "comma"


def _inside_string(stack: list[_Frame], typed: str) -> Place | None:
    if not stack:
        return None
    return _place(stack, in_string=True, typed=typed)


def _place(stack: list[_Frame], in_string: bool, typed: str | None) -> Place:
    frame = stack[-1]
    container = tuple(f.step for f in stack[1:] if f.step is not None)
    if frame.kind == "{" and frame.expect in ("key", "comma"):
        return Place(container, "key", typed, in_string, frozenset(frame.keys))
    key = frame.key if frame.kind == "{" else None
    return Place(container, "value", key, in_string, frozenset(frame.keys))
