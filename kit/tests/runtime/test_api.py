"""The handler on REST proxy events: routes, bad input, errors, logs and metrics."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from {{ cookiecutter.package_name }}.handlers.routes import greetings

from tests.runtime_environment import TEST_ENVIRONMENT
from tests.unit.conftest import header, json_body
from lambda_service_kit.testing.events import rest_event

Invoke = Callable[[dict[str, Any]], dict[str, Any]]
JSON = {"Content-Type": "application/json"}


def assert_problem(response: dict[str, Any], status: int, event: dict[str, Any]) -> dict[str, Any]:
    """A client-facing error: the status, a problem document and the request's correlation id."""
    assert response["statusCode"] == status
    assert header(response, "Content-Type") == "application/problem+json"
    problem = json_body(response)
    request_id = event["requestContext"]["requestId"]
    assert problem["status"] == status
    assert problem["correlationId"] == request_id
    assert header(response, "X-Correlation-Id") == request_id
    assert "Traceback" not in response["body"]
    assert ".py" not in response["body"]
    return problem


def test_health_answers_ok(invoke: Invoke) -> None:
    response = invoke(rest_event("GET", "/health"))

    assert response["statusCode"] == 200
    assert json_body(response) == {"status": "ok"}


def test_creates_a_greeting(invoke: Invoke) -> None:
    response = invoke(rest_event("POST", "/greetings", body='{"name": "Ada", "language": "fr"}', headers=JSON))

    assert response["statusCode"] == 201
    assert json_body(response) == {"message": "Bonjour, Ada!", "language": "fr"}


def test_accepts_a_base64_encoded_body(invoke: Invoke) -> None:
    response = invoke(rest_event("POST", "/greetings", body=b'{"name": "Grace"}', headers=JSON))

    assert response["statusCode"] == 201
    assert json_body(response)["message"] == "Hello, Grace!"


def test_accepts_a_body_without_content_type(invoke: Invoke) -> None:
    response = invoke(rest_event("POST", "/greetings", body='{"name": "Grace"}'))

    assert response["statusCode"] == 201


@pytest.mark.parametrize(
    ("body", "headers", "base64_encoded", "status"),
    [
        pytest.param('{"name": "Ada"', JSON, False, 400, id="malformed-json"),
        pytest.param("", JSON, False, 400, id="empty-body"),
        pytest.param(None, JSON, False, 400, id="no-body"),
        pytest.param("not base64!", JSON, True, 400, id="base64-flag-lies"),
        pytest.param('{"name": "\udcff"}', JSON, False, 400, id="lone-surrogate"),
        pytest.param('"just a string"', JSON, False, 422, id="json-but-not-an-object"),
        pytest.param('{"name": 42}', JSON, False, 422, id="wrong-type"),
        pytest.param("{}", JSON, False, 422, id="missing-field"),
        pytest.param('{"name": "Ada", "admin": true}', JSON, False, 422, id="unknown-field"),
        pytest.param('{"name": "Ada", "language": "xx"}', JSON, False, 422, id="unsupported-language"),
        pytest.param('{"name": "   "}', JSON, False, 422, id="blank-name"),
        pytest.param("[" * 10_000 + "]" * 10_000, JSON, False, 413, id="too-large"),
        pytest.param("[" * 500 + "]" * 500, JSON, False, 400, id="deeply-nested"),
        pytest.param('{"name": "Ada"}', {"Content-Type": "text/plain"}, False, 415, id="not-json-content-type"),
    ],
)
def test_rejects_bad_bodies_with_a_client_error(
    invoke: Invoke, body: str | None, headers: dict[str, str], base64_encoded: bool, status: int
) -> None:
    event = rest_event("POST", "/greetings", body=body, headers=headers, base64_encoded=base64_encoded)

    assert_problem(invoke(event), status, event)


def test_invalid_utf8_in_a_base64_body_is_a_client_error(invoke: Invoke) -> None:
    event = rest_event("POST", "/greetings", body=b'{"name": "\xff\xfe"}', headers=JSON)

    assert_problem(invoke(event), 400, event)


def test_validation_errors_name_the_field_without_echoing_the_value(invoke: Invoke) -> None:
    event = rest_event("POST", "/greetings", body='{"name": 12345678}', headers=JSON)

    problem = assert_problem(invoke(event), 422, event)

    assert problem["errors"] == [{"field": "name", "message": "Input should be a valid string"}]
    assert "12345678" not in json.dumps(problem)


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/nowhere"), ("DELETE", "/greetings"), ("POST", "/health"), ("GET", "/greetings/../health")],
)
def test_unknown_routes_and_methods_are_not_found(invoke: Invoke, method: str, path: str) -> None:
    event = rest_event(method, path)

    assert_problem(invoke(event), 404, event)


def test_an_unexpected_error_is_a_500_with_a_logged_exception(
    invoke: Invoke, log_records: Callable[[], list[dict[str, Any]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(_: object) -> None:
        raise RuntimeError("database password is hunter2")

    monkeypatch.setattr(greetings, "compose_greeting", fail)
    event = rest_event("POST", "/greetings", body='{"name": "Ada"}', headers=JSON)

    response = invoke(event)

    problem = assert_problem(response, 500, event)
    assert "hunter2" not in response["body"]
    assert problem["detail"] == "An unexpected error occurred."
    errors = [record for record in log_records() if record["level"] == "ERROR"]
    assert len(errors) == 1
    assert "hunter2" in errors[0]["exception"]
    assert errors[0]["correlation_id"] == event["requestContext"]["requestId"]


def test_every_log_line_carries_service_environment_cold_start_and_correlation_id(
    invoke: Invoke, log_records: Callable[[], list[dict[str, Any]]]
) -> None:
    event = rest_event("POST", "/greetings", body="{}", headers=JSON)

    invoke(event)

    records = log_records()
    assert records, "the rejected request should have been logged"
    for record in records:
        assert record["service"] == TEST_ENVIRONMENT["POWERTOOLS_SERVICE_NAME"]
        assert record["environment"] == "test"
        assert isinstance(record["cold_start"], bool)
        assert record["correlation_id"] == event["requestContext"]["requestId"]


def test_emits_cold_start_and_business_metrics_in_emf(invoke: Invoke, capsys: pytest.CaptureFixture[str]) -> None:
    invoke(rest_event("POST", "/greetings", body='{"name": "Ada"}', headers=JSON))

    documents = [json.loads(line) for line in capsys.readouterr().out.splitlines() if '"_aws"' in line]
    metric_names = {
        metric["Name"]
        for document in documents
        for directive in document["_aws"]["CloudWatchMetrics"]
        for metric in directive["Metrics"]
    }
    namespaces = {
        directive["Namespace"] for document in documents for directive in document["_aws"]["CloudWatchMetrics"]
    }
    assert "GreetingsCreated" in metric_names
    assert namespaces == {TEST_ENVIRONMENT["POWERTOOLS_METRICS_NAMESPACE"]}
    assert all(document["environment"] == "test" for document in documents)
