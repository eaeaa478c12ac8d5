"""Run by test_lambda_asset.py in a bare interpreter (``python -I -S``).

Arguments: the asset folder, the folder holding ``api_events.py``, the folder of modules the
Lambda runtime provides (the AWS SDK), the package name.
Prints one JSON line with what the handler answered and what got imported.
"""

import importlib
import json
import sys

asset_dir, events_dir, runtime_dir, package = sys.argv[1:5]
sys.path[:0] = [asset_dir, events_dir]
sys.path.append(runtime_dir)

from api_events import FakeLambdaContext, rest_event  # noqa: E402

handler = importlib.import_module(f"{package}.handlers.api").handler
health = handler(rest_event("GET", "/health"), FakeLambdaContext())
greeting = handler(
    rest_event("POST", "/greetings", body='{"name": "Ada"}', headers={"Content-Type": "application/json"}),
    FakeLambdaContext(),
)
try:
    import aws_cdk  # noqa: F401
except ImportError:
    cdk_importable = False
else:
    cdk_importable = True

result = {
    "health": health["statusCode"],
    "greeting": greeting,
    "leaked": [name for name in ("aws_cdk", "pytest", "infra", "boto3") if name in sys.modules],
    "cdk_importable": cdk_importable,
}
print("RESULT " + json.dumps(result))
