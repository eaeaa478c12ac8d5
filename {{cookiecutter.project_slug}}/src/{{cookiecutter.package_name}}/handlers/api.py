"""REST API entry point: wires observability and error handling, then routes the request."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from aws_lambda_powertools.utilities.typing import LambdaContext

from {{ cookiecutter.package_name }}.handlers import errors
from {{ cookiecutter.package_name }}.handlers.correlation import correlation_id_header, gateway_request_id
from {{ cookiecutter.package_name }}.handlers.routes import greetings, health
from {{ cookiecutter.package_name }}.observability import logger, metrics
from {{ cookiecutter.package_name }}.tracing import trace_request

app = APIGatewayRestResolver()
errors.register(app)
app.use(middlewares=[correlation_id_header])
app.include_router(health.router)
app.include_router(greetings.router)


@logger.inject_lambda_context
@metrics.log_metrics(capture_cold_start_metric=True)
@trace_request
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    logger.set_correlation_id(gateway_request_id(event))
    return app.resolve(event, context)
