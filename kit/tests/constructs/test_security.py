"""Least privilege, encryption, request validation and the web ACL, in the synthesized template."""

from __future__ import annotations

from typing import Any

from aws_cdk.assertions import Template

from lambda_service_kit.config import ServiceConfig
from lambda_service_kit.constructs.waf import MANAGED_RULE_GROUPS
from lambda_service_kit.constructs.request_schemas import load_schema
from lambda_service_kit.routes import API_ROUTES


def resources(template: Template, resource_type: str) -> dict[str, dict[str, Any]]:
    return template.find_resources(resource_type)


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def test_the_function_has_a_role_of_its_own_without_managed_policies(template: Template) -> None:
    (function,) = resources(template, "AWS::Lambda::Function").values()
    roles = resources(template, "AWS::IAM::Role")
    role_id = function["Properties"]["Role"]["Fn::GetAtt"][0]

    assert role_id in roles
    assert "ManagedPolicyArns" not in roles[role_id]["Properties"]
    assert roles[role_id]["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {
        "Service": "lambda.amazonaws.com"
    }


# X-Ray's write actions accept no resource-level permission: "*" is the only resource they take.
ACTIONS_WITHOUT_RESOURCE_LEVEL_PERMISSIONS = frozenset({"xray:PutTraceSegments", "xray:PutTelemetryRecords"})


def test_no_policy_allows_a_wildcard_action_or_resource(template: Template) -> None:
    statements = [
        statement
        for policy in resources(template, "AWS::IAM::Policy").values()
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]
    ]

    assert statements
    for statement in statements:
        actions = set(as_list(statement["Action"]))
        assert all("*" not in action for action in actions), statement
        if not actions <= ACTIONS_WITHOUT_RESOURCE_LEVEL_PERMISSIONS:
            assert all(resource != "*" for resource in as_list(statement["Resource"])), statement


def test_the_function_may_write_only_to_its_own_log_group_and_its_traces(
    template: Template, config: ServiceConfig
) -> None:
    (log_group_id,) = [
        logical_id for logical_id in resources(template, "AWS::Logs::LogGroup") if "ApiFunction" in logical_id
    ]
    (policy,) = [
        policy for logical_id, policy in resources(template, "AWS::IAM::Policy").items() if "ApiFunction" in logical_id
    ]

    logs_statement, *tracing_statements = policy["Properties"]["PolicyDocument"]["Statement"]
    assert sorted(as_list(logs_statement["Action"])) == ["logs:CreateLogStream", "logs:PutLogEvents"]
    assert logs_statement["Resource"] == {"Fn::GetAtt": [log_group_id, "Arn"]}
    expected_tracing = [set(ACTIONS_WITHOUT_RESOURCE_LEVEL_PERMISSIONS)] if config.tracing_enabled else []
    assert [set(as_list(statement["Action"])) for statement in tracing_statements] == expected_tracing


def test_every_log_group_is_encrypted_with_a_rotating_key(template: Template) -> None:
    keys = resources(template, "AWS::KMS::Key")
    log_groups = resources(template, "AWS::Logs::LogGroup")

    assert log_groups
    for log_group in log_groups.values():
        key_id = log_group["Properties"]["KmsKeyId"]["Fn::GetAtt"][0]
        assert keys[key_id]["Properties"]["EnableKeyRotation"] is True


def test_cloudwatch_logs_may_use_the_key_only_for_this_accounts_log_groups(template: Template) -> None:
    (key,) = resources(template, "AWS::KMS::Key").values()
    statements = key["Properties"]["KeyPolicy"]["Statement"]

    (logs_statement,) = [s for s in statements if s.get("Sid") == "AllowCloudWatchLogsOfThisAccount"]
    condition = logs_statement["Condition"]["ArnLike"]["kms:EncryptionContext:aws:logs:arn"]
    assert ":log-group:*" in str(condition)
    assert {"Ref": "AWS::AccountId"} in condition["Fn::Join"][1]


def test_routes_with_a_body_schema_are_validated_by_the_gateway(template: Template) -> None:
    models = {model["Properties"]["Name"]: model for model in resources(template, "AWS::ApiGateway::Model").values()}
    (validator_id, validator), *_ = resources(template, "AWS::ApiGateway::RequestValidator").items()
    methods = {
        method["Properties"]["HttpMethod"]: method for method in resources(template, "AWS::ApiGateway::Method").values()
    }

    assert validator["Properties"]["ValidateRequestBody"] is True
    for route in API_ROUTES:
        properties = methods[route.method]["Properties"]
        if route.body_schema is None:
            assert "RequestModels" not in properties
            continue
        assert properties["RequestValidatorId"] == {"Ref": validator_id}
        assert models[route.body_schema]["Properties"]["Schema"] == load_schema(route.body_schema)
        assert models[route.body_schema]["Properties"]["ContentType"] == "application/json"


def test_public_routes_need_no_authorization(template: Template) -> None:
    public = {(route.method, route.path) for route in API_ROUTES if route.public}
    resources_by_id = resources(template, "AWS::ApiGateway::Resource")

    for method in resources(template, "AWS::ApiGateway::Method").values():
        properties = method["Properties"]
        path = "/" + resources_by_id[properties["ResourceId"]["Ref"]]["Properties"]["PathPart"]
        if (properties["HttpMethod"], path) in public:
            assert properties["AuthorizationType"] == "NONE"


def test_the_stage_is_throttled_as_configured(template: Template, config: ServiceConfig) -> None:
    (stage,) = resources(template, "AWS::ApiGateway::Stage").values()
    (settings,) = stage["Properties"]["MethodSettings"]

    assert settings["ThrottlingRateLimit"] == config.api.throttling_rate_limit
    assert settings["ThrottlingBurstLimit"] == config.api.throttling_burst_limit


def test_a_web_acl_guards_the_stage_where_configured(template: Template, config: ServiceConfig) -> None:
    acls = resources(template, "AWS::WAFv2::WebACL")
    associations = resources(template, "AWS::WAFv2::WebACLAssociation")
    if not config.security.waf_enabled:
        assert acls == {}
        assert associations == {}
        return

    ((acl_id, acl),) = acls.items()
    (association,) = associations.values()
    (stage_id,) = resources(template, "AWS::ApiGateway::Stage")
    rules = {rule["Name"]: rule for rule in acl["Properties"]["Rules"]}
    assert acl["Properties"]["Scope"] == "REGIONAL"
    assert acl["Properties"]["DefaultAction"] == {"Allow": {}}
    rate = rules["RateLimitPerIp"]["Statement"]["RateBasedStatement"]
    assert rate == {
        "AggregateKeyType": "IP",
        "EvaluationWindowSec": 300,
        "Limit": config.security.waf_rate_limit_per_5_minutes,
    }
    assert rules["RateLimitPerIp"]["Action"] == {"Block": {}}
    for group in MANAGED_RULE_GROUPS:
        assert rules[group]["Statement"]["ManagedRuleGroupStatement"] == {"VendorName": "AWS", "Name": group}
    assert association["Properties"]["WebACLArn"] == {"Fn::GetAtt": [acl_id, "Arn"]}
    assert stage_id in str(association["Properties"]["ResourceArn"])


def test_production_has_a_web_acl(config: ServiceConfig) -> None:
    assert config.security.waf_enabled or not config.is_production
