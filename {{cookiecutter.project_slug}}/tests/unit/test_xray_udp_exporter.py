"""Spans become X-Ray documents in UDP datagrams, as the Lambda X-Ray daemon expects them."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.trace import NonRecordingSpan, SpanContext, SpanKind, TraceFlags

from {{ cookiecutter.package_name }}.xray_udp_exporter import XRayUdpSpanExporter, xray_trace_id

LAMBDA_PARENT = "53995c3f42cd8ad8"  # pragma: allowlist secret
TRACE_ID = 0x6745F0A23C5B1E2D9A8F7E6D5C4B3A29


@pytest.fixture
def daemon() -> Iterator[socket.socket]:
    """A stand-in for the X-Ray daemon: a UDP socket on 127.0.0.1."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    listener.bind(("127.0.0.1", 0))
    listener.settimeout(2)
    yield listener
    listener.close()


@pytest.fixture
def tracer(daemon: socket.socket, monkeypatch: pytest.MonkeyPatch) -> trace.Tracer:
    monkeypatch.setenv("_X_AMZN_TRACE_ID", f"Root={xray_trace_id(TRACE_ID)};Parent={LAMBDA_PARENT};Sampled=1")
    host, port = daemon.getsockname()
    provider = TracerProvider()
    provider.add_span_processor(
        SimpleSpanProcessor(XRayUdpSpanExporter(service_name="orders", daemon_address=f"{host}:{port}"))
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


def parent(span_id: str, *, remote: bool = True) -> Any:
    context = SpanContext(TRACE_ID, int(span_id, 16), is_remote=remote, trace_flags=TraceFlags(TraceFlags.SAMPLED))
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


def test_child_spans_are_subsegments_of_their_parent(tracer: trace.Tracer, received: Callable) -> None:
    with (
        tracer.start_as_current_span("GET /health", context=parent(LAMBDA_PARENT)) as server,
        tracer.start_as_current_span("compose_greeting"),
    ):
        pass

    child, outer = received(), received()
    assert child["name"] == "compose_greeting"
    assert child["type"] == "subsegment"
    assert child["parent_id"] == outer["id"] == f"{server.get_span_context().span_id:016x}"


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
