"""X-Ray tracing (Powertools Tracer): the tracing interface over the X-Ray SDK, botocore patched on demand.

This process traces with OpenTelemetry, the example's answer; the ``xray`` module is tested directly, and
recording is seen in a fresh interpreter set up as Lambda runs a function with active tracing.
"""

from __future__ import annotations

import json
import socket
from typing import Any

import pytest
from fresh_interpreter import LAMBDA_TRACE_HEADER, FreshInterpreter
from greeting_service.handlers.api import app

from lambda_service_kit.testing.events import FakeLambdaContext, rest_event
from lambda_service_runtime import api
from lambda_service_runtime.tracing import xray

JSON = {"Content-Type": "application/json"}
LAMBDA_TRACE = dict(part.split("=") for part in LAMBDA_TRACE_HEADER.split(";"))


def received_documents(daemon: socket.socket) -> list[dict[str, Any]]:
    """Every document the daemon has received, in the order sent."""
    documents = []
    daemon.settimeout(0.5)
    try:
        while True:
            header, _, body = daemon.recv(65536).partition(b"\n")
            assert json.loads(header) == {"format": "json", "version": 1}
            documents.append(json.loads(body))
    except TimeoutError:
        return documents


def test_the_example_app_is_served_through_the_tracer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(api, "trace_request", xray.trace_request)  # what lambda_handler composes with TRACING=xray
    handler = api.lambda_handler(app)

    created = handler(rest_event("POST", "/greetings", body='{"name": "Ada"}', headers=JSON), FakeLambdaContext())
    rejected = handler(rest_event("POST", "/greetings", body="{}", headers=JSON), FakeLambdaContext())

    assert created["statusCode"] == 201
    assert rejected["statusCode"] == 422


def test_the_traced_handler_is_the_handler_wrapped() -> None:
    def handler(event: dict[str, Any], context: object) -> dict[str, Any]:
        return {"statusCode": 204, "event": event}

    traced = xray.trace_request(handler)

    assert traced.__wrapped__ is handler  # type: ignore[attr-defined]
    assert traced({"path": "/"}, FakeLambdaContext()) == {"statusCode": 204, "event": {"path": "/"}}


def test_spans_and_exceptions_are_accepted_outside_lambda() -> None:
    with xray.span("work", item="a"):
        xray.record_exception(RuntimeError("recorded, not raised"))


def test_a_span_lets_the_errors_of_its_work_through() -> None:
    with pytest.raises(KeyError), xray.span("work"):
        raise KeyError("missing")


def test_an_instrumented_client_is_the_client_itself() -> None:
    client = object()

    assert xray.instrument_aws_client(client) is client


def test_in_lambda_a_request_is_a_subsegment_of_the_invocation_with_its_work_inside(
    fresh_interpreter: FreshInterpreter, daemon: socket.socket
) -> None:
    host, port = daemon.getsockname()
    event = rest_event("POST", "/greetings", body='{"name": "Ada", "language": "de"}', headers=JSON)

    invocation = fresh_interpreter.invoke(
        [event], tracing="xray", environment={"AWS_XRAY_DAEMON_ADDRESS": f"{host}:{port}"}
    )

    assert invocation.responses[0]["statusCode"] == 201
    documents = {document["name"]: document for document in received_documents(daemon)}
    assert set(documents) == {"## handler", "## compose_greeting"}
    request, work = documents["## handler"], documents["## compose_greeting"]
    assert request["parent_id"] == LAMBDA_TRACE["Parent"]
    assert work["parent_id"] == request["id"]
    assert {request["trace_id"], work["trace_id"]} == {LAMBDA_TRACE["Root"]}
    service = fresh_interpreter.function_environment["POWERTOOLS_SERVICE_NAME"]
    assert request["annotations"] == {"ColdStart": True, "Service": service}
    assert work["annotations"] == {"language": "de"}


def test_in_lambda_botocore_is_patched_when_a_client_is_instrumented_not_before(
    fresh_interpreter: FreshInterpreter,
) -> None:
    code = """
import json, sys
import boto3
from lambda_service_runtime.tracing import xray
patched = lambda: "aws_xray_sdk.ext.botocore" in sys.modules
before = patched()
xray.instrument_aws_client(boto3.client("sts", region_name="eu-west-1"))
print(json.dumps({"before": before, "after": patched()}))
"""
    in_lambda = {"LAMBDA_TASK_ROOT": str(fresh_interpreter.source_dir)}

    assert fresh_interpreter.output(code, tracing="xray", environment=in_lambda) == {"before": False, "after": True}


def test_in_lambda_an_unsampled_invocation_sends_nothing(
    fresh_interpreter: FreshInterpreter, daemon: socket.socket
) -> None:
    host, port = daemon.getsockname()

    invocation = fresh_interpreter.invoke(
        [rest_event("GET", "/health")],
        tracing="xray",
        environment={"AWS_XRAY_DAEMON_ADDRESS": f"{host}:{port}"},
        trace_header=LAMBDA_TRACE_HEADER.replace("Sampled=1", "Sampled=0"),
    )

    assert invocation.responses[0]["statusCode"] == 200
    assert received_documents(daemon) == []
