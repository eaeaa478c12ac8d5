from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from {{ cookiecutter.package_name }}.handlers import api
from {{ cookiecutter.package_name }}.observability import logger

from tools.api_events import FakeLambdaContext


@pytest.fixture
def invoke() -> Callable[[dict[str, Any]], dict[str, Any]]:
    """Call the Lambda handler as the Lambda runtime would."""

    def call(event: dict[str, Any]) -> dict[str, Any]:
        return api.handler(event, FakeLambdaContext())

    return call


@pytest.fixture
def log_records() -> Iterator[Callable[[], list[dict[str, Any]]]]:
    """The JSON log lines the handler writes while the test runs."""
    handler = logger.registered_handler
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]
    finally:
        handler.setStream(previous)


def json_body(response: dict[str, Any]) -> Any:
    return json.loads(response["body"])


def header(response: dict[str, Any], name: str) -> str:
    """A response header, whichever of the two header maps Powertools filled."""
    single = {key.lower(): value for key, value in (response.get("headers") or {}).items()}
    multi = {key.lower(): values for key, values in (response.get("multiValueHeaders") or {}).items()}
    if name.lower() in single:
        return single[name.lower()]
    return multi[name.lower()][0]
