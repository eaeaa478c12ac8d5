"""Cost report of a synthesized stack, before anything is deployed (`make cost`).

Reads cdk.out/<stack>.template.json (run `make synth` first) and the kit's prices/aws-prices.json,
offline. Prints the fixed monthly cost of what the stack creates, the variable cost per million
requests at the stated traffic, and whether the stack's budget covers the expected month.

    service-kit cost --stack my-service-dev --requests-per-month 2000000
    service-kit cost --stack my-service-dev --format json
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from lambda_service_kit.tools.cost_model import (
    MILLION,
    PRICES_FILE,
    CostLine,
    CostReport,
    PriceBook,
    Traffic,
    build_report,
)


def budget_check(report: CostReport, requests_per_month: float) -> dict[str, Any]:
    expected = report.monthly_usd(requests_per_month)
    check: dict[str, Any] = {
        "requests_per_month": requests_per_month,
        "expected_monthly_usd": round(expected, 2),
        "fixed_monthly_usd": round(report.fixed_usd, 2),
        "variable_monthly_usd": round(expected - report.fixed_usd, 2),
        "monthly_budget_usd": None,
        "covered": None,
    }
    if not report.budgets_usd:
        return check
    budget = sum(report.budgets_usd)
    check["monthly_budget_usd"] = budget
    check["covered"] = expected <= budget
    check["share_of_budget"] = round(expected / budget, 4)
    if report.per_million_usd > 0:
        check["requests_per_month_covered"] = max(
            0, int((budget - report.fixed_usd) / report.per_million_usd * MILLION)
        )
    return check


def as_json(report: CostReport, requests_per_month: float) -> dict[str, Any]:
    traffic = report.traffic
    return {
        "stack": report.stack,
        "currency": "USD",
        "region": report.prices.requested_region,
        "price_region": report.prices.region,
        "prices_taken_on": report.prices.taken_on,
        "prices_file": PRICES_FILE.name,
        "sources": dict(report.prices.sources),
        "assumptions": {
            "duration_ms": traffic.duration_ms,
            "response_kb": traffic.response_kb,
            "log_kb_per_request": traffic.log_kb,
            "access_log_kb_per_request": traffic.access_log_kb,
            "trace_sampling": traffic.trace_sampling,
            "custom_metrics_published_by_code": traffic.custom_metrics,
            "each_function_runs_once_per_request": True,
            "free_tiers_applied": False,
        },
        "fixed_monthly": {
            "total_usd": round(report.fixed_usd, 4),
            "lines": [line.as_dict() for line in report.fixed],
        },
        "per_million_requests": {
            "total_usd": round(report.per_million_usd, 4),
            "lines": [line.as_dict() for line in report.per_million],
        },
        "budget_check": budget_check(report, requests_per_month),
        "free_resources": dict(sorted(report.free.items())),
        "not_priced": [{"logical_id": logical_id, "type": kind} for logical_id, kind in report.not_priced],
        "notes": report.notes,
    }


def as_table(report: CostReport, requests_per_month: float) -> str:
    prices = report.prices
    traffic = report.traffic
    out = [
        f"Cost report for {report.stack} ({prices.requested_region}), before deploy",
        f"Prices: {prices.region} list prices in USD taken {prices.taken_on} "
        f"(the kit's prices/{PRICES_FILE.name}; free tiers not applied)",
        "",
        "Fixed monthly cost of what the stack creates",
        *_rows(report.fixed, report.fixed_usd),
        "",
        f"Variable cost per million requests ({traffic.duration_ms:g} ms, {traffic.response_kb:g} KB response, "
        f"{traffic.log_kb:g} KB of logs each)",
        *_rows(report.per_million, report.per_million_usd),
        "",
    ]
    check = budget_check(report, requests_per_month)
    out.append(f"At {requests_per_month:,.0f} requests a month: expected {check['expected_monthly_usd']:.2f} USD")
    if check["monthly_budget_usd"] is None:
        out.append("Budget: none in this template")
    else:
        verdict = "covers" if check["covered"] else "does NOT cover"
        out.append(
            f"Budget: {check['monthly_budget_usd']:.2f} USD {verdict} it ({check['share_of_budget']:.1%} of the budget)"
        )
        if "requests_per_month_covered" in check:
            out.append(f"The budget covers up to {check['requests_per_month_covered']:,} requests a month")
    free = ", ".join(f"{kind} x{count}" for kind, count in sorted(report.free.items()))
    out += ["", f"No charge of their own: {free or 'none'}"]
    if report.not_priced:
        out.append("NOT PRICED (unknown to the kit's cost model): ")
        out += [f"  {logical_id} ({kind})" for logical_id, kind in report.not_priced]
    out += [f"Note: {note}" for note in dict.fromkeys(report.notes)]
    return "\n".join(out)


def _rows(lines: list[CostLine], total: float) -> list[str]:
    header = f"  {'item':<52} {'quantity':>14} {'unit':<24} {'unit price':>12} {'USD':>10}  as of"
    rows = [header]
    for line in lines:
        rows.append(
            f"  {line.item:<52} {line.quantity:>14,.4f} {line.price.unit:<24} {_plain(line.price.usd):>12} "
            f"{line.usd:>10.4f}  {line.taken_on}"
        )
    rows.append(f"  {'total':<52} {'':>14} {'':<24} {'':>12} {total:>10.4f}")
    return rows


def _plain(number: float) -> str:
    """A price without exponent: 0.0000133334, not 1.33334e-05."""
    return f"{number:.10f}".rstrip("0").rstrip(".")


def region_of(stack: str, cdk_out: Path) -> str | None:
    """The stack's region from the cloud assembly's manifest, when synth wrote one."""
    manifest = cdk_out / "manifest.json"
    if not manifest.is_file():
        return None
    environment = json.loads(manifest.read_text()).get("artifacts", {}).get(stack, {}).get("environment", "")
    region = environment.rsplit("/", 1)[-1]
    return region if region and region != "unknown-region" else None


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stack", required=True, help="stack name, e.g. my-service-dev")
    parser.add_argument("--cdk-out", type=Path, default=Path("cdk.out"), help="where `make synth` wrote templates")
    parser.add_argument("--template", type=Path, help="a template file (default: <cdk-out>/<stack>.template.json)")
    parser.add_argument("--region", help="price region (default: the stack's region in the cloud assembly)")
    parser.add_argument("--prices", type=Path, default=PRICES_FILE, help="the price data file")
    parser.add_argument("--requests-per-month", type=float, default=1_000_000, help="traffic for the budget check")
    parser.add_argument("--duration-ms", type=float, default=100, help="billed duration of one invocation")
    parser.add_argument("--response-kb", type=float, default=1, help="response payload per request")
    parser.add_argument("--log-kb", type=float, default=1, help="function log volume per request")
    parser.add_argument("--access-log-kb", type=float, default=0.5, help="access log volume per request, if enabled")
    parser.add_argument("--trace-sampling", type=float, default=0.05, help="share of requests traced, if tracing")
    parser.add_argument("--custom-metrics", type=int, default=0, help="custom metrics the code publishes (EMF)")
    parser.add_argument("--format", choices=("table", "json"), default="table", help="what to print")
    parser.add_argument("--json", type=Path, dest="json_path", help="also write the JSON report to this file")
    parser.add_argument("--fail-over-budget", action="store_true", help="exit 1 when the budget does not cover it")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    template_path = args.template or args.cdk_out / f"{args.stack}.template.json"
    if not template_path.is_file():
        print(f"error: no template at {template_path}: run `make synth` first", file=sys.stderr)
        return 2
    region = args.region or region_of(args.stack, args.cdk_out)
    if region is None:
        print("error: the stack's region is unknown: pass --region", file=sys.stderr)
        return 2
    traffic = Traffic(
        duration_ms=args.duration_ms,
        response_kb=args.response_kb,
        log_kb=args.log_kb,
        access_log_kb=args.access_log_kb,
        trace_sampling=args.trace_sampling,
        custom_metrics=args.custom_metrics,
    )
    report = build_report(
        json.loads(template_path.read_text(encoding="utf-8")),
        stack=args.stack,
        prices=PriceBook.load(region, args.prices),
        traffic=traffic,
    )
    document = as_json(report, args.requests_per_month)
    if args.json_path:
        args.json_path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(document, indent=2) if args.format == "json" else as_table(report, args.requests_per_month))
    covered = document["budget_check"]["covered"]
    return 1 if args.fail_over_budget and covered is False else 0


if __name__ == "__main__":
    sys.exit(main())
