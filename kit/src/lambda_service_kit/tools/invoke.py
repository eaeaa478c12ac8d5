"""Invoke the API handler locally with a REST API Gateway event, no AWS needed.

    service-kit invoke GET /health
    service-kit invoke POST /greetings '{"name": "Ada"}'

The function's environment comes from the dev stack's configuration, so what
runs here is what runs in Lambda, minus the gateway.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys

from lambda_service_kit.project import current_service, environment
from lambda_service_kit.testing.events import FakeLambdaContext, rest_event


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Invoke the API handler with a REST API Gateway event.")
    parser.add_argument("method", help="HTTP method, e.g. GET")
    parser.add_argument("path", help="request path, e.g. /health")
    parser.add_argument("body", nargs="?", help="request body (JSON)")
    parser.add_argument("--env", default="dev", help="configuration to run with")
    args = parser.parse_args(argv)

    service = current_service()
    os.environ.update(environment(service, args.env).function_environment())
    sys.path.insert(0, str(service.source_dir))
    handler = importlib.import_module(f"{service.package}.handlers.api").handler
    headers = {"Content-Type": "application/json"} if args.body is not None else {}
    event = rest_event(args.method.upper(), args.path, body=args.body, headers=headers)
    response = handler(event, FakeLambdaContext())
    print(json.dumps({"statusCode": response["statusCode"], "body": _decoded(response.get("body") or "")}, indent=2))
    return 0


def _decoded(body: str) -> object:
    try:
        return json.loads(body)
    except json.JSONDecodeError:
        return body


if __name__ == "__main__":
    sys.exit(main())
