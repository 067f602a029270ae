"""Specification of where a cursor is in half-typed JSON."""

from __future__ import annotations

import pytest
from campaign_contract.lsp.cursor import Place, place_at


def at_end(text: str) -> Place | None:
    return place_at(text, len(text))


def test_a_key_being_typed_names_its_object_and_the_text_so_far() -> None:
    """`{"meta": {"send_` is a key of `meta`, typed inside quotes."""
    assert at_end('{"name": "x", "meta": {"send_') == Place(
        ("meta",), "key", "send_", True, frozenset()
    )


def test_a_value_being_typed_names_its_key() -> None:
    """After `"send_type": "man` the cursor is on send_type's value."""
    place = at_end('{"meta": {"send_type": "man')
    assert place == Place(("meta",), "value", "send_type", True, frozenset({"send_type"}))


def test_after_a_comma_the_next_key_is_expected_and_present_keys_are_known() -> None:
    """The keys already written are reported, so completion can leave them out."""
    place = at_end('{"meta": {"send_type": "manual", ')
    assert place == Place(("meta",), "key", None, False, frozenset({"send_type"}))


def test_array_items_are_addressed_by_index() -> None:
    """The second item of `segment_ids` is at index 1."""
    place = at_end('{"meta": {"segment_ids": ["a", ')
    assert place is not None
    assert (place.container, place.role) == (("meta", "segment_ids"), "value")


def test_a_key_under_the_cursor_is_read_whole() -> None:
    """Hovering the middle of `"name"` gives the whole key."""
    text = '{"name": "abc"}'
    place = place_at(text, 4)
    assert place is not None
    assert (place.role, place.key) == ("key", "name")


def test_escapes_and_nested_brackets_inside_strings_do_not_confuse_it() -> None:
    """Brackets, colons and escaped quotes inside strings are text, not structure."""
    place = at_end('{"name": "a {[\\": ,", "meta": {"')
    assert place is not None
    assert (place.container, place.role) == (("meta",), "key")


@pytest.mark.parametrize("text", ["", "  ", '{"a": 1} '])
def test_outside_any_container_there_is_no_place(text: str) -> None:
    """Before the first bracket and after the last, nothing completes."""
    assert at_end(text) is None


def test_a_string_left_open_ends_at_its_line_so_the_next_lines_are_structure() -> None:
    """`"name": "Spring` left unclosed does not swallow the lines after it: on the next line
    the cursor is on a key of `meta`, and on the open string's own line still inside it."""
    text = '{"name": "Spring\n, "meta": {"send_'
    assert at_end(text) == Place(("meta",), "key", "send_", True, frozenset())
    assert place_at(text, text.index("\n")) == Place((), "value", "name", True, frozenset({"name"}))
