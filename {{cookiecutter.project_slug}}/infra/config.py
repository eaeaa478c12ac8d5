"""Typed, per-environment configuration: the one place to change what gets deployed.

Plain dataclasses, no CDK imports: the asset builder and the tests read it too.
Configuration flows one way: this module, then app.py, then the stack, then its
constructs.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SERVICE_FILE = PROJECT_ROOT / "service.toml"
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
class SecurityConfig:
    """Who may call the API and what filters traffic before it does (docs: SECURITY.md)."""

    api_auth: str  # "iam", "cognito" or "none": from service.toml
    waf_enabled: bool
    waf_rate_limit_per_5_minutes: int  # requests per client IP in any 5-minute window


@dataclass(frozen=True, kw_only=True)
class ServiceConfig:
    service_name: str
    description: str
    owner: str
    environment: str
    region: str
    python_runtime: str
    architecture: str
    alarm_email: str
    monthly_budget_usd: float
    function: FunctionConfig
    api: ApiConfig
    security: SecurityConfig

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
            "POWERTOOLS_SERVICE_NAME": self.service_name,
            "POWERTOOLS_METRICS_NAMESPACE": self.metrics_namespace,
            "MAX_BODY_BYTES": str(self.api.max_body_bytes),
        }


_SERVICE = tomllib.loads(SERVICE_FILE.read_text(encoding="utf-8"))
PACKAGE_NAME: str = _SERVICE["service"]["package"]
PYTHON_RUNTIME: str = _SERVICE["deployment"]["python_runtime"]
ARCHITECTURE: str = _SERVICE["deployment"]["architecture"]
API_AUTH: str = _SERVICE["security"]["api_auth"]


def _service_config(
    environment: str, *, function: FunctionConfig, api: ApiConfig, security: SecurityConfig
) -> ServiceConfig:
    return ServiceConfig(
        service_name=_SERVICE["service"]["name"],
        description=_SERVICE["service"]["description"],
        owner=_SERVICE["service"]["owner"],
        environment=environment,
        region=_SERVICE["deployment"]["region"],
        python_runtime=PYTHON_RUNTIME,
        architecture=ARCHITECTURE,
        alarm_email=_SERVICE["alerts"]["email"],
        monthly_budget_usd=float(_SERVICE["budget"]["monthly_usd"]),
        function=function,
        api=api,
        security=security,
    )


ENVIRONMENTS: dict[str, ServiceConfig] = {
    "dev": _service_config(
        "dev",
        function=FunctionConfig(memory_mb=256, timeout_seconds=10, log_level="DEBUG", log_retention_days=14),
        api=ApiConfig(throttling_rate_limit=50, throttling_burst_limit=100, max_body_bytes=16 * 1024),
        security=SecurityConfig(api_auth=API_AUTH, waf_enabled=False, waf_rate_limit_per_5_minutes=1000),
    ),
    "prod": _service_config(
        "prod",
        function=FunctionConfig(memory_mb=512, timeout_seconds=10, log_level="INFO", log_retention_days=90),
        api=ApiConfig(throttling_rate_limit=500, throttling_burst_limit=1000, max_body_bytes=16 * 1024),
        security=SecurityConfig(api_auth=API_AUTH, waf_enabled=True, waf_rate_limit_per_5_minutes=2000),
    ),
}
