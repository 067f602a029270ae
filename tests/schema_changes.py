"""Shared helpers for the change-gate tests: edit a copy of the real schemas, check witnesses."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

from campaign_contract.compat import Change, Role, Verdict
from campaign_contract.schema import SchemaSet

DEFS = "definitions.schema.json"
REQ = "campaign-request.schema.json"
RESP = "campaign-response.schema.json"
VALIDATION = "validation-error.schema.json"

Documents = dict[str, dict[str, Any]]
Edit = Callable[[Documents], object]


def edited(edit: Edit, base: SchemaSet | None = None) -> SchemaSet:
    """A copy of `base` (the packaged schemas) with `edit` applied to its documents."""
    documents: Documents = copy.deepcopy(dict((base or SchemaSet.packaged()).documents))
    edit(documents)
    return SchemaSet(documents)


def node(documents: Documents, file: str, pointer: str) -> Any:
    """The schema object at `pointer` in `file`, to edit in place."""
    target: Any = documents[file]
    for token in pointer.split("/")[1:]:
        target = target[token]
    return target


def witness_holds(change: Change, old: SchemaSet, new: SchemaSet) -> bool:
    """Request: OLD accepts the witness and NEW rejects it; response: the other way round."""
    assert change.witness is not None, f"no witness for {change}"
    document = json.loads(change.witness)
    accepting, rejecting = (old, new) if change.role is Role.REQUEST else (new, old)
    return bool(
        accepting.validator(change.root).is_valid(document)
        and not rejecting.validator(change.root).is_valid(document)
    )


def verdicts(changes: tuple[Change, ...], role: Role) -> set[Verdict]:
    """The verdicts of `role`'s changes."""
    return {change.verdict for change in changes if change.role is role}
