"""The Lambda runtime loop of the host executor: ``python -I -S host_lambda_worker.py OVERLAY CODE HANDLER TOKEN``.

Reads LocalStack's invoke payloads (one JSON line each) on stdin, answers on stdout on lines starting
with TOKEN; the function's own output shares stdout, so logs and answers keep their order.
Standard library only.
"""

import importlib
import json
import os
import sys
import time
import traceback


class Context:
    def __init__(self, payload: dict, timeout: int) -> None:
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME", "")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        self.memory_limit_in_mb = int(os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128"))
        self.invoked_function_arn = payload["invoked-function-arn"]
        self.aws_request_id = payload["invoke-id"]
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME", "")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME", "")
        self.identity = None
        self.client_context = None
        self._deadline = time.time() + timeout

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.time()) * 1000))


def error_of(error: BaseException) -> dict:
    return {
        "errorMessage": str(error),
        "errorType": type(error).__name__,
        "stackTrace": traceback.format_exception(error),
    }


def main() -> None:
    overlay, code, handler_spec, token = sys.argv[1:5]
    sys.path[:0] = [overlay, code]
    requests = os.fdopen(os.dup(0), "rb")
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
    os.dup2(1, 2)

    def answer(message: dict) -> None:
        sys.stdout.flush()
        sys.stderr.flush()
        answers.write(f"\n{token} {json.dumps(message)}\n")
        answers.flush()

    module_name, _, function_name = handler_spec.rpartition(".")
    try:
        handler = getattr(importlib.import_module(module_name), function_name)
    except Exception as error:
        print(json.dumps({**error_of(error), "errorType": "Runtime.ImportModuleError"}), flush=True)
        sys.exit(1)
    answer({"ready": True})
    timeout = int(os.environ.get("AWS_LAMBDA_FUNCTION_TIMEOUT", "3"))
    for line in requests:
        payload = json.loads(line)
        try:
            result = handler(json.loads(payload["payload"] or "null"), Context(payload, timeout))
            answer({"result": result})
        except Exception as error:
            print(json.dumps(error_of(error)), flush=True)
            answer({"error": error_of(error)})


if __name__ == "__main__":
    main()
