"""Runtime settings, read once from the environment that the infrastructure sets."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

DEFAULT_MAX_BODY_BYTES = 16 * 1024
TRACING_OPTIONS = ("otel", "xray", "none")


class SettingsError(RuntimeError):
    """The function was deployed without a setting it needs, or with one it cannot use."""


@dataclass(frozen=True, kw_only=True)
class Settings:
    service_name: str
    service_version: str
    environment: str
    max_body_bytes: int
    tracing: str  # one of TRACING_OPTIONS: the service's answer, set by the infrastructure
    trace_sample_rate: float

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> Settings:
        """The settings in ``environ``; a ``SettingsError`` names the variable that is missing or invalid."""
        return cls(
            service_name=_required(environ, "POWERTOOLS_SERVICE_NAME"),
            service_version=environ.get("SERVICE_VERSION", "unknown"),
            environment=_required(environ, "ENVIRONMENT"),
            max_body_bytes=_positive_integer(environ, "MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES),
            # A misspelt option must not silently turn tracing off.
            tracing=_choice(environ, "TRACING", TRACING_OPTIONS, default="none"),
            trace_sample_rate=_fraction(environ, "TRACE_SAMPLE_RATE", default=1.0),
        )


def _required(environ: Mapping[str, str], name: str) -> str:
    if name not in environ:
        raise SettingsError(f"missing environment variable {name}")
    return environ[name]


def _positive_integer(environ: Mapping[str, str], name: str, default: int) -> int:
    raw = environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise _invalid(name, raw, "a positive whole number") from None
    if value < 1:
        raise _invalid(name, raw, "a positive whole number")
    return value


def _fraction(environ: Mapping[str, str], name: str, *, default: float) -> float:
    raw = environ.get(name)
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise _invalid(name, raw, "a number from 0 to 1") from None
    if not 0.0 <= value <= 1.0:
        raise _invalid(name, raw, "a number from 0 to 1")
    return value


def _choice(environ: Mapping[str, str], name: str, options: tuple[str, ...], *, default: str) -> str:
    value = environ.get(name, default)
    if value not in options:
        raise _invalid(name, value, " or ".join(options))
    return value


def _invalid(name: str, value: str, expected: str) -> SettingsError:
    return SettingsError(f"invalid environment variable {name}={value!r}: expected {expected}")


settings = Settings.from_environ(os.environ)
