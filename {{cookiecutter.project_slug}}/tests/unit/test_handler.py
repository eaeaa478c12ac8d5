"""The handler on REST proxy events: each route, the answers clients rely on, logs and metrics.

How bodies are parsed and errors are shaped is the kit's and tested there; this is what this service
promises its clients.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from lambda_service_kit.testing import FakeLambdaContext, rest_event
from lambda_service_kit.testing.strategies import response_header

from {{ cookiecutter.package_name }}.handlers import api
from {{ cookiecutter.package_name }}.handlers.routes import greetings

JSON = {"Content-Type": "application/json"}


def invoke(event: dict[str, Any]) -> dict[str, Any]:
    return api.handler(event, FakeLambdaContext())


def test_health_answers_ok() -> None:
    response = invoke(rest_event("GET", "/health"))

    assert response["statusCode"] == 200
    assert json.loads(response["body"]) == {"status": "ok"}


def test_creates_a_greeting_in_the_language_asked_for() -> None:
    event = rest_event("POST", "/greetings", body='{"name": "Ada", "language": "fr"}', headers=JSON)

    response = invoke(event)

    assert response["statusCode"] == 201
    assert json.loads(response["body"]) == {"message": "Bonjour, Ada!", "language": "fr"}
    assert response_header(response, "X-Correlation-Id") == event["requestContext"]["requestId"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ('{"name": 42}', "name"),
        ("{}", "name"),
        ('{"name": "   "}', "name"),
        ('{"name": "\\u0085"}', "name"),
        ('{"name": "A", "language": "xx"}', "language"),
    ],
)
def test_a_body_that_breaks_the_model_is_a_422_naming_the_field(body: str, field: str) -> None:
    response = invoke(rest_event("POST", "/greetings", body=body, headers=JSON))

    assert response["statusCode"] == 422
    assert response_header(response, "Content-Type") == "application/problem+json"
    assert [error["field"] for error in json.loads(response["body"])["errors"]] == [field]


def read_greeting(language: str, query: dict[str, list[str]]) -> dict[str, Any]:
    return invoke(
        rest_event(
            "GET",
            f"/greetings/{language}",
            query=query,
            resource="/greetings/{language}",
            path_parameters={"language": language},
        )
    )


def test_reads_a_greeting_in_the_language_of_the_path() -> None:
    response = read_greeting("de", {"name": ["Ada"]})

    assert response["statusCode"] == 200
    assert json.loads(response["body"]) == {"message": "Hallo, Ada!", "language": "de"}


@pytest.mark.parametrize(
    ("language", "query", "field"),
    [("xx", {"name": ["Ada"]}, "path.language"), ("en", {}, "query.name"), ("en", {"name": ["\u3000"]}, "query.name")],
    ids=["unknown-language", "no-name", "blank-name"],
)
def test_a_parameter_that_breaks_the_model_is_a_422_naming_it(
    language: str, query: dict[str, list[str]], field: str
) -> None:
    response = read_greeting(language, query)

    assert response["statusCode"] == 422
    assert [error["field"] for error in json.loads(response["body"])["errors"]] == [field]


def test_an_unknown_route_is_a_404_problem() -> None:
    response = invoke(rest_event("DELETE", "/greetings"))

    assert response["statusCode"] == 404
    assert json.loads(response["body"])["status"] == 404


def test_an_unexpected_error_is_a_500_that_hides_its_cause_and_logs_it(
    log_records: Callable[[], list[dict[str, Any]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(_: object) -> None:
        raise RuntimeError("database password is hunter2")

    monkeypatch.setattr(greetings, "compose_greeting", fail)

    response = invoke(rest_event("POST", "/greetings", body='{"name": "Ada"}', headers=JSON))

    assert response["statusCode"] == 500
    assert "hunter2" not in response["body"]
    assert ["hunter2" in record["exception"] for record in log_records() if record["level"] == "ERROR"] == [True]


def test_counts_greetings_in_the_environment_namespace(capsys: pytest.CaptureFixture[str]) -> None:
    invoke(rest_event("POST", "/greetings", body='{"name": "Ada"}', headers=JSON))

    documents = [json.loads(line) for line in capsys.readouterr().out.splitlines() if '"_aws"' in line]
    directives = [directive for document in documents for directive in document["_aws"]["CloudWatchMetrics"]]
    assert "GreetingsCreated" in {metric["Name"] for directive in directives for metric in directive["Metrics"]}
    assert {directive["Namespace"] for directive in directives} == {"{{ cookiecutter.project_slug }}-dev"}
