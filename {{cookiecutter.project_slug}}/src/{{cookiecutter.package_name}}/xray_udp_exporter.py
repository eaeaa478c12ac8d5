"""Send OpenTelemetry spans to AWS X-Ray through the Lambda X-Ray daemon, over UDP.

With active tracing, Lambda runs an X-Ray daemon beside the function and names
it in ``AWS_XRAY_DAEMON_ADDRESS``. Each finished span becomes one X-Ray document
in one datagram: no HTTP client, no protobuf, no background thread, nothing to
flush before the sandbox freezes. A span whose parent is the Lambda invocation
(``_X_AMZN_TRACE_ID``) or another of our spans is sent as a subsegment; a span
continuing a caller's W3C trace is sent as a segment of that trace.
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Sequence
from typing import Any

from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export import SpanExporter, SpanExportResult
from opentelemetry.trace import SpanKind, StatusCode

HEADER = b'{"format": "json", "version": 1}\n'
MAX_DATAGRAM_BYTES = 64 * 1024
DEFAULT_DAEMON_ADDRESS = "127.0.0.1:2000"
ANNOTATED_ATTRIBUTES = {
    "http.route": "route",
    "deployment.environment.name": "environment",
    "faas.coldstart": "cold_start",
}


def xray_trace_id(trace_id: int) -> str:
    """``1-<8 hex>-<24 hex>``: the X-Ray spelling of a 128-bit W3C trace id."""
    hex_id = f"{trace_id:032x}"
    return f"1-{hex_id[:8]}-{hex_id[8:]}"


def lambda_trace_header() -> dict[str, str]:
    """``Root``, ``Parent`` and ``Sampled`` of the X-Ray trace header Lambda sets per invocation."""
    return dict(part.partition("=")[::2] for part in os.environ.get("_X_AMZN_TRACE_ID", "").split(";") if part)


def lambda_parent_span_id() -> int | None:
    """The id of the Lambda invocation's segment."""
    parent = lambda_trace_header().get("Parent")
    return int(parent, 16) if parent else None


def to_xray_document(span: ReadableSpan, *, service_name: str) -> dict[str, Any]:
    context = span.get_span_context()
    attributes = dict(span.attributes or {})
    document: dict[str, Any] = {
        "name": _document_name(span, attributes, service_name),
        "id": f"{context.span_id:016x}",
        "trace_id": xray_trace_id(context.trace_id),
        "start_time": (span.start_time or 0) / 1e9,
        "end_time": (span.end_time or 0) / 1e9,
    }
    parent = span.parent
    if parent is not None:
        document["parent_id"] = f"{parent.span_id:016x}"
        if not parent.is_remote or parent.span_id == lambda_parent_span_id():
            document["type"] = "subsegment"
    document.update(_http(attributes))
    document.update(_aws(attributes))
    document.update(_error_flags(span, attributes))
    annotations = {name: attributes[key] for key, name in ANNOTATED_ATTRIBUTES.items() if key in attributes}
    if annotations:
        document["annotations"] = annotations
    document["metadata"] = {"otel": {key: value for key, value in attributes.items() if not isinstance(value, tuple)}}
    return document


class XRayUdpSpanExporter(SpanExporter):
    def __init__(self, *, service_name: str, daemon_address: str | None = None) -> None:
        address = daemon_address or os.environ.get("AWS_XRAY_DAEMON_ADDRESS") or DEFAULT_DAEMON_ADDRESS
        host, _, port = address.rpartition(":")
        self._address = (host, int(port))
        self._service_name = service_name
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        result = SpanExportResult.SUCCESS
        for span in spans:
            payload = HEADER + json.dumps(to_xray_document(span, service_name=self._service_name)).encode()
            if len(payload) > MAX_DATAGRAM_BYTES:
                result = SpanExportResult.FAILURE
                continue
            try:
                self._socket.sendto(payload, self._address)
            except OSError:
                result = SpanExportResult.FAILURE
        return result

    def shutdown(self) -> None:
        self._socket.close()


def _document_name(span: ReadableSpan, attributes: dict[str, Any], service_name: str) -> str:
    if attributes.get("rpc.system") == "aws-api":
        return str(attributes.get("rpc.service", span.name))
    if span.kind is SpanKind.SERVER:
        return service_name
    return span.name


def _http(attributes: dict[str, Any]) -> dict[str, Any]:
    request = {
        name: attributes[key]
        for key, name in (("http.request.method", "method"), ("url.path", "url"), ("user_agent.original", "user_agent"))
        if key in attributes
    }
    response = {"status": attributes["http.response.status_code"]} if "http.response.status_code" in attributes else {}
    http = {part: values for part, values in (("request", request), ("response", response)) if values}
    return {"http": http} if http else {}


def _aws(attributes: dict[str, Any]) -> dict[str, Any]:
    if attributes.get("rpc.system") != "aws-api":
        return {}
    details = {"operation": attributes.get("rpc.method"), "region": attributes.get("cloud.region")}
    if "aws.request_id" in attributes:
        details["request_id"] = attributes["aws.request_id"]
    return {"namespace": "aws", "aws": details}


def _error_flags(span: ReadableSpan, attributes: dict[str, Any]) -> dict[str, bool]:
    status = attributes.get("http.response.status_code")
    flags = {}
    if isinstance(status, int) and 400 <= status < 500:  # noqa: PLR2004 - HTTP status classes
        flags["error"] = True
        if status == 429:  # noqa: PLR2004
            flags["throttle"] = True
    if span.status.status_code is StatusCode.ERROR or (isinstance(status, int) and status >= 500):  # noqa: PLR2004
        flags["fault"] = True
    return flags
