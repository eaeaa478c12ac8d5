"""``parse_json_body``: a validated model from the request body, or a 4xx problem naming what is wrong."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any

import pytest
from problem_documents import assert_problem

from lambda_service_kit.testing.events import rest_event
from lambda_service_runtime.settings import settings

Invoke = Callable[[dict[str, Any]], dict[str, Any]]
JSON = {"Content-Type": "application/json"}


def greeting_body_of_size(size: int) -> str:
    """A valid ``POST /greetings`` body of exactly ``size`` bytes, padded with spaces (JSON whitespace)."""
    body = '{"name": "Ada"}'
    return body[:-1] + " " * (size - len(body)) + "}"


def test_accepts_a_base64_encoded_body(invoke: Invoke) -> None:
    response = invoke(rest_event("POST", "/greetings", body=b'{"name": "Grace"}', headers=JSON))

    assert response["statusCode"] == 201
    assert json.loads(response["body"])["message"] == "Hello, Grace!"


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param({}, id="no-content-type"),
        pytest.param({"Content-Type": "APPLICATION/JSON; charset=utf-8"}, id="json-with-parameters"),
        pytest.param({"content-type": "application/json"}, id="lower-case-header"),
    ],
)
def test_accepts_a_json_body_sent_as_json_or_without_content_type(invoke: Invoke, headers: dict[str, str]) -> None:
    response = invoke(rest_event("POST", "/greetings", body='{"name": "Grace"}', headers=headers))

    assert response["statusCode"] == 201


@pytest.mark.parametrize(
    ("body", "headers", "base64_encoded", "status"),
    [
        pytest.param('{"name": "Ada"', JSON, False, 400, id="malformed-json"),
        pytest.param("", JSON, False, 400, id="empty-body"),
        pytest.param("   ", JSON, False, 400, id="blank-body"),
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


@pytest.mark.parametrize(
    ("body", "base64_encoded", "detail"),
    [
        pytest.param('{"name": "\udcff"}', False, "The body is not valid UTF-8.", id="lone-surrogate"),
        pytest.param("not base64!", True, "The body is flagged as base64 but is not valid base64.", id="lying-flag"),
        pytest.param('{"name": "Ada"', False, "The body is not valid JSON.", id="malformed-json"),
        pytest.param("", False, "The request needs a JSON body.", id="empty-body"),
    ],
)
def test_undecodable_bodies_are_named_for_what_is_wrong(
    invoke: Invoke, body: str, base64_encoded: bool, detail: str
) -> None:
    event = rest_event("POST", "/greetings", body=body, base64_encoded=base64_encoded)

    assert assert_problem(invoke(event), 400, event)["detail"] == detail


def test_invalid_utf8_in_a_base64_body_is_a_client_error(invoke: Invoke) -> None:
    event = rest_event("POST", "/greetings", body=b'{"name": "\xc3\x28"}', headers=JSON)

    assert_problem(invoke(event), 400, event)


def test_validation_errors_name_the_field_without_echoing_the_value(invoke: Invoke) -> None:
    event = rest_event("POST", "/greetings", body='{"name": 12345678}', headers=JSON)

    problem = assert_problem(invoke(event), 422, event)

    assert problem["errors"] == [{"field": "name", "message": "Input should be a valid string"}]
    assert "12345678" not in json.dumps(problem)


def test_a_body_of_the_largest_size_allowed_is_parsed_and_one_byte_more_is_too_large(invoke: Invoke) -> None:
    limit = settings.max_body_bytes
    largest = rest_event("POST", "/greetings", body=greeting_body_of_size(limit), headers=JSON)
    too_large = rest_event("POST", "/greetings", body=greeting_body_of_size(limit + 1), headers=JSON)

    assert invoke(largest)["statusCode"] == 201
    problem = assert_problem(invoke(too_large), 413, too_large)
    assert problem["detail"] == f"The body is larger than {limit} bytes."


def test_the_size_limit_counts_the_bytes_of_a_base64_body_not_its_encoded_length(invoke: Invoke) -> None:
    limit = settings.max_body_bytes
    largest = greeting_body_of_size(limit).encode()
    too_large = greeting_body_of_size(limit + 1).encode()
    assert len(base64.b64encode(largest)) > limit  # the encoded text alone would be over the limit

    assert invoke(rest_event("POST", "/greetings", body=largest, headers=JSON))["statusCode"] == 201
    event = rest_event("POST", "/greetings", body=too_large, headers=JSON)
    assert_problem(invoke(event), 413, event)


def test_the_size_limit_counts_bytes_not_characters(invoke: Invoke) -> None:
    limit = settings.max_body_bytes
    name = "é" * ((limit - len('{"name": ""}')) // 2 + 1)  # under the limit in characters, over it in UTF-8
    event = rest_event("POST", "/greetings", body=json.dumps({"name": name}, ensure_ascii=False), headers=JSON)

    assert len(event["body"]) <= limit < len(event["body"].encode())
    assert_problem(invoke(event), 413, event)
