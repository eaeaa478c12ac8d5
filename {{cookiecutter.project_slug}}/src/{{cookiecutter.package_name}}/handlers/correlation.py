"""Every response names its request: the ``X-Correlation-Id`` header carries the gateway's request id."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response
from aws_lambda_powertools.event_handler.middlewares import NextMiddleware

from {{ cookiecutter.package_name }}.observability import logger

CORRELATION_HEADER = "X-Correlation-Id"


def correlation_id_header(app: APIGatewayRestResolver, next_middleware: NextMiddleware) -> Response:
    """Add the header to a route's response; error responses set it themselves (handlers.errors)."""
    response = next_middleware(app)
    response.headers[CORRELATION_HEADER] = logger.get_correlation_id() or ""
    return response
