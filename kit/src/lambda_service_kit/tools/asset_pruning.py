"""What the Lambda asset leaves out of its dependencies, and why: one rule a line, applied by build_lambda_asset.

A rule is a glob relative to the asset folder (``**`` spans folders); a folder it matches goes
whole, a ``.py`` rule matches the module's bytecode too (dependencies ship as bytecode only).
A path that ``KEPT`` matches stays even when a ``PRUNED`` rule matches it. Rules of
packages that this service's tracing option does not install match nothing.

Before adding a rule, check what the handler loads (``python -X importtime``) and grep the
packages for imports inside functions: a pruned module that some path imports fails there
with ModuleNotFoundError, in Lambda. The kit's ``tests/tools/asset/`` imports every module that stays
in the pruned packages and serves the routes from the pruned asset. To use a feature pruned here,
delete its rule.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

PRUNED: dict[str, str] = {
    # Packaging files that nothing reads at run time (METADATA and entry_points.txt stay: OTel loads its
    # context and propagators through entry points, importlib.metadata.version() reads METADATA).
    "*.dist-info/RECORD": "pip's list of installed files, for uninstalling",
    "*.dist-info/INSTALLER": "which tool installed the distribution",
    "*.dist-info/REQUESTED": "marks a distribution installed on request, for pip",
    "**/*.pyi": "type stubs, read by type checkers only",
    "**/py.typed": "marks a package as typed, for type checkers only",
    # Powertools features the service does not use.
    "aws_lambda_powertools/event_handler/openapi/swagger_ui/*.min.*": "Swagger UI's bundle, served by enable_swagger()",
    "aws_lambda_powertools/event_handler/middlewares/schema_validation.py": "needs fastjsonschema, not installed",
    "aws_lambda_powertools/metrics/provider/datadog": "Datadog metrics; the service publishes CloudWatch EMF",
    "aws_lambda_powertools/utilities/auth_alpha": "JWT verification (alpha), needs PyJWT, not installed",
    "aws_lambda_powertools/utilities/batch": "batch processing of SQS, Kinesis and DynamoDB stream records",
    "aws_lambda_powertools/utilities/circuit_breaker": "circuit breaker utility",
    "aws_lambda_powertools/utilities/data_masking": "data masking, needs jsonpath-ng, not installed",
    "aws_lambda_powertools/utilities/feature_flags": "feature flags stored in AppConfig",
    "aws_lambda_powertools/utilities/idempotency": "idempotency stored in DynamoDB or Redis",
    "aws_lambda_powertools/utilities/kafka": "Kafka record deserialization",
    "aws_lambda_powertools/utilities/metadata": "Lambda metadata endpoint client",
    "aws_lambda_powertools/utilities/parameters": "SSM, Secrets Manager and AppConfig parameter fetching",
    "aws_lambda_powertools/utilities/parser": "Powertools parser; the service validates with its own pydantic models",
    "aws_lambda_powertools/utilities/streaming": "streaming of S3 objects",
    "aws_lambda_powertools/utilities/validation": "JSON Schema validation, needs fastjsonschema, not installed",
    # pydantic: the V1 compatibility copy and tooling.
    "pydantic/v1": "pydantic's V1 API (a second pydantic); V1-style types fail when their model is defined",
    "pydantic/mypy.py": "mypy plugin, loaded by mypy only",
    "pydantic/experimental": "experimental APIs (pipeline, arguments schema), imported explicitly only",
    "annotated_types/test_cases.py": "test data for annotated-types' own tests",
    # OpenTelemetry: the service exports traces only (metrics are Powertools EMF, logs are Powertools Logger).
    "opentelemetry/_logs": "OTel logs API, used only by the OTel logs SDK",
    "opentelemetry/sdk/_logs": "OTel logs SDK",
    "opentelemetry/sdk/metrics": "OTel metrics SDK",
    "opentelemetry/sdk/_configuration": "opentelemetry-instrument setup, imports the logs and metrics SDKs",
    "opentelemetry/semconv/_incubating": "experimental semantic conventions (the two files the SDK imports are kept)",
    "opentelemetry/semconv/trace": "deprecated since semantic conventions 1.25, replaced by semconv.attributes",
    "opentelemetry/semconv/metrics": "deprecated since semantic conventions 1.25",
    # X-Ray option.
    "wrapt/_wrappers.c": "the C source of wrapt's compiled extension",
}

KEPT: dict[str, str] = {
    "opentelemetry/semconv/_incubating/attributes/otel_attributes.py": "imported by opentelemetry.sdk.trace",
    "opentelemetry/semconv/_incubating/metrics/otel_metrics.py": "imported by opentelemetry.sdk.trace",
}


def prune(asset: Path) -> list[Path]:
    """Delete from ``asset`` what ``PRUNED`` matches and ``KEPT`` does not; return the deleted files."""
    pruned = files_to_prune(asset)
    for path in pruned:
        path.unlink()
    for folder in sorted({path.parent for path in pruned}, key=lambda folder: len(folder.parts), reverse=True):
        _remove_empty_folders(folder, stop=asset)
    return pruned


def files_to_prune(asset: Path) -> list[Path]:
    """The files of ``asset`` that ``PRUNED`` matches and ``KEPT`` does not."""
    kept = {path for pattern in KEPT for path in _files(asset, pattern)}
    return sorted({path for pattern in PRUNED for path in _files(asset, pattern)} - kept)


def pruned_packages() -> list[str]:
    """The top-level packages some rule prunes from: what must still import after pruning."""
    tops = {pattern.split("/", 1)[0] for pattern in PRUNED if "/" in pattern}
    return sorted(top for top in tops if not any(character in top for character in "*?["))


def rules_fingerprint() -> str:
    """Changes whenever a rule does: part of the asset's fingerprint."""
    rules = [f"pruned {pattern}" for pattern in sorted(PRUNED)] + [f"kept {pattern}" for pattern in sorted(KEPT)]
    return hashlib.sha256("\n".join(rules).encode()).hexdigest()


def _files(asset: Path, pattern: str) -> set[Path]:
    files: set[Path] = set()
    matches = [*asset.glob(pattern), *(asset.glob(pattern + "c") if pattern.endswith(".py") else [])]
    for match in matches:
        if match.is_dir():
            files.update(path for path in match.rglob("*") if path.is_file())
        else:
            files.add(match)
    return files


def _remove_empty_folders(folder: Path, *, stop: Path) -> None:
    while folder != stop and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
