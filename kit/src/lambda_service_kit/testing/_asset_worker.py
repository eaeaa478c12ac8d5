"""Run by ``lambda_service_kit.testing.asset`` in a bare interpreter (``python -I -S``).

Arguments: the asset folder, the folder of modules the Lambda runtime provides (the AWS SDK), the
handler (``package.module.function``). Reads ``{"context": {...}, "events": [...]}`` on stdin (the
context's attributes are ``FakeLambdaContext``'s), calls the handler with each event, and prints one
line ``RESULT {"responses": [...], "loaded": [...]}``. Only the standard library
is importable besides those two folders, so a module the asset lacks fails here as it would in Lambda.
"""

import importlib
import json
import sys
from types import SimpleNamespace

asset_dir, runtime_dir, handler_path = sys.argv[1:4]
sys.path.insert(0, asset_dir)
sys.path.append(runtime_dir)


module_name, _, function_name = handler_path.rpartition(".")
handler = getattr(importlib.import_module(module_name), function_name)
request = json.load(sys.stdin)
remaining_ms = request["context"].pop("remaining_time_in_millis")
context = SimpleNamespace(**request["context"], get_remaining_time_in_millis=lambda: remaining_ms)
responses = [handler(event, context) for event in request["events"]]
print("RESULT " + json.dumps({"responses": responses, "loaded": sorted(sys.modules)}))
