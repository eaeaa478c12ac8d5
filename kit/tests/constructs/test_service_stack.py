"""The synthesized CloudFormation, resource by resource."""

from __future__ import annotations

from aws_cdk.assertions import Match, Template

from infra.config import ENVIRONMENTS, PACKAGE_NAME, ServiceConfig
from infra.routes import API_ROUTES

RUNTIME_BY_ANSWER = {"python3.12": "python3.12", "python3.13": "python3.13"}


def only_resource(template: Template, resource_type: str) -> dict:
    resources = template.find_resources(resource_type)
    assert len(resources) == 1, f"expected one {resource_type}, found {sorted(resources)}"
    return next(iter(resources.values()))


def test_function_uses_the_configured_runtime_architecture_and_size(template: Template, config: ServiceConfig) -> None:
    template.has_resource_properties(
        "AWS::Lambda::Function",
        {
            "Runtime": RUNTIME_BY_ANSWER[config.python_runtime],
            "Architectures": [config.architecture],
            "Handler": f"{PACKAGE_NAME}.handlers.api.handler",
            "MemorySize": config.function.memory_mb,
            "Timeout": config.function.timeout_seconds,
        },
    )


def test_function_logs_json_at_the_configured_level_to_its_own_log_group(
    template: Template, config: ServiceConfig
) -> None:
    function = only_resource(template, "AWS::Lambda::Function")["Properties"]
    (log_group_id,) = [
        name for name in template.find_resources("AWS::Logs::LogGroup") if name.startswith("ApiFunction")
    ]

    assert function["LoggingConfig"] == {
        "LogFormat": "JSON",
        "ApplicationLogLevel": config.function.log_level,
        "SystemLogLevel": "INFO",
        "LogGroup": {"Ref": log_group_id},
    }


def test_function_environment_configures_the_runtime(template: Template, config: ServiceConfig) -> None:
    variables = only_resource(template, "AWS::Lambda::Function")["Properties"]["Environment"]["Variables"]

    assert variables == {
        "ENVIRONMENT": config.environment,
        "SERVICE_VERSION": config.service_version,
        "POWERTOOLS_SERVICE_NAME": config.service_name,
        "POWERTOOLS_METRICS_NAMESPACE": f"{config.service_name}-{config.environment}",
        "MAX_BODY_BYTES": str(config.api.max_body_bytes),
        "TRACE_SAMPLE_RATE": str(config.observability.trace_sample_rate),
    }


def test_log_groups_have_bounded_retention_and_are_kept_in_production(
    template: Template, config: ServiceConfig
) -> None:
    log_groups = template.find_resources("AWS::Logs::LogGroup")

    assert len(log_groups) == 2
    for log_group in log_groups.values():
        assert log_group["Properties"]["RetentionInDays"] == config.function.log_retention_days
        assert log_group["DeletionPolicy"] == ("Retain" if config.is_production else "Delete")


def test_api_has_one_stage_named_after_the_environment(template: Template, config: ServiceConfig) -> None:
    template.resource_count_is("AWS::ApiGateway::RestApi", 1)
    template.has_resource_properties(
        "AWS::ApiGateway::RestApi",
        {"Name": config.stack_name, "EndpointConfiguration": {"Types": ["REGIONAL"]}},
    )
    template.resource_count_is("AWS::ApiGateway::Stage", 1)
    template.has_resource_properties(
        "AWS::ApiGateway::Stage",
        {
            "StageName": config.environment,
            "MethodSettings": [
                Match.object_like(
                    {
                        "HttpMethod": "*",
                        "ResourcePath": "/*",
                        "MetricsEnabled": True,
                        "ThrottlingRateLimit": config.api.throttling_rate_limit,
                        "ThrottlingBurstLimit": config.api.throttling_burst_limit,
                    }
                )
            ],
        },
    )


def test_every_route_is_proxied_to_the_function(template: Template) -> None:
    function_id = next(iter(template.find_resources("AWS::Lambda::Function")))
    methods = template.find_resources("AWS::ApiGateway::Method")
    resources = template.find_resources("AWS::ApiGateway::Resource")
    path_parts = {logical_id: resource["Properties"]["PathPart"] for logical_id, resource in resources.items()}

    routes = set()
    for method in methods.values():
        properties = method["Properties"]
        assert properties["Integration"]["Type"] == "AWS_PROXY"
        assert function_id in str(properties["Integration"]["Uri"])
        routes.add((properties["HttpMethod"], "/" + path_parts[properties["ResourceId"]["Ref"]]))

    assert routes == {(route.method, route.path) for route in API_ROUTES}


def test_gateway_errors_are_json_problems(template: Template) -> None:
    responses = template.find_resources("AWS::ApiGateway::GatewayResponse")
    by_type = {response["Properties"]["ResponseType"]: response["Properties"] for response in responses.values()}

    assert set(by_type) == {"MISSING_AUTHENTICATION_TOKEN", "DEFAULT_4XX", "DEFAULT_5XX"}
    # Its status depends on api_auth: tests/infra/test_auth_<api_auth>.py.
    for properties in by_type.values():
        template_text = properties["ResponseTemplates"]["application/problem+json"]
        assert '"correlationId":"$context.requestId"' in template_text


def test_stack_outputs_the_api_url(template: Template) -> None:
    outputs = template.find_outputs("ApiUrl")

    assert len(outputs) == 1


def test_environments_never_share_names() -> None:
    names = [(config.stack_name, config.metrics_namespace) for config in ENVIRONMENTS.values()]

    assert len({stack for stack, _ in names}) == len(names)
    assert len({namespace for _, namespace in names}) == len(names)
    assert all(config.environment in config.stack_name for config in ENVIRONMENTS.values())


def test_production_is_at_least_as_generous_as_dev() -> None:
    dev, prod = ENVIRONMENTS["dev"], ENVIRONMENTS["prod"]

    assert prod.function.log_retention_days >= dev.function.log_retention_days
    assert prod.api.throttling_rate_limit >= dev.api.throttling_rate_limit
