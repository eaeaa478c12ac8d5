"""The default bake deployed into LocalStack with the stock CDK CLI, called through its API Gateway, and
rolled back with `make rollback` after a second version took the alias (LocalStack has no CodeDeploy:
`make deploy-local` deploys without traffic shifting, the alias and its versions are LocalStack's own).

LocalStack (localstack-core, pinned) runs on this host in its own Python 3.13 virtualenv, listening on
127.0.0.1 only, with a Lambda executor that runs functions as host subprocesses
(tests/localstack_host_lambda): the free edition runs functions only in Docker, which we do not have.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

from tests.conftest import TEMPLATE_DIR, find_interpreter, run_make
from tests.localstack_host_lambda.wheel import build_wheel

pytestmark = pytest.mark.localstack

LOCALSTACK = "localstack-core[runtime]==4.14.0"  # the last release that runs without an auth token
CONSTRAINTS = ("cbor2<6", "pyopenssl==25.3.0", "cryptography<47")
EXTRA_PACKAGES = ("service-identity",)
VENV = TEMPLATE_DIR / "build" / "localstack-venv"
STARTUP_SECONDS = 120


@pytest.fixture(scope="session")
def localstack_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """LocalStack's own virtualenv (kept in build/ between runs), with the host executor plugin installed."""
    interpreter = find_interpreter("3.13")
    if interpreter is None:
        pytest.skip("LocalStack needs Python 3.13 (python3.13 on PATH or under ~/.pyenv/versions): not found")
    python = VENV / "bin" / "python"
    stamp = VENV / ".installed"
    wanted = "\n".join([LOCALSTACK, *CONSTRAINTS, *EXTRA_PACKAGES])
    if not stamp.is_file() or stamp.read_text() != wanted:
        shutil.rmtree(VENV, ignore_errors=True)
        subprocess.run([interpreter, "-m", "venv", str(VENV)], check=True)
        constraints = tmp_path_factory.mktemp("localstack") / "constraints.txt"
        constraints.write_text("\n".join(CONSTRAINTS) + "\n")
        pip = [str(python), "-m", "pip", "install", "--disable-pip-version-check", "--quiet"]
        subprocess.run([*pip, "--constraint", str(constraints), LOCALSTACK, *EXTRA_PACKAGES], check=True)
        stamp.write_text(wanted)
    wheel = build_wheel(tmp_path_factory.mktemp("wheel"))
    subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--force-reinstall",
            str(wheel),
        ],
        check=True,
    )
    return python


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def localstack(localstack_python: Path, tmp_path: Path) -> Iterator[str]:
    """LocalStack on a free port of 127.0.0.1; its whole process group is stopped even if the test fails."""
    port = free_port()
    environment = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", str(tmp_path)),
        "OVERRIDE_IN_DOCKER": "0",
        "GATEWAY_LISTEN": f"127.0.0.1:{port}",
        "DNS_ADDRESS": "0",
        "LAMBDA_RUNTIME_EXECUTOR": "host",
        "FILESYSTEM_ROOT": str(tmp_path / "filesystem"),
        "LOCALSTACK_VOLUME_DIR": str(tmp_path / "volume"),
        "SKIP_SSL_CERT_DOWNLOAD": "1",
        "DISABLE_EVENTS": "1",
    }
    log_path = tmp_path / "localstack.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [str(localstack_python), "-m", "localstack.runtime.main"],
            cwd=tmp_path,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        _wait_until_ready(endpoint, process, log_path)
        yield endpoint
    finally:
        _stop_group(process, timeout=20)


def _stop_group(process: subprocess.Popen[bytes], *, timeout: float) -> None:
    """SIGTERM to the process group we started (LocalStack and its function workers), SIGKILL if it lingers."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            break
        try:
            process.wait(timeout=timeout)
            break
        except subprocess.TimeoutExpired:
            continue
    process.wait()


def _wait_until_ready(endpoint: str, process: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(f"{endpoint}/_localstack/health", timeout=5) as response:
                if json.loads(response.read())["services"].get("lambda") in ("available", "running"):
                    return
        except (urllib.error.URLError, ConnectionError):
            pass
        time.sleep(0.5)
    pytest.fail(f"LocalStack did not become ready:\n{log_path.read_text()[-4000:]}")


def _request(url: str, *, body: bytes | None = None) -> tuple[int, dict[str, object]]:
    headers = {"Content-Type": "application/json"} if body is not None else {}
    request = urllib.request.Request(url, data=body, headers=headers, method="POST" if body is not None else "GET")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # 127.0.0.1, LocalStack started above
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_default_project_deploys_into_localstack_and_serves_through_its_api_gateway(
    default_project: Path, localstack: str
) -> None:
    endpoint = f"LOCALSTACK_ENDPOINT={localstack}"
    try:
        output = run_make(default_project, "deploy-local", endpoint)
        found = re.search(r"^API_URL=(http://127\.0\.0\.1:\d+/_aws/execute-api/\w+/dev/)$", output, re.MULTILINE)
        assert found, output[-3000:]
        api_url = found.group(1)

        assert _request(api_url + "health") == (200, {"status": "ok"})
        assert _request(api_url + "greetings", body=b'{"name": "Ada", "language": "de"}') == (
            201,
            {"message": "Hallo, Ada!", "language": "de"},
        )
        # The gateway validates the body against the route's schema before the function runs.
        status, _ = _request(api_url + "greetings", body=b'{"name": ""}')
        assert status == 400

        tested = run_make(default_project, "test-deployed", endpoint)
        assert re.search(r"\b\d+ passed\b", tested), tested[-3000:]

        function, alias, client = _deployed_alias(default_project, localstack)
        assert client.get_alias(FunctionName=function, Name=alias)["FunctionVersion"] == "1"
        _release_a_second_version(client, function, alias)
        rolled_back = _make_rollback(default_project, localstack)
        assert "now sends all traffic to version 1 (it served 2)" in rolled_back, rolled_back
        assert client.get_alias(FunctionName=function, Name=alias)["FunctionVersion"] == "1"
        assert _request(api_url + "health") == (200, {"status": "ok"})
    finally:
        run_make(default_project, "destroy-local", endpoint)


def _deployed_alias(project: Path, endpoint: str) -> tuple[str, str, Any]:
    """The function and alias the deployed stack names in its outputs, and a Lambda client of LocalStack."""
    (outputs,) = json.loads((project / ".build" / "localstack-outputs.json").read_text()).values()
    kit = project / ".venv" / "bin" / "service-kit"
    region = subprocess.run([kit, "region"], cwd=project, capture_output=True, text=True, check=True).stdout.strip()
    client = boto3.client(
        "lambda", endpoint_url=endpoint, region_name=region, aws_access_key_id="test", aws_secret_access_key="test"
    )
    return outputs["DeployFunctionName"], outputs["DeployAliasName"], client


def _release_a_second_version(client: Any, function: str, alias: str) -> None:
    """What a deploy does to the alias: a new published version takes all of its traffic."""
    client.update_function_configuration(FunctionName=function, Description="the second version")
    client.get_waiter("function_updated_v2").wait(FunctionName=function)
    version = client.publish_version(FunctionName=function)["Version"]
    assert version == "2"
    client.update_alias(FunctionName=function, Name=alias, FunctionVersion=version)


def _make_rollback(project: Path, endpoint: str) -> str:
    """`make rollback ENV=dev`, its AWS calls going to LocalStack."""
    local_aws = {"AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test"}
    completed = subprocess.run(
        ["make", "--no-print-directory", "-C", str(project), "rollback", "ENV=dev"],
        capture_output=True,
        text=True,
        env={**os.environ, **local_aws},
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return completed.stdout
