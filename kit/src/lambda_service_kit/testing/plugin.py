"""Fixtures for a service's own tests; pytest loads this plugin wherever the kit is installed.

- ``service``: the service under test (``service.toml`` in pytest's root folder),
- ``service_config``: its environment named by ``ENV`` (default ``dev``),
- ``lambda_context``: a Lambda context object for calling a handler directly,
- ``log_records``: the JSON log lines the runtime's logger writes during the test,
- ``host_asset``: the Lambda asset built for this machine (what `make local` serves),
- ``api_url``, ``api``, ``deployed``: the API over HTTP for ``-m integration`` tests: ``API_URL`` when
  set (a deployment), else the local server (`make local`), started for the session.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from lambda_service_kit.config import ServiceConfig, ServiceDefinition
from lambda_service_kit.project import environment
from lambda_service_kit.testing.events import FakeLambdaContext

STARTUP_SECONDS = 30
SERVING = re.compile(r"Serving \S+ on (http://127\.0\.0\.1:\d+/\S+/)")


@pytest.fixture(scope="session")
def service(pytestconfig: pytest.Config) -> ServiceDefinition:
    return ServiceDefinition.load(pytestconfig.rootpath)


@pytest.fixture(scope="session")
def service_config(service: ServiceDefinition) -> ServiceConfig:
    return environment(service, os.environ.get("ENV", "dev"))


@pytest.fixture
def lambda_context() -> FakeLambdaContext:
    return FakeLambdaContext()


@pytest.fixture
def log_records() -> Iterator[Callable[[], list[dict[str, Any]]]]:
    """The JSON log lines the handler writes while the test runs."""
    from lambda_service_runtime.observability import logger  # noqa: PLC0415 - reads settings at import

    handler = logger.registered_handler
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]
    finally:
        handler.setStream(previous)


@pytest.fixture(scope="session")
def host_asset(service: ServiceDefinition) -> Path:
    from lambda_service_kit.tools.build_lambda_asset import Target, build_asset, host_asset_dir  # noqa: PLC0415

    return build_asset(service, target=Target.host(), output=host_asset_dir(service), quiet=True)


@pytest.fixture(scope="session")
def deployed() -> bool:
    """API_URL names a deployment (AWS or LocalStack), where API Gateway validates requests first."""
    return "API_URL" in os.environ


@pytest.fixture(scope="session")
def api_url(service: ServiceDefinition, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if deployed := os.environ.get("API_URL"):
        yield deployed.rstrip("/") + "/"
        return
    log_path = tmp_path_factory.mktemp("local-api") / "server.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "lambda_service_kit.cli", "local", "--port", "0", "--json-logs"],
            cwd=service.root,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        yield _wait_until_serving(server, log_path)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture(scope="session")
def api(api_url: str, service_config: ServiceConfig) -> Iterator[Any]:
    import httpx  # noqa: PLC0415 - only integration tests need an HTTP client

    from lambda_service_kit.testing.signing import client_auth  # noqa: PLC0415

    with httpx.Client(base_url=api_url, timeout=30, auth=client_auth(service_config)) as client:
        yield client


def _wait_until_serving(server: subprocess.Popen[bytes], log_path: Path) -> str:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        for line in log_path.read_text().splitlines():
            if found := SERVING.search(json.loads(line).get("message", "")):
                return found.group(1)
        if server.poll() is not None:
            break
        time.sleep(0.1)
    pytest.fail(f"`service-kit local` did not start (run `make synth` first?):\n{log_path.read_text()}")
