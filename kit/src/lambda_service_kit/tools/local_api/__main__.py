"""Serve one environment's API on 127.0.0.1 from cdk.out and the host-built asset.

Usage:

    service-kit local                     # dev, port 3000, readable logs
    service-kit local --port 8080 --json-logs --env prod
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from lambda_service_kit.project import current_service, environment
from lambda_service_kit.tools.build_lambda_asset import host_asset_dir
from lambda_service_kit.tools.local_api.asset_check import StaleAssetError, check_asset_matches_template
from lambda_service_kit.tools.local_api.logs import LogSink
from lambda_service_kit.tools.local_api.server import LocalApiServer
from lambda_service_kit.tools.local_api.template import TemplateError, load


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve the API locally from the synthesized template.")
    service = current_service()
    parser.add_argument("--env", default="dev", help="which stack to serve")
    parser.add_argument("--port", type=int, default=3000, help="port on 127.0.0.1 (0 picks a free one)")
    parser.add_argument("--json-logs", action="store_true", help="one JSON object per log line")
    parser.add_argument("--cdk-out", type=Path, default=service.root / "cdk.out", help="where `make synth` wrote")
    parser.add_argument("--asset", type=Path, default=host_asset_dir(service), help="asset built for this machine")
    parser.add_argument(
        "--openapi", type=Path, default=service.openapi_path, help="the OpenAPI document served at /openapi.json"
    )
    args = parser.parse_args(argv)

    config = environment(service, args.env)
    logs = LogSink(json_lines=args.json_logs)
    try:
        api = load(args.cdk_out / f"{config.stack_name}.template.json", stack_name=config.stack_name)
        for function in api.functions.values():
            check_asset_matches_template(
                function.handler, host_asset=args.asset, synthesized_asset=args.cdk_out / function.asset_path
            )
    except (TemplateError, StaleAssetError) as error:
        logs.server(str(error), level="ERROR")
        return 2
    document = json.loads(args.openapi.read_text(encoding="utf-8")) if args.openapi.is_file() else None
    server = LocalApiServer(api, asset=args.asset, region=config.region, logs=logs, port=args.port, document=document)
    for skipped in api.skipped_routes:
        logs.server(f"not served (not a Lambda proxy integration): {skipped}", level="WARNING")
    for function in api.functions.values():
        if function.skipped_variables:
            names = ", ".join(function.skipped_variables)
            logs.server(
                f"{function.name}: environment variables resolved only at deploy time: {names}", level="WARNING"
            )
    logs.server(f"Serving {config.stack_name} on {server.url} (Ctrl+C to stop)")
    for route in sorted(api.routes, key=lambda route: route.resource):
        logs.server(f"  {route.method:<6} {server.url.rstrip('/')}{route.resource}")
    if document is not None:
        logs.server(f"  OpenAPI document: {server.url.rstrip('/')}/openapi.json")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
