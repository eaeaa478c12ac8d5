"""`make local` in the default bake: the synthesized API served over real HTTP on 127.0.0.1."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import QUIET_NODE, run_make

STARTUP_SECONDS = 180
SERVING = re.compile(r"Serving \S+ on (http://127\.0\.0\.1:\d+/dev/)")


def test_default_project_passes_its_integration_tests_against_the_local_api(default_project: Path) -> None:
    output = run_make(default_project, "test-integration")

    passed = re.search(r"(\d+) passed", output)
    assert passed, output[-3000:]
    assert int(passed.group(1)) >= 10
    assert "skipped" not in output


@contextmanager
def served_by_make_local(project: Path, log_path: Path, *variables: str) -> Iterator[str]:
    """`make local` on a free port, serving until the block ends (its process group is stopped even on
    failure); yields the stage's URL."""
    with log_path.open("w") as log:
        make = subprocess.Popen(
            ["make", "--no-print-directory", "-C", str(project), "local", "LOCAL_PORT=0", *variables],
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, **QUIET_NODE},
            start_new_session=True,
        )
    try:
        yield _wait_for_url(make, log_path)
    finally:
        os.killpg(make.pid, signal.SIGTERM)
        try:
            make.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(make.pid, signal.SIGKILL)
            make.wait()


@pytest.fixture
def make_local(default_project: Path, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """`make local` on a free port with JSON logs."""
    log_path = tmp_path / "make-local.log"
    with served_by_make_local(default_project, log_path, "LOCAL_FLAGS=--json-logs") as url:
        yield url, log_path


def _wait_for_url(make: subprocess.Popen[bytes], log_path: Path) -> str:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline and make.poll() is None:
        if found := SERVING.search(log_path.read_text()):
            return found.group(1)
        time.sleep(0.2)
    pytest.fail(f"`make local` did not start serving:\n{log_path.read_text()[-4000:]}")


def _call(url: str, *, body: bytes | None = None) -> tuple[int, dict[str, str], dict[str, object]]:
    headers = {"Content-Type": "application/json"} if body is not None else {}
    request = urllib.request.Request(url, data=body, headers=headers, method="POST" if body is not None else "GET")
    with urllib.request.urlopen(request, timeout=30) as response:  # the URL is 127.0.0.1, printed by the server
        return response.status, dict(response.headers), json.loads(response.read())


def test_make_local_serves_the_synthesized_api_and_logs_each_request(make_local: tuple[str, Path]) -> None:
    url, log_path = make_local

    health = _call(url + "health")
    status, headers, greeting = _call(url + "greetings", body=b'{"name": "Ada"}')

    assert health[0] == 200
    assert health[2] == {"status": "ok"}
    assert status == 201
    assert greeting == {"message": "Hello, Ada!", "language": "en"}
    request_id = headers["x-amzn-RequestId"]
    records = [json.loads(line) for line in log_path.read_text().splitlines() if line.startswith("{")]
    assert any(record.get("requestId") == request_id and record.get("status") == 201 for record in records)
    assert any(record.get("_aws") and record.get("GreetingsCreated") for record in records)
