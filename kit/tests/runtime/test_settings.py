"""Settings read from the function's environment: what the infrastructure must set, and what it may."""

from __future__ import annotations

import re

import pytest

from lambda_service_runtime.settings import DEFAULT_MAX_BODY_BYTES, Settings, SettingsError, settings

REQUIRED = {"POWERTOOLS_SERVICE_NAME": "orders", "ENVIRONMENT": "prod"}


def test_the_process_settings_are_the_function_environment_the_infrastructure_sets(
    function_environment: dict[str, str],
) -> None:
    assert settings == Settings(
        service_name=function_environment["POWERTOOLS_SERVICE_NAME"],
        service_version=function_environment["SERVICE_VERSION"],
        environment=function_environment["ENVIRONMENT"],
        max_body_bytes=int(function_environment["MAX_BODY_BYTES"]),
        tracing=function_environment["TRACING"],
        trace_sample_rate=float(function_environment["TRACE_SAMPLE_RATE"]),
    )


def test_only_the_service_name_and_environment_are_required() -> None:
    assert Settings.from_environ(REQUIRED) == Settings(
        service_name="orders",
        service_version="unknown",
        environment="prod",
        max_body_bytes=DEFAULT_MAX_BODY_BYTES,
        tracing="none",
        trace_sample_rate=1.0,
    )


@pytest.mark.parametrize("missing", sorted(REQUIRED))
def test_a_missing_required_variable_is_named(missing: str) -> None:
    environ = {name: value for name, value in REQUIRED.items() if name != missing}

    with pytest.raises(SettingsError, match=f"missing environment variable {missing}"):
        Settings.from_environ(environ)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("MAX_BODY_BYTES", "lots"),
        ("MAX_BODY_BYTES", "0"),
        ("MAX_BODY_BYTES", "-1"),
        ("TRACE_SAMPLE_RATE", "often"),
        ("TRACE_SAMPLE_RATE", "1.5"),
        ("TRACE_SAMPLE_RATE", "-0.1"),
        ("TRACE_SAMPLE_RATE", "nan"),
        ("TRACING", "OTEL"),
        ("TRACING", "opentelemetry"),
        ("TRACING", ""),
    ],
)
def test_an_invalid_value_is_named_with_what_was_expected(name: str, value: str) -> None:
    with pytest.raises(SettingsError, match=re.escape(f"invalid environment variable {name}='{value}': expected ")):
        Settings.from_environ({**REQUIRED, name: value})


@pytest.mark.parametrize("tracing", ["otel", "xray", "none"])
def test_each_tracing_option_is_accepted(tracing: str) -> None:
    assert Settings.from_environ({**REQUIRED, "TRACING": tracing}).tracing == tracing


def test_the_settings_cannot_change_once_read() -> None:
    with pytest.raises(AttributeError):
        settings.max_body_bytes = 1  # type: ignore[misc]
