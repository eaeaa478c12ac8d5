"""Price a synthesized CloudFormation template: what it costs a month to exist, and per million requests.

Pure functions over the template's JSON and a price book (tools/prices/aws-prices.json): no AWS
calls, no CDK. Every resource ends up in exactly one place: a priced line, the list of resources
with no charge of their own, or the list of resources this model cannot price.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PRICES_FILE = Path(__file__).resolve().parent / "prices" / "aws-prices.json"
MILLION = 1_000_000
KB_PER_GB = 1024 * 1024
DAYS_PER_MONTH = 365 / 12
HIGH_RESOLUTION_PERIOD_SECONDS = 60
# A CloudWatch anomaly detection alarm is billed as three metrics per metric it watches.
ANOMALY_DETECTION_METRICS = 3
FALLBACK_PRICE_REGION = "us-east-1"

# Resource types with no charge of their own (what they do may cost, and is priced elsewhere).
FREE_TYPES = frozenset(
    {
        "AWS::ApiGateway::Account",
        "AWS::ApiGateway::Authorizer",
        "AWS::ApiGateway::Deployment",
        "AWS::ApiGateway::GatewayResponse",
        "AWS::ApiGateway::Method",
        "AWS::ApiGateway::Model",
        "AWS::ApiGateway::RequestValidator",
        "AWS::ApiGateway::Resource",
        "AWS::ApiGateway::Stage",
        "AWS::CDK::Metadata",
        "AWS::CE::AnomalyMonitor",
        "AWS::CE::AnomalySubscription",
        # CodeDeploy charges nothing for deployments to Lambda.
        "AWS::CodeDeploy::Application",
        "AWS::CodeDeploy::DeploymentConfig",
        "AWS::CodeDeploy::DeploymentGroup",
        # Cognito bills monthly active users and machine-to-machine token requests, not resources.
        "AWS::Cognito::UserPool",
        "AWS::Cognito::UserPoolClient",
        "AWS::Cognito::UserPoolDomain",
        "AWS::Cognito::UserPoolResourceServer",
        "AWS::IAM::ManagedPolicy",
        "AWS::IAM::Policy",
        "AWS::IAM::Role",
        "AWS::KMS::Alias",
        "AWS::Lambda::EventInvokeConfig",
        "AWS::Lambda::Permission",
        "AWS::Logs::QueryDefinition",
        "AWS::Logs::ResourcePolicy",
        "AWS::SNS::Subscription",
        "AWS::SNS::Topic",
        "AWS::SNS::TopicPolicy",
        "AWS::Scheduler::Schedule",
        "AWS::WAFv2::WebACLAssociation",
        "AWS::XRay::SamplingRule",
    }
)


Resource = Mapping[str, Any]
Usage = tuple[str, str, float]  # (item, price key, quantity)


@dataclass(frozen=True)
class Price:
    key: str
    usd: float
    unit: str
    source: str


@dataclass(frozen=True)
class PriceBook:
    region: str
    requested_region: str
    taken_on: str
    hours_per_month: float
    prices: Mapping[str, Price]
    sources: Mapping[str, str]

    @classmethod
    def load(cls, region: str, path: Path = PRICES_FILE) -> PriceBook:
        data = json.loads(path.read_text(encoding="utf-8"))
        price_region = region if region in data["regions"] else FALLBACK_PRICE_REGION
        prices = {
            key: Price(key=key, usd=float(entry["usd"]), unit=entry["unit"], source=entry["source"])
            for key, entry in data["regions"][price_region].items()
        }
        return cls(
            region=price_region,
            requested_region=region,
            taken_on=data["taken_on"],
            hours_per_month=float(data["hours_per_month"]),
            prices=prices,
            sources=data["sources"],
        )

    def __getitem__(self, key: str) -> Price:
        return self.prices[key]


@dataclass(frozen=True, kw_only=True)
class Traffic:
    """What one request looks like, for the variable cost."""

    duration_ms: float = 100.0
    response_kb: float = 1.0
    log_kb: float = 1.0
    access_log_kb: float = 0.5
    trace_sampling: float = 0.05
    custom_metrics: int = 0


@dataclass(frozen=True)
class CostLine:
    item: str
    quantity: float
    price: Price
    resources: tuple[str, ...]
    taken_on: str

    @property
    def usd(self) -> float:
        return self.quantity * self.price.usd

    def as_dict(self) -> dict[str, Any]:
        return {
            "item": self.item,
            "quantity": round(self.quantity, 6),
            "unit": self.price.unit,
            "unit_price_usd": self.price.usd,
            "usd": round(self.usd, 6),
            "price_key": self.price.key,
            "source": self.price.source,
            "prices_taken_on": self.taken_on,
            "resources": list(self.resources),
        }


@dataclass
class CostReport:
    stack: str
    prices: PriceBook
    traffic: Traffic
    fixed: list[CostLine] = field(default_factory=list)
    per_million: list[CostLine] = field(default_factory=list)
    free: Counter[str] = field(default_factory=Counter)
    not_priced: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    budgets_usd: list[float] = field(default_factory=list)
    resources: Mapping[str, Resource] = field(default_factory=dict)

    @property
    def fixed_usd(self) -> float:
        return sum(line.usd for line in self.fixed)

    @property
    def per_million_usd(self) -> float:
        return sum(line.usd for line in self.per_million)

    def monthly_usd(self, requests_per_month: float) -> float:
        return self.fixed_usd + self.per_million_usd * requests_per_month / MILLION


def build_report(template: Mapping[str, Any], *, stack: str, prices: PriceBook, traffic: Traffic) -> CostReport:
    resources: dict[str, Resource] = template.get("Resources", {})
    report = CostReport(stack=stack, prices=prices, traffic=traffic, resources=resources)
    if prices.region != prices.requested_region:
        report.notes.append(f"No prices for {prices.requested_region}: {prices.region} prices used.")
    fixed: list[tuple[str, Usage]] = [*_custom_metrics(resources, traffic), *_action_enabled_budgets(resources, prices)]
    per_million: list[tuple[str, Usage]] = _traces(resources, traffic)
    for logical_id, resource in sorted(resources.items()):
        resource_type = resource.get("Type", "")
        properties = resource.get("Properties", {})
        if resource_type in PRICED_ACROSS_RESOURCES:
            continue
        if resource_type not in FIXED and resource_type not in PER_MILLION and resource_type not in FREE_TYPES:
            report.not_priced.append((logical_id, resource_type))
            continue
        own_fixed = FIXED[resource_type](properties, report) if resource_type in FIXED else []
        own_per_million = PER_MILLION[resource_type](properties, report) if resource_type in PER_MILLION else []
        if not own_fixed and not own_per_million:
            report.free[resource_type] += 1
        fixed += [(logical_id, usage) for usage in own_fixed]
        per_million += [(logical_id, usage) for usage in own_per_million]
    report.fixed = _lines(fixed, prices)
    report.per_million = _lines(per_million, prices)
    return report


def _lines(usages: Iterable[tuple[str, Usage]], prices: PriceBook) -> list[CostLine]:
    """One line per (item, price): quantities added up, resources listed."""
    quantities: dict[tuple[str, str], float] = defaultdict(float)
    resources: dict[tuple[str, str], list[str]] = defaultdict(list)
    for logical_id, (item, price_key, quantity) in usages:
        quantities[item, price_key] += quantity
        if logical_id not in resources[item, price_key]:
            resources[item, price_key].append(logical_id)
    return [
        CostLine(item, quantity, prices[price_key], tuple(resources[item, price_key]), prices.taken_on)
        for (item, price_key), quantity in quantities.items()
    ]


# Fixed monthly cost, per resource type.


def _alarm(properties: Resource, _report: CostReport) -> list[Usage]:
    metric_stats = [query["MetricStat"] for query in properties.get("Metrics", []) if "MetricStat" in query]
    periods = [stat.get("Period", 60) for stat in metric_stats] or [properties.get("Period", 60)]
    high_resolution = min(_number(period) for period in periods) < HIGH_RESOLUTION_PERIOD_SECONDS
    metrics = len(metric_stats) or 1
    expressions = " ".join(str(query.get("Expression", "")) for query in properties.get("Metrics", []))
    if "ANOMALY_DETECTION_BAND" in expressions:
        metrics *= ANOMALY_DETECTION_METRICS
    if high_resolution:
        return [("CloudWatch alarm metrics (high resolution)", "cloudwatch_alarm_metric_high_resolution", metrics)]
    return [("CloudWatch alarm metrics (standard)", "cloudwatch_alarm_metric_standard", metrics)]


def _composite_alarm(_properties: Resource, _report: CostReport) -> list[Usage]:
    return [("CloudWatch composite alarms", "cloudwatch_composite_alarm", 1)]


def _dashboard(_properties: Resource, _report: CostReport) -> list[Usage]:
    return [("CloudWatch dashboards", "cloudwatch_dashboard", 1)]


def _kms_key(_properties: Resource, _report: CostReport) -> list[Usage]:
    return [("KMS customer managed keys", "kms_key", 1)]


def _web_acl(properties: Resource, _report: CostReport) -> list[Usage]:
    rules = len(properties.get("Rules", []))
    return [("WAF web ACLs", "waf_web_acl", 1), ("WAF rules and rule groups", "waf_rule", rules)]


def _budget(properties: Resource, report: CostReport) -> list[Usage]:
    budget = properties.get("Budget", {})
    limit = budget.get("BudgetLimit", {})
    if budget.get("BudgetType") == "COST" and limit.get("Unit") == "USD":
        report.budgets_usd.append(_number(limit.get("Amount", 0)))
    return []  # a budget costs nothing unless an action is attached (priced from the actions)


def _provisioned_concurrency(properties: Resource, report: CostReport) -> list[Usage]:
    executions = _number(properties.get("ProvisionedConcurrencyConfig", {}).get("ProvisionedConcurrentExecutions", 0))
    if not executions:
        return []
    function_name = properties.get("FunctionName")
    function_id = function_name.get("Ref") if isinstance(function_name, Mapping) else None
    function = report.resources.get(function_id or "", {}).get("Properties", {})
    architecture = (function.get("Architectures") or ["x86_64"])[0]
    memory_gb = _number(function.get("MemorySize", 128)) / 1024
    seconds = report.prices.hours_per_month * 3600
    return [
        (
            f"Lambda provisioned concurrency ({architecture}, {memory_gb * 1024:g} MB)",
            f"lambda_provisioned_gb_second_{architecture}",
            executions * memory_gb * seconds,
        )
    ]


FIXED: dict[str, Callable[[Resource, CostReport], list[Usage]]] = {
    "AWS::CloudWatch::Alarm": _alarm,
    "AWS::CloudWatch::CompositeAlarm": _composite_alarm,
    "AWS::CloudWatch::Dashboard": _dashboard,
    "AWS::KMS::Key": _kms_key,
    "AWS::WAFv2::WebACL": _web_acl,
    "AWS::Budgets::Budget": _budget,
    "AWS::Lambda::Alias": _provisioned_concurrency,
    "AWS::Lambda::Version": _provisioned_concurrency,
}
# Priced from several resources together: custom metrics, and budgets that have actions.
PRICED_ACROSS_RESOURCES = frozenset({"AWS::Logs::MetricFilter", "AWS::Budgets::BudgetsAction"})


def _custom_metrics(resources: Mapping[str, Resource], traffic: Traffic) -> list[tuple[str, Usage]]:
    """Metrics outside the AWS/ namespaces that alarms watch or metric filters publish, plus the code's."""
    item, price_key = "CloudWatch custom metrics", "cloudwatch_custom_metric"
    first_seen: dict[str, str] = {}
    for logical_id, resource in sorted(resources.items()):
        for metric in _metrics_of(resource):
            namespace = metric.get("Namespace")
            if namespace and not str(namespace).startswith("AWS/"):
                identity = (namespace, metric.get("MetricName"), metric.get("Dimensions", []))
                first_seen.setdefault(json.dumps(identity, sort_keys=True, default=str), logical_id)
    usages = [(logical_id, (item, price_key, 1.0)) for logical_id in first_seen.values()]
    if traffic.custom_metrics:
        usages.append(("published by the code (EMF)", (item, price_key, float(traffic.custom_metrics))))
    return usages


def _metrics_of(resource: Resource) -> list[Mapping[str, Any]]:
    properties = resource.get("Properties", {})
    if resource.get("Type") == "AWS::CloudWatch::Alarm":
        queries = properties.get("Metrics", [])
        return [properties] + [query["MetricStat"]["Metric"] for query in queries if "MetricStat" in query]
    if resource.get("Type") == "AWS::Logs::MetricFilter":
        return [
            {"Namespace": item.get("MetricNamespace"), "MetricName": item.get("MetricName")}
            for item in properties.get("MetricTransformations", [])
        ]
    return []


def _action_enabled_budgets(resources: Mapping[str, Resource], prices: PriceBook) -> list[tuple[str, Usage]]:
    """Budgets that have actions: billed per budget per day, however many actions it has."""
    first_action: dict[str, str] = {}
    for logical_id, resource in sorted(resources.items()):
        if resource.get("Type") == "AWS::Budgets::BudgetsAction":
            budget = json.dumps(resource.get("Properties", {}).get("BudgetName"), sort_keys=True)
            first_action.setdefault(budget, logical_id)
    days = prices.hours_per_month / 24
    return [
        (logical_id, ("Budgets with actions", "budgets_action_enabled_budget", days))
        for logical_id in first_action.values()
    ]


# Variable cost per million API requests, per resource type.


def _function(properties: Resource, report: CostReport) -> list[Usage]:
    architecture = (properties.get("Architectures") or ["x86_64"])[0]
    memory_gb = _number(properties.get("MemorySize", 128)) / 1024
    gb_seconds = MILLION * report.traffic.duration_ms / 1000 * memory_gb
    return [
        ("Lambda requests", "lambda_requests", 1),
        (f"Lambda compute ({architecture}, {memory_gb * 1024:g} MB)", f"lambda_gb_second_{architecture}", gb_seconds),
    ]


def _rest_api(_properties: Resource, report: CostReport) -> list[Usage]:
    response_gb = MILLION * report.traffic.response_kb / KB_PER_GB
    return [
        ("API Gateway REST requests", "apigateway_rest_requests", 1),
        ("Data transfer out (responses)", "data_transfer_out_gb", response_gb),
    ]


def _log_group(properties: Resource, report: CostReport) -> list[Usage]:
    ingested_gb = MILLION * report.traffic.log_kb / KB_PER_GB
    retention_days = properties.get("RetentionInDays")
    if retention_days is None:
        report.notes.append("A log group keeps logs forever: its storage grows every month (one month priced).")
    stored_months = _number(retention_days) / DAYS_PER_MONTH if retention_days is not None else 1.0
    return [
        ("CloudWatch Logs ingestion", "logs_ingestion_gb", ingested_gb),
        ("CloudWatch Logs storage (steady state, uncompressed)", "logs_storage_gb_month", ingested_gb * stored_months),
    ]


def _stage(properties: Resource, report: CostReport) -> list[Usage]:
    if "AccessLogSetting" not in properties:
        return []
    return [("API access logs ingestion", "logs_ingestion_gb", MILLION * report.traffic.access_log_kb / KB_PER_GB)]


def _web_acl_requests(_properties: Resource, _report: CostReport) -> list[Usage]:
    return [("WAF requests", "waf_requests", 1)]


PER_MILLION: dict[str, Callable[[Resource, CostReport], list[Usage]]] = {
    "AWS::Lambda::Function": _function,
    "AWS::ApiGateway::RestApi": _rest_api,
    "AWS::Logs::LogGroup": _log_group,
    "AWS::ApiGateway::Stage": _stage,
    "AWS::WAFv2::WebACL": _web_acl_requests,
}


def _traces(resources: Mapping[str, Resource], traffic: Traffic) -> list[tuple[str, Usage]]:
    """Sampled traces when a function or a stage has active tracing."""
    traced = [
        logical_id
        for logical_id, resource in sorted(resources.items())
        if resource.get("Properties", {}).get("TracingConfig", {}).get("Mode") == "Active"
        or resource.get("Properties", {}).get("TracingEnabled") is True
    ]
    if not traced:
        return []
    return [(traced[0], ("X-Ray traces recorded (sampled)", "xray_traces_recorded", traffic.trace_sampling))]


def _number(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0
