"""The example's function in a fresh interpreter: a cold start, any tracing option, its output as Lambda keeps it.

The interpreter runs isolated (``python -I``: no ``PYTHON*`` variables, no user site, no current folder) with
the bake's ``src`` first on ``sys.path``, as the asset is in Lambda, then this environment's packages (the
runtime and its dependencies). It gets the function's environment and nothing of the test's: neither
pytest's warning filters nor its captured streams play any part.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TIMEOUT_SECONDS = 120
# As Lambda passes it with active tracing: the invocation's X-Ray segment, sampled.
LAMBDA_TRACE_HEADER = "Root=1-6745f0a2-3c5b1e2d9a8f7e6d5c4b3a29;Parent=53995c3f42cd8ad8;Sampled=1"

# Lambda's runtime in miniature: the handler imported once, each event invoked with a context and the
# X-Ray trace header in the environment, the responses written to a file (stdout and stderr are the logs').
INVOKE = """
import importlib, json, os, sys
from pathlib import Path
from types import SimpleNamespace

handler_spec, events_path, responses_path, trace_header = sys.argv[1:5]
module_name, _, function_name = handler_spec.rpartition(".")
handler = getattr(importlib.import_module(module_name), function_name)
responses = []
for number, event in enumerate(json.loads(Path(events_path).read_text(encoding="utf-8"))):
    os.environ["_X_AMZN_TRACE_ID"] = trace_header
    context = SimpleNamespace(
        function_name=os.environ["AWS_LAMBDA_FUNCTION_NAME"],
        function_version="$LATEST",
        memory_limit_in_mb=256,
        invoked_function_arn="arn:aws:lambda:eu-west-1:123456789012:function:" + os.environ["AWS_LAMBDA_FUNCTION_NAME"],
        aws_request_id=f"00000000-0000-4000-8000-{number:012d}",
        log_group_name="/aws/lambda/" + os.environ["AWS_LAMBDA_FUNCTION_NAME"],
        log_stream_name="2026/11/27/[$LATEST]0123456789abcdef",
        get_remaining_time_in_millis=lambda: 10_000,
    )
    responses.append(handler(event, context))
Path(responses_path).write_text(json.dumps(responses), encoding="utf-8")
"""


@dataclass(frozen=True)
class Invocation:
    responses: list[dict[str, Any]]
    stdout: str
    stderr: str


@dataclass(frozen=True, kw_only=True)
class FreshInterpreter:
    source_dir: Path
    handler: str  # module.function, as the function's handler setting names it
    function_environment: Mapping[str, str]

    def run(
        self, code: str, *args: str, tracing: str, environment: Mapping[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        """Run ``code`` (``sys.argv[1:]`` is ``args``) with the function's environment and ``TRACING=tracing``."""
        prelude = f"import sys\nsys.path.insert(0, {str(self.source_dir)!r})\n"
        return subprocess.run(
            [sys.executable, "-I", "-c", prelude + code, *args],
            env={
                "PATH": os.environ.get("PATH", ""),
                **self.function_environment,
                "TRACING": tracing,
                **(environment or {}),
            },
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )

    def output(self, code: str, *args: str, tracing: str, environment: Mapping[str, str] | None = None) -> Any:
        """The JSON that ``code`` prints, failing the test with the interpreter's errors if it did not end well."""
        completed = self.run(code, *args, tracing=tracing, environment=environment)
        assert completed.returncode == 0, completed.stderr
        return json.loads(completed.stdout)

    def invoke(
        self,
        events: Sequence[dict[str, Any]],
        *,
        tracing: str,
        environment: Mapping[str, str] | None = None,
        trace_header: str = LAMBDA_TRACE_HEADER,
    ) -> Invocation:
        """Import the handler and invoke it with each event, in one execution environment as Lambda would."""
        lambda_environment = {
            "AWS_LAMBDA_FUNCTION_NAME": "api-function",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "256",
            "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
            "AWS_EXECUTION_ENV": "AWS_Lambda_python3.13",
            "LAMBDA_TASK_ROOT": str(self.source_dir),
            **(environment or {}),
        }
        with tempfile.TemporaryDirectory(prefix="invocation-") as folder:
            events_path, responses_path = Path(folder, "events.json"), Path(folder, "responses.json")
            events_path.write_text(json.dumps(list(events)), encoding="utf-8")
            completed = self.run(
                INVOKE,
                self.handler,
                str(events_path),
                str(responses_path),
                trace_header,
                tracing=tracing,
                environment=lambda_environment,
            )
            assert completed.returncode == 0, completed.stderr
            responses = json.loads(responses_path.read_text(encoding="utf-8"))
        return Invocation(responses=responses, stdout=completed.stdout, stderr=completed.stderr)
