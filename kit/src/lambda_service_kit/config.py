"""The service's configuration types: its answers (``service.toml``) and each environment's values.

Plain frozen dataclasses, no CDK imports: the tools, the constructs and the service's tests read them.
Configuration flows one way: ``service.toml`` -> :class:`ServiceDefinition` -> the service's
``infra/config.py`` (one :class:`ServiceConfig` per environment) -> ``app.py`` -> the stack -> the
constructs, which take a ``config`` keyword argument.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

SERVICE_FILE = "service.toml"
PYTHON_RUNTIMES = ("python3.13", "python3.12")
ARCHITECTURES = ("arm64", "x86_64")
TRACING_OPTIONS = ("otel", "xray", "none")
API_AUTH_MODES = ("iam", "cognito", "none")
# How CodeDeploy moves the API's traffic to a new version; "off" deploys without CodeDeploy (LocalStack).
DEPLOYMENT_STRATEGIES = ("all-at-once", "canary", "linear", "off")
# The default anomaly threshold: a fifth of the monthly budget, at least one dollar.
ANOMALY_THRESHOLD_SHARE_OF_BUDGET = 0.2
# Lambda keeps this much of the account's concurrency unreserved: a reservation may not eat into it.
UNRESERVED_CONCURRENCY_MINIMUM = 100


class ServiceFileError(ValueError):
    """``service.toml`` is missing a value, or holds one the kit does not support."""


@dataclass(frozen=True, kw_only=True)
class ServiceDefinition:
    """``service.toml``, read once: what the service is, where it runs, how it is observed and secured.

    ``root`` is the service's folder; the paths below are where the kit's tools read and write.
    """

    root: Path
    name: str
    package: str
    version: str
    description: str
    owner: str
    cost_center: str
    region: str
    python_runtime: str
    architecture: str
    tracing: str
    alarm_email: str
    runbook_url: str
    monthly_budget_usd: float
    api_auth: str

    def __post_init__(self) -> None:
        for answer, value, allowed in (
            ("deployment.python_runtime", self.python_runtime, PYTHON_RUNTIMES),
            ("deployment.architecture", self.architecture, ARCHITECTURES),
            ("observability.tracing", self.tracing, TRACING_OPTIONS),
            ("security.api_auth", self.api_auth, API_AUTH_MODES),
        ):
            if value not in allowed:
                raise ServiceFileError(f"{SERVICE_FILE}: {answer} = {value!r}: expected one of {', '.join(allowed)}")
        if self.monthly_budget_usd <= 0:
            raise ServiceFileError(f"{SERVICE_FILE}: budget.monthly_usd = {self.monthly_budget_usd}: must be positive")

    @classmethod
    def load(cls, root: Path) -> ServiceDefinition:
        """Read ``<root>/service.toml`` (and the version from ``<root>/pyproject.toml``)."""
        root = root.resolve()
        answer = _answers_of(_read_toml(root / SERVICE_FILE), root / SERVICE_FILE)
        budget = answer("budget.monthly_usd")
        try:
            monthly_budget_usd = float(budget)
        except (TypeError, ValueError):
            raise ServiceFileError(
                f"{root / SERVICE_FILE}: budget.monthly_usd = {budget!r}: expected a number"
            ) from None
        return cls(
            root=root,
            name=answer("service.name"),
            package=answer("service.package"),
            version=_answers_of(_read_toml(root / "pyproject.toml"), root / "pyproject.toml")("project.version"),
            description=answer("service.description"),
            owner=answer("service.owner"),
            cost_center=answer("service.cost_center"),
            region=answer("deployment.region"),
            python_runtime=answer("deployment.python_runtime"),
            architecture=answer("deployment.architecture"),
            tracing=answer("observability.tracing"),
            alarm_email=answer("alerts.email"),
            runbook_url=answer("alerts.runbook_url"),
            monthly_budget_usd=monthly_budget_usd,
            api_auth=answer("security.api_auth"),
        )

    def stack_name(self, environment: str) -> str:
        return f"{self.name}-{environment}"

    @property
    def source_dir(self) -> Path:
        """``src/``: the service's package, the only code of its own that ships to Lambda."""
        return self.root / "src"

    @property
    def runtime_requirements(self) -> Path:
        return self.root / "requirements" / "runtime.txt"

    @property
    def asset_dir(self) -> Path:
        """Where ``service-kit build`` writes the Lambda asset that synth packages."""
        return self.root / ".build" / "lambda"

    @property
    def openapi_path(self) -> Path:
        """The API's OpenAPI document, written from the route declarations by ``service-kit openapi``."""
        return self.root / "openapi.json"


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ServiceFileError(f"no {path.name} in {path.parent}: run the kit in the service's folder") from None
    except tomllib.TOMLDecodeError as error:
        raise ServiceFileError(f"{path}: not valid TOML: {error}") from None


def _answers_of(document: dict[str, Any], path: Path) -> Callable[[str], Any]:
    """A reader of ``document``'s values by dotted key (``"deployment.region"``) that names a missing one."""

    def answer(key: str) -> Any:
        value: Any = document
        for part in key.split("."):
            if not isinstance(value, dict) or part not in value:
                raise ServiceFileError(f"{path}: missing {key}")
            value = value[part]
        return value

    return answer


@dataclass(frozen=True, kw_only=True)
class FunctionConfig:
    memory_mb: int
    timeout_seconds: int
    log_level: str
    log_retention_days: int
    # Concurrent executions kept for this function and never exceeded (requests past it are throttled);
    # None shares the account's unreserved pool.
    reserved_concurrency: int | None = None

    def __post_init__(self) -> None:
        if self.reserved_concurrency is not None and self.reserved_concurrency < 1:
            raise ValueError(f"reserved_concurrency={self.reserved_concurrency} must be at least 1 or None")


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
    trace_sample_rate: float  # share of requests without an upstream sampling decision that are traced
    slo: SloConfig
    # Lambda's default regional concurrency quota; raise it here once AWS raises yours.
    account_concurrency_limit: int = 1000


@dataclass(frozen=True, kw_only=True)
class CostConfig:
    """FinOps settings of one environment (the kit's README, "Cost", explains each)."""

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

    @classmethod
    def from_service(cls, service: ServiceDefinition, **overrides: Any) -> CostConfig:
        """The answers' budget and cost center, an anomaly threshold of a fifth of the budget, ``overrides``."""
        defaults = cls(
            monthly_budget_usd=service.monthly_budget_usd,
            cost_center=service.cost_center,
            anomaly_threshold_usd=round(max(service.monthly_budget_usd * ANOMALY_THRESHOLD_SHARE_OF_BUDGET, 1.0), 2),
        )
        return replace(defaults, **overrides)


@dataclass(frozen=True, kw_only=True)
class SecurityConfig:
    """What filters traffic before the function sees it (the service's SECURITY.md)."""

    waf_enabled: bool
    waf_rate_limit_per_5_minutes: int  # requests per client IP in any 5-minute window


@dataclass(frozen=True, kw_only=True)
class ChaosConfig:
    """Fault Injection Service experiments on the function (docs/game-days.md has a scenario for each).

    Off by default; production needs ``allow_in_production`` as well, a choice made in code review.
    """

    enabled: bool = False
    allow_in_production: bool = False
    # aws:lambda:invocation-error: this share of invocations fails without running the handler.
    error_percent: int = 50
    # aws:lambda:invocation-add-delay: this much latency before the handler, on latency_percent of invocations.
    added_latency_ms: int = 2000
    latency_percent: int = 100
    # The longest an experiment runs; the P1 alarms stop it sooner, once they page.
    duration_minutes: int = 60

    def __post_init__(self) -> None:
        for name in ("error_percent", "latency_percent"):
            if not 1 <= getattr(self, name) <= 100:  # noqa: PLR2004 - a percentage
                raise ValueError(f"{name}={getattr(self, name)} must be between 1 and 100")
        if self.added_latency_ms < 1 or self.duration_minutes < 1:
            raise ValueError("added_latency_ms and duration_minutes must be positive")


@dataclass(frozen=True, kw_only=True)
class DeploymentConfig:
    """How a new version of the API function takes traffic (the template's decision 0013).

    The API calls the function's ``live`` alias. With a strategy other than ``"off"``, CodeDeploy moves
    the alias to each new version and rolls it back when a deploy-gate alarm fires during the shift:
    ``"canary"`` sends ``percent`` of the traffic for ``interval_minutes``, then all of it; ``"linear"``
    adds ``percent`` every ``interval_minutes``; ``"all-at-once"`` moves everything, still watched.
    """

    strategy: str = "all-at-once"
    percent: int = 10
    interval_minutes: int = 5
    # Before any traffic moves, a hook function calls the new version's GET /health; a failure stops the deploy.
    pre_traffic_health_check: bool = False
    alias_name: str = "live"

    def __post_init__(self) -> None:
        if self.strategy not in DEPLOYMENT_STRATEGIES:
            raise ValueError(f"strategy={self.strategy!r}: expected one of {', '.join(DEPLOYMENT_STRATEGIES)}")
        if not 0 < self.percent < 100:  # noqa: PLR2004 - a percentage of the traffic
            raise ValueError(f"percent={self.percent} must be between 0 and 100 (exclusive)")
        if self.interval_minutes < 1:
            raise ValueError(f"interval_minutes={self.interval_minutes} must be at least 1")
        if self.pre_traffic_health_check and self.strategy == "off":
            raise ValueError("pre_traffic_health_check needs CodeDeploy: a strategy other than 'off'")

    @property
    def shifts_traffic(self) -> bool:
        return self.strategy != "off"


@dataclass(frozen=True, kw_only=True)
class AccountTarget:
    """Where an environment deploys. Blank: the deploying credentials' default account or region."""

    account: str = ""
    region: str = ""  # blank: service.toml's region (blank there too: the credentials' region)

    def __post_init__(self) -> None:
        if self.account and not (self.account.isdigit() and len(self.account) == 12):  # noqa: PLR2004 - AWS account ids
            raise ValueError(f"account={self.account!r}: expected a 12-digit AWS account id, or blank")


@dataclass(frozen=True, kw_only=True)
class CiConfig:
    """Who may deploy: the GitHub repository whose workflows assume each environment's deploy role (OIDC).

    ``oidc_provider_arn`` names the account's GitHub OIDC provider; blank: `make bootstrap-ci` finds it,
    or the CI stack creates it when the account has none (an account holds one per issuer).
    """

    github_repository: str
    oidc_provider_arn: str = ""
    cdk_qualifier: str = "hnb659fds"  # the CDK bootstrap's (cdk bootstrap --qualifier), whose roles deploy

    def __post_init__(self) -> None:
        owner, _, name = self.github_repository.partition("/")
        if not owner or not name or "/" in name:
            raise ValueError(f"github_repository={self.github_repository!r}: expected owner/name")


@dataclass(frozen=True, kw_only=True)
class ServiceConfig:
    """One environment of the service: its answers plus the values the team tunes per environment."""

    service: ServiceDefinition
    environment: str
    function: FunctionConfig
    api: ApiConfig
    observability: ObservabilityConfig
    cost: CostConfig
    security: SecurityConfig
    chaos: ChaosConfig = ChaosConfig()
    deployment: DeploymentConfig = DeploymentConfig()
    target: AccountTarget = AccountTarget()

    def __post_init__(self) -> None:
        if self.is_production and self.cost.time_to_live_days is not None:
            raise ValueError(
                f"{self.stack_name}: cost.time_to_live_days={self.cost.time_to_live_days} would delete the "
                f"production stack; a time to live is for non-production environments only."
            )
        if self.is_production and self.chaos.enabled and not self.chaos.allow_in_production:
            raise ValueError(
                f"{self.stack_name}: chaos.enabled would deploy fault injection experiments to production; "
                f"set chaos=ChaosConfig(enabled=True, allow_in_production=True) if that is what you mean."
            )
        reserved = self.function.reserved_concurrency
        available = self.observability.account_concurrency_limit - UNRESERVED_CONCURRENCY_MINIMUM
        if reserved is not None and reserved > available:
            raise ValueError(
                f"{self.stack_name}: function.reserved_concurrency={reserved} leaves the account less than the "
                f"{UNRESERVED_CONCURRENCY_MINIMUM} unreserved executions Lambda requires "
                f"(observability.account_concurrency_limit={self.observability.account_concurrency_limit})."
            )

    @property
    def stack_name(self) -> str:
        return self.service.stack_name(self.environment)

    @property
    def metrics_namespace(self) -> str:
        return f"{self.service.name}-{self.environment}"

    @property
    def is_production(self) -> bool:
        return self.environment == "prod"

    @property
    def tracing_enabled(self) -> bool:
        return self.service.tracing != "none"

    # The answers, under the names the constructs use.
    @property
    def service_name(self) -> str:
        return self.service.name

    @property
    def description(self) -> str:
        return self.service.description

    @property
    def owner(self) -> str:
        return self.service.owner

    @property
    def region(self) -> str:
        """The environment's region, else service.toml's; blank: the deploying credentials' region."""
        return self.target.region or self.service.region

    @property
    def account(self) -> str | None:
        """The environment's account; None: the deploying credentials' account."""
        return self.target.account or None

    def without_traffic_shifting(self) -> ServiceConfig:
        """This environment deployed where CodeDeploy is not available (LocalStack): the alias moves at once."""
        return replace(self, deployment=replace(self.deployment, strategy="off", pre_traffic_health_check=False))

    @property
    def python_runtime(self) -> str:
        return self.service.python_runtime

    @property
    def architecture(self) -> str:
        return self.service.architecture

    @property
    def alarm_email(self) -> str:
        return self.service.alarm_email

    @property
    def runbook_url(self) -> str:
        return self.service.runbook_url

    def function_environment(self) -> dict[str, str]:
        """The variables the runtime (``lambda_service_runtime.settings``) reads at cold start."""
        return {
            "ENVIRONMENT": self.environment,
            "SERVICE_VERSION": self.service.version,
            "POWERTOOLS_SERVICE_NAME": self.service.name,
            "POWERTOOLS_METRICS_NAMESPACE": self.metrics_namespace,
            "MAX_BODY_BYTES": str(self.api.max_body_bytes),
            "TRACING": self.service.tracing,
            "TRACE_SAMPLE_RATE": str(self.observability.trace_sample_rate),
        }
