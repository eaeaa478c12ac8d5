"""Hostile input: whatever a client sends the example's routes, a safe JSON answer and never a 500.

The kit's strategies (``lambda_service_kit.testing.strategies``) draw API Gateway REST proxy events with
arbitrary methods, paths, headers, query strings and bodies: oversized bodies, invalid UTF-8, base64 flags
that lie, deeply nested JSON and injection strings included. Derandomized and without an example
database, so every run sees the same cases.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import hypothesis
import pytest
from greeting_service.handlers import api
from hypothesis import HealthCheck, given, settings
from infra.config import ENVIRONMENTS

from lambda_service_kit.routes import read_routes
from lambda_service_kit.testing.events import FakeLambdaContext
from lambda_service_kit.testing.strategies import assert_safe_response, hostile_events, oversized_bodies
from lambda_service_runtime.observability import logger

EXAMPLES = 2_000
ROUTES = [(route.method, route.path) for route in read_routes(ENVIRONMENTS["dev"].service.openapi_path)]
MAX_BODY_BYTES = ENVIRONMENTS["dev"].api.max_body_bytes


@pytest.fixture(scope="module", autouse=True)
def quiet_logs() -> Iterator[None]:
    """Thousands of rejected requests log thousands of lines: discard them."""
    with open(os.devnull, "w", encoding="utf-8") as devnull:
        previous = logger.registered_handler.setStream(devnull)
        try:
            yield
        finally:
            logger.registered_handler.setStream(previous)


@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(event=hostile_events(ROUTES, max_body_bytes=MAX_BODY_BYTES))
def test_hostile_requests_get_safe_json_answers(event: dict[str, Any]) -> None:
    response = api.handler(event, FakeLambdaContext())
    hypothesis.event(f"status {response['statusCode']}")  # pytest --hypothesis-show-statistics lists them
    assert_safe_response(event, response)


@pytest.mark.parametrize("limit", [1024, 16 * 1024, 256 * 1024])
def test_oversized_bodies_straddle_the_limit_they_are_given(limit: int) -> None:
    sizes = oversized_bodies(limit).map(len)

    assert hypothesis.find(sizes, lambda size: True) == limit
    assert hypothesis.find(sizes, lambda size: size > limit) > limit
