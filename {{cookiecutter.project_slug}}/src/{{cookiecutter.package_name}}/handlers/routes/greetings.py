"""``POST /greetings`` and ``GET /greetings/{language}``: compose a greeting, count the ones created."""

from __future__ import annotations

from http import HTTPStatus

from aws_lambda_powertools.metrics import MetricUnit
from lambda_service_runtime.contract import Routes
from lambda_service_runtime.observability import metrics
from lambda_service_runtime.tracing import span

from {{ cookiecutter.package_name }}.logic.greetings import compose_greeting
from {{ cookiecutter.package_name }}.models.greeting import Greeting, GreetingPath, GreetingQuery, GreetingRequest

routes = Routes()


@routes.post("/greetings", body=GreetingRequest, response=Greeting, status=HTTPStatus.CREATED)
def create_greeting(body: GreetingRequest) -> Greeting:
    """Create a greeting for a name, in a language."""
    # One child span around the service's logic: each span costs tens of microseconds per traced request.
    with span("compose_greeting", language=body.language):
        greeting = compose_greeting(body)
    metrics.add_metric(name="GreetingsCreated", unit=MetricUnit.Count, value=1)
    return greeting


@routes.get("/greetings/{language}", path_parameters=GreetingPath, query=GreetingQuery, response=Greeting)
def read_greeting(path: GreetingPath, query: GreetingQuery) -> Greeting:
    """Read the greeting for a name in a language, without counting it."""
    return compose_greeting(GreetingRequest(name=query.name, language=path.language))
