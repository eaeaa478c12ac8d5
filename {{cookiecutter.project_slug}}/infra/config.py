"""Per-environment configuration: the one place to tune what gets deployed.

``SERVICE`` is service.toml, read once; each environment adds the values tuned for it. No CDK
imports: the kit's tools and the tests read this module too.

Each environment deploys to ``target``'s account and region (blank: the deploying credentials'), and
takes each new version of the function as ``deployment`` says (docs/decisions/0006-safe-deploys.md).
"""

from __future__ import annotations

from pathlib import Path

from lambda_service_kit.config import (
    AccountTarget,
    ApiConfig,
    ChaosConfig,
    CiConfig,
    CostConfig,
    DeploymentConfig,
    FunctionConfig,
    ObservabilityConfig,
    SecurityConfig,
    ServiceConfig,
    ServiceDefinition,
    SloConfig,
)

SERVICE = ServiceDefinition.load(Path(__file__).resolve().parent.parent)

# The repository whose workflows deploy each environment (infra/ci_stack.py, .github/workflows/deploy.yml).
CI = CiConfig(github_repository="{{ cookiecutter.github_repository }}")

ENVIRONMENTS: dict[str, ServiceConfig] = {
    "dev": ServiceConfig(
        service=SERVICE,
        environment="dev",
        function=FunctionConfig(memory_mb=256, timeout_seconds=10, log_level="DEBUG", log_retention_days=14),
        api=ApiConfig(throttling_rate_limit=50, throttling_burst_limit=100, max_body_bytes=16 * 1024),
        observability=ObservabilityConfig(
            trace_sample_rate=1.0,
            slo=SloConfig(availability_percent=99.0, latency_percent=95.0, latency_threshold_ms=1000),
        ),
        # One anomaly monitor watches the whole service (prod); set time_to_live_days=7 to have
        # the dev stack deleted a week after each deploy.
        cost=CostConfig.from_service(SERVICE, anomaly_threshold_usd=None, time_to_live_days=None),
        security=SecurityConfig(waf_enabled=False, waf_rate_limit_per_5_minutes=1000),
        # Fault Injection Service experiments (added latency, invocation errors) for game days:
        # docs/game-days.md. Off until a game day is planned; `make gameday` rehearses locally without them.
        chaos=ChaosConfig(enabled=False),
        deployment=DeploymentConfig(strategy="all-at-once"),
        target=AccountTarget(account="", region=""),
    ),
    # Production's settings at a lower budget: the deploy rehearsal before prod, and its canary.
    "staging": ServiceConfig(
        service=SERVICE,
        environment="staging",
        function=FunctionConfig(memory_mb=512, timeout_seconds=10, log_level="INFO", log_retention_days=30),
        api=ApiConfig(throttling_rate_limit=100, throttling_burst_limit=200, max_body_bytes=16 * 1024),
        observability=ObservabilityConfig(
            trace_sample_rate=0.2,
            slo=SloConfig(availability_percent=99.5, latency_percent=99.0, latency_threshold_ms=500),
        ),
        cost=CostConfig.from_service(SERVICE, anomaly_threshold_usd=None),
        security=SecurityConfig(waf_enabled=False, waf_rate_limit_per_5_minutes=2000),
        deployment=DeploymentConfig(strategy="canary", percent=10, interval_minutes=5),
        target=AccountTarget(account="", region=""),
    ),
    "prod": ServiceConfig(
        service=SERVICE,
        environment="prod",
        # 100 executions kept for the API: the stage's 500 requests/s at up to 200 ms each. The stage
        # throttles first (a 429 JSON problem); Lambda's own throttle would reach callers as a 5xx.
        function=FunctionConfig(
            memory_mb=512, timeout_seconds=10, log_level="INFO", log_retention_days=90, reserved_concurrency=100
        ),
        api=ApiConfig(throttling_rate_limit=500, throttling_burst_limit=1000, max_body_bytes=16 * 1024),
        observability=ObservabilityConfig(
            trace_sample_rate=0.05,
            slo=SloConfig(availability_percent=99.9, latency_percent=99.0, latency_threshold_ms=500),
        ),
        cost=CostConfig.from_service(SERVICE),
        security=SecurityConfig(waf_enabled=True, waf_rate_limit_per_5_minutes=2000),
        # 10% of the traffic for 5 minutes, then all of it; rolled back when a deploy-gate alarm fires.
        deployment=DeploymentConfig(strategy="canary", percent=10, interval_minutes=5),
        target=AccountTarget(account="", region=""),
    ),
}
