"""One schema file of the contract and everything it refers to, as a single JSON Schema.

The role's schema file is the root. Every definition it reaches in another file is copied into
the root's `$defs` under its own name (prefixed with its file's stem when the name is taken), and
every `$ref` becomes a local `#/$defs/...` pointer, so nothing is left to fetch: editors that
cannot resolve references between files (VS Code's JSON support among them) read it whole.

Decisions:
- The bundle has no `$id`: it is not the multi-file schema of that `$id`, and an editor knows a
  file by where it is saved. `x-generated` names its source and the command that made it.
- Only reachable definitions are copied, in the order they are first referred to.
- Copied subschemas lose `$id`, `$schema` and their own `$defs` (every reference into those is
  rewritten to a top-level copy); the root keeps its `$defs`, rewritten in place.
"""

from __future__ import annotations

import json
from collections import deque
from typing import Any, Final
from urllib.parse import urldefrag, urljoin

from campaign_contract.errors import SchemaError
from campaign_contract.pointer import escape_token, resolve_pointer, split
from campaign_contract.schema import REQUEST, RESPONSE, SchemaSet

ROLES: Final = {"request": REQUEST, "response": RESPONSE}
"""The `--role` choices: which schema file is the bundle's root."""

_DROPPED_IN_COPIES: Final = frozenset({"$id", "$schema", "$defs"})

JsonObject = dict[str, Any]
Target = tuple[str, str]
"""A `$ref`'s target: the schema file's name and the JSON Pointer inside it."""


class _Bundler:
    def __init__(self, schemas: SchemaSet, root: str) -> None:
        self.schemas = schemas
        self.root = root
        self.files = {schemas.uri(name): name for name in schemas.documents}
        self.names: dict[Target, str] = {}
        self.taken: set[str] = set(schemas.documents[root].get("$defs", {}))
        self.pending: deque[Target] = deque()

    def local(self, reference: str, base: str) -> str:
        """The bundle's local `$ref` for `reference`, met in the file whose `$id` is `base`."""
        uri, fragment = urldefrag(urljoin(base, reference))
        name = self.files.get(uri)
        if name is None:  # SchemaSet already refuses this; kept so the bundle can never leak
            raise SchemaError(f"$ref {reference!r} points outside the contract's schemas")
        if name == self.root:
            return "#" + fragment
        target = (name, fragment)
        if target not in self.names:
            self.names[target] = self._free_name(target)
            self.pending.append(target)
        return "#/$defs/" + escape_token(self.names[target])

    def _free_name(self, target: Target) -> str:
        file, fragment = target
        stem = file.split(".", 1)[0]
        tokens = split(fragment)  # `/$defs/CampaignId` -> CampaignId; the whole file -> its title
        wanted = tokens[-1] if tokens else str(self.schemas.documents[file].get("title") or stem)
        candidates = [wanted, f"{stem}-{wanted}"]
        candidates += (f"{stem}-{wanted}-{number}" for number in range(2, len(self.taken) + 3))
        name = next(candidate for candidate in candidates if candidate not in self.taken)
        self.taken.add(name)
        return name

    def rewrite(self, node: Any, base: str, dropped: frozenset[str] = frozenset()) -> Any:
        """`node` with every `$ref` made local and the `dropped` keys left out (at any depth)."""
        if isinstance(node, list):
            return [self.rewrite(item, base, dropped) for item in node]
        if not isinstance(node, dict):
            return node
        result: JsonObject = {}
        for key, value in node.items():
            if key in dropped:
                continue
            if key == "$ref" and isinstance(value, str):
                result[key] = self.local(value, base)
            else:
                result[key] = self.rewrite(value, base, dropped)
        return result

    def copies(self) -> dict[str, Any]:
        """Each definition reached from another file, rewritten, by its name in the bundle."""
        copied: dict[str, Any] = {}
        while self.pending:
            target = self.pending.popleft()
            file, fragment = target
            node = resolve_pointer(self.schemas.documents[file], fragment)
            copied[self.names[target]] = self.rewrite(
                node, self.schemas.uri(file), _DROPPED_IN_COPIES
            )
        return copied


def bundle(schemas: SchemaSet, role: str = "request", note: str = "") -> JsonObject:
    """The schema of `role` (a key of `ROLES`) with every `$ref` local, under `#/$defs/`.

    `note`, when given, becomes the bundle's `x-generated` annotation."""
    root = ROLES[role]
    bundler = _Bundler(schemas, root)
    document = dict(schemas.documents[root])
    document.pop("$id", None)
    result: JsonObject = bundler.rewrite(document, schemas.uri(root))
    copied = bundler.copies()
    if copied:
        result["$defs"] = {**result.get("$defs", {}), **copied}
    if note:  # after `$schema`, which editors and validators look for first
        schema_key = {"$schema": result.pop("$schema")} if "$schema" in result else {}
        result = {**schema_key, "x-generated": note, **result}
    return result


def render(schemas: SchemaSet, role: str, version: str) -> str:
    """The bundle of `role` as indented JSON text, ending with a newline."""
    note = (
        f"{ROLES[role]} of campaign-contract {version}, with every reference made local by "
        f"`campaign-contract schema --role {role}`; regenerate it with that command"
    )
    return json.dumps(bundle(schemas, role, note), indent=2, ensure_ascii=False) + "\n"
