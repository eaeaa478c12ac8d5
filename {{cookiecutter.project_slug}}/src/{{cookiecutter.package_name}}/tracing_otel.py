"""Tracing with OpenTelemetry: a server span per request, child spans around the work.

Spans continue a caller's W3C ``traceparent`` when one arrives, otherwise the
Lambda invocation's X-Ray trace. They are exported to AWS X-Ray through the
Lambda X-Ray daemon (see ``xray_udp_exporter``); the trace id is added to every
log line of the request so logs and traces join.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.sampling import ParentBased, TraceIdRatioBased
from opentelemetry.trace import NonRecordingSpan, SpanContext, SpanKind, Status, StatusCode, TraceFlags
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

from {{ cookiecutter.package_name }}.observability import logger
from {{ cookiecutter.package_name }}.settings import settings
from {{ cookiecutter.package_name }}.xray_udp_exporter import XRayUdpSpanExporter, lambda_trace_header

ClientT = TypeVar("ClientT")
Handler = Callable[[dict[str, Any], Any], dict[str, Any]]

tracer_provider = TracerProvider(
    resource=Resource(
        {
            "service.name": settings.service_name,
            "service.version": settings.service_version,
            "deployment.environment.name": settings.environment,
            "cloud.provider": "aws",
            "cloud.region": os.environ.get("AWS_REGION", ""),
            "faas.name": os.environ.get("AWS_LAMBDA_FUNCTION_NAME", ""),
        }
    ),
    sampler=ParentBased(TraceIdRatioBased(settings.trace_sample_rate)),
)
if "AWS_XRAY_DAEMON_ADDRESS" in os.environ:
    tracer_provider.add_span_processor(SimpleSpanProcessor(XRayUdpSpanExporter(service_name=settings.service_name)))
trace.set_tracer_provider(tracer_provider)
tracer = tracer_provider.get_tracer(settings.service_name)
_propagator = TraceContextTextMapPropagator()
_cold_start = True


def trace_request(handler: Handler) -> Handler:
    """Wrap the Lambda handler of a REST API in a server span with HTTP attributes."""

    @functools.wraps(handler)
    def traced(event: dict[str, Any], context: Any) -> dict[str, Any]:
        global _cold_start
        cold_start, _cold_start = _cold_start, False
        method = event.get("httpMethod") or "GET"
        route = event.get("resource") or event.get("path") or "/"
        attributes = {
            "http.request.method": method,
            "http.route": route,
            "url.path": event.get("path") or route,
            "user_agent.original": _headers(event).get("user-agent", ""),
            "faas.trigger": "http",
            "faas.coldstart": cold_start,
            "faas.invocation_id": getattr(context, "aws_request_id", ""),
        }
        with tracer.start_as_current_span(
            f"{method} {route}", context=_parent_context(event), kind=SpanKind.SERVER, attributes=attributes
        ) as span:
            span_context = span.get_span_context()
            logger.append_keys(trace_id=f"{span_context.trace_id:032x}", span_id=f"{span_context.span_id:016x}")
            try:
                response = handler(event, context)
            finally:
                logger.remove_keys(["trace_id", "span_id"])
            status = int(response.get("statusCode", 200))
            span.set_attribute("http.response.status_code", status)
            if status >= 500:  # noqa: PLR2004 - server errors mark the span, client errors do not
                span.set_status(Status(StatusCode.ERROR))
            return response

    return traced


@contextmanager
def span(name: str, **attributes: str | int | float | bool) -> Iterator[None]:
    """A child span around a piece of work: ``with span("compose_greeting"): ...``."""
    with tracer.start_as_current_span(name, attributes=attributes, set_status_on_exception=False):
        yield


def record_exception(error: BaseException) -> None:
    current = trace.get_current_span()
    current.record_exception(error)
    current.set_status(Status(StatusCode.ERROR, type(error).__name__))


def instrument_aws_client(client: ClientT) -> ClientT:
    """Trace every call ``client`` (a boto3 client) makes, as a child span of the current one.

    Only code that creates AWS clients imports botocore; the handler's cold start
    does not pay for it while the service makes no AWS calls.
    """
    events = client.meta.events  # type: ignore[attr-defined]
    events.register_first("before-call.*.*", _start_aws_span)
    events.register("before-sign.*.*", _propagate_to_aws)
    events.register("after-call.*.*", _end_aws_span)
    events.register("after-call-error.*.*", _fail_aws_span)
    return client


def _headers(event: dict[str, Any]) -> dict[str, str]:
    return {name.lower(): value for name, value in (event.get("headers") or {}).items()}


def _parent_context(event: dict[str, Any]) -> Context | None:
    caller = _propagator.extract(_headers(event))
    if trace.get_current_span(caller).get_span_context().is_valid:
        return caller
    return _lambda_invocation_context()


def _lambda_invocation_context() -> Context | None:
    fields = lambda_trace_header()
    root, parent = fields.get("Root", ""), fields.get("Parent", "")
    try:
        trace_id = int(root.removeprefix("1-").replace("-", ""), 16)
        span_id = int(parent, 16)
    except ValueError:
        return None
    flags = TraceFlags(TraceFlags.SAMPLED if fields.get("Sampled") == "1" else TraceFlags.DEFAULT)
    parent_context = SpanContext(trace_id=trace_id, span_id=span_id, is_remote=True, trace_flags=flags)
    return trace.set_span_in_context(NonRecordingSpan(parent_context))


def _start_aws_span(model: Any, context: dict[str, Any], **_: Any) -> None:
    service = model.service_model.service_id
    aws_span = tracer.start_span(
        f"{service}.{model.name}",
        kind=SpanKind.CLIENT,
        attributes={"rpc.system": "aws-api", "rpc.service": str(service), "rpc.method": model.name},
    )
    context["otel_span"] = aws_span


def _propagate_to_aws(request: Any, **_: Any) -> None:
    """Send the trace on to AWS services that forward it (SQS, SNS, Lambda, Step Functions...)."""
    aws_span = request.context.get("otel_span")
    span_context = aws_span.get_span_context() if aws_span is not None else None
    if span_context is not None and span_context.is_valid:
        trace_id = f"{span_context.trace_id:032x}"
        sampled = "1" if span_context.trace_flags.sampled else "0"
        root = f"1-{trace_id[:8]}-{trace_id[8:]}"
        request.headers["X-Amzn-Trace-Id"] = f"Root={root};Parent={span_context.span_id:016x};Sampled={sampled}"


def _end_aws_span(http_response: Any, parsed: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
    aws_span = context.pop("otel_span", None)
    if aws_span is None:
        return
    metadata = parsed.get("ResponseMetadata", {})
    aws_span.set_attribute("http.response.status_code", int(metadata.get("HTTPStatusCode", 0)))
    if "RequestId" in metadata:
        aws_span.set_attribute("aws.request_id", metadata["RequestId"])
    aws_span.end()


def _fail_aws_span(exception: BaseException, context: dict[str, Any], **_: Any) -> None:
    aws_span = context.pop("otel_span", None)
    if aws_span is not None:
        aws_span.record_exception(exception)
        aws_span.set_status(Status(StatusCode.ERROR, type(exception).__name__))
        aws_span.end()
