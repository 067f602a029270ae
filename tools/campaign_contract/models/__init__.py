"""Typed models of the contract's bodies, and the one right way to turn them into wire JSON.

The classes are generated from the schemas into `campaign_contract.generated.models` (never
edited by hand); this module is their stable import path. Request models are strict (exact JSON
types, closed objects, `null` only where the schema allows it, absent kept apart from `null`);
response models are tolerant readers (unknown keys accepted at every level and kept).

Request and response objects share their names (`Meta`, `ManualData`, ...): use the modules
`request` and `response` to tell them apart, e.g. `request.Meta` and `response.Meta`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from campaign_contract.extras import require

require("models", __name__)

from campaign_contract.generated.models import error_message, request, response, validation_error
from campaign_contract.generated.models.error_message import ErrorMessage
from campaign_contract.generated.models.request import SmsCampaignDataRequest
from campaign_contract.generated.models.response import SmsCampaignData, SmsCampaignDataResponse

if TYPE_CHECKING:
    from pydantic import BaseModel

ValidationErrorBody = validation_error.ValidationError
"""The 422 body; renamed here so it cannot be mistaken for `pydantic.ValidationError`."""

__all__ = [
    "ErrorMessage",
    "SmsCampaignData",
    "SmsCampaignDataRequest",
    "SmsCampaignDataResponse",
    "ValidationErrorBody",
    "error_message",
    "parse_error_message",
    "parse_request",
    "parse_response",
    "parse_validation_error",
    "request",
    "response",
    "to_wire",
    "validation_error",
]


def to_wire(model: BaseModel) -> dict[str, Any]:
    """The JSON object a model stands for: wire names, only the fields that were set (or read),
    explicit `null`s kept, unknown keys of a response kept."""
    wire: dict[str, Any] = model.model_dump(mode="json", by_alias=True, exclude_unset=True)
    return wire


def parse_request(body: Mapping[str, Any]) -> SmsCampaignDataRequest:
    """A request body (decoded JSON) as a model; raises `pydantic.ValidationError` if the
    request schema rejects it."""
    return SmsCampaignDataRequest.model_validate(body)


def parse_response(body: Mapping[str, Any]) -> SmsCampaignDataResponse:
    """A 200 response body as a model; unknown keys are accepted and kept."""
    return SmsCampaignDataResponse.model_validate(body)


def parse_error_message(body: Mapping[str, Any]) -> ErrorMessage:
    """A 401, 403 or 404 body as a model."""
    return ErrorMessage.model_validate(body)


def parse_validation_error(body: Mapping[str, Any]) -> ValidationErrorBody:
    """A 422 body as a model."""
    return ValidationErrorBody.model_validate(body)
