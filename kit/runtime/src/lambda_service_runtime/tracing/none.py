"""No tracing: the same interface as the tracing options, doing nothing.

Set ``tracing = "otel"`` in the service's service.toml to trace requests and AWS calls.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

ClientT = TypeVar("ClientT")
Handler = Callable[[dict[str, Any], Any], dict[str, Any]]


def trace_request(handler: Handler) -> Handler:
    return handler


@contextmanager
def span(name: str, **attributes: str | int | float | bool) -> Iterator[None]:
    yield


def record_exception(error: BaseException) -> None:
    """Nothing to record without tracing; the error log line carries the exception."""


def instrument_aws_client(client: ClientT) -> ClientT:
    return client
