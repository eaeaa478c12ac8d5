"""Runtime settings, read once from the environment that the infrastructure sets."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

DEFAULT_MAX_BODY_BYTES = 16 * 1024


class SettingsError(RuntimeError):
    """The function was deployed without a setting it needs."""


@dataclass(frozen=True, kw_only=True)
class Settings:
    service_name: str
    service_version: str
    environment: str
    max_body_bytes: int
    tracing: str  # "otel", "xray" or "none": the service's answer, set by the infrastructure
    trace_sample_rate: float

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> Settings:
        try:
            return cls(
                service_name=environ["POWERTOOLS_SERVICE_NAME"],
                service_version=environ.get("SERVICE_VERSION", "unknown"),
                environment=environ["ENVIRONMENT"],
                max_body_bytes=int(environ.get("MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES)),
                tracing=environ.get("TRACING", "none"),
                trace_sample_rate=float(environ.get("TRACE_SAMPLE_RATE", "1.0")),
            )
        except (KeyError, ValueError) as error:
            raise SettingsError(f"missing or invalid environment variable: {error}") from error


settings = Settings.from_environ(os.environ)
