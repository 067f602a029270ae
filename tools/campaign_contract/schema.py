"""Loading the contract's JSON Schemas and building validators from them, strictly offline.

Built distributions carry the schemas inside the package (`campaign_contract/schemas`, mapped
from the repository's `schemas/` folder by the build); a checkout (an editable install, or
`tools/` on `sys.path`) reads that top-level folder directly. Every `$ref` must resolve inside the
schema set: the registry refuses anything else, and `SchemaSet` checks all references up front,
so a schema can never make the toolkit touch the network or the file system.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import urldefrag, urljoin

from campaign_contract.errors import SchemaError
from campaign_contract.pointer import resolve_pointer

if TYPE_CHECKING:
    import jsonschema
    import referencing

REQUEST: Final = "campaign-request.schema.json"
RESPONSE: Final = "campaign-response.schema.json"
DEFINITIONS: Final = "definitions.schema.json"
ERROR_MESSAGE: Final = "error-message.schema.json"
VALIDATION_ERROR: Final = "validation-error.schema.json"
SCHEMA_FILES: Final = (DEFINITIONS, REQUEST, RESPONSE, ERROR_MESSAGE, VALIDATION_ERROR)
"""Every schema file of the contract, in dependency order."""

JsonObject = dict[str, Any]


def _read_json(text: str, origin: str) -> JsonObject:
    try:
        document = json.loads(text)
    except ValueError as error:
        raise SchemaError(f"{origin}: not valid JSON: {error}") from None
    if not isinstance(document, dict):
        raise SchemaError(f"{origin}: a schema must be a JSON object")
    return document


def _references(node: Any, found: list[str] | None = None) -> list[str]:
    """Every `$ref` value anywhere in a schema document, in document order (a list filled by
    plain calls that skip the scalars: a generator per node cost twice as much)."""
    found = [] if found is None else found
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                found.append(value)
            elif isinstance(value, (dict, list)):
                _references(value, found)
    elif isinstance(node, list):
        for item in node:
            if isinstance(item, (dict, list)):
                _references(item, found)
    return found


def _resolve(base: str, reference: str, targets: dict[tuple[str, str], str]) -> tuple[str, str]:
    """`urldefrag(urljoin(base, reference))`, the target worked out once per `base` and address.

    `urljoin` costs some 85,000 instructions, and a schema's many references name few files.
    The target of `address#fragment` is the same for every non-empty fragment that `urllib`
    keeps as written (it removes tabs and line breaks); other references take the long way."""
    address, _, fragment = reference.partition("#")
    if not (fragment and fragment.isprintable()):
        resolved = urldefrag(urljoin(base, reference))
        return resolved.url, resolved.fragment
    target = targets.get((base, address))
    if target is None:
        target = targets[base, address] = urldefrag(urljoin(base, reference)).url
    return target, fragment


class SchemaSet:
    """The contract's schema files by file name, each with an absolute `$id`.

    A plain class rather than a dataclass, as in `findings`: building dataclasses costs every
    `validate-campaign` process start-up time. Sets with equal documents are equal."""

    def __init__(self, documents: Mapping[str, JsonObject]) -> None:
        self.documents: Final = documents
        self._validators: dict[str, jsonschema.protocols.Validator] = {}
        self._check_references()

    def __repr__(self) -> str:
        return f"SchemaSet({sorted(self.documents)})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SchemaSet) and other.documents == self.documents

    __hash__ = None  # type: ignore[assignment]  # equal by (mutable) contents, so unhashable

    @classmethod
    def packaged(cls) -> SchemaSet:
        """The schemas bundled with the installed package."""
        return _packaged()

    @classmethod
    def from_directory(cls, directory: Path) -> SchemaSet:
        """The contract's schema files read from `directory` (e.g. an older revision)."""
        documents = {}
        for name in SCHEMA_FILES:
            path = directory / name
            try:
                text = path.read_text(encoding="utf-8")
            except OSError as error:
                raise SchemaError(f"cannot read schema {path}: {error.strerror}") from None
            documents[name] = _read_json(text, str(path))
        return cls(documents)

    def uri(self, name: str) -> str:
        """The `$id` of schema file `name`."""
        schema_id = self.documents[name].get("$id")
        if not isinstance(schema_id, str):
            raise SchemaError(f"{name}: has no string $id")
        return schema_id

    def _check_references(self) -> None:
        """Fail now, with the file and the reference named, if any `$ref` leaves the set."""
        by_uri = {self.uri(name): name for name in self.documents}
        targets: dict[tuple[str, str], str] = {}
        for name, document in self.documents.items():
            base = self.uri(name)
            for reference in dict.fromkeys(_references(document)):  # few, each used often
                target, fragment = _resolve(base, reference, targets)
                if target not in by_uri:
                    raise SchemaError(
                        f"{name}: $ref {reference!r} points outside the contract's schemas "
                        f"({target}); only references between the bundled schema files are allowed"
                    )
                if fragment and resolve_pointer(self.documents[by_uri[target]], fragment) is None:
                    raise SchemaError(
                        f"{name}: $ref {reference!r} names nothing in {by_uri[target]}"
                    )

    @functools.cached_property
    def registry(self) -> referencing.Registry[Any]:
        """A registry holding exactly these schemas; any other URI is refused, never fetched."""
        from referencing import Registry, Resource  # noqa: PLC0415 - needs the gate extra
        from referencing.exceptions import NoSuchResource  # noqa: PLC0415 - needs the gate extra

        def refuse(uri: str) -> Resource[Any]:
            raise NoSuchResource(ref=uri)  # type: ignore[call-arg]  # attrs-made __init__

        resources_ = [
            (self.uri(name), Resource.from_contents(doc)) for name, doc in self.documents.items()
        ]
        return Registry(retrieve=refuse).with_resources(resources_)  # type: ignore[call-arg]

    def validator(self, name: str) -> jsonschema.protocols.Validator:
        """A reference (pure-Python) validator for schema file `name`, format checks on."""
        cached = self._validators.get(name)
        if cached is None:
            from jsonschema import Draft202012Validator  # noqa: PLC0415 - needs the gate extra

            cached = Draft202012Validator(
                self.documents[name],
                registry=self.registry,
                format_checker=Draft202012Validator.FORMAT_CHECKER,
            )
            self._validators[name] = cached
        return cached

    def subschema(self, name: str, pointer: str) -> Any:
        """The part of schema file `name` at JSON Pointer `pointer` (None if absent)."""
        return resolve_pointer(self.documents[name], pointer)


def packaged_schemas_dir() -> Path:
    """The folder of the schemas this package uses: inside it when built, else the checkout's."""
    package = Path(__file__).parent
    built = package / "schemas"
    return built if built.is_dir() else package.parent.parent / "schemas"


@functools.cache
def _packaged() -> SchemaSet:
    # Reading the schemas by path avoids importlib.resources' start-up cost.
    folder = packaged_schemas_dir()
    documents = {}
    for name in SCHEMA_FILES:
        try:
            text = (folder / name).read_text(encoding="utf-8")
        except OSError as error:
            raise SchemaError(
                f"the installed package has no readable schema {name}: {error}"
            ) from None
        documents[name] = _read_json(text, f"campaign_contract/schemas/{name}")
    return SchemaSet(documents)
