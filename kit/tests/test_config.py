"""The service's answers (``service.toml``), read once into a frozen definition, and each environment's config."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from lambda_service_kit import config
from lambda_service_kit.config import (
    ChaosConfig,
    CostConfig,
    ServiceConfig,
    ServiceDefinition,
    ServiceFileError,
    SloConfig,
)

TEMPLATE_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def choices() -> dict[str, list[str]]:
    """The template's answers that are choices, each with its options (the first is the default)."""
    answers = json.loads((TEMPLATE_DIR / "cookiecutter.json").read_text(encoding="utf-8"))
    return {name: value for name, value in answers.items() if isinstance(value, list)}


@pytest.fixture
def service_folder(example_service: ServiceDefinition, tmp_path: Path) -> Path:
    """A folder with the example's ``service.toml`` and ``pyproject.toml``, for a test to edit."""
    for name in (config.SERVICE_FILE, "pyproject.toml"):
        shutil.copy(example_service.root / name, tmp_path / name)
    return tmp_path


def edit_answers(folder: Path, old: str, new: str) -> None:
    service_file = folder / config.SERVICE_FILE
    text = service_file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in the example's {config.SERVICE_FILE}"
    service_file.write_text(text.replace(old, new), encoding="utf-8")


def test_the_definition_holds_the_examples_answers(
    example_service: ServiceDefinition, choices: dict[str, list[str]]
) -> None:
    assert example_service.name == example_service.root.name == "greeting-service"
    assert example_service.package == "greeting_service"
    assert example_service.version == "0.1.0"
    assert example_service.region == "eu-west-1"
    assert example_service.python_runtime == choices["python_runtime"][0]
    assert example_service.architecture == choices["architecture"][0]
    assert example_service.tracing == choices["tracing"][0]
    assert example_service.api_auth == choices["api_auth"][0]
    assert example_service.monthly_budget_usd == 50.0
    assert example_service.alarm_email == "alerts@example.com"
    assert example_service.runbook_url == "docs/runbooks.md"


def test_the_definition_is_frozen(example_service: ServiceDefinition) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        example_service.region = "us-east-1"  # type: ignore[misc]


def test_the_kit_supports_every_option_the_template_offers(choices: dict[str, list[str]]) -> None:
    assert set(config.PYTHON_RUNTIMES) == set(choices["python_runtime"])
    assert set(config.ARCHITECTURES) == set(choices["architecture"])
    assert set(config.TRACING_OPTIONS) == set(choices["tracing"])
    assert set(config.API_AUTH_MODES) == set(choices["api_auth"])


def test_the_folders_the_tools_use_are_under_the_service(example_service: ServiceDefinition) -> None:
    root = example_service.root

    assert example_service.source_dir == root / "src"
    assert example_service.runtime_requirements == root / "requirements" / "runtime.txt"
    assert example_service.asset_dir == root / ".build" / "lambda"
    assert example_service.openapi_path == root / "openapi.json"
    assert example_service.stack_name("qa") == "greeting-service-qa"


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ('tracing = "otel"', 'tracing = "zipkin"', "observability.tracing = 'zipkin'"),
        ('api_auth = "iam"', 'api_auth = "basic"', "security.api_auth = 'basic'"),
        ('python_runtime = "python3.13"', 'python_runtime = "python3.9"', "deployment.python_runtime = 'python3.9'"),
        ('architecture = "arm64"', 'architecture = "ppc64"', "deployment.architecture = 'ppc64'"),
    ],
)
def test_an_unsupported_answer_is_refused_naming_its_key_and_the_options(
    service_folder: Path, old: str, new: str, key: str
) -> None:
    edit_answers(service_folder, old, new)

    with pytest.raises(ServiceFileError, match=f"{key}: expected one of "):
        ServiceDefinition.load(service_folder)


@pytest.mark.parametrize(
    ("line", "key"), [('region = "eu-west-1"\n', "deployment.region"), ("[security]\n", "security")]
)
def test_a_missing_answer_is_refused_naming_its_key(service_folder: Path, line: str, key: str) -> None:
    edit_answers(service_folder, line, "")

    with pytest.raises(ServiceFileError, match=rf"service\.toml: missing {key}"):
        ServiceDefinition.load(service_folder)


@pytest.mark.parametrize(("value", "message"), [('"fifty"', "expected a number"), ("0.0", "must be positive")])
def test_a_budget_that_is_no_positive_number_is_refused(service_folder: Path, value: str, message: str) -> None:
    edit_answers(service_folder, "monthly_usd = 50.0", f"monthly_usd = {value}")

    with pytest.raises(ServiceFileError, match=rf"budget\.monthly_usd = .*{message}"):
        ServiceDefinition.load(service_folder)


def test_a_folder_without_answers_is_refused_saying_where_to_run(tmp_path: Path) -> None:
    expected = f"no service.toml in {tmp_path.resolve()}: run the kit in the service's folder"

    with pytest.raises(ServiceFileError, match=re.escape(expected)):
        ServiceDefinition.load(tmp_path)


def test_an_answers_file_that_is_not_toml_is_refused(service_folder: Path) -> None:
    (service_folder / config.SERVICE_FILE).write_text("[service\n", encoding="utf-8")

    with pytest.raises(ServiceFileError, match="not valid TOML"):
        ServiceDefinition.load(service_folder)


def test_the_version_comes_from_pyproject(service_folder: Path) -> None:
    pyproject = service_folder / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8").replace('version = "0.1.0"', 'version = "2.3.4"'))

    assert ServiceDefinition.load(service_folder).version == "2.3.4"


def test_cost_defaults_follow_the_answers(example_service: ServiceDefinition) -> None:
    cost = CostConfig.from_service(example_service)

    assert cost.monthly_budget_usd == example_service.monthly_budget_usd
    assert cost.cost_center == example_service.cost_center
    assert cost.anomaly_threshold_usd == round(example_service.monthly_budget_usd * 0.2, 2)
    assert cost.time_to_live_days is None


def test_the_default_anomaly_threshold_is_at_least_a_dollar(example_service: ServiceDefinition) -> None:
    small = replace(example_service, monthly_budget_usd=3.0)

    assert CostConfig.from_service(small).anomaly_threshold_usd == 1.0


def test_an_environment_overrides_the_cost_defaults(example_service: ServiceDefinition) -> None:
    cost = CostConfig.from_service(example_service, anomaly_threshold_usd=None, time_to_live_days=7)

    assert (cost.anomaly_threshold_usd, cost.time_to_live_days) == (None, 7)
    assert cost.monthly_budget_usd == example_service.monthly_budget_usd


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"monthly_budget_usd": 0}, "must be positive"),
        ({"anomaly_threshold_usd": -1.0}, "must be positive or None"),
        ({"time_to_live_days": 0}, "at least 1"),
    ],
)
def test_cost_settings_out_of_range_are_refused(
    example_service: ServiceDefinition, overrides: dict[str, float], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        CostConfig.from_service(example_service, **overrides)


def test_a_time_to_live_is_refused_in_production(example_environments: dict[str, ServiceConfig]) -> None:
    prod, dev = example_environments["prod"], example_environments["dev"]

    with pytest.raises(ValueError, match="would delete the production stack"):
        replace(prod, cost=replace(prod.cost, time_to_live_days=3))
    assert replace(dev, cost=replace(dev.cost, time_to_live_days=3)).cost.time_to_live_days == 3


@pytest.mark.parametrize("percent", [0, 100, 100.5])
def test_an_objective_is_a_percentage_strictly_between_0_and_100(percent: float) -> None:
    with pytest.raises(ValueError, match="between 0 and 100"):
        SloConfig(availability_percent=percent, latency_percent=99, latency_threshold_ms=500)


def test_an_environment_derives_its_names_from_the_service(example_environments: dict[str, ServiceConfig]) -> None:
    dev, prod = example_environments["dev"], example_environments["prod"]

    assert (dev.stack_name, dev.metrics_namespace) == ("greeting-service-dev", "greeting-service-dev")
    assert (dev.is_production, prod.is_production) == (False, True)
    assert dev.tracing_enabled is (dev.service.tracing != "none")


def test_the_function_environment_is_what_the_runtime_reads(example_environments: dict[str, ServiceConfig]) -> None:
    dev = example_environments["dev"]

    assert dev.function_environment() == {
        "ENVIRONMENT": "dev",
        "SERVICE_VERSION": dev.service.version,
        "POWERTOOLS_SERVICE_NAME": "greeting-service",
        "POWERTOOLS_METRICS_NAMESPACE": "greeting-service-dev",
        "MAX_BODY_BYTES": str(dev.api.max_body_bytes),
        "TRACING": dev.service.tracing,
        "TRACE_SAMPLE_RATE": str(dev.observability.trace_sample_rate),
    }


def test_chaos_is_off_unless_asked_for(example_environments: dict[str, ServiceConfig]) -> None:
    assert not any(environment.chaos.enabled for environment in example_environments.values())


def test_chaos_in_production_needs_the_explicit_flag(example_environments: dict[str, ServiceConfig]) -> None:
    prod, dev = example_environments["prod"], example_environments["dev"]

    with pytest.raises(ValueError, match="allow_in_production=True"):
        replace(prod, chaos=ChaosConfig(enabled=True))
    assert replace(prod, chaos=ChaosConfig(enabled=True, allow_in_production=True)).chaos.enabled
    assert replace(dev, chaos=ChaosConfig(enabled=True)).chaos.enabled


@pytest.mark.parametrize(
    "settings", [{"error_percent": 0}, {"latency_percent": 101}, {"added_latency_ms": 0}, {"duration_minutes": 0}]
)
def test_chaos_settings_out_of_range_are_refused(settings: dict[str, int]) -> None:
    with pytest.raises(ValueError, match="must be"):
        ChaosConfig(**settings)


def test_a_reservation_must_leave_the_accounts_unreserved_minimum(
    example_environments: dict[str, ServiceConfig],
) -> None:
    dev = example_environments["dev"]
    limit = dev.observability.account_concurrency_limit

    with pytest.raises(ValueError, match="unreserved executions"):
        replace(dev, function=replace(dev.function, reserved_concurrency=limit - 99))
    assert replace(dev, function=replace(dev.function, reserved_concurrency=limit - 100)).function.reserved_concurrency
    with pytest.raises(ValueError, match="at least 1"):
        replace(dev.function, reserved_concurrency=0)
