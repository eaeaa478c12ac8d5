"""The runtime tested through the example service's handler, in this process and in fresh interpreters.

In this process the function's environment is the dev stack's (``kit/tests/conftest.py``): the runtime
traces with the example's answer, OpenTelemetry. The other options, cold starts and the function's output
as Lambda keeps it are seen in fresh interpreters (``fresh_interpreter``).
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fresh_interpreter import FreshInterpreter
from greeting_service.handlers import api

from lambda_service_kit.config import ServiceConfig, ServiceDefinition
from lambda_service_kit.testing.events import FakeLambdaContext

Invoke = Callable[[dict[str, Any]], dict[str, Any]]


@pytest.fixture
def invoke() -> Invoke:
    """The example's handler, as Lambda calls it."""
    return lambda event: api.handler(event, FakeLambdaContext())


@pytest.fixture(scope="session")
def function_environment(example_environments: dict[str, ServiceConfig]) -> dict[str, str]:
    """The variables the dev stack gives the function, the ones this process runs with."""
    dev = example_environments["dev"]
    return {**dev.function_environment(), "AWS_REGION": dev.region}


@pytest.fixture(scope="session")
def fresh_interpreter(example_service: ServiceDefinition, function_environment: dict[str, str]) -> FreshInterpreter:
    return FreshInterpreter(
        source_dir=example_service.source_dir,
        handler=f"{example_service.package}.handlers.api.handler",
        function_environment=function_environment,
    )


@pytest.fixture
def daemon() -> Iterator[socket.socket]:
    """A stand-in for the Lambda X-Ray daemon: a UDP socket on 127.0.0.1."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    listener.bind(("127.0.0.1", 0))
    listener.settimeout(2)
    yield listener
    listener.close()
