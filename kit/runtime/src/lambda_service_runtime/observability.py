"""Logger and metrics, created once per execution environment and imported everywhere."""

from __future__ import annotations

import os
import warnings

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit, single_metric

from lambda_service_runtime.settings import settings

logger = Logger(service=settings.service_name)
logger.append_keys(environment=settings.environment)

metrics = Metrics(service=settings.service_name)
metrics.set_default_dimensions(environment=settings.environment)

UNEXPECTED_ERRORS_METRIC = "UnexpectedErrors"
# Lambda sets it in every execution environment: "1", "2"... or "$LATEST" when invoked unqualified.
FUNCTION_VERSION_VARIABLE = "AWS_LAMBDA_FUNCTION_VERSION"

# A request that adds no metric (GET /health) is normal here; Powertools would warn about it through
# `warnings`, a plain-text line among the function's JSON log lines.
warnings.filterwarnings("ignore", message="No application metrics to publish", category=UserWarning)


def count_unexpected_error() -> None:
    """One ``UnexpectedErrors`` data point, by function version, published at once.

    The handler answers an unexpected exception with a 500, which Lambda's ``Errors`` metric never counts;
    this metric is what a deploy's CodeDeploy alarm watches for the new version (decision 0013).
    """
    with single_metric(
        name=UNEXPECTED_ERRORS_METRIC,
        unit=MetricUnit.Count,
        value=1,
        default_dimensions={
            "service": settings.service_name,
            "environment": settings.environment,
            "version": os.environ.get(FUNCTION_VERSION_VARIABLE, "$LATEST"),
        },
    ):
        pass
