"""LocalStack's RuntimeExecutor interface, implemented with a host subprocess per execution environment.

This module is imported inside LocalStack's process (Python 3.13, localstack-core installed), never by the
template's own test interpreter. The function runs in ``python3.X -I -S host_lambda_worker.py`` with the
unzipped code on ``sys.path``; wheels of compiled packages built for another CPU (arm64 assets on an
x86_64 host) are shadowed by the same versions installed for this machine.
"""

from __future__ import annotations

import glob
import json
import os
import queue
import secrets
import shutil
import subprocess
import sys
import threading
from pathlib import Path

from localstack import config
from localstack.services.lambda_.invocation.lambda_models import FunctionVersion, InvocationResult
from localstack.services.lambda_.invocation.plugins import RuntimeExecutorPlugin
from localstack.services.lambda_.invocation.runtime_executor import LambdaRuntimeException, RuntimeExecutor

WORKER = Path(__file__).with_name("host_lambda_worker.py")
_OVERLAY_LOCK = threading.Lock()


class HostRuntimeExecutor(RuntimeExecutor):
    def __init__(self, id: str, function_version: FunctionVersion) -> None:
        super().__init__(id=id, function_version=function_version)
        self._process: subprocess.Popen[bytes] | None = None
        self._answers: queue.Queue[dict | None] = queue.Queue()
        self._logs: list[str] = []
        self._timeout = 3

    def start(self, env_vars: dict[str, str]) -> None:
        code = Path(self.function_version.config.code.get_unzipped_code_location())
        overlay = _host_overlay(code, self._interpreter())
        environment = {name: str(value) for name, value in env_vars.items()}
        environment |= {"PATH": os.environ.get("PATH", ""), "LAMBDA_TASK_ROOT": str(code), "PYTHONUNBUFFERED": "1"}
        self._timeout = int(environment.get("AWS_LAMBDA_FUNCTION_TIMEOUT", "3"))
        token = "\x1e" + secrets.token_hex(8)
        handler = self.function_version.config.handler
        self._process = subprocess.Popen(
            [self._interpreter(), "-I", "-S", str(WORKER), str(overlay), str(code), handler, token],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            cwd=code,
            env=environment,
        )
        threading.Thread(target=self._read, args=(self._process, token), daemon=True).start()
        ready = self._answers.get(timeout=60)
        if ready is None:
            raise LambdaRuntimeException(f"the function did not initialize:\n{self.get_logs()}")

    def _read(self, process: subprocess.Popen[bytes], token: str) -> None:
        marker = token.encode()
        for raw in process.stdout:
            line = raw.rstrip(b"\n")
            if marker in line:
                before, _, payload = line.partition(marker)
                if before.strip():
                    self._logs.append(before.decode(errors="replace") + "\n")
                self._answers.put(json.loads(payload))
            else:
                self._logs.append(raw.decode(errors="replace"))
        self._answers.put(None)

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.kill()
            process.wait(timeout=5)

    def get_address(self) -> str:
        return "127.0.0.1"

    def get_endpoint_from_executor(self) -> str:
        return "127.0.0.1"

    def get_runtime_endpoint(self) -> str:
        return f"http://127.0.0.1:{config.GATEWAY_LISTEN[0].port}/_localstack_lambda/{self.id}"

    def invoke(self, payload: dict[str, str]) -> InvocationResult:
        request_id = payload["invoke-id"]
        self._logs.clear()
        if self._process is None or self._process.poll() is not None:
            return self._error(request_id, "Runtime.ExitError", "the function's process is not running")
        self._process.stdin.write(json.dumps(payload).encode() + b"\n")
        self._process.stdin.flush()
        try:
            answer = self._answers.get(timeout=self._timeout + 1)
        except queue.Empty:
            self.stop()
            return self._error(request_id, "Sandbox.Timedout", f"Task timed out after {self._timeout} seconds")
        if answer is None:
            return self._error(request_id, "Runtime.ExitError", "the function's process exited")
        is_error = "error" in answer
        body = json.dumps(answer["error"] if is_error else answer["result"]).encode()
        return InvocationResult(request_id=request_id, payload=body, is_error=is_error, logs=self.get_logs())

    def _error(self, request_id: str, error_type: str, message: str) -> InvocationResult:
        body = json.dumps({"errorType": error_type, "errorMessage": message}).encode()
        return InvocationResult(request_id=request_id, payload=body, is_error=True, logs=self.get_logs())

    def get_logs(self) -> str:
        return "".join(self._logs)

    def _interpreter(self) -> str:
        version = (self.function_version.config.runtime or "").removeprefix("python")
        if f"{sys.version_info.major}.{sys.version_info.minor}" == version:
            return sys.executable
        pyenv = sorted(glob.glob(os.path.expanduser(f"~/.pyenv/versions/{version}.*/bin/python{version}")))
        for candidate in [*reversed(pyenv), shutil.which(f"python{version}")]:
            if candidate and subprocess.run([candidate, "-c", ""], capture_output=True, check=False).returncode == 0:
                return candidate
        raise LambdaRuntimeException(f"no working python{version} on this host for runtime python{version}")

    @classmethod
    def prepare_version(cls, function_version: FunctionVersion) -> None:
        if function_version.config.code:
            function_version.config.code.prepare_for_execution()

    @classmethod
    def cleanup_version(cls, function_version: FunctionVersion) -> None:
        pass


def _host_overlay(code: Path, interpreter: str) -> Path:
    """Compiled distributions of ``code`` reinstalled for this machine, same names and versions."""
    overlay = code.with_name(code.name + "-host-overlay")
    with _OVERLAY_LOCK:
        if overlay.is_dir():
            return overlay
        pins = []
        for wheel_file in code.glob("*.dist-info/WHEEL"):
            if "Root-Is-Purelib: false" in wheel_file.read_text():
                metadata = dict(
                    line.split(": ", 1)
                    for line in (wheel_file.parent / "METADATA").read_text().splitlines()[:5]
                    if ": " in line
                )
                pins.append(f"{metadata['Name']}=={metadata['Version']}")
        staging = overlay.with_name(overlay.name + ".staging")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        if pins:
            command = [interpreter, "-m", "pip", "install", "--quiet", "--no-deps", "--only-binary=:all:"]
            subprocess.run([*command, "--target", str(staging), *pins], check=True)
        staging.rename(overlay)
        return overlay


class HostRuntimeExecutorPlugin(RuntimeExecutorPlugin):
    name = "host"

    def load(self, *args, **kwargs):
        return HostRuntimeExecutor
