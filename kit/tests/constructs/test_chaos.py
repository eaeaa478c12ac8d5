"""ChaosExperiments: FIS templates for the function, stopped by the P1 alarms, off by default, never in
production without the explicit flag, with a least-privilege role, and cdk-nag clean."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Template

from lambda_service_kit.config import ChaosConfig, ServiceConfig
from lambda_service_kit.constructs.chaos import EXTENSION_WRAPPER, ChaosExperiments, ChaosRefusedError
from lambda_service_kit.constructs.compliance import add_compliance_checks

from tests.constructs.cloudformation import as_list, resources
from tests.constructs.test_compliance import findings, validation_report

FIS_PRINCIPAL = {"Service": "fis.amazonaws.com"}


@pytest.fixture(scope="module")
def chaos_app(synth_stack: Callable[..., cdk.Stack], example_environments: dict[str, ServiceConfig]) -> cdk.Stack:
    dev = example_environments["dev"]
    return synth_stack(replace(dev, chaos=ChaosConfig(enabled=True)))


@pytest.fixture(scope="module")
def chaos_template(chaos_app: cdk.Stack) -> Template:
    return Template.from_stack(chaos_app)


def experiments(template: Template) -> dict[str, dict[str, object]]:
    return {
        properties["Properties"]["Tags"]["Name"].rsplit("-", 1)[1]: properties["Properties"]
        for properties in resources(template, "AWS::FIS::ExperimentTemplate").values()
    }


def test_no_experiment_unless_enabled(template: Template) -> None:
    template.resource_count_is("AWS::FIS::ExperimentTemplate", 0)


def test_one_experiment_per_fault_targets_the_function(chaos_template: Template) -> None:
    found = experiments(chaos_template)
    (function_id,) = resources(chaos_template, "AWS::Lambda::Function")

    assert set(found) == {"AddedLatency", "InvocationErrors"}
    latency, errors = found["AddedLatency"], found["InvocationErrors"]
    assert latency["Actions"]["AddedLatency"]["ActionId"] == "aws:lambda:invocation-add-delay"
    assert latency["Actions"]["AddedLatency"]["Parameters"] == {
        "duration": "PT60M",
        "invocationPercentage": "100",
        "startupDelayMilliseconds": "2000",
    }
    assert errors["Actions"]["InvocationErrors"]["ActionId"] == "aws:lambda:invocation-error"
    assert errors["Actions"]["InvocationErrors"]["Parameters"]["preventExecution"] == "true"
    for experiment in found.values():
        (target,) = experiment["Targets"].values()  # type: ignore[attr-defined]
        assert target["ResourceType"] == "aws:lambda:function"
        assert target["ResourceArns"] == [{"Fn::GetAtt": [function_id, "Arn"]}]


def test_every_experiment_stops_on_the_p1_alarms(chaos_template: Template, config: ServiceConfig) -> None:
    composites = resources(chaos_template, "AWS::CloudWatch::CompositeAlarm")
    pages = {
        logical_id
        for logical_id, alarm in composites.items()
        if alarm["Properties"]["AlarmDescription"].startswith("P1 ")
    }

    assert len(pages) == 2
    for experiment in experiments(chaos_template).values():
        stop = experiment["StopConditions"]
        assert {condition["Source"] for condition in stop} == {"aws:cloudwatch:alarm"}  # type: ignore[index]
        assert {condition["Value"]["Fn::GetAtt"][0] for condition in stop} == pages  # type: ignore[index]


def test_the_function_gets_the_fis_extension_and_reads_only_its_configuration(
    chaos_template: Template, example_environments: dict[str, ServiceConfig]
) -> None:
    config = example_environments["dev"]
    (function,) = resources(chaos_template, "AWS::Lambda::Function").values()
    properties = function["Properties"]

    assert properties["Environment"]["Variables"]["AWS_LAMBDA_EXEC_WRAPPER"] == EXTENSION_WRAPPER
    assert "AWS_FIS_CONFIGURATION_LOCATION" in properties["Environment"]["Variables"]
    (layer,) = properties["Layers"]
    parameter = chaos_template.to_json()["Parameters"][layer["Ref"]]
    assert parameter["Type"] == "AWS::SSM::Parameter::Value<String>"
    assert parameter["Default"] == f"/aws/service/fis/lambda-extension/AWS-FIS-extension-{config.architecture}/1.x.x"
    role_id = properties["Role"]["Fn::GetAtt"][0]
    statements = [
        statement
        for policy in resources(chaos_template, "AWS::IAM::Policy").values()
        if {"Ref": role_id} in policy["Properties"]["Roles"]
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]
    ]
    s3_statements = {statement["Action"]: statement for statement in statements if "s3:" in str(statement["Action"])}
    assert set(s3_statements) == {"s3:ListBucket", "s3:GetObject"}
    assert s3_statements["s3:ListBucket"]["Condition"] == {"StringLike": {"s3:prefix": ["FisConfigs/*"]}}


def test_the_experiment_role_may_only_write_the_configuration_and_read_the_function(
    chaos_template: Template,
) -> None:
    roles = resources(chaos_template, "AWS::IAM::Role")
    (role_id,) = [
        logical_id
        for logical_id, role in roles.items()
        if role["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]
        == {"Service": "fis.amazonaws.com"}
    ]
    policies = [
        policy["Properties"]["PolicyDocument"]["Statement"]
        for policy in resources(chaos_template, "AWS::IAM::Policy").values()
        if {"Ref": role_id} in policy["Properties"]["Roles"]
    ]

    (statements,) = policies
    actions = sorted(action for statement in statements for action in as_list(statement["Action"]))
    assert actions == ["lambda:GetFunction", "s3:DeleteObject", "s3:PutObject"]
    assert "Condition" in roles[role_id]["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]


def test_the_chaos_stack_passes_cdk_nag(
    synth_stack: Callable[..., cdk.Stack], example_environments: dict[str, ServiceConfig]
) -> None:
    stack = synth_stack(replace(example_environments["dev"], chaos=ChaosConfig(enabled=True)))
    add_compliance_checks(stack.node.root)  # type: ignore[arg-type]

    assert findings(validation_report(stack.node.root)) == []  # type: ignore[arg-type]


def test_production_synthesizes_experiments_only_with_the_flag(
    synth_stack: Callable[..., cdk.Stack], example_environments: dict[str, ServiceConfig]
) -> None:
    prod = example_environments["prod"]
    allowed = replace(prod, chaos=ChaosConfig(enabled=True, allow_in_production=True))

    Template.from_stack(synth_stack(allowed)).resource_count_is("AWS::FIS::ExperimentTemplate", 2)
    with pytest.raises(ValueError, match="allow_in_production"):
        replace(prod, chaos=ChaosConfig(enabled=True))


def test_the_construct_refuses_what_the_configuration_does_not_allow(
    example_environments: dict[str, ServiceConfig],
) -> None:
    stack = cdk.Stack(cdk.App(), "Probe")

    with pytest.raises(ChaosRefusedError, match=r"chaos\.enabled is False"):
        ChaosExperiments(stack, "Chaos", config=example_environments["dev"], function=None, stop_alarms=[])  # type: ignore[arg-type]
