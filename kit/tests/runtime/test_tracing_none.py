"""Without tracing the interface stays, does nothing, and no tracing library is loaded."""

from __future__ import annotations

from lambda_service_runtime import tracing

from tests.unit.cold_imports import modules_loaded_by_handler_import


def test_the_handler_is_left_as_it_is() -> None:
    def handler(event: dict, context: object) -> dict:
        return {"statusCode": 200}

    assert tracing.trace_request(handler) is handler


def test_spans_and_clients_pass_through() -> None:
    client = object()

    with tracing.span("work", item="a"):
        tracing.record_exception(RuntimeError("ignored"))

    assert tracing.instrument_aws_client(client) is client


def test_no_tracing_library_is_imported() -> None:
    assert modules_loaded_by_handler_import("opentelemetry", "aws_xray_sdk") == []
