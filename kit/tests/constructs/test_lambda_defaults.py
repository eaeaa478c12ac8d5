"""What every function of a service shares: the answers' runtime and architecture, the built asset, log groups."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Template

from lambda_service_kit import config as kit_config
from lambda_service_kit.config import ServiceConfig, ServiceDefinition
from lambda_service_kit.constructs import lambda_defaults


def test_every_runtime_and_architecture_the_answers_allow_has_its_cdk_value() -> None:
    assert set(lambda_defaults.RUNTIMES) == set(kit_config.PYTHON_RUNTIMES)
    assert set(lambda_defaults.ARCHITECTURES) == set(kit_config.ARCHITECTURES)
    for answer, runtime in lambda_defaults.RUNTIMES.items():
        assert runtime.name == answer


def test_log_groups_keep_the_environments_retention_and_are_kept_in_production(
    template: Template, config: ServiceConfig
) -> None:
    log_groups = template.find_resources("AWS::Logs::LogGroup")

    assert len(log_groups) == 2, "the function's and the API's access logs"
    for log_group in log_groups.values():
        assert log_group["Properties"]["RetentionInDays"] == config.function.log_retention_days
        assert log_group["DeletionPolicy"] == ("Retain" if config.is_production else "Delete")


def test_a_retention_cloudwatch_does_not_offer_is_refused(config: ServiceConfig) -> None:
    unsupported = replace(config, function=replace(config.function, log_retention_days=10))

    with pytest.raises(ValueError, match="log_retention_days=10 is not one of"):
        lambda_defaults.log_group(cdk.Stack(cdk.App(), "Probe"), "Logs", config=unsupported)


def test_synth_without_a_built_asset_asks_for_make_build(config: ServiceConfig, tmp_path: Path) -> None:
    elsewhere = replace(config, service=replace(config.service, root=tmp_path))

    with pytest.raises(lambda_defaults.AssetNotBuiltError, match="run `make build` first"):
        lambda_defaults.lambda_code(elsewhere)


def test_synth_stages_the_built_asset_without_its_fingerprint(app: cdk.App, example_service: ServiceDefinition) -> None:
    staged = [path for path in Path(app.synth().directory).glob("asset.*") if path.is_dir()]

    assert len(staged) == 1, "every environment's function runs the same asset"
    assert (staged[0] / example_service.package / "handlers" / "api.py").is_file()
    assert (example_service.asset_dir / ".fingerprint").is_file()
    assert not (staged[0] / ".fingerprint").exists()
