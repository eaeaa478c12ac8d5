"""What every function of the service shares: runtime, architecture, code, logging."""

from __future__ import annotations

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct

from lambda_service_kit.config import ServiceConfig

RUNTIMES = {
    "python3.12": lambda_.Runtime.PYTHON_3_12,
    "python3.13": lambda_.Runtime.PYTHON_3_13,
}
ARCHITECTURES = {
    "arm64": lambda_.Architecture.ARM_64,
    "x86_64": lambda_.Architecture.X86_64,
}
LOG_RETENTION = {
    1: logs.RetentionDays.ONE_DAY,
    3: logs.RetentionDays.THREE_DAYS,
    7: logs.RetentionDays.ONE_WEEK,
    14: logs.RetentionDays.TWO_WEEKS,
    30: logs.RetentionDays.ONE_MONTH,
    60: logs.RetentionDays.TWO_MONTHS,
    90: logs.RetentionDays.THREE_MONTHS,
    180: logs.RetentionDays.SIX_MONTHS,
    365: logs.RetentionDays.ONE_YEAR,
    731: logs.RetentionDays.TWO_YEARS,
}


class AssetNotBuiltError(RuntimeError):
    """Synth needs the Lambda asset that `make build` produces."""


def lambda_code(config: ServiceConfig) -> lambda_.Code:
    asset_dir = config.service.asset_dir
    if not (asset_dir / ".fingerprint").is_file():
        raise AssetNotBuiltError(f"No Lambda asset in {asset_dir}: run `make build` first.")
    return lambda_.Code.from_asset(str(asset_dir), exclude=[".fingerprint"])


def function_props(config: ServiceConfig) -> dict[str, object]:
    """Keyword arguments for ``lambda_.Function`` that every function of the service uses."""
    return {
        "runtime": RUNTIMES[config.python_runtime],
        "architecture": ARCHITECTURES[config.architecture],
        "code": lambda_code(config),
        "memory_size": config.function.memory_mb,
        "timeout": Duration.seconds(config.function.timeout_seconds),
        "reserved_concurrent_executions": config.function.reserved_concurrency,
        "logging_format": lambda_.LoggingFormat.JSON,
        "application_log_level_v2": lambda_.ApplicationLogLevel[config.function.log_level],
        "system_log_level_v2": lambda_.SystemLogLevel.INFO,
        # Active tracing runs the X-Ray daemon beside the function; both tracing options export through it.
        "tracing": lambda_.Tracing.ACTIVE if config.tracing_enabled else lambda_.Tracing.DISABLED,
    }


def log_group(
    scope: Construct, construct_id: str, *, config: ServiceConfig, encryption_key: kms.IKey | None = None
) -> logs.LogGroup:
    """A log group with the environment's retention, encrypted with ``encryption_key`` when given;
    kept on stack deletion in production."""
    days = config.function.log_retention_days
    if days not in LOG_RETENTION:
        raise ValueError(f"log_retention_days={days} is not one of {sorted(LOG_RETENTION)}")
    return logs.LogGroup(
        scope,
        construct_id,
        retention=LOG_RETENTION[days],
        encryption_key=encryption_key,
        removal_policy=RemovalPolicy.RETAIN if config.is_production else RemovalPolicy.DESTROY,
    )
