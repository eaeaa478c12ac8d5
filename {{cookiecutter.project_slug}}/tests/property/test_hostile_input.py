"""Hostile input: whatever a client sends to this service's routes, a safe JSON answer and never a 500.

The kit's strategies draw the requests (oversized, invalid UTF-8, lying base64 flags, deep JSON,
injection strings); derandomized and without an example database, so CI sees the same cases each run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from lambda_service_kit.routes import read_routes
from lambda_service_kit.testing import FakeLambdaContext
from lambda_service_kit.testing.strategies import assert_safe_response, hostile_events
from lambda_service_runtime.observability import logger

from {{ cookiecutter.package_name }}.handlers import api

from infra.config import ENVIRONMENTS

ROUTES = [(route.method, route.path) for route in read_routes(ENVIRONMENTS["dev"].service.openapi_path)]


@pytest.fixture(scope="module", autouse=True)
def quiet_logs() -> Iterator[None]:
    """Thousands of rejected requests log thousands of lines: discard them."""
    with open(os.devnull, "w", encoding="utf-8") as devnull:
        previous = logger.registered_handler.setStream(devnull)
        yield
        logger.registered_handler.setStream(previous)


@settings(max_examples=1000, derandomize=True, database=None, deadline=None, suppress_health_check=list(HealthCheck))
@given(event=hostile_events(ROUTES, max_body_bytes=ENVIRONMENTS["dev"].api.max_body_bytes))
def test_hostile_requests_get_safe_json_answers(event: dict[str, Any]) -> None:
    assert_safe_response(event, api.handler(event, FakeLambdaContext()))
