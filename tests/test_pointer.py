"""JSON Pointers and the walk over a document's leaves."""

from __future__ import annotations

from typing import Any

from campaign_contract.pointer import from_path, leaves, resolve_pointer, split
from hypothesis import given
from hypothesis import strategies as st

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=3),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=3), children, max_size=3)
    ),
    max_leaves=12,
)


def test_leaves_are_the_scalars_with_their_paths_in_document_order() -> None:
    document = {"a": [1, {"b/c": None}], "d": "x", "e": {}, "f": []}
    assert list(leaves(document)) == [(("a", 0), 1), (("a", 1, "b/c"), None), (("d",), "x")]


def test_a_scalar_document_is_its_own_only_leaf() -> None:
    assert list(leaves("text")) == [((), "text")]


@given(JSON)
def test_every_leaf_is_found_again_at_its_pointer(document: Any) -> None:
    for path, value in leaves(document):
        pointer = from_path(path)
        assert resolve_pointer(document, pointer) == value
        assert split(pointer) == [str(step) for step in path]
