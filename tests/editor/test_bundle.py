"""Specification of the editor schema: one self-contained JSON Schema per role, with every
`$ref` local, that accepts exactly what the contract's schema files accept."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from campaign_contract import __version__
from campaign_contract.editor import ROLES, bundle, render
from campaign_contract.pointer import resolve_pointer
from campaign_contract.schema import DEFINITIONS, REQUEST, RESPONSE, SchemaSet
from campaign_contract.testing.strategies import ANY_JSON, invalid_payloads, strategy_for
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.exceptions import NoSuchResource

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = SchemaSet.packaged()
BUNDLES = {role: bundle(SCHEMAS, role) for role in ROLES}


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def _keys(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield key
            yield from _keys(value)
    elif isinstance(node, list):
        for item in node:
            yield from _keys(item)


def _refuse(uri: str) -> Any:
    raise NoSuchResource(ref=uri)


def offline_validator(schema: dict[str, Any]) -> Draft202012Validator:
    """A validator of `schema` alone: any reference it cannot resolve inside itself fails."""
    return Draft202012Validator(
        schema,
        registry=Registry(retrieve=_refuse),  # type: ignore[call-arg]
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


@pytest.mark.parametrize("role", ROLES)
def test_every_reference_is_local_and_resolves_inside_the_bundle(role: str) -> None:
    """Each `$ref` is `#/$defs/NAME` and names a definition of the bundle itself."""
    document = BUNDLES[role]
    references = set(_refs(document))
    assert references
    for reference in references:
        assert reference.startswith("#/$defs/"), reference
        assert resolve_pointer(document, reference[1:]) is not None, reference


@pytest.mark.parametrize("role", ROLES)
def test_the_bundle_is_a_2020_12_schema_without_ids(role: str) -> None:
    """A valid draft 2020-12 schema with no `$id` anywhere: nothing names a file to fetch."""
    document = BUNDLES[role]
    Draft202012Validator.check_schema(document)
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert "$id" not in set(_keys(document))


@pytest.mark.parametrize("role", ROLES)
def test_every_definition_is_used(role: str) -> None:
    """Only what the role's schema reaches is copied in."""
    document = BUNDLES[role]
    used = {reference.removeprefix("#/$defs/") for reference in _refs(document)}
    assert set(document["$defs"]) == used


DRAFT_7_KEYWORDS = {
    *("$schema", "$id", "$ref", "$comment", "title", "description", "default", "examples"),
    *("readOnly", "writeOnly", "type", "enum", "const", "multipleOf", "maximum", "minimum"),
    *("exclusiveMaximum", "exclusiveMinimum", "maxLength", "minLength", "pattern", "format"),
    *("items", "additionalItems", "maxItems", "minItems", "uniqueItems", "contains"),
    *("maxProperties", "minProperties", "required", "properties", "patternProperties"),
    *("additionalProperties", "dependencies", "propertyNames", "if", "then", "else"),
    *("allOf", "anyOf", "oneOf", "not", "definitions", "contentMediaType", "contentEncoding"),
}
SUBSCHEMA_MAPS = {"properties", "patternProperties", "$defs", "definitions", "dependencies"}
SUBSCHEMA_LISTS = {"allOf", "anyOf", "oneOf", "items"}
SUBSCHEMAS = {"additionalProperties", "items", "not", "if", "then", "else", "contains"}


def _schema_keywords(schema: Any) -> Iterator[str]:
    """The keywords of `schema` and of every subschema in it."""
    if not isinstance(schema, dict):
        return
    for key, value in schema.items():
        yield key
        if key in SUBSCHEMA_MAPS and isinstance(value, dict):
            for subschema in value.values():
                yield from _schema_keywords(subschema)
        elif key in SUBSCHEMA_LISTS and isinstance(value, list):
            for subschema in value:
                yield from _schema_keywords(subschema)
        elif key in SUBSCHEMAS:
            yield from _schema_keywords(value)


@pytest.mark.parametrize("role", ROLES)
def test_a_draft_7_reader_misses_nothing(role: str) -> None:
    """Beyond `$defs` (only a place for `$ref`s to point into), every keyword is draft 7's,
    so editors that read draft 7 (JetBrains IDEs' default) understand the whole bundle."""
    keywords = set(_schema_keywords(json.loads(render(SCHEMAS, role, __version__))))
    assert keywords - DRAFT_7_KEYWORDS == {"$defs", "x-generated"}


def test_the_roots_are_the_request_and_the_response() -> None:
    """`request` bundles the request body's schema, `response` the response body's."""
    assert BUNDLES["request"]["title"] == SCHEMAS.documents[REQUEST]["title"]
    assert BUNDLES["response"]["title"] == SCHEMAS.documents[RESPONSE]["title"]
    assert "data" in BUNDLES["response"]["properties"]


def _mutations(draw: st.DrawFn, document: Any) -> Any:
    """`document` with one value replaced by arbitrary JSON, or one key added to an object."""
    mutated = copy.deepcopy(document)
    node = mutated
    while isinstance(node, dict | list) and node and draw(st.booleans()):
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        key = draw(st.sampled_from(keys))
        if not isinstance(node[key], dict | list) or not node[key]:
            node[key] = draw(ANY_JSON)
            return mutated
        node = node[key]
    if isinstance(node, dict):
        node[draw(st.text(max_size=12))] = draw(ANY_JSON)
    return mutated


@st.composite
def documents(draw: st.DrawFn, name: str) -> Any:
    """A document schema file `name` accepts, or one mutation of it."""
    valid = draw(strategy_for(name, SCHEMAS.documents[name]))
    return _mutations(draw, valid) if draw(st.booleans()) else valid


@pytest.mark.parametrize("role", ROLES)
@given(data=st.data())
def test_the_bundle_accepts_exactly_what_the_schema_files_accept(
    role: str, data: st.DataObject
) -> None:
    """For valid documents and mutated ones, the bundle and the schema files agree."""
    name = ROLES[role]
    document = data.draw(documents(name))
    expected = SCHEMAS.validator(name).is_valid(document)
    assert expected == offline_validator(BUNDLES[role]).is_valid(document)


@given(near_miss=invalid_payloads())
def test_the_request_bundle_rejects_every_near_miss(near_miss: tuple[Any, Any]) -> None:
    """One schema mistake in a valid payload, whatever its kind, breaks the bundle too."""
    payload, _ = near_miss
    assert not offline_validator(BUNDLES["request"]).is_valid(payload)


def _schema_set(root_defs: dict[str, Any], other: dict[str, Any]) -> SchemaSet:
    base = "https://campaign-contract.invalid/schemas/"
    documents = {name: {"$id": base + name, "type": "object"} for name in SCHEMAS.documents}
    documents[REQUEST] = {"$id": base + REQUEST, **root_defs}
    documents[DEFINITIONS] = {"$id": base + DEFINITIONS, "title": "Shared", **other}
    return SchemaSet(documents)


def test_a_name_taken_by_the_root_is_prefixed_with_the_file_stem() -> None:
    """Two files defining `Name` keep both, the second as `definitions-Name`."""
    schemas = _schema_set(
        {
            "properties": {
                "a": {"$ref": "#/$defs/Name"},
                "b": {"$ref": "definitions.schema.json#/$defs/Name"},
                "c": {"$ref": "definitions.schema.json"},
            },
            "$defs": {"Name": {"type": "string"}},
        },
        {"$defs": {"Name": {"type": "integer"}}},
    )
    document = bundle(schemas, "request")
    expected = {
        "a": {"$ref": "#/$defs/Name"},
        "b": {"$ref": "#/$defs/definitions-Name"},
        "c": {"$ref": "#/$defs/Shared"},
    }
    assert expected == document["properties"]
    assert document["$defs"]["definitions-Name"] == {"type": "integer"}
    assert document["$defs"]["Shared"] == {"title": "Shared"}  # its own `$defs` left behind


def test_the_rendered_bundle_says_where_it_comes_from() -> None:
    """`x-generated` names the source file, the version and the command that regenerates it."""
    document = json.loads(render(SCHEMAS, "response", __version__))
    assert list(document)[:2] == ["$schema", "x-generated"]
    note = document["x-generated"]
    assert RESPONSE in note
    assert __version__ in note
    assert "`campaign-contract schema --role response`" in note


def _command(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "campaign_contract", "schema", *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_command_prints_the_request_bundle_by_default() -> None:
    """`campaign-contract schema` prints the request's bundle, `--role` chooses the response."""
    assert _command().stdout == render(SCHEMAS, "request", __version__)
    assert _command("--role", "response").stdout == render(SCHEMAS, "response", __version__)


def test_the_command_bundles_another_schema_folder(tmp_path: Path) -> None:
    """`--schema-dir` bundles the schema files found there."""
    result = _command("--schema-dir", str(ROOT / "schemas"))
    assert (0, render(SCHEMAS, "request", __version__)) == (result.returncode, result.stdout)
    broken = _command("--schema-dir", str(tmp_path))
    assert broken.returncode == 3
    assert broken.stderr.startswith("campaign-contract schema: cannot read schema ")
    assert "Traceback" not in broken.stderr


def test_an_unknown_role_is_a_usage_error() -> None:
    """`--role` accepts request and response only."""
    result = _command("--role", "error")
    assert result.returncode == 2
    assert "invalid choice: 'error'" in result.stderr
