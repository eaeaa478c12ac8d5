"""Powertools Tracer (X-Ray SDK): same interface as the other tracing options, botocore patched on demand."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lambda_service_runtime import tracing

from tests.unit.cold_imports import modules_loaded_by_handler_import
from lambda_service_kit.testing.events import rest_event

Invoke = Callable[[dict[str, Any]], dict[str, Any]]


def test_requests_are_served_through_the_tracer(invoke: Invoke) -> None:
    response = invoke(rest_event("POST", "/greetings", body='{"name": "Ada"}'))

    assert response["statusCode"] == 201


def test_spans_and_exceptions_are_accepted_outside_lambda() -> None:
    with tracing.span("work", item="a"):
        tracing.record_exception(RuntimeError("recorded, not raised"))


def test_tracing_adds_no_aws_sdk_patching_to_the_cold_start() -> None:
    assert modules_loaded_by_handler_import("boto3", "aws_xray_sdk.ext.botocore", beyond_powertools=True) == []
