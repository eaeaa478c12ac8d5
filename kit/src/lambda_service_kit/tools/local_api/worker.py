"""The function's execution environment: run as ``python -I -S worker.py ASSET RUNTIME_SDK HANDLER TOKEN``.

Only the standard library, the asset and the AWS SDK the Lambda runtime provides
(``lambda_service_kit.tools.lambda_runtime_sdk``) are importable, as in Lambda. Requests
arrive one JSON line at a time on stdin; the handler's output (stdout and stderr)
and this worker's answers share stdout, answers on lines starting with TOKEN, so
the server reads logs and answers in the order they happened. Standard library
only: nothing from the project is importable here.
"""

import importlib
import json
import os
import secrets
import sys
import time
import traceback
from datetime import UTC, datetime


class Context:
    """The attributes of Lambda's context object that handlers and Powertools read."""

    def __init__(self, request: dict) -> None:
        self.function_name = os.environ["AWS_LAMBDA_FUNCTION_NAME"]
        self.function_version = "$LATEST"
        self.memory_limit_in_mb = int(os.environ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"])
        self.invoked_function_arn = request["function_arn"]
        self.aws_request_id = request["invocation_id"]
        self.log_group_name = os.environ["AWS_LAMBDA_LOG_GROUP_NAME"]
        self.log_stream_name = os.environ["AWS_LAMBDA_LOG_STREAM_NAME"]
        self.identity = None
        self.client_context = None
        self._deadline = request["deadline"]

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.time()) * 1000))


def set_trace_header() -> None:
    """Lambda's per-invocation X-Ray header; not sampled, as no X-Ray daemon listens here.

    Without it the X-Ray SDK finds no invocation segment and logs a plain-text complaint per request.
    """
    trace_id = f"1-{int(time.time()):08x}-{secrets.token_hex(12)}"
    os.environ["_X_AMZN_TRACE_ID"] = f"Root={trace_id};Parent={secrets.token_hex(8)};Sampled=0"


def load_handler(spec: str):
    module_name, _, function_name = spec.rpartition(".")
    return getattr(importlib.import_module(module_name), function_name)


def error_record(error: BaseException, request_id: str | None) -> dict:
    return {
        "timestamp": datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "level": "ERROR",
        "message": f"{type(error).__name__}: {error}",
        "errorType": type(error).__name__,
        "errorMessage": str(error),
        "stackTrace": traceback.format_exception(error),
        "requestId": request_id,
    }


def main() -> None:
    asset, runtime_sdk, handler_spec, token = sys.argv[1:5]
    sys.path.insert(0, asset)
    sys.path.append(runtime_sdk)
    requests = os.fdopen(os.dup(0), "rb")
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(1, 2)

    def answer(payload: dict) -> None:
        sys.stdout.flush()
        sys.stderr.flush()
        answers.write(f"\n{token} {json.dumps(payload)}\n")
        answers.flush()

    try:
        handler = load_handler(handler_spec)
    except Exception as error:  # reported like Lambda's Runtime.ImportModuleError, then the worker exits
        print(json.dumps({**error_record(error, None), "errorType": "Runtime.ImportModuleError"}), flush=True)
        sys.exit(1)
    answer({"ready": True})

    for line in requests:
        request = json.loads(line)
        set_trace_header()
        try:
            result = handler(request["event"], Context(request))
            answer({"result": result})
        except Exception as error:  # the handler failed: Lambda reports the error, the gateway answers 502
            print(json.dumps(error_record(error, request["invocation_id"])), flush=True)
            answer({"error": type(error).__name__})


if __name__ == "__main__":
    main()
