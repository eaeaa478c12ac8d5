"""What the OpenTelemetry SDK alone costs a sampled request of the default handler: two spans, nothing exported.

Runs inside the measured interpreter (``python -I -S -B``) with the otel asset on the path, standard
library otherwise. The spans are made the way the generated ``tracing`` module makes them: a server
span with the request's seven attributes and its status code, and one child with one attribute, each
started, made current and ended. No span processor is registered, so nothing is encoded or sent: no
exporter can make a sampled request cheaper than the handler without tracing plus this.

Argument: a JSON object ``{"path": [...], "iterations": N}``. Prints one JSON object.
"""

import json
import sys
import time

WARM_UP = 200


def main():
    spec = json.loads(sys.argv[1])
    sys.path[:0] = spec["path"]
    request = _traced_request()
    for _ in range(WARM_UP):
        request()
    iterations = spec["iterations"]
    started = time.perf_counter()
    for _ in range(iterations):
        request()
    elapsed = time.perf_counter() - started
    print(json.dumps({"two_spans_us": elapsed / iterations * 1e6, "iterations": iterations}))


def _traced_request():
    from opentelemetry import trace
    from opentelemetry.context import attach, detach
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.trace import NonRecordingSpan, SpanContext, SpanKind, TraceFlags

    tracer = TracerProvider().get_tracer("span-floor")
    lambda_segment = SpanContext(
        trace_id=0x6746F00D0123456789ABCDEF01234567,
        span_id=0x53995C3F42CD8AD8,
        is_remote=True,
        trace_flags=TraceFlags(TraceFlags.SAMPLED),
    )
    parent = trace.set_span_in_context(NonRecordingSpan(lambda_segment))
    attributes = {
        "http.request.method": "POST",
        "http.route": "/greetings",
        "url.path": "/greetings",
        "user_agent.original": "bench",
        "faas.trigger": "http",
        "faas.coldstart": False,
        "faas.invocation_id": "6f4f2b4e-7c1d-4a8e-9d3b-2f1e0c9a8b7d",
    }

    def request():
        server = tracer.start_span("POST /greetings", context=parent, kind=SpanKind.SERVER)
        server.set_attributes(attributes)
        server_token = attach(trace.set_span_in_context(server))
        child = tracer.start_span("compose_greeting", attributes={"language": "en"})
        child_token = attach(trace.set_span_in_context(child))
        detach(child_token)
        child.end()
        server.set_attribute("http.response.status_code", 201)
        detach(server_token)
        server.end()

    return request


if __name__ == "__main__":
    main()
