"""Tracing with Powertools Tracer (the AWS X-Ray SDK): a subsegment per request and around the work.

The X-Ray SDK is in maintenance mode (end of support 2027-02); prefer the
``otel`` option for new services. The Powertools logger already writes the
X-Ray trace id (``xray_trace_id``) into every log line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from aws_lambda_powertools import Tracer

from lambda_service_runtime.settings import settings

ClientT = TypeVar("ClientT")
Handler = Callable[[dict[str, Any], Any], dict[str, Any]]

# patch_modules=() keeps botocore out of the cold start; instrument_aws_client() patches on demand.
tracer = Tracer(service=settings.service_name, patch_modules=())


def trace_request(handler: Handler) -> Handler:
    return tracer.capture_lambda_handler(handler, capture_response=False)


@contextmanager
def span(name: str, **attributes: str | int | float | bool) -> Iterator[None]:
    with tracer.provider.in_subsegment(f"## {name}") as subsegment:
        for key, value in attributes.items():
            subsegment.put_annotation(key.replace(".", "_"), value)
        yield


def record_exception(error: BaseException) -> None:
    subsegment = tracer.provider.current_subsegment()
    if subsegment is not None:
        subsegment.add_exception(error, stack=[])


def instrument_aws_client(client: ClientT) -> ClientT:
    """Trace AWS SDK calls: patches botocore the first time a client asks for it."""
    tracer.patch(["botocore"])
    return client
