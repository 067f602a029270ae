"""Specification of hover text and completions from the request schema."""

from __future__ import annotations

from campaign_contract.lsp.cursor import Place
from campaign_contract.lsp.fields import FieldHelp

HELP = FieldHelp()


def test_hover_says_what_the_field_reference_says() -> None:
    """Type, default, constraints and description, as generated/fields.md words them."""
    text = HELP.hover(Place(("meta", "manual_data"), "key", "send_amount", False, frozenset()))
    assert text is not None
    assert text.startswith("**meta.manual_data.send_amount**: integer")
    assert "≥ 1" in text or "≥ 0" in text


def test_hover_on_an_unknown_key_says_nothing() -> None:
    """A misspelt key has no schema: its diagnostic speaks instead."""
    assert HELP.hover(Place(("meta",), "key", "send_tipe", False, frozenset())) is None


def test_fields_of_a_reused_object_are_found_where_the_reference_points_elsewhere() -> None:
    """Each weekday of the weekly schedule has `start`, though fields.md lists it once."""
    text = HELP.hover(
        Place(
            ("meta", "planner_data", "weekly_schedule", "Mon"), "key", "start", False, frozenset()
        )
    )
    assert text is not None
    assert "start" in text


def test_key_completion_puts_required_keys_first_and_leaves_out_present_ones() -> None:
    """At the top: name and meta (required), then the editors' $schema, id and status in the
    schema's order; present keys left out."""
    items = HELP.completions(Place((), "key", None, False, frozenset({"id"})))
    ordered = [item.label for item in sorted(items, key=lambda item: item.sort_text or "")]
    assert ordered == ["name", "meta", "$schema", "status"]
    assert next(item for item in items if item.label == "name").insert_text == '"name": '


def test_value_completion_offers_enum_values_and_literals() -> None:
    """`send_type` completes to its enum; a nullable boolean to true, false and null."""
    send_type = HELP.completions(Place(("meta",), "value", "send_type", True, frozenset()))
    assert [item.label for item in send_type] == ["manual", "multistep", "planner"]
    flag = HELP.completions(Place(("meta",), "value", "use_dedicated_domains", False, frozenset()))
    assert {"true", "false"} <= {item.label for item in flag}


def test_an_item_of_an_array_completes_to_the_items_enum_values() -> None:
    """Typing an item of `days_of_week` offers the weekdays, quoted outside a string."""
    days = ("meta", "planner_data", "days_of_week")
    quoted = HELP.completions(Place(days, "value", None, False, frozenset()))
    assert [item.label for item in quoted] == [
        f'"{day}"' for day in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    ]
    typed = HELP.completions(Place(days, "value", None, True, frozenset()))
    assert [item.label for item in typed][:2] == ["Mon", "Tue"]


def test_hover_on_an_item_of_an_array_documents_the_array_field() -> None:
    """An item of `segment_ids` has no key: the hover is the field `meta.segment_ids`."""
    text = HELP.hover(Place(("meta", "segment_ids"), "value", None, True, frozenset()))
    assert text is not None
    assert text.startswith("**meta.segment_ids**: array of string (uuid)")
