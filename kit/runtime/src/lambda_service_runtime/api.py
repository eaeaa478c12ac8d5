"""The REST API's entry point: a Powertools resolver with the kit's error handling, and its Lambda handler.

A service's ``src/<package>/handlers/api.py`` is then two lines::

    app = rest_api(*discover(routes))  # the Routes of every module in handlers/routes
    handler = lambda_handler(app)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.utilities.typing import LambdaContext

from lambda_service_runtime import errors
from lambda_service_runtime.contract import Routes
from lambda_service_runtime.correlation import correlation_id_header, gateway_request_id
from lambda_service_runtime.observability import logger, metrics
from lambda_service_runtime.tracing import trace_request

Handler = Callable[[dict[str, Any], LambdaContext], dict[str, Any]]


def rest_api(*routers: Router | Routes) -> APIGatewayRestResolver:
    """A resolver serving ``routers``, every error an RFC 9457 problem with the request's correlation id."""
    app = APIGatewayRestResolver()
    errors.register(app)
    app.use(middlewares=[correlation_id_header])
    for router in routers:
        app.include_router(router.router if isinstance(router, Routes) else router)
    return app


def lambda_handler(app: APIGatewayRestResolver) -> Handler:
    """The function's handler: JSON logs with the correlation id, EMF metrics, a trace per request."""

    @logger.inject_lambda_context
    @metrics.log_metrics(capture_cold_start_metric=True)
    @trace_request
    def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
        logger.set_correlation_id(gateway_request_id(event))
        return app.resolve(event, context)

    return handler
