"""A mutation generator for the agreement test, written apart from the Hypothesis strategies.

Each mutation takes a valid payload (the example files, or one the strategies drew) and makes
one body of bytes with one kind of change, named by its class. Data-level classes change the
decoded value and serialise it again; text-level classes change the text itself. Nothing here
knows the schema's verdict: the agreement test asks every part, and they must agree.
"""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Final

from payloads import EXAMPLES

BOM: Final = b"\xef\xbb\xbf"
CAMPAIGN: Final = "3c90c3cc-0d44-4b50-8888-8dd25736052a"


@dataclass(frozen=True)
class Mutant:
    """One mutated body: its class, a short description, and the bytes sent."""

    kind: str
    description: str
    body: bytes


def bases() -> list[dict[str, Any]]:
    """The valid example payloads, the generator's starting points."""
    return [
        json.loads(path.read_text(encoding="utf-8"))
        for path in sorted((EXAMPLES / "valid").glob("*.json"))
    ]


def _places(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Every (path, value) below the root, parents before children."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield (*path, key), item
            yield from _places(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield (*path, index), item
            yield from _places(item, (*path, index))


def _set(root: Any, path: tuple[Any, ...], value: Any) -> None:
    node = root
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value


def _dump(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode()


def _pick(rng: random.Random, payload: dict[str, Any], want: Callable[[Any], bool]) -> Any:
    places = [(path, value) for path, value in _places(payload) if want(value)]
    return rng.choice(places) if places else None


_NEW_KEYS: Final = ("priority", "nmae", "Name", "send-type", "", "meta ", "statuss", "id2")
_RETYPES: Final = (None, True, 0, -1, 1.5, "", "x", [], {}, "200", [1], {"a": 1})
_BOUNDARY: Final = (0, -1, 1, 2, -0.0, 0.0, 1.0, 0.5, 2**63 - 1, 2**63, -(2**63), 10**20, 1e308)
_INTEGRAL: Final = ("200.0", "2e2", "-0.0", "1.0", "1E0", "5.000", "0.0", "1e1", "3.0e0")
_ODD_UUIDS: Final = (
    CAMPAIGN + "}",
    "{" + CAMPAIGN + "}",
    CAMPAIGN + "-",
    CAMPAIGN.replace("-", "", 1),
    CAMPAIGN.replace("-", "--", 1),
    CAMPAIGN.replace("-", "_"),
    "+" + CAMPAIGN[1:],
    CAMPAIGN[:-1] + "\u0662",
    "urn:uuid:" + CAMPAIGN,
    CAMPAIGN.upper(),
    CAMPAIGN.replace("-", ""),
    CAMPAIGN + "\n",
    " " + CAMPAIGN,
)
_PADDING: Final = (" ", "  ", "\t", "\n", "\u00a0", "\u3000", "\ufeff", "\u200b", "\r\n")


def _meta(payload: dict[str, Any]) -> dict[str, Any]:
    """The payload's `meta` object, made one if it is anything else."""
    if not isinstance(payload.get("meta"), dict):
        payload["meta"] = {"send_type": "manual"}
    meta: dict[str, Any] = payload["meta"]
    return meta


def _deleted_key(rng: random.Random, payload: dict[str, Any]) -> str:
    found = _pick(rng, payload, lambda value: True)
    if found is None:
        return "nothing to delete"
    path, _ = found
    parent = payload
    for step in path[:-1]:
        parent = parent[step]
    del parent[path[-1]]
    return f"deleted {path}"


def _added_key(rng: random.Random, payload: dict[str, Any]) -> str:
    objects = [payload, *(value for _, value in _places(payload) if isinstance(value, dict))]
    target = rng.choice(objects)
    key = rng.choice(_NEW_KEYS)
    target[key] = rng.choice(_RETYPES)
    return f"added {key!r}"


def _retyped_key(rng: random.Random, payload: dict[str, Any]) -> str:
    found = _pick(rng, payload, lambda value: not isinstance(value, dict | list))
    if found is None:
        return "nothing to retype"
    path, _ = found
    replacement = copy.deepcopy(rng.choice(_RETYPES))
    _set(payload, path, replacement)
    return f"retyped {path} to {replacement!r}"


def _boundary_number(rng: random.Random, payload: dict[str, Any]) -> str:
    found = _pick(rng, payload, lambda v: isinstance(v, int | float) and not isinstance(v, bool))
    if found is None:
        _meta(payload)["manual_data"] = {"send_amount": 0}
        return "added send_amount 0"
    path, _ = found
    number = rng.choice(_BOUNDARY)
    _set(payload, path, number)
    return f"{path} = {number!r}"


def _odd_uuid(rng: random.Random, payload: dict[str, Any]) -> str:
    spelling = rng.choice(_ODD_UUIDS)
    found = _pick(rng, payload, lambda v: isinstance(v, str) and len(v) == 36 and v.count("-") == 4)
    path = found[0] if found else ("meta", "sms_routing_plan_id")
    if found is None:
        _meta(payload)["sms_routing_plan_id"] = spelling
    else:
        _set(payload, path, spelling)
    return f"{path} = {spelling!r}"


def _trailing_newline(rng: random.Random, payload: dict[str, Any]) -> str:
    window = {"start": "09:00", "end": "17:00"}
    end = rng.choice(("\n", "\r\n", " ", "\n:00", ":00\n", "\t", "x"))
    window[rng.choice(("start", "end"))] += end
    meta = _meta(payload)
    planner = meta.get("planner_data") if isinstance(meta.get("planner_data"), dict) else {}
    planner = meta["planner_data"] = dict(planner or {})
    planner["weekly_schedule"] = {rng.choice(("Mon", "default", "Sun")): window}
    return f"window {window}"


def _whitespace(rng: random.Random, payload: dict[str, Any]) -> str:
    found = _pick(rng, payload, lambda v: isinstance(v, str))
    if found is None:
        return "no string"
    path, text = found
    choice = rng.random()
    if choice < 0.25:
        new = ""
    elif choice < 0.4:
        new = rng.choice(_PADDING) * rng.randint(1, 3)
    else:
        new = rng.choice(_PADDING) + text + rng.choice(("", *_PADDING))
    _set(payload, path, new)
    return f"{path} = {new!r}"


DATA_CLASSES: Final[dict[str, Callable[[random.Random, dict[str, Any]], str]]] = {
    "deleted-key": _deleted_key,
    "added-key": _added_key,
    "retyped-key": _retyped_key,
    "boundary-number": _boundary_number,
    "odd-uuid": _odd_uuid,
    "pattern-newline": _trailing_newline,
    "whitespace": _whitespace,
}


def _integral_float(rng: random.Random, text: str) -> tuple[str, str]:
    keys = ("send_amount", "step_size", "step_delay", "throttle_batch_size")
    key = rng.choice(keys)
    number = rng.choice(_INTEGRAL)
    data = f'"{key}": {number}'
    meta = '"send_type": "manual", "manual_data": {' + data + "}"
    if key.startswith("step"):
        meta = '"send_type": "multistep", "multistep_data": {' + data + "}"
    return f'{{"name": "Integral", "meta": {{{meta}}}}}', f"{key}: {number}"


def _escapes(rng: random.Random, text: str) -> tuple[str, str]:
    """Characters of string values written as \\u escapes, some of them lone surrogates."""
    choice = rng.choice(("\\u0041", "\\u00e9", "\\ud83d\\ude00", "\\ud800", "\\udfff", "\\u0000"))
    at = text.find('"name": "')
    if at < 0:
        return text, "no name"
    at += len('"name": "')
    return text[:at] + choice + text[at:], f"name starts with {choice}"


def _bom(rng: random.Random, text: str) -> tuple[str, str]:
    return "\ufeff" + text, "byte-order mark"


def _duplicate(rng: random.Random, text: str) -> tuple[str, str]:
    key = rng.choice(('"name": ', '"send_type": ', '"meta": '))
    at = text.find(key)
    if at < 0:
        return text, "no key"
    repeat = {'"name": ': '"name": "Twice", ', '"send_type": ': '"send_type": "manual", '}
    inserted = repeat.get(key, '"meta": {"send_type": "manual"}, ')
    return text[:at] + inserted + text[at:], f"duplicate {key}"


def _depth(rng: random.Random, text: str) -> tuple[str, str]:
    levels = rng.choice((10, 63, 64, 65, 100, 600))
    deep = "[" * levels + "]" * levels
    return text[:-1] + f', "id2": {deep}}}', f"nested {levels} deep"


def _huge_number(rng: random.Random, text: str) -> tuple[str, str]:
    number = rng.choice(
        (
            "1e400",
            "-1e400",
            "1" + "0" * 5000,
            "1" + "0" * 400,
            "1e308",
            "123456789012345678901234567890",
        )
    )
    meta = '"send_type": "multistep", "multistep_data": {"min_ctr": ' + number + "}"
    return f'{{"name": "Huge", "meta": {{{meta}}}}}', f"min_ctr {number[:12]}"


TEXT_CLASSES: Final[dict[str, Callable[[random.Random, str], tuple[str, str]]]] = {
    "integral-float": _integral_float,
    "escapes": _escapes,
    "bom": _bom,
    "duplicate-key": _duplicate,
    "depth": _depth,
    "huge-number": _huge_number,
}
CLASSES: Final = (*DATA_CLASSES, *TEXT_CLASSES)


def mutants(count: int, seed: int = 14, extra: list[dict[str, Any]] | None = None) -> list[Mutant]:
    """`count` mutated bodies, the classes taken in turn, from the examples (and `extra`)."""
    rng = random.Random(seed)  # noqa: S311  # reproducible mutations, not cryptography
    starts = [*bases(), *(extra or [])]
    made = []
    for index in range(count):
        kind = CLASSES[index % len(CLASSES)]
        payload = copy.deepcopy(rng.choice(starts))
        if kind in DATA_CLASSES:
            description = DATA_CLASSES[kind](rng, payload)
            body = _dump(payload)
        else:
            text, description = TEXT_CLASSES[kind](rng, json.dumps(payload, ensure_ascii=False))
            body = text.encode("utf-8", "surrogatepass")
        made.append(Mutant(kind, description, body))
    return made
