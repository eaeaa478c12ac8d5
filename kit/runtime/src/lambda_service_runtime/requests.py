"""Turn a proxy event's body, path parameters and query string into validated models, or a client error."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from http import HTTPStatus
from typing import Literal, TypeVar

from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEvent
from pydantic import BaseModel, ValidationError

from lambda_service_runtime.errors import ClientError, InvalidBody, InvalidParameters
from lambda_service_runtime.settings import settings

ModelT = TypeVar("ModelT", bound=BaseModel)

JSON_MEDIA_TYPES = frozenset({"application/json"})


def parse_json_body(event: APIGatewayProxyEvent, model: type[ModelT]) -> ModelT:
    """Validate the request body against ``model``.

    Raises ``ClientError`` (4xx) for anything the client got wrong: a body too large,
    not JSON, lying about its base64 encoding, or not matching the model.
    """
    _check_content_type(event.headers.get("Content-Type") or "")
    payload = _body_bytes(event.body or "", is_base64=event.is_base64_encoded)
    try:
        return model.model_validate_json(payload)
    except ValidationError as error:
        raise InvalidBody.from_validation_error(error) from None


def parse_parameters(
    values: Mapping[str, str] | None, model: type[ModelT], *, location: Literal["path", "query"]
) -> ModelT:
    """Validate a route's path parameters or query string against ``model``; a 422 names the parameter."""
    try:
        return model.model_validate(dict(values or {}))
    except ValidationError as error:
        raise InvalidParameters.from_validation_error(error, location=location) from None


def _check_content_type(header: str) -> None:
    media_type = header.split(";", 1)[0].strip().lower()
    if media_type and media_type not in JSON_MEDIA_TYPES:
        raise ClientError(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json.")


def _body_bytes(body: str, *, is_base64: bool) -> bytes:
    limit = settings.max_body_bytes
    # Base64 inflates by 4/3: refuse early, before decoding, what cannot fit.
    if len(body) > (limit * 4 // 3 + 4 if is_base64 else limit):
        raise _too_large(limit)
    payload = _decode_base64(body) if is_base64 else _encode_utf8(body)
    if len(payload) > limit:
        raise _too_large(limit)
    if not payload.strip():
        raise ClientError(HTTPStatus.BAD_REQUEST, "The request needs a JSON body.")
    return payload


def _decode_base64(body: str) -> bytes:
    try:
        return base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError):
        raise ClientError(HTTPStatus.BAD_REQUEST, "The body is flagged as base64 but is not valid base64.") from None


def _encode_utf8(body: str) -> bytes:
    # A lone surrogate (invalid UTF-8 decoded by the gateway) cannot be encoded. UnicodeEncodeError is a
    # ValueError: it must not be caught together with base64's errors, or it gets the base64 message.
    try:
        return body.encode("utf-8")
    except UnicodeEncodeError:
        raise ClientError(HTTPStatus.BAD_REQUEST, "The body is not valid UTF-8.") from None


def _too_large(limit: int) -> ClientError:
    return ClientError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"The body is larger than {limit} bytes.")
