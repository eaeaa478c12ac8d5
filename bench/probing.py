"""Start a fresh interpreter the way Lambda starts the function, and read what ``probe.py`` measured."""

from __future__ import annotations

import json
import os
import socket
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bench.process import run

PROBE = Path(__file__).with_name("probe.py")
# The variables the Lambda service gives every function, beside those of the stack (each subject's
# ``function_environment``); each subject's ``sampled`` sets the Sampled flag of Lambda's trace header
# (``_X_AMZN_TRACE_ID``).
LAMBDA_ENVIRONMENT = {
    "AWS_REGION": "eu-west-1",
    "AWS_DEFAULT_REGION": "eu-west-1",
    "AWS_LAMBDA_FUNCTION_NAME": "greeting-service-bench-api",
    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "512",
    "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
    "AWS_EXECUTION_ENV": "AWS_Lambda_python3.13",
    "AWS_XRAY_CONTEXT_MISSING": "LOG_ERROR",
}


# The trace header Lambda sets per invocation; the subject decides its Sampled flag.
LAMBDA_TRACE = "Root=1-6746f00d-0123456789abcdef01234567;Parent=53995c3f42cd8ad8"


@dataclass(frozen=True)
class Subject:
    """A handler module, the interpreter that runs it and what is on its path."""

    label: str
    python: Path
    module: str  # "greeting_service.handlers.api" or "bare_handler"
    code_dir: Path  # the asset, or the bare handler's folder: LAMBDA_TASK_ROOT, alone on the path
    events_module: Path  # the kit's events.py (gateway events, Lambda context), loaded by file after the import
    runtime_path: tuple[Path, ...] = field(default=())  # the AWS SDK the Lambda runtime provides
    # What the stack sets on the function (the bake's infra/config.py): TRACING picks the runtime's tracing.
    function_environment: Mapping[str, str] = field(default_factory=dict)
    sampled: bool = True  # whether Lambda's trace header asks for the requests to be traced

    def command(self, spec: dict[str, object], *, importtime: bool = False) -> list[str]:
        # -I: only the asset on the path, PYTHON* variables ignored (PYTHONDONTWRITEBYTECODE among them).
        # -S: no site-packages. -B: write no bytecode, as on Lambda's read-only /var/task, so a missing
        # .pyc costs every run, not only the first.
        flags = ["-I", "-S", "-B", *(["-X", "importtime"] if importtime else [])]
        return [str(self.python), *flags, str(PROBE), json.dumps(spec)]


class XRayDaemon:
    """A UDP socket on the loopback standing in for the Lambda X-Ray daemon: it receives and drops."""

    def drain(self) -> int:
        """The datagrams waiting, read and dropped (the socket's buffer holds a few hundred at most)."""
        self._socket.setblocking(False)
        count = 0
        try:
            while True:
                self._socket.recv(65536)
                count += 1
        except BlockingIOError:
            return count

    def __enter__(self) -> XRayDaemon:
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._socket.bind(("127.0.0.1", 0))
        self.address = f"127.0.0.1:{self._socket.getsockname()[1]}"
        return self

    def __exit__(self, *_: object) -> None:
        self._socket.close()


@dataclass(frozen=True)
class ProbeResult:
    figures: dict[str, float]
    wall_ms: float  # the whole process: interpreter start-up, import, first invocation (and warm calls)
    cpu_ms: float
    output_lines: int
    importtime: str


def probe(
    subject: Subject,
    daemon: XRayDaemon,
    *,
    first_invoke: bool = False,
    invocations: int = 0,
    rss_after: int = 0,
    importtime: bool = False,
) -> ProbeResult:
    with tempfile.TemporaryDirectory(prefix="bench-probe-") as scratch:
        result_file = Path(scratch) / "result.json"
        spec = {
            "path": [str(subject.code_dir)],
            "events_module": str(subject.events_module),
            "runtime_path": [str(path) for path in subject.runtime_path],
            "module": subject.module,
            "first_invoke": first_invoke or invocations > 0,
            "invocations": invocations,
            "rss_after": rss_after,
            "result": str(result_file),
        }
        environment = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            **LAMBDA_ENVIRONMENT,
            **subject.function_environment,
            "LAMBDA_TASK_ROOT": str(subject.code_dir),
            "_X_AMZN_TRACE_ID": f"{LAMBDA_TRACE};Sampled={int(subject.sampled)}",
            "AWS_XRAY_DAEMON_ADDRESS": daemon.address,
        }
        with (Path(scratch) / "stdout").open("w+") as stdout:
            measured = run(subject.command(spec, importtime=importtime), cwd=scratch, env=environment, stdout=stdout)
            stdout.seek(0)
            lines = sum(1 for line in stdout if line.strip())
        return ProbeResult(
            figures=json.loads(result_file.read_text()),
            wall_ms=measured.wall_s * 1000,
            cpu_ms=measured.cpu_s * 1000,
            output_lines=lines,
            importtime=measured.output if importtime else "",
        )
