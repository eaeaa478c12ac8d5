"""What the local API reads from the example's synthesized template: its routes, function and gateway responses."""

from __future__ import annotations

from pathlib import Path

import pytest

from lambda_service_kit.config import ServiceConfig
from lambda_service_kit.constructs.auth import unknown_route_status
from lambda_service_kit.project import routes
from lambda_service_kit.tools.local_api.template import LocalApi, TemplateError, load


@pytest.fixture
def example_api(kit_cloud_assembly: Path, config: ServiceConfig) -> LocalApi:
    """What `service-kit local` serves for ``config``'s stack."""
    return load(kit_cloud_assembly / f"{config.stack_name}.template.json", stack_name=config.stack_name)


def test_the_stage_and_every_declared_route_are_served(example_api: LocalApi, config: ServiceConfig) -> None:
    declared = routes(config.service)

    assert example_api.stage == config.environment
    assert {(route.method, route.resource) for route in example_api.routes} == {
        (route.method, route.path) for route in declared
    }
    assert example_api.skipped_routes == ()
    for route in declared:
        found = example_api.find_route(route.method, route.path)
        assert found is not None, route
    assert example_api.find_route("GET", "/nowhere") is None


def test_the_function_runs_the_templates_handler_environment_and_limits(
    example_api: LocalApi, config: ServiceConfig, kit_cloud_assembly: Path
) -> None:
    (function,) = example_api.functions.values()

    assert function.handler == f"{config.service.package}.handlers.api.handler"
    assert function.environment == config.function_environment()
    assert function.skipped_variables == ()
    assert (function.timeout_seconds, function.memory_mb) == (
        config.function.timeout_seconds,
        config.function.memory_mb,
    )
    assert (function.log_format, function.log_level) == ("JSON", config.function.log_level)
    assert (kit_cloud_assembly / function.asset_path / config.service.package).is_dir()


def test_an_unknown_route_gets_the_gateways_problem_response(example_api: LocalApi, config: ServiceConfig) -> None:
    response = example_api.unknown_route_response()

    assert response.status == unknown_route_status(config.service.api_auth)
    assert response.headers == {"Content-Type": "application/problem+json"}
    assert "$context.requestId" in response.templates["application/problem+json"]


def test_a_missing_template_asks_for_synth(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="run `make synth` first"):
        load(tmp_path / "absent.template.json", stack_name="absent")
