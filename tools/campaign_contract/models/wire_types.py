"""Types the generated models use where pydantic has no exact twin of a JSON Schema type.

JSON Schema's `integer` is any number with a zero fractional part: `200`, but also `200.0`,
`2e2` and `-0.0`, which Laravel's `integer` rule accepts too. pydantic's `StrictInt` refuses the
floats, and `multiple_of=1` lets `1e9 + 0.5` through (it compares with a tolerance), so the
models' integers are `JsonInteger`: an int, or a float that is a whole number, kept as sent.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, StrictFloat, StrictInt

__all__ = ["JsonInteger"]


def _whole(number: int | float) -> int | float:
    if isinstance(number, float) and not number.is_integer():
        raise ValueError("Input should be a valid integer (a number without a fraction)")
    return number


JsonInteger = Annotated[StrictInt | StrictFloat, AfterValidator(_whole)]
"""JSON Schema's `integer`: an int, or a whole-number float (kept a float: `200.0` round-trips)."""
