"""One function's worker process: started on demand, fed one event at a time, replaced after a crash."""

from __future__ import annotations

import json
import os
import queue
import secrets
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lambda_service_kit.tools.lambda_runtime_sdk import link_runtime_sdk
from lambda_service_kit.tools.local_api.template import FunctionSpec

WORKER_SCRIPT = Path(__file__).with_name("worker.py")
ACCOUNT_ID = "123456789012"
STARTUP_TIMEOUT_SECONDS = 30
STOP_TIMEOUT_SECONDS = 5


@dataclass(frozen=True)
class Invocation:
    """What the function did with one event: a result, an error, or nothing (crash or timeout)."""

    result: Any = None
    failure: str | None = None  # why there is no result: the gateway answers 502


class FunctionProcess:
    """Runs ``spec``'s handler from ``asset`` in a bare interpreter (``-I -S``), one event at a time."""

    def __init__(
        self,
        spec: FunctionSpec,
        *,
        asset: Path,
        region: str,
        log_line: Callable[[str, str], None],
        python: str = sys.executable,
    ) -> None:
        self.spec = spec
        self.asset = asset
        self.region = region
        self._log_line = log_line  # (function name, line) for every line the function writes
        self._python = python
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._answers: queue.Queue[dict[str, Any] | None] = queue.Queue()

    @property
    def arn(self) -> str:
        return f"arn:aws:lambda:{self.region}:{ACCOUNT_ID}:function:{self.spec.name}"

    def invoke(self, event: dict[str, Any]) -> Invocation:
        with self._lock:
            if not self._ensure_started():
                return Invocation(failure="the function failed to initialize")
            assert self._process is not None  # noqa: S101 - started above
            deadline = time.time() + self.spec.timeout_seconds
            request = {
                "event": event,
                "invocation_id": str(uuid.uuid4()),
                "deadline": deadline,
                "function_arn": self.arn,
            }
            try:
                self._process.stdin.write(json.dumps(request).encode() + b"\n")  # type: ignore[union-attr]
                self._process.stdin.flush()  # type: ignore[union-attr]
            except (BrokenPipeError, OSError):
                self._stop()
                return Invocation(failure="the function's process is gone")
            try:
                answer = self._answers.get(timeout=self.spec.timeout_seconds)
            except queue.Empty:
                self._stop()
                return Invocation(failure=f"Task timed out after {self.spec.timeout_seconds} seconds")
            if answer is None:
                code = self._stop()
                return Invocation(failure=f"the function's process exited with code {code}")
            if "error" in answer:
                return Invocation(failure=f"the handler raised {answer['error']}")
            return Invocation(result=answer["result"])

    def start(self) -> bool:
        with self._lock:
            return self._ensure_started()

    def stop(self) -> None:
        with self._lock:
            self._stop()

    def _ensure_started(self) -> bool:
        if self._process is not None and self._process.poll() is None:
            return True
        self._stop()
        token = "\x1e" + secrets.token_hex(8)
        self._answers = queue.Queue()
        self._process = subprocess.Popen(
            [
                self._python,
                "-I",
                "-S",
                str(WORKER_SCRIPT),
                str(self.asset),
                str(link_runtime_sdk(self.asset.with_name("lambda-runtime-sdk"))),
                self.spec.handler,
                token,
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            cwd=self.asset,
            env=self._environment(),
        )
        reader = threading.Thread(target=self._read, args=(self._process, token, self._answers), daemon=True)
        reader.start()
        try:
            ready = self._answers.get(timeout=STARTUP_TIMEOUT_SECONDS)
        except queue.Empty:
            ready = None
        if ready is None:
            self._stop()
            return False
        return True

    def _read(self, process: subprocess.Popen[bytes], token: str, answers: queue.Queue[dict[str, Any] | None]) -> None:
        marker = token.encode()
        for raw in process.stdout:  # type: ignore[union-attr]
            line = raw.rstrip(b"\n")
            if marker in line:
                before, _, payload = line.partition(marker)
                if before.strip():
                    self._log_line(self.spec.name, before.decode(errors="replace"))
                answers.put(json.loads(payload))
            elif line.strip():
                self._log_line(self.spec.name, line.decode(errors="replace"))
        answers.put(None)

    def _stop(self) -> int | None:
        process, self._process = self._process, None
        if process is None:
            return None
        if process.poll() is None:
            process.kill()
        code = process.wait(timeout=STOP_TIMEOUT_SECONDS)
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                stream.close()
        return code

    def _environment(self) -> dict[str, str]:
        """The variables Lambda sets, then the function's own from the template."""
        log_stream = time.strftime("%Y/%m/%d/[$LATEST]") + secrets.token_hex(16)
        lambda_variables = {
            "AWS_REGION": self.region,
            "AWS_DEFAULT_REGION": self.region,
            "AWS_EXECUTION_ENV": "AWS_Lambda_local",
            "AWS_LAMBDA_FUNCTION_NAME": self.spec.name,
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(self.spec.memory_mb),
            "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
            "AWS_LAMBDA_LOG_GROUP_NAME": f"/aws/lambda/{self.spec.name}",
            "AWS_LAMBDA_LOG_STREAM_NAME": log_stream,
            "AWS_LAMBDA_LOG_FORMAT": self.spec.log_format,
            "AWS_LAMBDA_LOG_LEVEL": self.spec.log_level,
            "LAMBDA_TASK_ROOT": str(self.asset),
            "PATH": os.environ.get("PATH", ""),
            "LANG": "en_US.UTF-8",
            "TZ": ":UTC",
            "PYTHONUNBUFFERED": "1",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        credentials = {
            name: os.environ[name]
            for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL")
            if name in os.environ
        }
        return {**lambda_variables, **credentials, **self.spec.environment}
