"""The OpenAPI 3.1 document of the endpoint, built from the contract's schemas.

The schema files are bundled under `components/schemas` (one component per file, its `$defs`
kept inside it) with every `$ref` rewritten to a pointer into this document and the `$id`s
dropped, so the document is self-contained: Swagger UI, Prism or schemathesis load it offline.
"""

from __future__ import annotations

from typing import Any, Final
from urllib.parse import urljoin, urlsplit

from campaign_contract.schema import (
    DEFINITIONS,
    ERROR_MESSAGE,
    REQUEST,
    RESPONSE,
    VALIDATION_ERROR,
    SchemaSet,
)

PATH: Final = "/api/v1/sms/campaigns/{campaign}"
COMPONENTS: Final = {
    REQUEST: "SmsCampaignDataRequest",
    RESPONSE: "SmsCampaignDataResponse",
    DEFINITIONS: "CampaignFieldDefinitions",
    ERROR_MESSAGE: "ErrorMessage",
    VALIDATION_ERROR: "ValidationError",
}
"""Schema file -> its name under `components/schemas`."""

_DROPPED_KEYWORDS: Final = ("$id", "$schema")
_ERRORS: Final = {
    "401": ("Unauthenticated: the bearer token is missing or invalid.", ERROR_MESSAGE),
    "403": ("The token may not change this campaign.", ERROR_MESSAGE),
    "404": ("No campaign has this id.", ERROR_MESSAGE),
    "422": ("The body breaks a validation rule; `errors` names each field.", VALIDATION_ERROR),
}


def component_pointer(name: str) -> str:
    """The JSON Pointer of schema file `name` inside the OpenAPI document."""
    return f"#/components/schemas/{COMPONENTS[name]}"


def _rewrite(
    node: Any, schemas: SchemaSet, base: str, by_uri: dict[str, str], names: bool = False
) -> Any:
    """`node` with `$ref`s pointing into the document and `$id`/`$schema` keywords dropped;
    `names` says the keys of `node` are property names (a property may be called `$schema`)."""
    if isinstance(node, list):
        return [_rewrite(item, schemas, base, by_uri) for item in node]
    if not isinstance(node, dict):
        return node
    result: dict[str, Any] = {}
    for key, value in node.items():
        if key in _DROPPED_KEYWORDS and not names:
            continue
        if key == "properties" and not names:
            result[key] = _rewrite(value, schemas, base, by_uri, names=True)
            continue
        if key == "$ref" and isinstance(value, str):
            target = urljoin(base, value)
            parts = urlsplit(target)
            document = by_uri[target.partition("#")[0]]
            result[key] = component_pointer(document) + parts.fragment
        else:
            result[key] = _rewrite(value, schemas, base, by_uri)
    return result


def bundled_schemas(schemas: SchemaSet) -> dict[str, Any]:
    """`components/schemas`: every schema file, self-contained inside the OpenAPI document."""
    by_uri = {schemas.uri(name): name for name in COMPONENTS}
    return {
        component: _rewrite(schemas.documents[name], schemas, schemas.uri(name), by_uri)
        for name, component in COMPONENTS.items()
    }


def _json_content(name: str) -> dict[str, Any]:
    return {"application/json": {"schema": {"$ref": component_pointer(name)}}}


def openapi_document(schemas: SchemaSet, generated_note: str) -> dict[str, Any]:
    """The OpenAPI 3.1 document of `PUT /api/v1/sms/campaigns/{campaign}`."""
    responses: dict[str, Any] = {
        "200": {
            "description": "The stored campaign, wrapped in `data`.",
            "content": _json_content(RESPONSE),
        }
    }
    for status, (description, name) in _ERRORS.items():
        responses[status] = {"description": description, "content": _json_content(name)}
    operation = {
        "operationId": "updateSmsCampaign",
        "summary": "Replace a campaign's name, status and meta",
        "description": (
            "The body replaces the campaign's `name`, `status` and `meta`; omitted fields take "
            "their defaults. A body `id` never moves a campaign: the path names it."
        ),
        "parameters": [
            {
                "name": "campaign",
                "in": "path",
                "required": True,
                "description": "Id (UUID) of the campaign to update.",
                "schema": {"type": "string", "format": "uuid"},
            }
        ],
        "security": [{"bearerAuth": []}],
        "requestBody": {"required": True, "content": _json_content(REQUEST)},
        "responses": responses,
    }
    return {
        "x-generated": generated_note,
        "openapi": "3.1.0",
        "info": {
            "title": "SMS campaign API",
            "version": "v1",
            "description": "The campaign update endpoint, as described by campaign-contract.",
        },
        "servers": [{"url": "https://api.comm.com"}],
        "security": [{"bearerAuth": []}],
        "paths": {PATH: {"put": operation}},
        "components": {
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "`Authorization: Bearer <token>`.",
                }
            },
            "schemas": bundled_schemas(schemas),
        },
    }
