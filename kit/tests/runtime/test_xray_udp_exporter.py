"""Spans become X-Ray documents in UDP datagrams, as the Lambda X-Ray daemon expects them: one per request."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable
from typing import Any

import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.trace import NonRecordingSpan, SpanContext, SpanKind, TraceFlags

from lambda_service_runtime.tracing.xray_udp_exporter import RequestSpanProcessor, XRayUdpSpanExporter, xray_trace_id

LAMBDA_PARENT = "53995c3f42cd8ad8"  # pragma: allowlist secret
TRACE_ID = 0x6745F0A23C5B1E2D9A8F7E6D5C4B3A29


@pytest.fixture
def tracer(daemon: socket.socket, monkeypatch: pytest.MonkeyPatch) -> trace.Tracer:
    monkeypatch.setenv("_X_AMZN_TRACE_ID", f"Root={xray_trace_id(TRACE_ID)};Parent={LAMBDA_PARENT};Sampled=1")
    host, port = daemon.getsockname()
    provider = TracerProvider()
    provider.add_span_processor(
        RequestSpanProcessor(XRayUdpSpanExporter(service_name="orders", daemon_address=f"{host}:{port}"))
    )
    return provider.get_tracer("test")


@pytest.fixture
def received(daemon: socket.socket) -> Callable[[], dict[str, Any]]:
    def next_document() -> dict[str, Any]:
        datagram = daemon.recv(65536)
        header, _, body = datagram.partition(b"\n")
        assert json.loads(header) == {"format": "json", "version": 1}
        return json.loads(body)

    return next_document


def assert_nothing_more_sent(daemon: socket.socket) -> None:
    daemon.settimeout(0.2)
    with pytest.raises(TimeoutError):
        daemon.recv(65536)


def parent(span_id: str, *, remote: bool = True, sampled: bool = True) -> Any:
    flags = TraceFlags(TraceFlags.SAMPLED if sampled else TraceFlags.DEFAULT)
    context = SpanContext(TRACE_ID, int(span_id, 16), is_remote=remote, trace_flags=flags)
    return trace.set_span_in_context(NonRecordingSpan(context))


def test_trace_ids_use_the_xray_spelling() -> None:
    assert xray_trace_id(TRACE_ID) == "1-6745f0a2-3c5b1e2d9a8f7e6d5c4b3a29"


def test_a_request_under_the_lambda_invocation_is_a_subsegment(tracer: trace.Tracer, received: Callable) -> None:
    attributes = {"http.request.method": "GET", "url.path": "/health", "http.route": "/health"}
    with tracer.start_as_current_span("GET /health", context=parent(LAMBDA_PARENT), kind=SpanKind.SERVER) as span:
        span.set_attributes({**attributes, "http.response.status_code": 200})

    document = received()
    assert document["type"] == "subsegment"
    assert document["parent_id"] == LAMBDA_PARENT
    assert document["trace_id"] == "1-6745f0a2-3c5b1e2d9a8f7e6d5c4b3a29"
    assert document["name"] == "orders"
    assert document["http"] == {"request": {"method": "GET", "url": "/health"}, "response": {"status": 200}}
    assert document["annotations"] == {"route": "/health"}
    assert document["end_time"] >= document["start_time"] > 0


def test_a_request_continuing_a_callers_trace_is_a_segment(tracer: trace.Tracer, received: Callable) -> None:
    with tracer.start_as_current_span("GET /health", context=parent("00f067aa0ba902b7"), kind=SpanKind.SERVER):
        pass

    document = received()
    assert "type" not in document
    assert document["parent_id"] == "00f067aa0ba902b7"


def test_a_request_and_its_child_spans_travel_in_one_datagram(
    tracer: trace.Tracer, received: Callable, daemon: socket.socket
) -> None:
    with (
        tracer.start_as_current_span("GET /health", context=parent(LAMBDA_PARENT)) as server,
        tracer.start_as_current_span("compose_greeting") as child,
        tracer.start_as_current_span("render") as grandchild,
    ):
        pass

    document = received()
    assert document["id"] == f"{server.get_span_context().span_id:016x}"
    assert document["parent_id"] == LAMBDA_PARENT
    [nested_child] = document["subsegments"]
    assert nested_child["name"] == "compose_greeting"
    assert nested_child["id"] == f"{child.get_span_context().span_id:016x}"
    assert not {"trace_id", "parent_id", "type"} & nested_child.keys()  # implied by the nesting
    [nested_grandchild] = nested_child["subsegments"]
    assert nested_grandchild["id"] == f"{grandchild.get_span_context().span_id:016x}"
    assert_nothing_more_sent(daemon)


def test_a_span_that_outlives_its_parent_is_sent_on_its_own(tracer: trace.Tracer, received: Callable) -> None:
    server = tracer.start_span("GET /health", context=parent(LAMBDA_PARENT))
    late = tracer.start_span("background", context=trace.set_span_in_context(server))
    server.end()
    late.end()

    first, second = received(), received()
    assert "subsegments" not in first
    assert second["name"] == "background"
    assert second["type"] == "subsegment"
    assert second["parent_id"] == first["id"]
    assert second["trace_id"] == first["trace_id"]


def test_a_request_too_big_for_one_datagram_is_sent_one_document_each(tracer: trace.Tracer, received: Callable) -> None:
    with tracer.start_as_current_span("GET /health", context=parent(LAMBDA_PARENT), kind=SpanKind.SERVER) as server:
        for name in ("first", "second"):
            with tracer.start_as_current_span(name, attributes={"payload": "x" * 40_000}):
                pass

    documents = {document["name"]: document for document in (received(), received(), received())}
    server_id = f"{server.get_span_context().span_id:016x}"
    assert documents["orders"]["id"] == server_id
    assert "subsegments" not in documents["orders"]
    for name in ("first", "second"):
        assert documents[name]["parent_id"] == server_id
        assert documents[name]["type"] == "subsegment"
        assert documents[name]["trace_id"] == documents["orders"]["trace_id"]


def test_requests_that_are_not_sampled_send_nothing(tracer: trace.Tracer, daemon: socket.socket) -> None:
    with (
        tracer.start_as_current_span("GET /health", context=parent(LAMBDA_PARENT, sampled=False)),
        tracer.start_as_current_span("compose_greeting"),
    ):
        pass

    assert_nothing_more_sent(daemon)


@pytest.mark.parametrize(
    ("status", "flags"),
    [(200, {}), (404, {"error": True}), (429, {"error": True, "throttle": True}), (503, {"fault": True})],
)
def test_status_codes_set_the_xray_error_flags(
    tracer: trace.Tracer, received: Callable, status: int, flags: dict[str, bool]
) -> None:
    with tracer.start_as_current_span("GET /health", context=parent(LAMBDA_PARENT)) as span:
        span.set_attribute("http.response.status_code", status)

    document = received()
    assert {key: document[key] for key in ("error", "throttle", "fault") if key in document} == flags


def test_aws_sdk_calls_are_aws_subsegments(tracer: trace.Tracer, received: Callable) -> None:
    attributes = {"rpc.system": "aws-api", "rpc.service": "DynamoDB", "rpc.method": "GetItem", "aws.request_id": "r1"}
    with tracer.start_as_current_span("DynamoDB.GetItem", context=parent(LAMBDA_PARENT), kind=SpanKind.CLIENT) as span:
        span.set_attributes(attributes)

    document = received()
    assert document["name"] == "DynamoDB"
    assert document["namespace"] == "aws"
    assert document["aws"] == {"operation": "GetItem", "region": None, "request_id": "r1"}
