"""Request tracing, as the service chose it: ``TRACING`` (service.toml's ``observability.tracing``).

Every option has the same four names, so handlers and routes never depend on the choice:

- ``trace_request(handler)``: a span (or X-Ray subsegment) around each invocation,
- ``span(name, **attributes)``: a child span around a piece of work,
- ``record_exception(error)``: the error on the current span,
- ``instrument_aws_client(client)``: trace a boto3 client's calls.

Only the chosen option's module is imported: ``otel`` needs the ``[otel]`` extra, ``xray`` the
``[xray]`` one, ``none`` nothing.
"""

from __future__ import annotations

from lambda_service_runtime.settings import settings

if settings.tracing == "otel":
    from lambda_service_runtime.tracing.otel import instrument_aws_client, record_exception, span, trace_request
elif settings.tracing == "xray":
    from lambda_service_runtime.tracing.xray import instrument_aws_client, record_exception, span, trace_request
else:
    from lambda_service_runtime.tracing.none import instrument_aws_client, record_exception, span, trace_request

__all__ = ["instrument_aws_client", "record_exception", "span", "trace_request"]
