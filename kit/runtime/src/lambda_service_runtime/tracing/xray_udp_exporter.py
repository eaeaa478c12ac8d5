"""Send OpenTelemetry spans to AWS X-Ray through the Lambda X-Ray daemon, over UDP.

With active tracing, Lambda runs an X-Ray daemon beside the function and names
it in ``AWS_XRAY_DAEMON_ADDRESS``. Spans become X-Ray documents sent as UDP
datagrams: no HTTP client, no protobuf, no background thread, nothing to flush
before the sandbox freezes. ``RequestSpanProcessor`` holds each finished span
until its parent ends, so a request and the spans inside it leave together, one
datagram per request: the parent's document carries its children as nested
subsegments. A span whose parent is the Lambda invocation (``_X_AMZN_TRACE_ID``)
is sent as a subsegment of it; a span continuing a caller's W3C trace is sent as
a segment of that trace.
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Sequence
from typing import Any

from opentelemetry.context import Context
from opentelemetry.sdk.trace import ReadableSpan, Span, SpanProcessor
from opentelemetry.sdk.trace.export import SpanExporter, SpanExportResult
from opentelemetry.trace import SpanKind, StatusCode
from pydantic_core import to_json

HEADER = b'{"format": "json", "version": 1}\n'
MAX_DATAGRAM_BYTES = 64 * 1024
DEFAULT_DAEMON_ADDRESS = "127.0.0.1:2000"
HTTP_REQUEST_ATTRIBUTES = {"http.request.method": "method", "url.path": "url", "user_agent.original": "user_agent"}
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


def to_xray_document(span: ReadableSpan, *, service_name: str, lambda_parent: int | None = None) -> dict[str, Any]:
    """The X-Ray document of one span; ``lambda_parent`` is the Lambda invocation's segment id, if known."""
    attributes = dict(span.attributes or {})
    document: dict[str, Any] = {
        "name": _document_name(span, attributes, service_name),
        "id": f"{span.context.span_id:016x}",
        "trace_id": xray_trace_id(span.context.trace_id),
        "start_time": (span.start_time or 0) / 1e9,
        "end_time": (span.end_time or 0) / 1e9,
    }
    parent = span.parent
    if parent is not None:
        document["parent_id"] = f"{parent.span_id:016x}"
        if not parent.is_remote or parent.span_id == lambda_parent:
            document["type"] = "subsegment"
    if "http.request.method" in attributes or "http.response.status_code" in attributes:
        document["http"] = _http(attributes)
    if attributes.get("rpc.system") == "aws-api":
        document["namespace"] = "aws"
        document["aws"] = _aws(attributes)
    _set_error_flags(document, span, attributes.get("http.response.status_code"))
    annotations = {name: attributes[key] for key, name in ANNOTATED_ATTRIBUTES.items() if key in attributes}
    if annotations:
        document["annotations"] = annotations
    document["metadata"] = {"otel": attributes}
    return document


class XRayUdpSpanExporter(SpanExporter):
    """Sends each tree of spans in ``export(spans)`` as one document: children nest in their parent's."""

    def __init__(self, *, service_name: str, daemon_address: str | None = None) -> None:
        address = daemon_address or os.environ.get("AWS_XRAY_DAEMON_ADDRESS") or DEFAULT_DAEMON_ADDRESS
        host, _, port = address.rpartition(":")
        self._address = (host, int(port))
        self._service_name = service_name
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        lambda_parent = lambda_parent_span_id()
        documents = {span.context.span_id: self._document(span, lambda_parent) for span in spans}
        roots = []
        for span in spans:
            parent_document = documents.get(span.parent.span_id) if span.parent is not None else None
            if parent_document is None:
                roots.append(documents[span.context.span_id])
            else:
                parent_document.setdefault("subsegments", []).append(_embedded(documents[span.context.span_id]))
        sent = [self._send_tree(root) for root in roots]
        return SpanExportResult.SUCCESS if all(sent) else SpanExportResult.FAILURE

    def shutdown(self) -> None:
        self._socket.close()

    def _document(self, span: ReadableSpan, lambda_parent: int | None) -> dict[str, Any]:
        return to_xray_document(span, service_name=self._service_name, lambda_parent=lambda_parent)

    def _send_tree(self, document: dict[str, Any]) -> bool:
        """One datagram for the whole tree, or, when it is too big, one per document."""
        payload = HEADER + to_json(document)
        if len(payload) <= MAX_DATAGRAM_BYTES:
            return self._send(payload)
        sent = [self._send_alone(part) for part in _flattened(document)]  # every part, even after a failure
        return all(sent)

    def _send_alone(self, document: dict[str, Any]) -> bool:
        payload = HEADER + to_json(document)
        return len(payload) <= MAX_DATAGRAM_BYTES and self._send(payload)

    def _send(self, payload: bytes) -> bool:
        try:
            self._socket.sendto(payload, self._address)
        except OSError:
            return False
        return True


class RequestSpanProcessor(SpanProcessor):
    """Exports a span once it ends with every descendant that ended before it, in one ``export`` call.

    A finished span whose parent is one of ours and still open is held until that parent ends;
    a span without such a parent (the request's server span, or one outliving its parent) is
    exported at once with what it holds. Only sampled spans are exported.
    """

    def __init__(self, exporter: SpanExporter) -> None:
        self._exporter = exporter
        self._lock = threading.Lock()
        self._open: set[int] = set()
        self._held: dict[int, list[ReadableSpan]] = {}

    def on_start(self, span: Span, parent_context: Context | None = None) -> None:
        if span.context.trace_flags.sampled:
            with self._lock:
                self._open.add(span.context.span_id)

    def on_end(self, span: ReadableSpan) -> None:
        if not span.context.trace_flags.sampled:
            return
        parent = span.parent
        with self._lock:
            self._open.discard(span.context.span_id)
            family = [span, *self._held.pop(span.context.span_id, ())]
            if parent is not None and not parent.is_remote and parent.span_id in self._open:
                self._held.setdefault(parent.span_id, []).extend(family)
                return
        self._exporter.export(family)

    def shutdown(self) -> None:
        self._exporter.shutdown()

    def force_flush(self, timeout_millis: int = 30000) -> bool:
        return True


def _document_name(span: ReadableSpan, attributes: dict[str, Any], service_name: str) -> str:
    if attributes.get("rpc.system") == "aws-api":
        return str(attributes.get("rpc.service", span.name))
    if span.kind is SpanKind.SERVER:
        return service_name
    return span.name


def _http(attributes: dict[str, Any]) -> dict[str, Any]:
    request = {name: attributes[key] for key, name in HTTP_REQUEST_ATTRIBUTES.items() if key in attributes}
    http: dict[str, Any] = {"request": request} if request else {}
    if "http.response.status_code" in attributes:
        http["response"] = {"status": attributes["http.response.status_code"]}
    return http


def _aws(attributes: dict[str, Any]) -> dict[str, Any]:
    details = {"operation": attributes.get("rpc.method"), "region": attributes.get("cloud.region")}
    if "aws.request_id" in attributes:
        details["request_id"] = attributes["aws.request_id"]
    return details


def _set_error_flags(document: dict[str, Any], span: ReadableSpan, status: object) -> None:
    if isinstance(status, int) and 400 <= status < 500:  # noqa: PLR2004 - HTTP status classes
        document["error"] = True
        if status == 429:  # noqa: PLR2004
            document["throttle"] = True
    if span.status.status_code is StatusCode.ERROR or (isinstance(status, int) and status >= 500):  # noqa: PLR2004
        document["fault"] = True


def _embedded(document: dict[str, Any]) -> dict[str, Any]:
    """A subsegment nested in its parent's document names neither its trace nor its parent."""
    for key in ("trace_id", "parent_id", "type"):
        document.pop(key, None)
    return document


def _flattened(document: dict[str, Any], trace_id: str | None = None, parent_id: str | None = None) -> list[dict]:
    """A tree of documents as separate documents, each naming its trace and parent."""
    trace_id = document.get("trace_id", trace_id)
    children = document.pop("subsegments", [])
    if parent_id is not None:
        document.update(trace_id=trace_id, parent_id=parent_id, type="subsegment")
    parts = [document]
    for child in children:
        parts += _flattened(child, trace_id, document["id"])
    return parts
