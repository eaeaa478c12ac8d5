"""Typed, per-environment configuration: the one place to change what gets deployed.

Plain dataclasses, no CDK imports: the asset builder and the tests read it too.
Configuration flows one way: this module, then app.py, then the stack, then its
constructs.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SERVICE_FILE = PROJECT_ROOT / "service.toml"
PYPROJECT_FILE = PROJECT_ROOT / "pyproject.toml"
SOURCE_DIR = PROJECT_ROOT / "src"
RUNTIME_REQUIREMENTS = PROJECT_ROOT / "requirements" / "runtime.txt"
LAMBDA_ASSET_DIR = PROJECT_ROOT / ".build" / "lambda"


@dataclass(frozen=True, kw_only=True)
class FunctionConfig:
    memory_mb: int
    timeout_seconds: int
    log_level: str
    log_retention_days: int


@dataclass(frozen=True, kw_only=True)
class ApiConfig:
    throttling_rate_limit: float
    throttling_burst_limit: int
    max_body_bytes: int


@dataclass(frozen=True, kw_only=True)
class SloConfig:
    """Service level objectives over a rolling window; the alarms burn their error budgets."""

    availability_percent: float  # requests that are not 5xx
    latency_percent: float  # requests answered within latency_threshold_ms
    latency_threshold_ms: int
    window_days: int = 28

    def __post_init__(self) -> None:
        for name in ("availability_percent", "latency_percent"):
            if not 0 < getattr(self, name) < 100:  # noqa: PLR2004 - percentages
                raise ValueError(f"{name} must be between 0 and 100 (exclusive)")


@dataclass(frozen=True, kw_only=True)
class ObservabilityConfig:
    tracing: str  # "otel", "xray" or "none"
    trace_sample_rate: float  # share of requests without an upstream sampling decision that are traced
    slo: SloConfig
    # Lambda's default regional concurrency quota; raise it here once AWS raises yours.
    account_concurrency_limit: int = 1000


@dataclass(frozen=True, kw_only=True)
class CostConfig:
    """FinOps settings of one environment (docs/cost.md explains each)."""

    monthly_budget_usd: float
    cost_center: str
    # Cost anomaly alerts when an anomaly's total impact reaches this; None: no anomaly monitor here.
    anomaly_threshold_usd: float | None
    # Non-production only: delete the stack this many days after each deploy; None keeps it.
    time_to_live_days: int | None = None

    def __post_init__(self) -> None:
        if self.monthly_budget_usd <= 0:
            raise ValueError(f"monthly_budget_usd={self.monthly_budget_usd} must be positive")
        if self.anomaly_threshold_usd is not None and self.anomaly_threshold_usd <= 0:
            raise ValueError(f"anomaly_threshold_usd={self.anomaly_threshold_usd} must be positive or None")
        if self.time_to_live_days is not None and self.time_to_live_days < 1:
            raise ValueError(f"time_to_live_days={self.time_to_live_days} must be at least 1 or None")


@dataclass(frozen=True, kw_only=True)
class SecurityConfig:
    """Who may call the API and what filters traffic before it does (docs: SECURITY.md)."""

    api_auth: str  # "iam", "cognito" or "none": from service.toml
    waf_enabled: bool
    waf_rate_limit_per_5_minutes: int  # requests per client IP in any 5-minute window


@dataclass(frozen=True, kw_only=True)
class ServiceConfig:
    service_name: str
    service_version: str
    description: str
    owner: str
    environment: str
    region: str
    python_runtime: str
    architecture: str
    alarm_email: str
    runbook_url: str
    function: FunctionConfig
    api: ApiConfig
    observability: ObservabilityConfig
    cost: CostConfig
    security: SecurityConfig

    def __post_init__(self) -> None:
        if self.is_production and self.cost.time_to_live_days is not None:
            raise ValueError(
                f"{self.stack_name}: cost.time_to_live_days={self.cost.time_to_live_days} would delete the "
                f"production stack; a time to live is for non-production environments only."
            )

    @property
    def stack_name(self) -> str:
        return f"{self.service_name}-{self.environment}"

    @property
    def metrics_namespace(self) -> str:
        return f"{self.service_name}-{self.environment}"

    @property
    def is_production(self) -> bool:
        return self.environment == "prod"

    def function_environment(self) -> dict[str, str]:
        """The variables the runtime's ``settings`` module reads at cold start."""
        return {
            "ENVIRONMENT": self.environment,
            "SERVICE_VERSION": self.service_version,
            "POWERTOOLS_SERVICE_NAME": self.service_name,
            "POWERTOOLS_METRICS_NAMESPACE": self.metrics_namespace,
            "MAX_BODY_BYTES": str(self.api.max_body_bytes),
            "TRACE_SAMPLE_RATE": str(self.observability.trace_sample_rate),
        }

    @property
    def tracing_enabled(self) -> bool:
        return self.observability.tracing != "none"


_SERVICE = tomllib.loads(SERVICE_FILE.read_text(encoding="utf-8"))
PACKAGE_NAME: str = _SERVICE["service"]["package"]
PYTHON_RUNTIME: str = _SERVICE["deployment"]["python_runtime"]
ARCHITECTURE: str = _SERVICE["deployment"]["architecture"]
_VERSION: str = tomllib.loads(PYPROJECT_FILE.read_text(encoding="utf-8"))["project"]["version"]
API_AUTH: str = _SERVICE["security"]["api_auth"]


# The default anomaly threshold: a fifth of the monthly budget, at least one dollar.
ANOMALY_THRESHOLD_SHARE_OF_BUDGET = 0.2


def _cost_config(**overrides: object) -> CostConfig:
    """The answers' budget and cost center, with per-environment ``overrides``."""
    monthly_budget_usd = float(_SERVICE["budget"]["monthly_usd"])
    defaults = CostConfig(
        monthly_budget_usd=monthly_budget_usd,
        cost_center=_SERVICE["service"]["cost_center"],
        anomaly_threshold_usd=round(max(monthly_budget_usd * ANOMALY_THRESHOLD_SHARE_OF_BUDGET, 1.0), 2),
    )
    return replace(defaults, **overrides)  # type: ignore[arg-type]


def _service_config(
    environment: str,
    *,
    function: FunctionConfig,
    api: ApiConfig,
    trace_sample_rate: float,
    slo: SloConfig,
    cost: CostConfig,
    security: SecurityConfig,
) -> ServiceConfig:
    return ServiceConfig(
        service_name=_SERVICE["service"]["name"],
        service_version=_VERSION,
        description=_SERVICE["service"]["description"],
        owner=_SERVICE["service"]["owner"],
        environment=environment,
        region=_SERVICE["deployment"]["region"],
        python_runtime=PYTHON_RUNTIME,
        architecture=ARCHITECTURE,
        alarm_email=_SERVICE["alerts"]["email"],
        runbook_url=_SERVICE["alerts"]["runbook_url"],
        function=function,
        api=api,
        observability=ObservabilityConfig(
            tracing=_SERVICE["observability"]["tracing"], trace_sample_rate=trace_sample_rate, slo=slo
        ),
        cost=cost,
        security=security,
    )


ENVIRONMENTS: dict[str, ServiceConfig] = {
    "dev": _service_config(
        "dev",
        function=FunctionConfig(memory_mb=256, timeout_seconds=10, log_level="DEBUG", log_retention_days=14),
        api=ApiConfig(throttling_rate_limit=50, throttling_burst_limit=100, max_body_bytes=16 * 1024),
        trace_sample_rate=1.0,
        slo=SloConfig(availability_percent=99.0, latency_percent=95.0, latency_threshold_ms=1000),
        # One anomaly monitor watches the whole service (prod); set time_to_live_days=7 to have
        # the dev stack deleted a week after each deploy.
        cost=_cost_config(anomaly_threshold_usd=None, time_to_live_days=None),
        security=SecurityConfig(api_auth=API_AUTH, waf_enabled=False, waf_rate_limit_per_5_minutes=1000),
    ),
    "prod": _service_config(
        "prod",
        function=FunctionConfig(memory_mb=512, timeout_seconds=10, log_level="INFO", log_retention_days=90),
        api=ApiConfig(throttling_rate_limit=500, throttling_burst_limit=1000, max_body_bytes=16 * 1024),
        trace_sample_rate=0.05,
        slo=SloConfig(availability_percent=99.9, latency_percent=99.0, latency_threshold_ms=500),
        cost=_cost_config(),
        security=SecurityConfig(api_auth=API_AUTH, waf_enabled=True, waf_rate_limit_per_5_minutes=2000),
    ),
}
