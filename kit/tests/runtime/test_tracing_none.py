"""No tracing: the tracing interface stays and does nothing (tested directly: this process traces with OTel)."""

from __future__ import annotations

from typing import Any

import pytest

from lambda_service_runtime.tracing import none


def test_the_handler_is_left_as_it_is() -> None:
    def handler(event: dict[str, Any], context: object) -> dict[str, Any]:
        return {"statusCode": 200}

    assert none.trace_request(handler) is handler


def test_spans_and_clients_pass_through() -> None:
    client = object()

    with none.span("work", item="a"):
        none.record_exception(RuntimeError("ignored"))

    assert none.instrument_aws_client(client) is client


def test_a_span_lets_the_errors_of_its_work_through() -> None:
    with pytest.raises(KeyError), none.span("work"):
        raise KeyError("missing")
