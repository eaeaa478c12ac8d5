"""A handler for the local API's tests: each path parameter ``action`` makes it misbehave differently.

Copied into a temporary asset; the worker imports it with nothing but the standard library around.
"""

import base64
import importlib.util
import json
import os
import sys
import time


def handler(event, context):
    action = event["pathParameters"]["action"]
    if action == "crash":
        os._exit(3)
    if action == "raise":
        raise RuntimeError("boom")
    if action == "sleep":
        time.sleep(30)
    if action == "malformed":
        return {"body": "no statusCode"}
    if action == "binary":
        return {
            "statusCode": 200,
            "headers": {"Content-Type": "image/png"},
            "body": base64.b64encode(b"\x89PNG").decode(),
            "isBase64Encoded": True,
        }
    print(json.dumps({"level": "INFO", "message": "handled", "action": action}))
    print("a line that is not JSON")
    observed = {
        "event": event,
        "sys_path": sys.path,
        "pid": os.getpid(),
        "environ": dict(os.environ),
        "remaining_ms": context.get_remaining_time_in_millis(),
        "request_id": context.aws_request_id,
        "importable": {
            name: importlib.util.find_spec(name) is not None for name in ("pytest", "werkzeug", "lambda_service_kit")
        },
    }
    return {
        "statusCode": 200,
        "headers": {"Content-Type": "application/json"},
        "multiValueHeaders": {"Set-Cookie": ["a=1", "b=2"]},
        "body": json.dumps(observed),
    }
