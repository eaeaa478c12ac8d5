"""The terminal output of ``make local``: readable by default, one JSON object per line with --json-logs."""

from __future__ import annotations

import json
import sys
import threading
from datetime import UTC, datetime
from typing import Any, TextIO

# Keys every Powertools line repeats; the readable view leaves them out.
NOISE_KEYS = frozenset(
    {
        "timestamp",
        "level",
        "message",
        "service",
        "location",
        "cold_start",
        "function_name",
        "function_memory_size",
        "function_arn",
        "function_request_id",
        "xray_trace_id",
        "sampling_rate",
        "environment",
        "exception",
        "exception_name",
        "stack_trace",
        "stackTrace",
        "requestId",
    }
)
COLORS = {"DEBUG": "\033[2m", "INFO": "\033[36m", "WARNING": "\033[33m", "ERROR": "\033[31m", "CRITICAL": "\033[31m"}
RESET = "\033[0m"
SERVER_ERROR = 500
CLIENT_ERROR = 400


class LogSink:
    def __init__(self, *, json_lines: bool, stream: TextIO | None = None) -> None:
        self.json_lines = json_lines
        self._stream = stream or sys.stdout
        self._color = not json_lines and self._stream.isatty()
        self._lock = threading.Lock()

    def server(self, message: str, *, level: str = "INFO") -> None:
        if self.json_lines:
            self._write(json.dumps({"timestamp": _now(), "level": level, "source": "local-api", "message": message}))
        else:
            self._write(f"{_clock()} {self._level(level)} {message}")

    def function(self, function_name: str, line: str) -> None:
        record = _json_object(line)
        if self.json_lines:
            if record is None:
                record = {"timestamp": _now(), "level": "INFO", "message": line}
            self._write(json.dumps({**record, "function": function_name} if "function" not in record else record))
        elif record is None:
            self._write(f"{_clock()} {self._level('INFO')} {line}")
        elif "_aws" in record:
            self._write(f"{_clock()} {self._level('INFO')} metrics {_metrics(record)}")
        else:
            self._write(self._readable(record))

    def access(self, *, method: str, path: str, status: int, duration_ms: float, request_id: str) -> None:
        if self.json_lines:
            entry = {
                "timestamp": _now(),
                "level": "INFO",
                "source": "local-api",
                "message": f"{method} {path} {status}",
                "method": method,
                "path": path,
                "status": status,
                "durationMs": round(duration_ms, 1),
                "requestId": request_id,
            }
            self._write(json.dumps(entry))
            return
        level = "ERROR" if status >= SERVER_ERROR else "WARNING" if status >= CLIENT_ERROR else "INFO"
        self._write(f"{_clock()} {self._level(level)} {method} {path} -> {status} ({duration_ms:.0f} ms) {request_id}")

    def _readable(self, record: dict[str, Any]) -> str:
        level = str(record.get("level", "INFO")).upper()
        extras = " ".join(f"{key}={_short(value)}" for key, value in record.items() if key not in NOISE_KEYS)
        lines = [f"{_clock()} {self._level(level)} {record.get('message', '')}" + (f"  {extras}" if extras else "")]
        trace = record.get("exception") or record.get("stack_trace") or record.get("stackTrace")
        if isinstance(trace, list):
            trace = "".join(str(part) for part in trace)
        if trace:
            lines += ["    " + part for part in str(trace).rstrip().splitlines()]
        return "\n".join(lines)

    def _level(self, level: str) -> str:
        text = f"{level:<7}"
        return f"{COLORS.get(level, '')}{text}{RESET}" if self._color else text

    def _write(self, text: str) -> None:
        with self._lock:
            self._stream.write(text + "\n")
            self._stream.flush()


def _json_object(line: str) -> dict[str, Any] | None:
    if not line.lstrip().startswith("{"):
        return None
    try:
        value = json.loads(line)
    except json.JSONDecodeError:
        return None
    return value if isinstance(value, dict) else None


def _metrics(record: dict[str, Any]) -> str:
    names = [
        metric["Name"] for block in record["_aws"].get("CloudWatchMetrics", []) for metric in block.get("Metrics", [])
    ]
    values = {name: record.get(name) for name in names}
    single = {
        name: value[0] if isinstance(value, list) and len(value) == 1 else value for name, value in values.items()
    }
    return " ".join(f"{name}={_short(value)}" for name, value in single.items()) or "(none)"


def _short(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _clock() -> str:
    return datetime.now().strftime("%H:%M:%S.%f")[:-3]
