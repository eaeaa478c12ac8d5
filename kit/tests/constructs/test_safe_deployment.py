"""SafeDeployment: the API calls the ``live`` alias, CodeDeploy shifts it per environment and rolls back on
the new version's alarms, which watch 1-minute periods; strategy "off" leaves only the alias."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Template

from lambda_service_kit.config import DeploymentConfig, ServiceConfig
from lambda_service_kit.tools.rollback import ALIAS_OUTPUT, APPLICATION_OUTPUT, FUNCTION_OUTPUT, GROUP_OUTPUT

from tests.constructs.cloudformation import as_list, only, resources

CODEDEPLOY_TYPES = ("AWS::CodeDeploy::Application", "AWS::CodeDeploy::DeploymentGroup")


def gate_alarms(template: Template) -> dict[str, dict[str, Any]]:
    return resources(template, "AWS::CloudWatch::Alarm", under="DeploymentNewVersion")


def with_deployment(synth_stack: Callable[..., cdk.Stack], config: ServiceConfig, **changes: Any) -> Template:
    return Template.from_stack(synth_stack(replace(config, deployment=replace(config.deployment, **changes))))


def test_the_example_deploys_dev_at_once_and_staging_and_prod_as_a_canary(
    example_environments: dict[str, ServiceConfig],
) -> None:
    strategies = {name: config.deployment.strategy for name, config in example_environments.items()}

    assert strategies == {"dev": "all-at-once", "staging": "canary", "prod": "canary"}
    assert (
        example_environments["prod"].deployment.percent,
        example_environments["prod"].deployment.interval_minutes,
    ) == (
        10,
        5,
    )


def test_the_alias_serves_the_current_version_and_codedeploy_updates_it(template: Template) -> None:
    _, version = only(template, "AWS::Lambda::Version")
    _, alias = only(template, "AWS::Lambda::Alias")
    group_id, group = only(template, "AWS::CodeDeploy::DeploymentGroup")
    application_id, _ = only(template, "AWS::CodeDeploy::Application")

    assert alias["Properties"]["Name"] == "live"
    assert alias["Properties"]["FunctionVersion"]["Fn::GetAtt"][1] == "Version"
    assert version["Properties"]["FunctionName"] == alias["Properties"]["FunctionName"]
    update = alias["UpdatePolicy"]["CodeDeployLambdaAliasUpdate"]
    assert update["ApplicationName"] == {"Ref": application_id}
    assert update["DeploymentGroupName"] == {"Ref": group_id}
    assert group["Properties"]["DeploymentStyle"] == {
        "DeploymentOption": "WITH_TRAFFIC_CONTROL",
        "DeploymentType": "BLUE_GREEN",
    }


def test_the_deployment_group_rolls_back_on_failure_stop_and_every_gate_alarm(template: Template) -> None:
    _, group = only(template, "AWS::CodeDeploy::DeploymentGroup")
    properties = group["Properties"]

    assert properties["AutoRollbackConfiguration"] == {
        "Enabled": True,
        "Events": ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_REQUEST", "DEPLOYMENT_STOP_ON_ALARM"],
    }
    assert properties["AlarmConfiguration"]["Enabled"] is True
    watched = {alarm["Name"]["Ref"] for alarm in properties["AlarmConfiguration"]["Alarms"]}
    assert watched == set(gate_alarms(template))
    assert len(watched) == 3


def test_prod_shifts_ten_percent_for_five_minutes(templates: dict[str, Template]) -> None:
    _, group = only(templates["prod"], "AWS::CodeDeploy::DeploymentGroup")
    config_id, deployment_config = only(templates["prod"], "AWS::CodeDeploy::DeploymentConfig")

    assert group["Properties"]["DeploymentConfigName"] == {"Ref": config_id}
    assert deployment_config["Properties"]["ComputePlatform"] == "Lambda"
    assert deployment_config["Properties"]["TrafficRoutingConfig"] == {
        "Type": "TimeBasedCanary",
        "TimeBasedCanary": {"CanaryInterval": 5, "CanaryPercentage": 10},
    }


def test_dev_moves_all_traffic_at_once_still_watched_by_the_gates(templates: dict[str, Template]) -> None:
    _, group = only(templates["dev"], "AWS::CodeDeploy::DeploymentGroup")

    assert "AllAtOnce" in str(group["Properties"]["DeploymentConfigName"])
    assert resources(templates["dev"], "AWS::CodeDeploy::DeploymentConfig") == {}
    assert len(gate_alarms(templates["dev"])) == 3


def test_a_linear_strategy_adds_its_percent_every_interval(
    synth_stack: Callable[..., cdk.Stack], example_environments: dict[str, ServiceConfig]
) -> None:
    template = with_deployment(
        synth_stack, example_environments["prod"], strategy="linear", percent=25, interval_minutes=2
    )

    _, deployment_config = only(template, "AWS::CodeDeploy::DeploymentConfig")
    assert deployment_config["Properties"]["TrafficRoutingConfig"] == {
        "Type": "TimeBasedLinear",
        "TimeBasedLinear": {"LinearInterval": 2, "LinearPercentage": 25},
    }


def test_the_gates_watch_the_new_version_alone_on_one_minute_periods(template: Template, config: ServiceConfig) -> None:
    version_id, _ = only(template, "AWS::Lambda::Version")
    new_version = {"Fn::GetAtt": [version_id, "Version"]}
    by_metric = {alarm["Properties"]["MetricName"]: alarm["Properties"] for alarm in gate_alarms(template).values()}

    assert set(by_metric) == {"Errors", "UnexpectedErrors", "Duration"}
    for properties in by_metric.values():
        assert properties["Period"] == 60
        assert properties["AlarmName"].startswith(f"{config.stack_name}-deploy-new-version-")
        assert properties["TreatMissingData"] == "notBreaching"
        dimensions = {dimension["Name"]: dimension["Value"] for dimension in properties["Dimensions"]}
        assert new_version in dimensions.values(), properties["MetricName"]
    assert {d["Name"] for d in by_metric["Errors"]["Dimensions"]} == {"FunctionName", "Resource", "ExecutedVersion"}
    assert by_metric["Errors"]["Threshold"] == 1
    assert by_metric["UnexpectedErrors"]["Namespace"] == config.metrics_namespace
    assert by_metric["UnexpectedErrors"]["Threshold"] == 1
    assert by_metric["Duration"]["ExtendedStatistic"] == "p90"
    assert by_metric["Duration"]["Threshold"] == config.observability.slo.latency_threshold_ms
    assert by_metric["Duration"]["EvaluationPeriods"] == 2


def test_the_runtime_publishes_the_metric_the_unexpected_errors_gate_watches(template: Template) -> None:
    from lambda_service_runtime import observability

    (properties,) = [
        alarm["Properties"]
        for alarm in gate_alarms(template).values()
        if alarm["Properties"]["MetricName"] == observability.UNEXPECTED_ERRORS_METRIC
    ]
    assert {dimension["Name"] for dimension in properties["Dimensions"]} == {"service", "environment", "version"}


def test_the_stack_outputs_what_rollback_reads(template: Template) -> None:
    outputs = template.to_json()["Outputs"]

    assert {FUNCTION_OUTPUT, ALIAS_OUTPUT, APPLICATION_OUTPUT, GROUP_OUTPUT} <= set(outputs)
    assert outputs[ALIAS_OUTPUT]["Value"] == "live"


def test_strategy_off_keeps_the_alias_without_codedeploy(
    synth_stack: Callable[..., cdk.Stack], example_environments: dict[str, ServiceConfig]
) -> None:
    template = Template.from_stack(synth_stack(example_environments["prod"].without_traffic_shifting()))

    only(template, "AWS::Lambda::Alias")
    for resource_type in CODEDEPLOY_TYPES:
        assert resources(template, resource_type) == {}
    assert gate_alarms(template) == {}
    assert "UpdatePolicy" not in only(template, "AWS::Lambda::Alias")[1]
    assert {FUNCTION_OUTPUT, ALIAS_OUTPUT} <= set(template.to_json()["Outputs"])
    assert APPLICATION_OUTPUT not in template.to_json()["Outputs"]


@pytest.fixture(scope="module")
def with_health_check(
    synth_stack: Callable[..., cdk.Stack], example_environments: dict[str, ServiceConfig]
) -> Template:
    return with_deployment(synth_stack, example_environments["prod"], pre_traffic_health_check=True)


def test_the_pre_traffic_hook_calls_the_new_version_and_reports_to_its_group(with_health_check: Template) -> None:
    hook_id, hook = only(with_health_check, "AWS::Lambda::Function", under="DeploymentPreTrafficHook")
    version_id, _ = only(with_health_check, "AWS::Lambda::Version")
    _, alias = only(with_health_check, "AWS::Lambda::Alias")

    assert alias["UpdatePolicy"]["CodeDeployLambdaAliasUpdate"]["BeforeAllowTrafficHook"] == {"Ref": hook_id}
    assert hook["Properties"]["Environment"]["Variables"]["NEW_VERSION"] == {"Ref": version_id}
    code = hook["Properties"]["Code"]["ZipFile"]
    assert '"path": "/health"' in code
    assert "put_lifecycle_event_hook_execution_status" in code
    statements = [
        statement
        for policy in resources(with_health_check, "AWS::IAM::Policy", under="DeploymentPreTrafficHook").values()
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]
    ]
    actions = {action for statement in statements for action in as_list(statement["Action"])}
    assert actions >= {"lambda:InvokeFunction", "codedeploy:PutLifecycleEventHookExecutionStatus"}
    (report,) = [s for s in statements if s["Action"] == "codedeploy:PutLifecycleEventHookExecutionStatus"]
    assert "deploymentgroup:" in str(report["Resource"])
    assert "*" not in str(report["Resource"])


def test_the_hook_code_compiles() -> None:
    from lambda_service_kit.constructs.health_check_hook import HOOK_CODE

    compile(HOOK_CODE, "index.py", "exec")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"strategy": "blue-green"}, "expected one of all-at-once, canary, linear, off"),
        ({"percent": 0}, "between 0 and 100"),
        ({"percent": 100}, "between 0 and 100"),
        ({"interval_minutes": 0}, "at least 1"),
        ({"strategy": "off", "pre_traffic_health_check": True}, "needs CodeDeploy"),
    ],
)
def test_a_deployment_config_refuses_what_codedeploy_cannot_do(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        DeploymentConfig(**changes)
