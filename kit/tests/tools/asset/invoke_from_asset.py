"""Run by test_build_lambda_asset.py in a bare interpreter (``python -I -S``).

Arguments: the asset folder, a folder holding only a copy of the kit's ``lambda_service_kit.testing.events``
named api_events, the folder of modules the Lambda runtime provides (the AWS SDK), the package name.
Prints one JSON line with what the handler answered and what got imported. Each route and each
error path runs once: a module they import lazily that the asset lacks fails here.
"""

import importlib
import json
import sys

asset_dir, events_dir, runtime_dir, package = sys.argv[1:5]
sys.path[:0] = [asset_dir, events_dir]
sys.path.append(runtime_dir)

from api_events import FakeLambdaContext, rest_event  # noqa: E402

JSON = {"Content-Type": "application/json"}


def fail(*_: object) -> None:
    raise RuntimeError("an unexpected failure")


handler = importlib.import_module(f"{package}.handlers.api").handler
health = handler(rest_event("GET", "/health"), FakeLambdaContext())
greeting = handler(rest_event("POST", "/greetings", body='{"name": "Ada"}', headers=JSON), FakeLambdaContext())
invalid_body = handler(rest_event("POST", "/greetings", body='{"name": 1}', headers=JSON), FakeLambdaContext())
unknown_route = handler(rest_event("GET", "/nowhere"), FakeLambdaContext())
importlib.import_module(f"{package}.handlers.routes.greetings").compose_greeting = fail
unexpected_error = handler(rest_event("POST", "/greetings", body='{"name": "Ada"}', headers=JSON), FakeLambdaContext())
try:
    import aws_cdk  # noqa: F401
except ImportError:
    cdk_importable = False
else:
    cdk_importable = True

result = {
    "health": health["statusCode"],
    "greeting": greeting,
    "invalid_body": invalid_body["statusCode"],
    "unknown_route": unknown_route["statusCode"],
    "unexpected_error": unexpected_error["statusCode"],
    "leaked": [name for name in ("aws_cdk", "pytest", "infra", "boto3", "lambda_service_kit") if name in sys.modules],
    "cdk_importable": cdk_importable,
}
print("RESULT " + json.dumps(result))
