"""Schema findings: the request schema's verdict on a document, anchored where the mistake is.

The compiled `jsonschema_rs` validator is built once per process. A valid document costs one
`is_valid` call; only an invalid one has its errors collected, explained (`wording`) and given
source spans. An unknown key points at the key, a wrong value at the value, a missing key at the
object's opening brace; `anyOf` errors are replaced by the errors of the closest alternative.
"""

import functools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import Any, Final, NamedTuple, Protocol

import jsonschema_rs

from campaign_contract.errors import SchemaError
from campaign_contract.findings import (
    ORDER,
    Finding,
    Fix,
    Related,
    RuleInfo,
    Severity,
    Span,
    value_of,
)
from campaign_contract.lint import wording
from campaign_contract.pointer import escape_token, from_path, resolve_pointer
from campaign_contract.schema import REQUEST, JsonObject, SchemaSet

RULES: tuple[RuleInfo, ...] = wording.RULES


class Located(Protocol):
    """A parsed document that knows where each of its keys and values is (see `source`)."""

    @property
    def value(self) -> Any: ...

    def value_span(self, pointer: str) -> Span: ...

    def key_span(self, pointer: str) -> Span | None: ...

    def opening_span(self, pointer: str) -> Span: ...


_MASK: Final = "(value not shown)"
"""What the engine's own messages show instead of the value, which they would otherwise write
out as JSON for every error (the whole document for an error at the root). The findings word
their messages themselves (`wording`) and never read the engine's."""


class _FixBuilders(Protocol):
    """The builders of the fixes schema findings carry: `lint.fixes.suggest`, imported once per
    document with errors (a clean run never loads the fix engine)."""

    def rename_key(self, span: Span, key: str, new_key: str) -> Fix: ...

    def for_schema_error(
        self, keyword: str, value: Any, expected: Sequence[Any], span: Span
    ) -> Fix | None: ...


def _refuse(uri: str) -> Any:
    raise SchemaError(f"the schemas refer to {uri}, which is not bundled; refusing to fetch it")


class SchemaValidator(NamedTuple):
    """The request schema compiled once, and the schema set it came from."""

    schemas: SchemaSet
    compiled: jsonschema_rs.Validator
    by_uri: Mapping[str, JsonObject]
    """Each schema document by its `$id`, where errors point into the schemas."""
    nodes: dict[tuple[str | None, int], Any]
    """The schema objects found at keyword locations so far (`_schema_node`): the schemas
    never change, and the errors of every file point at the same few."""
    name: str = REQUEST

    @classmethod
    def build(cls, schemas: SchemaSet, name: str = REQUEST) -> "SchemaValidator":
        """Compile schema file `name` of `schemas` with format checks on, never going online."""

        try:
            registry = jsonschema_rs.Registry(
                [(schemas.uri(n), document) for n, document in schemas.documents.items()],
                retriever=_refuse,
            )
            compiled = jsonschema_rs.Draft202012Validator(
                schemas.documents[name],
                registry=registry,
                retriever=_refuse,
                validate_formats=True,
                mask=_MASK,
            )
        except (ValueError, KeyError, jsonschema_rs.ReferencingError) as error:
            raise SchemaError(f"cannot compile schema {name}: {error}") from None
        by_uri = {schemas.uri(n): document for n, document in schemas.documents.items()}
        return cls(schemas, compiled, MappingProxyType(by_uri), {}, name)

    def check(self, document: Located, file: str) -> list[Finding]:
        """Every schema finding for `document`, sorted by position and without repeats."""
        if self.compiled.is_valid(document.value):
            return []
        from campaign_contract.lint.fixes import suggest  # noqa: PLC0415 - only for findings

        errors = list(_flatten(self.compiled.iter_errors(document.value)))
        suggestions = self._suggestions(errors)
        findings = [
            finding
            for error in errors
            for finding in self._explain(error, document, file, suggestions, suggest)
        ]
        if _is_envelope(document.value):
            findings = _as_envelope(findings, document, file)
        return sorted(set(findings), key=ORDER)

    def _suggestions(self, errors: list["_Error"]) -> dict[str, str]:
        """Unknown key pointer -> the one declared key it most likely misspells (which a safe
        fix may rename it to)."""
        suggestions: dict[str, str] = {}
        for error in errors:
            if error.keyword != "additionalProperties":
                continue
            parent = self._schema_node(error.location)
            declared = parent.get("properties", {}) if isinstance(parent, dict) else {}
            present = error.instance  # the object with the unexpected keys
            unused = [k for k in declared if not (isinstance(present, dict) and k in present)]
            for key in error.kind.unexpected:
                match = wording.closest(key, unused)
                if match is not None:
                    suggestions[_member_pointer(error.pointer, key)] = match
        return suggestions

    def _schema_node(self, location: str | None, up: int = 1) -> Any:
        """The schema object holding the failing keyword at `location` (an error's absolute
        keyword location; `up` levels above the keyword)."""
        key = (location, up)
        if key not in self.nodes:
            uri, _, fragment = (location or "").partition("#")
            document = self.by_uri.get(uri)
            parts = fragment.split("/")
            self.nodes[key] = (
                None
                if document is None
                else resolve_pointer(document, "/".join(parts[: len(parts) - up]))
            )
        return self.nodes[key]

    def _described(self, error: "_Error") -> str | None:
        """How the expected value looks: the format's shape, or the pattern's description."""
        if error.keyword == "format":
            return wording.FORMAT_HINTS.get(error.kind.format)
        if error.keyword != "pattern":
            return None
        node = self._schema_node(error.location)
        description = node.get("description") if isinstance(node, dict) else None
        return _first_sentence(description) if isinstance(description, str) else None

    def _explain(
        self,
        error: "_Error",
        document: Located,
        file: str,
        suggestions: dict[str, str],
        fixes: _FixBuilders,
    ) -> list[Finding]:
        """The findings of one engine error."""
        keyword = error.keyword
        if keyword == "additionalProperties":
            return self._unknown_keys(error, document, file, suggestions, fixes)
        if keyword == "required":
            return _missing_key(error, document, file, suggestions)
        if keyword == "uniqueItems":
            return list(_duplicate_items(error, document, file, error.hint))
        kind, instance = error.kind, error.instance
        rule, message = wording.describe(kind, instance, error.path)
        span = document.value_span(error.pointer)
        hint = self._described(error) or error.hint
        expected = kind.options if keyword == "enum" else getattr(kind, "types", ())
        fix = fixes.for_schema_error(keyword, instance, expected, span)
        return [
            Finding(
                rule,
                Severity.ERROR,
                message,
                file,
                error.pointer,
                span,
                hint=hint,
                value=value_of(instance),
                fix=fix,
            )
        ]

    def _unknown_keys(
        self,
        error: "_Error",
        document: Located,
        file: str,
        suggestions: dict[str, str],
        fixes: _FixBuilders,
    ) -> list[Finding]:
        """One finding per unexpected key, on the key; no "may also be null" hint: the mistake
        is the key, not the object."""
        parent = self._schema_node(error.location)
        required = set(parent.get("required", [])) if isinstance(parent, dict) else set()
        findings = []
        for key in error.kind.unexpected:
            key_pointer = _member_pointer(error.pointer, key)
            span = document.key_span(key_pointer) or document.value_span(key_pointer)
            match = suggestions.get(key_pointer)
            message = wording.unknown_key(key, error.path, match, match in required)
            fix = None if match is None else fixes.rename_key(span, key, match)
            findings.append(
                Finding(
                    "schema-unknown-key",
                    Severity.ERROR,
                    message,
                    file,
                    key_pointer,
                    span,
                    fix=fix,
                )
            )
        return findings


def _missing_key(
    error: "_Error", document: Located, file: str, suggestions: dict[str, str]
) -> list[Finding]:
    """A missing key, on the object's opening brace; none when an unknown key of the object
    is most likely this key misspelt (its finding says so)."""
    key = error.kind.property
    if key in _suggested_in(suggestions, error.pointer):
        return []
    return [
        Finding(
            "schema-required",
            Severity.ERROR,
            wording.missing_key(key, error.path),
            file,
            error.pointer,
            document.opening_span(error.pointer),
            hint=error.hint,
            value=value_of(key),
        )
    ]


def _member_pointer(pointer: str, key: str) -> str:
    """The pointer of member `key` of the object at `pointer`."""
    return pointer + "/" + escape_token(key)


ENVELOPE: Final = "data"
"""The key under which the API's responses carry the campaign."""


def _is_envelope(value: Any) -> bool:
    """A pasted response body: the campaign under `data`, and no request `name` beside it."""
    return isinstance(value, dict) and isinstance(value.get(ENVELOPE), dict) and "name" not in value


def _as_envelope(findings: list[Finding], document: Located, file: str) -> list[Finding]:
    """One finding saying where the request body is, instead of the unknown key `data` and the
    missing keys of the envelope itself."""
    at = "/" + ENVELOPE
    kept = [
        finding
        for finding in findings
        if not (finding.pointer == "" and finding.rule == "schema-required")
        and finding.pointer != at
    ]
    message = (
        f'this looks like a response envelope; the request body is the object inside "{ENVELOPE}"'
    )
    span = document.key_span(at) or document.value_span(at)
    hint = f'send the value of "{ENVELOPE}" on its own'
    return [
        Finding("schema-unknown-key", Severity.ERROR, message, file, at, span, hint=hint),
        *kept,
    ]


def _first_sentence(text: str) -> str:
    sentence = text.split(". ", 1)[0].split(" [", 1)[0].rstrip(".")
    return sentence + "."


def _suggested_in(suggestions: dict[str, str], object_pointer: str) -> set[str]:
    """The declared keys suggested for unknown keys of the object at `object_pointer`."""
    return {
        match
        for key_pointer, match in suggestions.items()
        if key_pointer.rpartition("/")[0] == object_pointer
    }


def _duplicate_items(
    error: "_Error", document: Located, file: str, hint: str | None
) -> Iterator[Finding]:
    items = error.instance if isinstance(error.instance, list) else []
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        key = wording.canonical(item)
        if key in seen:
            first = _member_pointer(error.pointer, str(seen[key]))
            here = _member_pointer(error.pointer, str(index))
            yield Finding(
                "schema-unique-items",
                Severity.ERROR,
                wording.duplicate_item(item, error.path, seen[key]),
                file,
                here,
                document.value_span(here),
                related=(Related("first occurrence", first, document.value_span(first)),),
                hint=hint,
                value=value_of(item),
            )
        else:
            seen[key] = index


class _TypeUnion(NamedTuple):
    """A synthetic error kind: a value matches none of an `anyOf`'s types."""

    types: list[str]
    name: str = "type"


class _Error(NamedTuple):
    """An engine error as the findings read it. Each attribute is read from jsonschema-rs once:
    every read of `kind.name` or `kind.context` is a call into the binding that builds a new
    object. Also stands for an error rewritten here (engine errors are immutable)."""

    path: list[str | int]
    """The instance path: keys and array indices."""
    pointer: str
    """The instance path as a JSON Pointer."""
    instance: Any
    kind: Any
    keyword: str
    """The kind's name: the failing keyword (`type` for a `_TypeUnion`)."""
    location: str | None
    """The absolute keyword location: the schema's `$id`, `#` and a pointer to the keyword."""
    hint: str | None = None
    """Set on errors taken from the closest anyOf/oneOf alternative: "x may also be null"."""


def _read(error: Any, kind: Any, keyword: str) -> _Error:
    path = error.instance_path
    return _Error(
        path, _pointer(tuple(path)), error.instance, kind, keyword, error.absolute_keyword_location
    )


@functools.lru_cache(maxsize=1024)
def _pointer(path: tuple[str | int, ...]) -> str:
    """`from_path`, remembered: a pure function of the path, and the schema's errors fall on
    the same few hundred places in every file (a pointer costs several joins and escapes)."""
    return from_path(path)


def _flatten(errors: Iterable[Any]) -> Iterator[_Error]:
    """Engine errors with every `anyOf`/`oneOf` replaced by its closest alternative's errors."""
    for error in errors:
        kind = error.kind
        keyword = kind.name
        if keyword in ("anyOf", "oneOf") and type(kind).__name__ != "OneOfMultipleValid":
            context = kind.context
            if any(context):
                yield from _closest(error, context)
                continue
        yield _read(error, kind, keyword)


def _is_type_mismatch(error: _Error, depth: int) -> bool:
    return error.keyword == "type" and len(error.path) == depth


def _closest(error: Any, context: list[list[Any]]) -> Iterator[_Error]:
    depth = len(error.instance_path)
    branches = [list(_flatten(branch)) for branch in context]
    if all(any(_is_type_mismatch(e, depth) for e in branch) for branch in branches):
        types = [
            t
            for branch in branches
            for e in branch
            if _is_type_mismatch(e, depth)
            for t in e.kind.types
        ]
        yield _read(error, _TypeUnion(list(dict.fromkeys(types))), "type")
        return

    def score(branch: "list[_Error]") -> "tuple[bool, int, int]":
        deepest = max((len(e.path) for e in branch), default=0)
        return (any(_is_type_mismatch(e, depth) for e in branch), -deepest, len(branch))

    ranked = sorted(branches, key=score)
    other_types = [
        t
        for branch in ranked[1:]
        for e in branch
        if _is_type_mismatch(e, depth)
        for t in e.kind.types
    ]
    hint = wording.other_alternatives(other_types, len(ranked) - 1, error.instance_path)
    for inner in ranked[0]:
        # "manual_data may also be null" helps with a mistake about manual_data itself; on a
        # mistake inside it, following the hint would trade one finding for another
        about_this = len(inner.path) == depth
        yield inner._replace(hint=inner.hint or (hint if about_this else None))


@functools.cache
def packaged_validator() -> SchemaValidator:
    """The validator for the installed package's request schema (built on first use)."""
    return SchemaValidator.build(SchemaSet.packaged())
