"""Run by ``lambda_service_kit.testing.asset`` in a bare interpreter (``python -I -S``).

Arguments: the asset folder, the folder of modules the Lambda runtime provides (the AWS SDK), the
handler (``package.module.function``). Reads a JSON list of events on stdin, calls the handler with
each, and prints one line ``RESULT {"responses": [...], "loaded": [...]}``. Only the standard library
is importable besides those two folders, so a module the asset lacks fails here as it would in Lambda.
"""

import importlib
import json
import sys

asset_dir, runtime_dir, handler_path = sys.argv[1:4]
sys.path.insert(0, asset_dir)
sys.path.append(runtime_dir)


class Context:
    function_name = "api-function"
    function_version = "$LATEST"
    memory_limit_in_mb = 256
    invoked_function_arn = "arn:aws:lambda:eu-west-1:123456789012:function:api-function"
    aws_request_id = "6f4f2b4e-7c1d-4a8e-9d3b-2f1e0c9a8b7d"
    log_group_name = "/aws/lambda/api-function"
    log_stream_name = "2026/12/01/[$LATEST]0123456789abcdef"

    def get_remaining_time_in_millis(self) -> int:
        return 10_000


module_name, _, function_name = handler_path.rpartition(".")
handler = getattr(importlib.import_module(module_name), function_name)
responses = [handler(event, Context()) for event in json.load(sys.stdin)]
print("RESULT " + json.dumps({"responses": responses, "loaded": sorted(sys.modules)}))
