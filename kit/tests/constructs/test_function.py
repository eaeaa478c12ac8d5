"""ServiceFunction: the service's defaults, a log group of its own and a role allowed nothing else."""

from __future__ import annotations

from pathlib import Path

import aws_cdk as cdk
from aws_cdk.assertions import Template

from lambda_service_kit.config import ServiceConfig
from lambda_service_kit.constructs.function import ServiceFunction

from tests.constructs.cloudformation import as_list, only, resources

# X-Ray's write actions accept no resource-level permission: "*" is the only resource they take.
TRACE_ACTIONS = {"xray:PutTraceSegments", "xray:PutTelemetryRecords"}
PASS_THROUGH = {"Mode": "PassThrough"}


def test_the_function_runs_the_answers_runtime_and_architecture_at_the_environments_size(
    template: Template, config: ServiceConfig
) -> None:
    _, function = only(template, "AWS::Lambda::Function")

    properties = function["Properties"]
    assert properties["Runtime"] == config.python_runtime
    assert properties["Architectures"] == [config.architecture]
    assert properties["Handler"] == f"{config.service.package}.handlers.api.handler"
    assert properties["MemorySize"] == config.function.memory_mb
    assert properties["Timeout"] == config.function.timeout_seconds
    assert properties.get("ReservedConcurrentExecutions") == config.function.reserved_concurrency


def test_the_function_logs_json_at_the_configured_level_to_its_own_log_group(
    template: Template, config: ServiceConfig
) -> None:
    _, function = only(template, "AWS::Lambda::Function")
    log_group_id, _ = only(template, "AWS::Logs::LogGroup", under="ApiFunction")

    assert function["Properties"]["LoggingConfig"] == {
        "LogFormat": "JSON",
        "ApplicationLogLevel": config.function.log_level,
        "SystemLogLevel": "INFO",
        "LogGroup": {"Ref": log_group_id},
    }


def test_the_function_gets_the_environment_the_runtime_reads(template: Template, config: ServiceConfig) -> None:
    _, function = only(template, "AWS::Lambda::Function")

    assert function["Properties"]["Environment"]["Variables"] == config.function_environment()


def test_a_functions_own_variables_join_the_runtimes(config: ServiceConfig, lambda_asset: Path) -> None:
    stack = cdk.Stack(cdk.App(), "Probe")
    ServiceFunction(
        stack,
        "Reports",
        config=config,
        handler="reports.handler",
        description="Builds reports",
        environment={"TABLE_NAME": "reports", "MAX_BODY_BYTES": "1"},
    )

    _, function = only(Template.from_stack(stack), "AWS::Lambda::Function")

    assert function["Properties"]["Environment"]["Variables"] == {
        **config.function_environment(),
        "TABLE_NAME": "reports",
        "MAX_BODY_BYTES": "1",
    }


def test_the_function_has_a_role_of_its_own_without_managed_policies(template: Template) -> None:
    _, function = only(template, "AWS::Lambda::Function")
    roles = resources(template, "AWS::IAM::Role")
    role = roles[function["Properties"]["Role"]["Fn::GetAtt"][0]]

    assert "ManagedPolicyArns" not in role["Properties"]
    assert role["Properties"]["AssumeRolePolicyDocument"]["Statement"] == [
        {"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}}
    ]


def test_the_role_may_write_only_to_the_functions_log_group_and_send_its_traces(
    template: Template, config: ServiceConfig, untraced_template: Template
) -> None:
    for checked, tracing in ((template, config.tracing_enabled), (untraced_template, False)):
        log_group_id, _ = only(checked, "AWS::Logs::LogGroup", under="ApiFunction")
        _, policy = only(checked, "AWS::IAM::Policy", under="ApiFunction")

        logs_statement, *trace_statements = policy["Properties"]["PolicyDocument"]["Statement"]
        assert sorted(as_list(logs_statement["Action"])) == ["logs:CreateLogStream", "logs:PutLogEvents"]
        assert logs_statement["Resource"] == {"Fn::GetAtt": [log_group_id, "Arn"]}
        assert [set(as_list(statement["Action"])) for statement in trace_statements] == (
            [TRACE_ACTIONS] if tracing else []
        )


def test_the_function_traces_when_the_service_does(
    template: Template, config: ServiceConfig, untraced_template: Template
) -> None:
    _, traced = only(template, "AWS::Lambda::Function")
    _, untraced = only(untraced_template, "AWS::Lambda::Function")

    # Without a TracingConfig, Lambda passes an upstream sampling decision through and records nothing itself.
    assert traced["Properties"].get("TracingConfig", PASS_THROUGH) == (
        {"Mode": "Active"} if config.tracing_enabled else PASS_THROUGH
    )
    assert untraced["Properties"].get("TracingConfig", PASS_THROUGH) == PASS_THROUGH
