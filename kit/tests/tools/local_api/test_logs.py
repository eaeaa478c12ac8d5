"""The readable log view: one line per record, the repeated Powertools keys left out."""

from __future__ import annotations

import io
import json

from lambda_service_kit.tools.local_api.logs import LogSink


def test_readable_logs_show_level_message_and_extra_keys_only() -> None:
    stream = io.StringIO()
    sink = LogSink(json_lines=False, stream=stream)
    record = {"level": "INFO", "message": "Rejected request", "service": "svc", "cold_start": True, "status": 415}

    sink.function("Fn", json.dumps(record))
    sink.access(method="POST", path="/dev/greetings", status=415, duration_ms=3.2, request_id="abc")

    first, second = stream.getvalue().splitlines()
    assert first.endswith("INFO    Rejected request  status=415")
    assert second.endswith("WARNING POST /dev/greetings -> 415 (3 ms) abc")


def test_readable_logs_indent_stack_traces() -> None:
    stream = io.StringIO()
    sink = LogSink(json_lines=False, stream=stream)

    sink.function("Fn", json.dumps({"level": "ERROR", "message": "failed", "exception": "Traceback\n  line 1"}))

    assert stream.getvalue().splitlines()[1:] == ["    Traceback", "      line 1"]
