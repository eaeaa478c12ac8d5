"""The API under test: API_URL when set (a deployment), else `make local`'s server started here."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from infra.config import ENVIRONMENTS, ServiceConfig
from tests.integration.signing import client_auth

PROJECT_ROOT = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 30
SERVING = re.compile(r"Serving \S+ on (http://127\.0\.0\.1:\d+/\S+/)")


@pytest.fixture(scope="session")
def api_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if deployed := os.environ.get("API_URL"):
        yield deployed.rstrip("/") + "/"
        return
    log_path = tmp_path_factory.mktemp("local-api") / "server.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "tools.local_api", "--port", "0", "--json-logs"],
            cwd=PROJECT_ROOT,
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


def _wait_until_serving(server: subprocess.Popen[bytes], log_path: Path) -> str:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        for line in log_path.read_text().splitlines():
            if found := SERVING.search(json.loads(line).get("message", "")):
                return found.group(1)
        if server.poll() is not None:
            break
        time.sleep(0.1)
    pytest.fail(f"`python -m tools.local_api` did not start (run `make synth` first?):\n{log_path.read_text()}")


@pytest.fixture(scope="session")
def deployed() -> bool:
    """API_URL names a deployment (AWS or LocalStack), where API Gateway validates requests first."""
    return "API_URL" in os.environ


@pytest.fixture(scope="session")
def config() -> ServiceConfig:
    return ENVIRONMENTS[os.environ.get("ENV", "dev")]


@pytest.fixture(scope="session")
def api(api_url: str, config: ServiceConfig) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=api_url, timeout=30, auth=client_auth(config)) as client:
        yield client
