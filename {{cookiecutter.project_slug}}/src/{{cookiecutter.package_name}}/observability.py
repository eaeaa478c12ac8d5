"""Logger and metrics, created once per execution environment and imported everywhere."""

from __future__ import annotations

from aws_lambda_powertools import Logger, Metrics

from {{ cookiecutter.package_name }}.settings import settings

logger = Logger(service=settings.service_name)
logger.append_keys(environment=settings.environment)

metrics = Metrics(service=settings.service_name)
metrics.set_default_dimensions(environment=settings.environment)
