"""How this service composes the kit's constructs, read from the synthesized templates.

Each construct's own behaviour is tested in the kit; here: the routes reach this function, the
environments differ where infra/config.py says so, and nothing of the steel thread is missing.
"""

from __future__ import annotations

import pytest
from aws_cdk.assertions import Template
from lambda_service_kit.routes import read_routes

from infra.config import ENVIRONMENTS

ROUTES = read_routes(ENVIRONMENTS["dev"].service.openapi_path)


@pytest.mark.parametrize("environment", sorted(ENVIRONMENTS))
def test_the_function_serves_every_route_with_its_environment(templates: dict[str, Template], environment: str) -> None:
    template, config = templates[environment], ENVIRONMENTS[environment]
    (function,) = template.find_resources("AWS::Lambda::Function").values()
    methods = template.find_resources("AWS::ApiGateway::Method").values()

    assert function["Properties"]["Handler"] == f"{config.service.package}.handlers.api.handler"
    assert function["Properties"]["Environment"]["Variables"] == config.function_environment()
    assert function["Properties"]["MemorySize"] == config.function.memory_mb
    assert sorted(method["Properties"]["HttpMethod"] for method in methods) == sorted(r.method for r in ROUTES)


def test_the_openapi_document_describes_every_method_of_the_gateway(templates: dict[str, Template]) -> None:
    resources = templates["prod"].find_resources("AWS::ApiGateway::Resource")
    methods = templates["prod"].find_resources("AWS::ApiGateway::Method").values()

    def path_of(resource_id: str | None) -> str:
        if resource_id is None:  # the API's root
            return ""
        properties = resources[resource_id]["Properties"]
        return f"{path_of(properties['ParentId'].get('Ref'))}/{properties['PathPart']}"

    synthesized = {(m["Properties"]["HttpMethod"], path_of(m["Properties"]["ResourceId"].get("Ref"))) for m in methods}
    assert synthesized == {(route.method, route.path) for route in ROUTES}


@pytest.mark.parametrize("environment", sorted(ENVIRONMENTS))
def test_the_steel_thread_is_complete(templates: dict[str, Template], environment: str) -> None:
    template, config = templates[environment], ENVIRONMENTS[environment]

    for resource_type in (
        "AWS::ApiGateway::Stage",
        "AWS::KMS::Key",
        "AWS::Budgets::Budget",
        "AWS::CloudWatch::Dashboard",
        "AWS::Lambda::Alias",
        "AWS::CodeDeploy::DeploymentGroup",
    ):
        template.resource_count_is(resource_type, 1)
    assert len(template.find_resources("AWS::CloudWatch::CompositeAlarm")) >= 2
    template.resource_count_is("AWS::WAFv2::WebACL", 1 if config.security.waf_enabled else 0)
    template.resource_count_is("AWS::CE::AnomalyMonitor", 0 if config.cost.anomaly_threshold_usd is None else 1)
    assert template.find_outputs("ApiUrl")


def test_environments_never_share_names() -> None:
    names = [config.stack_name for config in ENVIRONMENTS.values()]

    assert len(set(names)) == len(names)
    assert all(config.environment in config.stack_name for config in ENVIRONMENTS.values())


def test_production_is_at_least_as_generous_as_dev() -> None:
    dev, prod = ENVIRONMENTS["dev"], ENVIRONMENTS["prod"]

    assert prod.function.log_retention_days >= dev.function.log_retention_days
    assert prod.api.throttling_rate_limit >= dev.api.throttling_rate_limit
    assert prod.observability.slo.availability_percent >= dev.observability.slo.availability_percent
