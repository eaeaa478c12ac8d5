"""OpenTelemetry tracing (the example's answer, so this process's): spans, links, propagation, logs, AWS calls."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber
from greeting_service.handlers.routes import greetings
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode

from lambda_service_kit.testing.events import rest_event
from lambda_service_runtime import tracing
from lambda_service_runtime.tracing import otel

Invoke = Callable[[dict[str, Any]], dict[str, Any]]
CALLER_TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
CALLER_SPAN_ID = "00f067aa0ba902b7"
JSON = {"Content-Type": "application/json"}


@pytest.fixture(scope="module")
def exporter() -> Iterator[InMemorySpanExporter]:
    """Every span the runtime's tracer provider ends, kept in memory while this module runs."""
    memory = InMemorySpanExporter()
    otel.tracer_provider.add_span_processor(SimpleSpanProcessor(memory))
    yield memory
    memory.shutdown()  # the provider keeps its processors: later spans are refused, not kept


def test_this_process_traces_with_opentelemetry() -> None:
    assert tracing.trace_request is otel.trace_request


@pytest.fixture
def spans(exporter: InMemorySpanExporter) -> Iterator[Callable[[], dict[str, ReadableSpan]]]:
    exporter.clear()
    yield lambda: {span.name: span for span in exporter.get_finished_spans()}
    exporter.clear()


def test_a_request_is_a_server_span_with_http_attributes(
    invoke: Invoke, spans: Callable, function_environment: dict[str, str]
) -> None:
    invoke(rest_event("POST", "/greetings", body='{"name": "Ada"}', headers={**JSON, "User-Agent": "curl/8"}))

    server = spans()["POST /greetings"]
    assert server.kind is SpanKind.SERVER
    assert server.attributes is not None
    assert server.attributes["http.request.method"] == "POST"
    assert server.attributes["http.route"] == "/greetings"
    assert server.attributes["http.response.status_code"] == 201
    assert server.attributes["user_agent.original"] == "curl/8"
    assert isinstance(server.attributes["faas.coldstart"], bool)
    resource = server.resource.attributes
    assert resource["service.name"] == function_environment["POWERTOOLS_SERVICE_NAME"]
    assert resource["deployment.environment.name"] == function_environment["ENVIRONMENT"]
    assert resource["service.version"] == function_environment["SERVICE_VERSION"]


def test_the_logic_is_traced_in_a_child_span_of_the_request(invoke: Invoke, spans: Callable) -> None:
    invoke(rest_event("POST", "/greetings", body='{"name": "Ada", "language": "de"}', headers=JSON))

    recorded = spans()
    server = recorded["POST /greetings"]
    child = recorded["compose_greeting"]
    assert set(recorded) == {"POST /greetings", "compose_greeting"}
    assert child.parent is not None
    assert child.parent.span_id == server.context.span_id
    assert child.context.trace_id == server.context.trace_id
    assert child.attributes == {"language": "de"}


def test_a_callers_traceparent_is_continued(invoke: Invoke, spans: Callable) -> None:
    traceparent = f"00-{CALLER_TRACE_ID}-{CALLER_SPAN_ID}-01"

    invoke(rest_event("GET", "/health", headers={"traceparent": traceparent}))

    server = spans()["GET /health"]
    assert f"{server.context.trace_id:032x}" == CALLER_TRACE_ID
    assert server.parent is not None
    assert f"{server.parent.span_id:016x}" == CALLER_SPAN_ID


def test_without_traceparent_the_lambda_invocation_trace_is_the_parent(
    invoke: Invoke, spans: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("_X_AMZN_TRACE_ID", "Root=1-6745f0a2-3c5b1e2d9a8f7e6d5c4b3a29;Parent=53995c3f42cd8ad8;Sampled=1")

    invoke(rest_event("GET", "/health"))

    server = spans()["GET /health"]
    assert f"{server.context.trace_id:032x}" == "6745f0a23c5b1e2d9a8f7e6d5c4b3a29"
    assert server.parent is not None
    assert f"{server.parent.span_id:016x}" == "53995c3f42cd8ad8"


def test_an_unsampled_lambda_invocation_records_no_spans(
    invoke: Invoke, spans: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("_X_AMZN_TRACE_ID", "Root=1-6745f0a2-3c5b1e2d9a8f7e6d5c4b3a29;Parent=53995c3f42cd8ad8;Sampled=0")

    response = invoke(rest_event("POST", "/greetings", body='{"name": "Ada"}', headers=JSON))

    assert response["statusCode"] == 201
    assert spans() == {}


def test_log_lines_carry_the_trace_id_of_their_request(
    invoke: Invoke, spans: Callable, log_records: Callable[[], list[dict[str, Any]]]
) -> None:
    invoke(rest_event("POST", "/greetings", body="{}", headers=JSON))

    server = spans()["POST /greetings"]
    records = log_records()
    assert records
    assert {record["trace_id"] for record in records} == {f"{server.context.trace_id:032x}"}


def test_log_lines_of_an_unsampled_request_carry_its_trace_id_too(
    invoke: Invoke, log_records: Callable[[], list[dict[str, Any]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("_X_AMZN_TRACE_ID", "Root=1-6745f0a2-3c5b1e2d9a8f7e6d5c4b3a29;Parent=53995c3f42cd8ad8;Sampled=0")

    invoke(rest_event("POST", "/greetings", body="{}", headers=JSON))

    records = log_records()
    assert records
    assert {record["trace_id"] for record in records} == {"6745f0a23c5b1e2d9a8f7e6d5c4b3a29"}


def test_server_errors_mark_the_span_and_client_errors_do_not(
    invoke: Invoke, spans: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    invoke(rest_event("POST", "/greetings", body='{"name": 1}', headers=JSON))
    assert spans()["POST /greetings"].status.status_code is StatusCode.UNSET

    def fail(_: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(greetings, "compose_greeting", fail)
    invoke(rest_event("POST", "/greetings", body='{"name": "Ada"}', headers=JSON))

    server = spans()["POST /greetings"]
    assert server.status.status_code is StatusCode.ERROR
    assert [event.name for event in server.events] == ["exception"]


def test_aws_sdk_calls_are_child_spans(spans: Callable) -> None:
    client = otel.instrument_aws_client(
        boto3.client("sts", region_name="eu-west-1", aws_access_key_id="test", aws_secret_access_key="test")  # noqa: S106
    )
    with Stubber(client) as stubber:
        stubber.add_response(
            "get_caller_identity",
            {
                "Account": "123456789012",
                "Arn": "arn:aws:iam::123456789012:user/test",
                "UserId": "AIDTEST",
                "ResponseMetadata": {"RequestId": "req-1", "HTTPStatusCode": 200},
            },
        )
        with otel.span("outer"):
            client.get_caller_identity()

    recorded = spans()
    call = recorded["STS.GetCallerIdentity"]
    assert call.kind is SpanKind.CLIENT
    assert call.parent is not None
    assert call.parent.span_id == recorded["outer"].context.span_id
    assert call.attributes == {
        "rpc.system": "aws-api",
        "rpc.service": "STS",
        "rpc.method": "GetCallerIdentity",
        "http.response.status_code": 200,
        "aws.request_id": "req-1",
    }
