"""``rest_api(*routers)`` and ``lambda_handler(app)``: the example's routes served with logs and metrics."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from aws_lambda_powertools.event_handler.api_gateway import Router
from fresh_interpreter import FreshInterpreter
from problem_documents import assert_problem

from lambda_service_kit.testing.events import FakeLambdaContext, rest_event
from lambda_service_kit.testing.strategies import response_header
from lambda_service_runtime.api import lambda_handler, rest_api

Invoke = Callable[[dict[str, Any]], dict[str, Any]]
LogRecords = Callable[[], list[dict[str, Any]]]
JSON = {"Content-Type": "application/json"}

books, authors = Router(), Router()


@books.get("/books")
def list_books() -> dict[str, list[str]]:
    return {"books": []}


@authors.get("/authors")
def list_authors() -> dict[str, list[str]]:
    return {"authors": []}


def emf_documents(output: str) -> list[dict[str, Any]]:
    """The CloudWatch embedded-metric documents among the function's output lines."""
    return [json.loads(line) for line in output.splitlines() if '"_aws"' in line]


def metric_names(document: dict[str, Any]) -> set[str]:
    return {metric["Name"] for directive in document["_aws"]["CloudWatchMetrics"] for metric in directive["Metrics"]}


def test_health_answers_ok(invoke: Invoke) -> None:
    response = invoke(rest_event("GET", "/health"))

    assert response["statusCode"] == 200
    assert json.loads(response["body"]) == {"status": "ok"}


def test_creates_a_greeting(invoke: Invoke) -> None:
    event = rest_event("POST", "/greetings", body='{"name": "Ada", "language": "fr"}', headers=JSON)

    response = invoke(event)

    assert response["statusCode"] == 201
    assert response_header(response, "Content-Type") == "application/json"
    assert json.loads(response["body"]) == {"message": "Bonjour, Ada!", "language": "fr"}


def test_serves_every_router_it_is_given_and_nothing_else() -> None:
    handler = lambda_handler(rest_api(books, authors))

    def call(path: str) -> dict[str, Any]:
        event = rest_event("GET", path)
        return {"event": event, "response": handler(event, FakeLambdaContext())}

    assert json.loads(call("/books")["response"]["body"]) == {"books": []}
    assert json.loads(call("/authors")["response"]["body"]) == {"authors": []}
    unknown = call("/health")  # the example's route, not this app's
    assert_problem(unknown["response"], 404, unknown["event"])


def test_every_log_line_carries_service_environment_cold_start_and_correlation_id(
    invoke: Invoke, log_records: LogRecords, function_environment: dict[str, str]
) -> None:
    event = rest_event("POST", "/greetings", body="{}", headers=JSON)

    invoke(event)

    records = log_records()
    assert records, "the rejected request should have been logged"
    for record in records:
        assert record["service"] == function_environment["POWERTOOLS_SERVICE_NAME"]
        assert record["environment"] == function_environment["ENVIRONMENT"]
        assert isinstance(record["cold_start"], bool)
        assert record["correlation_id"] == event["requestContext"]["requestId"]


def test_emits_business_metrics_in_emf_in_the_environments_namespace(
    invoke: Invoke, capsys: pytest.CaptureFixture[str], function_environment: dict[str, str]
) -> None:
    invoke(rest_event("POST", "/greetings", body='{"name": "Ada"}', headers=JSON))

    documents = emf_documents(capsys.readouterr().out)
    assert "GreetingsCreated" in set().union(*map(metric_names, documents))
    namespaces = {
        directive["Namespace"] for document in documents for directive in document["_aws"]["CloudWatchMetrics"]
    }
    assert namespaces == {function_environment["POWERTOOLS_METRICS_NAMESPACE"]}
    assert all(document["environment"] == function_environment["ENVIRONMENT"] for document in documents)


def test_only_the_first_request_of_an_execution_environment_is_a_cold_start(
    fresh_interpreter: FreshInterpreter,
) -> None:
    rejected = [rest_event("POST", "/greetings", body="{}", headers=JSON) for _ in range(2)]

    invocation = fresh_interpreter.invoke(rejected, tracing="none")

    assert [response["statusCode"] for response in invocation.responses] == [422, 422]
    cold_start_metrics = [document for document in emf_documents(invocation.stdout) if "ColdStart" in document]
    assert [metric_names(document) for document in cold_start_metrics] == [{"ColdStart"}]
    logged = [json.loads(line) for line in invocation.stdout.splitlines() if '"cold_start"' in line]
    assert [record["cold_start"] for record in logged] == [True, False]
    assert [record["correlation_id"] for record in logged] == [
        event["requestContext"]["requestId"] for event in rejected
    ]
