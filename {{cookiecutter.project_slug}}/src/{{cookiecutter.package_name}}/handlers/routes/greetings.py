"""``POST /greetings``: validate the body, compose a greeting, count it."""

from __future__ import annotations

from http import HTTPStatus

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.metrics import MetricUnit
from lambda_service_runtime.observability import metrics
from lambda_service_runtime.requests import parse_json_body
from lambda_service_runtime.tracing import span

from {{ cookiecutter.package_name }}.logic.greetings import compose_greeting
from {{ cookiecutter.package_name }}.models.greeting import GreetingRequest

router = Router()


@router.post("/greetings")
def create_greeting() -> Response:
    request = parse_json_body(router.current_event, GreetingRequest)
    # One child span around the service's logic: each span costs tens of microseconds per traced request.
    with span("compose_greeting", language=request.language):
        greeting = compose_greeting(request)
    metrics.add_metric(name="GreetingsCreated", unit=MetricUnit.Count, value=1)
    return Response(
        status_code=HTTPStatus.CREATED,
        content_type="application/json",
        body=greeting.model_dump_json(),
    )
