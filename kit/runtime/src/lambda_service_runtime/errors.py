"""Every error leaves as an RFC 9457 problem document with the request's correlation id.

Clients get a status, a short explanation and the id to quote when they ask for
help; they never get a stack trace, a file path or an exception's text.
"""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response
from aws_lambda_powertools.event_handler.exceptions import NotFoundError, ServiceError
from pydantic import ValidationError

from lambda_service_runtime.correlation import CORRELATION_HEADER
from lambda_service_runtime.observability import count_unexpected_error, logger
from lambda_service_runtime.tracing import record_exception

PROBLEM_CONTENT_TYPE = "application/problem+json"
MAX_REPORTED_ERRORS = 10
MAX_FIELD_LENGTH = 64


class ClientError(Exception):
    """A request the client must change before it can succeed."""

    def __init__(self, status: HTTPStatus, detail: str, *, errors: list[dict[str, str]] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = errors


class InvalidBody(ClientError):
    @classmethod
    def from_validation_error(cls, error: ValidationError) -> InvalidBody:
        problems = error.errors(include_input=False, include_url=False, include_context=False)
        if any(problem["type"] == "json_invalid" for problem in problems):
            return cls(HTTPStatus.BAD_REQUEST, "The body is not valid JSON.")
        return cls(
            HTTPStatus.UNPROCESSABLE_ENTITY,
            "The body does not match the expected schema.",
            errors=[
                {"field": _field_path(problem["loc"]), "message": problem["msg"]}
                for problem in problems[:MAX_REPORTED_ERRORS]
            ],
        )


class InvalidParameters(ClientError):
    @classmethod
    def from_validation_error(cls, error: ValidationError, *, location: str) -> InvalidParameters:
        problems = error.errors(include_input=False, include_url=False, include_context=False)
        return cls(
            HTTPStatus.UNPROCESSABLE_ENTITY,
            f"The {location} parameters do not match the expected schema.",
            errors=[
                {"field": _field_path((location, *problem["loc"])), "message": problem["msg"]}
                for problem in problems[:MAX_REPORTED_ERRORS]
            ],
        )


def problem_response(status: HTTPStatus, detail: str, **extensions: Any) -> Response:
    correlation_id = logger.get_correlation_id()
    body = {
        "type": "about:blank",
        "title": status.phrase,
        "status": status.value,
        "detail": detail,
        "correlationId": correlation_id,
        **extensions,
    }
    return Response(
        status_code=status.value,
        content_type=PROBLEM_CONTENT_TYPE,
        body=json.dumps(body),
        headers={CORRELATION_HEADER: correlation_id or ""},
    )


def register(app: APIGatewayRestResolver) -> None:
    """Install the service's error responses on ``app``."""

    @app.not_found
    def route_not_found(_: NotFoundError) -> Response:
        # The request's method and path are not echoed: a response never reflects unvalidated input.
        return problem_response(HTTPStatus.NOT_FOUND, "No route matches this method and path.")

    @app.exception_handler(ClientError)
    def client_error(error: ClientError) -> Response:
        logger.info("Rejected request", extra={"status": error.status.value, "reason": error.detail})
        extensions = {"errors": error.errors} if error.errors else {}
        return problem_response(error.status, error.detail, **extensions)

    @app.exception_handler(Exception)
    def unexpected_error(error: Exception) -> Response:
        if (status := _client_error_status(error)) is not None:
            return problem_response(status, "The request was not accepted.")
        logger.exception("Unhandled error while serving the request")
        record_exception(error)
        count_unexpected_error()
        return problem_response(HTTPStatus.INTERNAL_SERVER_ERROR, "An unexpected error occurred.")


def _client_error_status(error: Exception) -> HTTPStatus | None:
    """The 4xx status of a Powertools ``ServiceError`` (``BadRequestError``...), if it is one."""
    if not isinstance(error, ServiceError):
        return None
    try:
        status = HTTPStatus(error.status_code)
    except ValueError:  # not a status HTTP defines: answered as an unexpected error
        return None
    return status if HTTPStatus.BAD_REQUEST <= status < HTTPStatus.INTERNAL_SERVER_ERROR else None


def _field_path(location: tuple[int | str, ...]) -> str:
    return ".".join(str(part)[:MAX_FIELD_LENGTH] for part in location) or "body"
