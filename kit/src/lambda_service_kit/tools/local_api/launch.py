"""Open one environment's local API: the template, the asset check, the stage's throttling, the faults, the document.

``service-kit local`` serves it until Ctrl+C; ``service-kit loadtest`` and ``gameday`` serve it from a
thread for the length of a run.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

from lambda_service_kit.config import ServiceConfig
from lambda_service_kit.tools.local_api.asset_check import check_asset_matches_template
from lambda_service_kit.tools.local_api.faults import FaultInjector, FaultSettings
from lambda_service_kit.tools.local_api.logs import LogSink
from lambda_service_kit.tools.local_api.server import LocalApiServer
from lambda_service_kit.tools.local_api.template import load
from lambda_service_kit.tools.local_api.throttling import TokenBucket, stage_limits


@dataclass(frozen=True, kw_only=True)
class LocalApiOptions:
    cdk_out: Path
    asset: Path
    port: int = 0
    throttling: bool = True  # apply the stage's rate and burst limits, as the gateway does
    openapi: Path | None = None  # the OpenAPI document to serve at /openapi.json, when the file exists


def open_local_api(
    config: ServiceConfig, options: LocalApiOptions, *, logs: LogSink, faults: FaultInjector | None = None
) -> LocalApiServer:
    """The server, not yet serving. Raises TemplateError or StaleAssetError when cdk.out cannot be served."""
    template_path = options.cdk_out / f"{config.stack_name}.template.json"
    api = load(template_path, stack_name=config.stack_name)
    for function in api.functions.values():
        check_asset_matches_template(
            function.handler, host_asset=options.asset, synthesized_asset=options.cdk_out / function.asset_path
        )
    limits = stage_limits(template_path) if options.throttling else None
    document = (
        json.loads(options.openapi.read_text(encoding="utf-8"))
        if options.openapi is not None and options.openapi.is_file()
        else None
    )
    return LocalApiServer(
        api,
        asset=options.asset,
        region=config.region,
        logs=logs,
        port=options.port,
        throttle=TokenBucket(limits) if limits else None,
        faults=faults,
        document=document,
    )


def add_fault_arguments(parser: argparse.ArgumentParser) -> None:
    """The faults of the Fault Injection Service's Lambda actions, injected between gateway and function."""
    faults = parser.add_argument_group("faults (as the FIS Lambda actions inject them)")
    faults.add_argument("--fault-latency-ms", type=int, default=0, help="delay invocations by this much")
    faults.add_argument("--fault-latency-percent", type=float, default=100.0, help="share of invocations delayed")
    faults.add_argument("--fault-error-percent", type=float, default=0.0, help="share of invocations that fail (502)")


def fault_settings(args: argparse.Namespace) -> FaultSettings:
    return FaultSettings(
        latency_ms=args.fault_latency_ms,
        latency_percent=args.fault_latency_percent,
        error_percent=args.fault_error_percent,
    )
