"""Logger and metrics, created once per execution environment and imported everywhere."""

from __future__ import annotations

import warnings

from aws_lambda_powertools import Logger, Metrics

from lambda_service_runtime.settings import settings

logger = Logger(service=settings.service_name)
logger.append_keys(environment=settings.environment)

metrics = Metrics(service=settings.service_name)
metrics.set_default_dimensions(environment=settings.environment)

# A request that adds no metric (GET /health) is normal here; Powertools would warn about it through
# `warnings`, a plain-text line among the function's JSON log lines.
warnings.filterwarnings("ignore", message="No application metrics to publish", category=UserWarning)
