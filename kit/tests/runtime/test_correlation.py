"""Every response names its request: ``X-Correlation-Id`` is the gateway's request id, and only this request's."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from lambda_service_kit.testing.events import rest_event
from lambda_service_kit.testing.strategies import response_header
from lambda_service_runtime.correlation import CORRELATION_HEADER, gateway_request_id

Invoke = Callable[[dict[str, Any]], dict[str, Any]]
JSON = {"Content-Type": "application/json"}


def test_the_gateway_request_id_is_read_from_the_request_context() -> None:
    assert gateway_request_id(rest_event("GET", "/health", request_id="c0ffee00-0000-4000-8000-000000000001")) == (
        "c0ffee00-0000-4000-8000-000000000001"
    )


@pytest.mark.parametrize("request_context", [None, "not-a-map", {}], ids=["null", "a-string", "no-request-id"])
def test_an_event_without_a_request_id_has_none(request_context: object) -> None:
    event = {**rest_event("GET", "/health"), "requestContext": request_context}

    assert gateway_request_id(event) is None


@pytest.mark.parametrize(
    "event",
    [
        pytest.param(rest_event("GET", "/health"), id="a-route"),
        pytest.param(rest_event("POST", "/greetings", body='{"name": "Ada"}', headers=JSON), id="created"),
        pytest.param(rest_event("POST", "/greetings", body="{}", headers=JSON), id="rejected-body"),
        pytest.param(rest_event("GET", "/nowhere"), id="no-route"),
    ],
)
def test_every_response_carries_the_request_id(invoke: Invoke, event: dict[str, Any]) -> None:
    response = invoke(event)

    assert response_header(response, CORRELATION_HEADER) == event["requestContext"]["requestId"]


def test_a_request_without_an_id_is_not_given_the_previous_ones(invoke: Invoke) -> None:
    invoke(rest_event("GET", "/nowhere"))
    anonymous = {**rest_event("GET", "/nowhere"), "requestContext": None}

    response = invoke(anonymous)

    assert response["statusCode"] == 404
    assert response_header(response, CORRELATION_HEADER) == ""
    assert json.loads(response["body"])["correlationId"] is None
