"""Every error leaves as an RFC 9457 problem with the correlation id, and never tells how the service is built."""

from __future__ import annotations

import json
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

import pytest
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.exceptions import BadRequestError, InternalServerError
from greeting_service.handlers.routes import greetings
from problem_documents import assert_problem
from pydantic import BaseModel

from lambda_service_kit.testing.events import FakeLambdaContext, rest_event
from lambda_service_runtime.api import lambda_handler, rest_api
from lambda_service_runtime.errors import MAX_FIELD_LENGTH, MAX_REPORTED_ERRORS, ClientError
from lambda_service_runtime.requests import parse_json_body

Invoke = Callable[[dict[str, Any]], dict[str, Any]]
LogRecords = Callable[[], list[dict[str, Any]]]
JSON = {"Content-Type": "application/json"}
INTERNAL_DETAIL = "database password is hunter2"

failures = Router()


class ManyFields(BaseModel):
    counts: dict[str, int]
    a: int
    b: int
    c: int
    d: int
    e: int
    f: int
    g: int
    h: int
    i: int
    j: int
    k: int


@failures.get("/conflict")
def conflict() -> None:
    raise ClientError(HTTPStatus.CONFLICT, "The greeting exists already.", errors=[{"field": "name", "message": "x"}])


@failures.get("/powertools-client-error")
def powertools_client_error() -> None:
    raise BadRequestError(INTERNAL_DETAIL)


@failures.get("/powertools-server-error")
def powertools_server_error() -> None:
    raise InternalServerError(INTERNAL_DETAIL)


@failures.post("/many-fields")
def many_fields() -> None:
    parse_json_body(failures.current_event, ManyFields)


failing_handler = lambda_handler(rest_api(failures))


def call(method: str, path: str, body: str | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
    event = rest_event(method, path, body=body, headers=JSON)
    return event, failing_handler(event, FakeLambdaContext())


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/nowhere"), ("DELETE", "/greetings"), ("POST", "/health"), ("GET", "/greetings/../health")],
)
def test_unknown_routes_and_methods_are_not_found(invoke: Invoke, method: str, path: str) -> None:
    event = rest_event(method, path)

    assert_problem(invoke(event), 404, event)


def test_a_not_found_answer_does_not_reflect_the_path(invoke: Invoke) -> None:
    event = rest_event("GET", "/<script>alert(1)</script>")

    response = invoke(event)

    assert_problem(response, 404, event)
    assert "script" not in response["body"]


def test_a_client_error_raised_by_a_route_is_its_status_detail_and_errors() -> None:
    event, response = call("GET", "/conflict")

    problem = assert_problem(response, 409, event)
    assert problem["title"] == "Conflict"
    assert problem["detail"] == "The greeting exists already."
    assert problem["errors"] == [{"field": "name", "message": "x"}]


def test_a_powertools_client_error_keeps_its_status_but_not_its_message(log_records: LogRecords) -> None:
    event, response = call("GET", "/powertools-client-error")

    problem = assert_problem(response, 400, event)
    assert problem["detail"] == "The request was not accepted."
    assert "hunter2" not in response["body"]
    assert [record for record in log_records() if record["level"] == "ERROR"] == []


def test_a_powertools_server_error_is_an_unexpected_error(log_records: LogRecords) -> None:
    event, response = call("GET", "/powertools-server-error")

    problem = assert_problem(response, 500, event)
    assert problem["detail"] == "An unexpected error occurred."
    assert "hunter2" not in response["body"]
    assert ["hunter2" in record["exception"] for record in log_records() if record["level"] == "ERROR"] == [True]


def test_an_unexpected_error_is_a_500_with_a_logged_exception(
    invoke: Invoke, log_records: LogRecords, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(_: object) -> None:
        raise RuntimeError(INTERNAL_DETAIL)

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


def test_a_rejected_request_is_logged_with_its_status_and_reason(log_records: LogRecords) -> None:
    call("GET", "/conflict")

    [record] = [record for record in log_records() if record["message"] == "Rejected request"]
    assert record["level"] == "INFO"
    assert record["status"] == 409
    assert record["reason"] == "The greeting exists already."


def test_validation_errors_are_reported_up_to_a_limit() -> None:
    event, response = call("POST", "/many-fields", body="{}")

    problem = assert_problem(response, 422, event)
    assert len(problem["errors"]) == MAX_REPORTED_ERRORS
    assert [error["field"] for error in problem["errors"]] == ["counts", *"abcdefghi"]


def test_the_reported_field_path_is_cut_to_a_bounded_length() -> None:
    key = "k" * 1_000
    body = json.dumps({"counts": {key: "many"}, **dict.fromkeys("abcdefghijk", 1)})

    event, response = call("POST", "/many-fields", body=body)

    [error] = assert_problem(response, 422, event)["errors"]
    assert error["field"] == f"counts.{key[:MAX_FIELD_LENGTH]}"
    assert "many" not in error["message"]


def emf_documents(output: str) -> list[dict[str, Any]]:
    """The CloudWatch embedded-metric documents among the lines the function printed."""
    documents = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    return [document for document in documents if "_aws" in document]


def test_an_unexpected_error_publishes_one_unexpected_errors_point_by_function_version(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_VERSION", "42")
    capsys.readouterr()

    call("GET", "/powertools-server-error")

    (document,) = [d for d in emf_documents(capsys.readouterr().out) if "UnexpectedErrors" in d]
    (directive,) = document["_aws"]["CloudWatchMetrics"]
    assert directive["Metrics"] == [{"Name": "UnexpectedErrors", "Unit": "Count"}]
    assert set(directive["Dimensions"][0]) == {"service", "environment", "version"}
    assert (document["version"], document["environment"], document["UnexpectedErrors"]) == ("42", "dev", [1.0])
    assert directive["Namespace"] == "greeting-service-dev"


def test_a_client_error_publishes_no_unexpected_errors_point(capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()

    call("GET", "/conflict")

    assert [d for d in emf_documents(capsys.readouterr().out) if "UnexpectedErrors" in d] == []
