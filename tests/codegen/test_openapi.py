"""generated/openapi.json is a valid, self-contained OpenAPI 3.1 document built on schemas/."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from campaign_contract.codegen.openapi import COMPONENTS, PATH
from campaign_contract.schema import REQUEST, RESPONSE, SchemaSet
from jsonschema import Draft202012Validator
from payloads import boundary_cases, full_payload
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

ROOT = Path(__file__).parents[2]
DOCUMENT: dict[str, Any] = json.loads((ROOT / "generated" / "openapi.json").read_text("utf-8"))
OPERATION = DOCUMENT["paths"][PATH]["put"]
SCHEMAS = SchemaSet.packaged()
BASE = "urn:campaign-contract:openapi"


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return own + [ref for value in node.values() for ref in _refs(value)]
    if isinstance(node, list):
        return [ref for value in node for ref in _refs(value)]
    return []


def test_document_validates_as_openapi_3_1(network_guard: type[Exception]) -> None:
    """openapi-spec-validator accepts the document, offline."""
    from openapi_spec_validator import validate

    assert DOCUMENT["openapi"] == "3.1.0"
    validate(DOCUMENT)


def test_document_is_self_contained() -> None:
    """Every `$ref` points inside the document, so tools load it without fetching anything."""
    refs = _refs(DOCUMENT)
    assert refs
    assert [ref for ref in refs if not ref.startswith("#/components/")] == []


def test_operation_has_path_parameter_security_body_and_responses() -> None:
    """PUT with the `campaign` path parameter, bearer auth, a JSON body and 200/401/403/404/422."""
    (parameter,) = OPERATION["parameters"]
    scheme = DOCUMENT["components"]["securitySchemes"]["bearerAuth"]
    assert (parameter["name"], parameter["in"], parameter["required"]) == ("campaign", "path", True)
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    assert OPERATION["security"] == [{"bearerAuth": []}]
    assert OPERATION["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/SmsCampaignDataRequest"
    }
    schemas = {
        status: response["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
        for status, response in OPERATION["responses"].items()
    }
    assert schemas == {
        "200": "SmsCampaignDataResponse",
        "401": "ErrorMessage",
        "403": "ErrorMessage",
        "404": "ErrorMessage",
        "422": "ValidationError",
    }


def _unbundle(node: Any, component: str) -> Any:
    """A bundled component turned back into its schema file's form (relative `$ref`s)."""
    by_component = {value: key for key, value in COMPONENTS.items()}
    if isinstance(node, list):
        return [_unbundle(item, component) for item in node]
    if not isinstance(node, dict):
        return node
    result = {}
    for key, value in node.items():
        if key == "$ref":
            target, _, pointer = value.removeprefix("#/components/schemas/").partition("/")
            prefix = "" if target == component else by_component[target]
            result[key] = f"{prefix}#/{pointer}" if pointer else f"{prefix}#"
        else:
            result[key] = _unbundle(value, component)
    return result


@pytest.mark.parametrize("name", sorted(COMPONENTS))
def test_components_are_the_schema_files(name: str) -> None:
    """Each component is its schema file with `$ref`s re-pointed: nothing copied by hand."""
    component = COMPONENTS[name]
    original = {k: v for k, v in SCHEMAS.documents[name].items() if k not in ("$id", "$schema")}
    assert original == _unbundle(DOCUMENT["components"]["schemas"][component], component)


def _component_validator(name: str) -> Draft202012Validator:
    registry: Registry[Any] = Registry().with_resource(
        BASE, Resource.from_contents(DOCUMENT, default_specification=DRAFT202012)
    )
    schema = {"$ref": f"{BASE}#/components/schemas/{COMPONENTS[name]}"}
    return Draft202012Validator(
        schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def test_bundled_request_schema_judges_payloads_like_the_schema_file() -> None:
    """Validating through the OpenAPI document gives the same verdict on every boundary case."""
    bundled = _component_validator(REQUEST)
    cases = boundary_cases()
    assert [bundled.is_valid(c.payload) for c in cases] == [c.valid for c in cases]


def test_bundled_response_schema_accepts_a_response_and_rejects_a_request_body() -> None:
    """The 200 schema resolves through the document too."""
    bundled = _component_validator(RESPONSE)
    assert (bundled.is_valid({"data": full_payload()}), bundled.is_valid({})) == (True, False)
