"""The fast path: what the usual clean payload looks like to the rules, read once.

Most files in a run are clean, and running every rule on them costs more than parsing and
validating them. `usual` reads the few members the rules look at, once; each registered check
(see `CHECKS` in this package) comes with a guard that answers, from that reading, whether the
check can report anything at all. When every guard says no, no rule runs. A guard may answer
False for a clean payload (the rules then find nothing), never True where its check would fire:
the test suite checks that on generated and boundary payloads one edit away from clean ones.
"""

from typing import Any, Final, NamedTuple

from campaign_contract.lint.rules.base import SEND_TYPES, RuleContext


class Usual(NamedTuple):
    """A payload of the usual shape, as the guards read it."""

    value: dict[str, Any]
    """The whole payload."""
    meta: dict[str, Any]
    send_type: str
    """One of the known send types."""
    data: dict[str, Any]
    """The data object `send_type` selects; the other two are absent or null."""
    settings: dict[str, Any] | None
    """Where the selected send type keeps `send_datetime` and `min_ctr`, when an object."""
    active: bool
    """`status` is a string other than "draft"."""
    context: RuleContext


_DATA_KEYS: Final = {
    send_type: (
        f"{send_type}_data",
        *(f"{other}_data" for other in SEND_TYPES if other != send_type),
    )
    for send_type in SEND_TYPES
}
"""Send type -> the key of its data object, then the keys of the others'."""
_new: Final = tuple.__new__
"""Builds a `Usual` in C; its class's own `__new__` is a Python function (once per file)."""


def usual(value: Any, context: RuleContext) -> Usual | None:
    """`value` as the guards read it, or None when it is not of the usual shape (an object
    whose `meta` is an object with a known `send_type`, the data object it selects, and no
    other data object): then every rule runs."""
    meta = value.get("meta") if isinstance(value, dict) else None
    if not isinstance(meta, dict):
        return None
    send_type = meta.get("send_type")
    if not isinstance(send_type, str) or send_type not in _DATA_KEYS:
        return None
    keys = _DATA_KEYS[send_type]
    selected, other, another = keys
    data = meta.get(selected)
    if not isinstance(data, dict) or meta.get(other) is not None or meta.get(another) is not None:
        return None
    settings = data.get("multistep_data") if send_type == "planner" else data
    status = value.get("status")
    fields = (
        value,
        meta,
        send_type,
        data,
        settings if isinstance(settings, dict) else None,
        isinstance(status, str) and status != "draft",
        context,
    )
    return _new(Usual, fields)
