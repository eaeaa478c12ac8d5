"""Print the API URL of a stack deployed into LocalStack by `make deploy-local`.

    service-kit localstack-url greeting-service-dev

LocalStack reports ``https://<api-id>.execute-api.localhost.localstack.cloud:4566/<stage>/``, a name that
needs DNS; the same API answers on ``<endpoint>/_aws/execute-api/<api-id>/<stage>/`` with no DNS at all.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

OUTPUTS_FILE = Path(".build") / "localstack-outputs.json"
DEFAULT_ENDPOINT = "http://127.0.0.1:4566"


def localstack_api_url(api_url: str, *, endpoint: str) -> str:
    parts = urlsplit(api_url)
    api_id = parts.hostname.split(".", 1)[0] if parts.hostname else ""
    stage = parts.path.strip("/").split("/", 1)[0]
    if not api_id or not stage:
        raise ValueError(f"not an API Gateway stage URL: {api_url}")
    return f"{endpoint.rstrip('/')}/_aws/execute-api/{api_id}/{stage}/"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print the LocalStack URL of a deployed stack's API.")
    parser.add_argument("stack", help="stack name, e.g. greeting-service-dev")
    parser.add_argument("--outputs", type=Path, default=OUTPUTS_FILE, help="cdk deploy --outputs-file output")
    args = parser.parse_args(argv)
    if not args.outputs.is_file():
        print(f"No {args.outputs}: run `make deploy-local` first.", file=sys.stderr)
        return 2
    outputs = json.loads(args.outputs.read_text(encoding="utf-8"))
    endpoint = os.environ.get("AWS_ENDPOINT_URL", DEFAULT_ENDPOINT)
    print(localstack_api_url(outputs[args.stack]["ApiUrl"], endpoint=endpoint))
    return 0


if __name__ == "__main__":
    sys.exit(main())
