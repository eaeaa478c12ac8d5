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
from opentelemetry.context import Context, attach, detach
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.sampling import ParentBased, TraceIdRatioBased
from opentelemetry.trace import NonRecordingSpan, SpanContext, SpanKind, Status, StatusCode, TraceFlags
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator
from opentelemetry.util.types import Attributes

from lambda_service_runtime.observability import logger
from lambda_service_runtime.settings import settings
from lambda_service_runtime.tracing.xray_udp_exporter import (
    RequestSpanProcessor,
    XRayUdpSpanExporter,
    lambda_trace_header,
)

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
    tracer_provider.add_span_processor(RequestSpanProcessor(XRayUdpSpanExporter(service_name=settings.service_name)))
trace.set_tracer_provider(tracer_provider)
tracer = tracer_provider.get_tracer(settings.service_name)
_propagator = TraceContextTextMapPropagator()
_cold_start = True


def trace_request(handler: Handler) -> Handler:
    """Wrap the Lambda handler of a REST API in a server span with HTTP attributes.

    Every log line of the request carries its trace and span ids, sampled or not.
    A request that is not sampled costs a few microseconds: its span records
    nothing, so no attribute is set and nothing is exported.
    """

    @functools.wraps(handler)
    def traced(event: dict[str, Any], context: Any) -> dict[str, Any]:
        global _cold_start
        cold_start, _cold_start = _cold_start, False
        headers = _headers(event)
        method = event.get("httpMethod") or "GET"
        route = event.get("resource") or event.get("path") or "/"
        server_span = tracer.start_span(f"{method} {route}", context=_parent_context(headers), kind=SpanKind.SERVER)
        recording = server_span.is_recording()
        if recording:
            server_span.set_attributes(_request_attributes(event, headers, context, cold_start=cold_start))
        span_context = server_span.get_span_context()
        logger.append_keys(trace_id=f"{span_context.trace_id:032x}", span_id=f"{span_context.span_id:016x}")
        token = attach(trace.set_span_in_context(server_span))
        try:
            response = handler(event, context)
            if recording:
                _record_status(server_span, int(response.get("statusCode", 200)))
            return response
        except BaseException as error:
            server_span.record_exception(error)
            server_span.set_status(Status(StatusCode.ERROR, type(error).__name__))
            raise
        finally:
            detach(token)
            logger.remove_keys(["trace_id", "span_id"])
            server_span.end()

    return traced


@contextmanager
def span(name: str, **attributes: str | int | float | bool) -> Iterator[None]:
    """A child span around a piece of work: ``with span("compose_greeting"): ...``.

    Inside a request that is not sampled there is nothing to record: no span is made.
    """
    current = trace.get_current_span()
    if current.get_span_context().is_valid and not current.is_recording():
        yield
        return
    child = tracer.start_span(name, attributes=attributes)
    token = attach(trace.set_span_in_context(child))
    try:
        yield
    except BaseException as error:
        child.record_exception(error)
        raise
    finally:
        detach(token)
        child.end()


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


def _request_attributes(
    event: dict[str, Any], headers: dict[str, str], context: Any, *, cold_start: bool
) -> Attributes:
    route = event.get("resource") or event.get("path") or "/"
    return {
        "http.request.method": event.get("httpMethod") or "GET",
        "http.route": route,
        "url.path": event.get("path") or route,
        "user_agent.original": headers.get("user-agent", ""),
        "faas.trigger": "http",
        "faas.coldstart": cold_start,
        "faas.invocation_id": getattr(context, "aws_request_id", ""),
    }


def _record_status(server_span: trace.Span, status: int) -> None:
    server_span.set_attribute("http.response.status_code", status)
    if status >= 500:  # noqa: PLR2004 - server errors mark the span, client errors do not
        server_span.set_status(Status(StatusCode.ERROR))


def _headers(event: dict[str, Any]) -> dict[str, str]:
    return {name.lower(): value for name, value in (event.get("headers") or {}).items()}


def _parent_context(headers: dict[str, str]) -> Context | None:
    if "traceparent" in headers:
        caller = _propagator.extract(headers)
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
