"""Serve one environment's API on 127.0.0.1 from cdk.out and the host-built asset.

Usage:

    service-kit local                     # dev, port 3000, readable logs
    service-kit local --port 8080 --json-logs --env prod
    service-kit local --fault-error-percent 10 --fault-latency-ms 1500   # chaos around the handler
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lambda_service_kit.project import current_service, environment
from lambda_service_kit.tools.build_lambda_asset import host_asset_dir
from lambda_service_kit.tools.local_api.asset_check import StaleAssetError
from lambda_service_kit.tools.local_api.faults import FaultInjector
from lambda_service_kit.tools.local_api.launch import (
    LocalApiOptions,
    add_fault_arguments,
    fault_settings,
    open_local_api,
)
from lambda_service_kit.tools.local_api.logs import LogSink
from lambda_service_kit.tools.local_api.template import TemplateError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve the API locally from the synthesized template.")
    service = current_service()
    parser.add_argument("--env", default="dev", help="which stack to serve")
    parser.add_argument("--port", type=int, default=3000, help="port on 127.0.0.1 (0 picks a free one)")
    parser.add_argument("--json-logs", action="store_true", help="one JSON object per log line")
    parser.add_argument("--cdk-out", type=Path, default=service.root / "cdk.out", help="where `make synth` wrote")
    parser.add_argument("--asset", type=Path, default=host_asset_dir(service), help="asset built for this machine")
    parser.add_argument("--no-throttling", action="store_true", help="ignore the stage's rate and burst limits")
    parser.add_argument(
        "--openapi", type=Path, default=service.openapi_path, help="the OpenAPI document served at /openapi.json"
    )
    add_fault_arguments(parser)
    args = parser.parse_args(argv)

    config = environment(service, args.env)
    logs = LogSink(json_lines=args.json_logs)
    options = LocalApiOptions(
        cdk_out=args.cdk_out, asset=args.asset, port=args.port, throttling=not args.no_throttling, openapi=args.openapi
    )
    try:
        faults = FaultInjector(fault_settings(args))
        server = open_local_api(config, options, logs=logs, faults=faults)
    except (TemplateError, StaleAssetError, ValueError) as error:
        logs.server(str(error), level="ERROR")
        return 2
    api = server.api
    if server.throttle is not None:
        limits = server.throttle.limits
        logs.server(f"Throttling as the stage does: {limits.rate:g} requests/s, bursts of {limits.burst}")
    if faults.settings.active:
        logs.server(f"Injecting faults around the function: {faults.settings.describe()}", level="WARNING")
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
    if server.document is not None:
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
