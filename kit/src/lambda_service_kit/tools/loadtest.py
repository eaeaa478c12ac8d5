"""Run a load profile against the API and judge it against the environment's SLOs.

Usage (the service's ``make loadtest`` calls it):

    service-kit loadtest --profile steady                  # against the local API, served here
    service-kit loadtest --profile spike --url https://...  # against a deployment (signed for iam)
    service-kit loadtest --profile steady --fault-error-percent 10   # the verdict should fail

Writes Locust's CSV files and HTML report (with its latency plot) under ``--output``, prints the
verdict and exits 1 when the run misses an SLO or meets an unexpected status.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lambda_service_kit.project import current_service, environment
from lambda_service_kit.testing.load.profiles import PROFILES
from lambda_service_kit.testing.load.verdict import judge
from lambda_service_kit.tools.build_lambda_asset import host_asset_dir
from lambda_service_kit.tools.load_run import DEFAULT_LOCUSTFILE, LoadRunError, local_api, run_locust
from lambda_service_kit.tools.local_api.asset_check import StaleAssetError
from lambda_service_kit.tools.local_api.faults import FaultInjector
from lambda_service_kit.tools.local_api.launch import LocalApiOptions, add_fault_arguments, fault_settings
from lambda_service_kit.tools.local_api.logs import LogSink
from lambda_service_kit.tools.local_api.template import TemplateError


def main(argv: list[str] | None = None) -> int:
    service = current_service()
    parser = argparse.ArgumentParser(prog="service-kit loadtest", description=__doc__.split("\n\n")[0])
    parser.add_argument("--profile", choices=sorted(PROFILES), default="steady")
    parser.add_argument("--url", help="the API's base URL (a deployment); default: serve the local API here")
    parser.add_argument("--env", default="dev", help="whose SLOs judge the run, and whose stack is served locally")
    parser.add_argument("--seconds", type=float, help="stretch or shrink the profile to this many seconds")
    parser.add_argument("--users", type=int, help="users (requests/s) at the profile's base stage")
    parser.add_argument("--locustfile", type=Path, default=service.root / DEFAULT_LOCUSTFILE)
    parser.add_argument("--output", type=Path, default=service.root / ".build" / "loadtest")
    parser.add_argument("--cdk-out", type=Path, default=service.root / "cdk.out")
    add_fault_arguments(parser)
    args = parser.parse_args(argv)

    config = environment(service, args.env)
    profile = PROFILES[args.profile].scaled(seconds=args.seconds, users=args.users)
    print(f"{profile.name}: {profile.description}")
    print(f"  {profile.seconds:g} s, at most {profile.max_requests} requests, judged by the {config.environment} SLOs")
    try:
        if args.url:
            if fault_settings(args).active:
                parser.error("faults are injected by the local API only: drop --url, or run an FIS experiment")
            run = run_locust(
                config, url=args.url, profile=profile, locustfile=args.locustfile, output=args.output, name=profile.name
            )
        else:
            faults = FaultInjector(fault_settings(args))
            options = LocalApiOptions(cdk_out=args.cdk_out, asset=host_asset_dir(service))
            log_path = args.output / f"{profile.name}.local-api.log"
            args.output.mkdir(parents=True, exist_ok=True)
            with (
                log_path.open("w", encoding="utf-8") as log,
                local_api(config, options, faults=faults, logs=LogSink(json_lines=True, stream=log)) as url,
            ):
                print(f"  against the local API at {url} ({faults.settings.describe()}; its log: {log_path})")
                run = run_locust(
                    config, url=url, profile=profile, locustfile=args.locustfile, output=args.output, name=profile.name
                )
    except (TemplateError, StaleAssetError, LoadRunError, ValueError) as error:
        print(f"service-kit loadtest: {error}", file=sys.stderr)
        return 2
    verdict = judge(run.records, config.observability.slo, tolerated_statuses=profile.tolerated_statuses)
    print(verdict.report())
    print(f"Report: {run.html_report} (CSV: {run.csv_prefix}_stats.csv, _stats_history.csv, _failures.csv)")
    return 0 if verdict.passed else 1


if __name__ == "__main__":
    sys.exit(main())
