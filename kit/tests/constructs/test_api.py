"""ServiceApi: a regional REST API, one stage per environment, explicit proxy routes, JSON problem errors."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from aws_cdk.assertions import Match, Template

from lambda_service_kit.config import ServiceConfig
from lambda_service_kit.constructs.api import PROBLEM_CONTENT_TYPE
from lambda_service_kit.request_schemas import gateway_schema
from lambda_service_kit.routes import Route

from tests.constructs.cloudformation import gateway_responses, methods_by_route, only


def test_one_regional_api_with_one_stage_named_after_the_environment(template: Template, config: ServiceConfig) -> None:
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


def test_every_declared_route_and_only_those_is_proxied_to_the_functions_live_alias(
    template: Template, example_routes: Sequence[Route]
) -> None:
    function_id, _ = only(template, "AWS::Lambda::Function")
    alias_id, alias = only(template, "AWS::Lambda::Alias")
    methods = methods_by_route(template)

    assert alias["Properties"]["FunctionName"] == {"Ref": function_id}
    assert set(methods) == {(route.method, route.path) for route in example_routes}
    for properties in methods.values():
        assert properties["Integration"]["Type"] == "AWS_PROXY"
        assert {"Ref": alias_id} in properties["Integration"]["Uri"]["Fn::Join"][1]


def test_public_routes_skip_authorization(template: Template, example_routes: Sequence[Route]) -> None:
    methods = methods_by_route(template)
    public = [route for route in example_routes if route.public]

    assert public, "the example declares a public route (GET /health)"
    for route in public:
        assert methods[(route.method, route.path)]["AuthorizationType"] == "NONE"


def test_a_body_is_validated_against_its_routes_schema_before_the_function_runs(
    template: Template, example_routes: Sequence[Route], example_document: dict[str, Any]
) -> None:
    models = {
        model["Properties"]["Name"]: model["Properties"]
        for model in template.find_resources("AWS::ApiGateway::Model").values()
    }
    validator_id, validator = only(template, "AWS::ApiGateway::RequestValidator")
    methods = methods_by_route(template)

    assert validator["Properties"]["ValidateRequestBody"] is True
    assert validator["Properties"]["ValidateRequestParameters"] is True
    assert set(models) == {route.body_schema for route in example_routes if route.body_schema}
    for route in example_routes:
        properties = methods[(route.method, route.path)]
        if route.body_schema is None:
            assert "RequestModels" not in properties
            continue
        assert properties["RequestValidatorId"] == {"Ref": validator_id}
        assert models[route.body_schema]["ContentType"] == "application/json"
        assert models[route.body_schema]["Schema"] == gateway_schema(example_document, route.body_schema)


def test_required_parameters_are_checked_by_the_gateway_before_the_function_runs(
    template: Template, example_routes: Sequence[Route]
) -> None:
    validator_id, _ = only(template, "AWS::ApiGateway::RequestValidator")
    methods = methods_by_route(template)
    with_parameters = [route for route in example_routes if route.required_parameters]

    assert with_parameters, "the example declares a route with a path parameter and a required query string"
    for route in example_routes:
        properties = methods[(route.method, route.path)]
        assert properties.get("RequestParameters", {}) == dict.fromkeys(route.required_parameters, True)
        if route.required_parameters:
            assert properties["RequestValidatorId"] == {"Ref": validator_id}
    read = methods[("GET", "/greetings/{language}")]
    assert read["RequestParameters"] == {
        "method.request.path.language": True,
        "method.request.querystring.name": True,
    }


def test_gateway_errors_are_problem_json_carrying_the_correlation_id(template: Template) -> None:
    responses = gateway_responses(template)

    assert set(responses) == {"MISSING_AUTHENTICATION_TOKEN", "THROTTLED", "DEFAULT_4XX", "DEFAULT_5XX"}
    for properties in responses.values():
        assert properties["ResponseParameters"] == {"gatewayresponse.header.Content-Type": f"'{PROBLEM_CONTENT_TYPE}'"}
        assert '"correlationId":"$context.requestId"' in properties["ResponseTemplates"][PROBLEM_CONTENT_TYPE]
    # The unknown route's status depends on the authorization strategy: tests/constructs/auth/.


def test_the_stage_throttles_at_the_environments_limits_with_a_429_problem(
    template: Template, config: ServiceConfig
) -> None:
    _, stage = only(template, "AWS::ApiGateway::Stage")
    throttled = gateway_responses(template)["THROTTLED"]

    (every_method,) = stage["Properties"]["MethodSettings"]
    assert every_method["ResourcePath"] == "/*"
    assert every_method["ThrottlingRateLimit"] == config.api.throttling_rate_limit
    assert every_method["ThrottlingBurstLimit"] == config.api.throttling_burst_limit
    assert throttled["StatusCode"] == "429"
    assert throttled["ResponseParameters"] == {"gatewayresponse.header.Content-Type": f"'{PROBLEM_CONTENT_TYPE}'"}


def test_access_logs_are_json_with_route_status_and_latencies(template: Template) -> None:
    _, stage = only(template, "AWS::ApiGateway::Stage")
    access_log_id, _ = only(template, "AWS::Logs::LogGroup", under="ApiAccessLogs")
    setting = stage["Properties"]["AccessLogSetting"]

    fields = json.loads(re.sub(r"\$context\.(status|responseLatency)", "0", setting["Format"]))

    assert {"requestId", "httpMethod", "resourcePath", "status", "responseLatency", "integrationLatency"} <= set(fields)
    assert (fields["status"], fields["responseLatency"]) == (0, 0), "unquoted, so Logs Insights compares numbers"
    assert setting["DestinationArn"] == {"Fn::GetAtt": [access_log_id, "Arn"]}


def test_the_account_wide_logging_role_outlives_the_stack(template: Template) -> None:
    _, account = only(template, "AWS::ApiGateway::Account")
    role_id = account["Properties"]["CloudWatchRoleArn"]["Fn::GetAtt"][0]
    role = template.to_json()["Resources"][role_id]

    assert account["DeletionPolicy"] == role["DeletionPolicy"] == "Retain"
    assert role["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {
        "Service": "apigateway.amazonaws.com"
    }


def test_the_stage_traces_when_the_service_does(
    template: Template, config: ServiceConfig, untraced_template: Template
) -> None:
    _, stage = only(template, "AWS::ApiGateway::Stage")
    _, untraced = only(untraced_template, "AWS::ApiGateway::Stage")

    assert stage["Properties"].get("TracingEnabled", False) is config.tracing_enabled
    assert "TracingEnabled" not in untraced["Properties"] or untraced["Properties"]["TracingEnabled"] is False
