"""What the server does with a body: defaults filled in, and Laravel's 422 error map."""

from __future__ import annotations

import json
from typing import Any

import pytest
from campaign_contract.mock.laravel import (
    BODY_KEY,
    dot_path,
    fill_defaults,
    laravel_errors,
    laravel_message,
)
from payloads import EXAMPLES


def _example(folder: str, name: str) -> Any:
    return json.loads((EXAMPLES / folder / name).read_text(encoding="utf-8"))


def test_defaults_are_filled_only_inside_objects_the_body_has() -> None:
    """A minimal body gains `status`, the `meta` defaults and those of its `manual_data` only."""
    expected = {
        "name": "Draft with defaults",
        "status": "draft",
        "meta": {
            "send_type": "manual",
            "segment_ids": [],
            "use_dedicated_domains": False,
            "manual_data": {"send_amount": 200, "throttle_batch_size": 0},
        },
    }
    assert expected == fill_defaults(_example("valid", "minimal.json"))


def test_defaults_reach_nested_planner_settings_and_leave_nulls_alone() -> None:
    """The planner's own `multistep_data` is filled; a null `manual_data` stays null."""
    body = {
        "name": "abc",
        "meta": {
            "send_type": "planner",
            "manual_data": None,
            "planner_data": {"multistep_data": {}},
        },
    }
    expected_planner = {
        "multistep_data": {"step_size": 200, "step_delay": 5},
        "weekly_sms_contact_limit": 5,
        "daily_sms_contact_limit": 1,
    }
    filled = fill_defaults(body)
    assert expected_planner == filled["meta"]["planner_data"]
    assert filled["meta"]["manual_data"] is None


def test_filling_defaults_never_changes_its_argument() -> None:
    """The body passed in is copied, not modified."""
    body = _example("valid", "minimal.json")
    fill_defaults(body)
    assert _example("valid", "minimal.json") == body


@pytest.mark.parametrize(
    ("example", "expected_keys"),
    [
        ("bad-enum.json", ["meta.send_type"]),
        ("missing-required.json", ["name"]),
        ("unknown-key.json", ["meta.priority"]),
        ("duplicate-segment.json", ["meta.segment_ids.1"]),
        ("wrong-type.json", ["meta.manual_data.send_amount"]),
        ("below-minimum.json", ["meta.manual_data.send_amount"]),
    ],
)
def test_errors_are_keyed_by_laravel_dot_paths(example: str, expected_keys: list[str]) -> None:
    """Each invalid example's one mistake is reported at the dot path of the field."""
    assert expected_keys == list(laravel_errors(_example("invalid", example)))


def test_a_body_that_is_not_an_object_is_read_as_no_input() -> None:
    """Laravel sees no fields in a JSON array, so both required fields are missing."""
    expected = {"name": ["The name field is required."], "meta": ["The meta field is required."]}
    assert expected == laravel_errors([1, 2])


def test_a_valid_body_has_no_errors() -> None:
    """The seed page's example passes."""
    expected: dict[str, list[str]] = {}
    assert expected == laravel_errors(_example("valid", "seed-page-example.json"))


def test_unrepresentable_keys_fall_back_to_their_parent_path() -> None:
    """Dot paths hold word characters only; an odd key is reported at its object."""
    expected = ["meta", BODY_KEY]
    assert expected == [dot_path(("meta", "bad key")), dot_path(("weird-key",))]


@pytest.mark.parametrize(
    ("errors", "expected"),
    [
        ({"name": ["A."]}, "A."),
        ({"name": ["A."], "meta": ["B."]}, "A. (and 1 more error)"),
        ({"name": ["A.", "B."], "meta": ["C."]}, "A. (and 2 more errors)"),
    ],
)
def test_the_message_is_the_first_error_and_a_count(
    errors: dict[str, list[str]], expected: str
) -> None:
    """Laravel's summary: the first message, then "(and N more error[s])"."""
    assert expected == laravel_message(errors)
