"""StackTimeToLive: a non-production stack deletes itself some days after each deploy; production never."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Template

from lambda_service_kit.config import ServiceConfig
from lambda_service_kit.constructs.time_to_live import (
    SYNTH_TIME_CONTEXT,
    ProductionTimeToLiveError,
    StackTimeToLive,
    deletion_time,
)

from tests.constructs.cloudformation import only


@pytest.fixture(scope="module")
def expiring_dev(synth_stack: Callable[..., cdk.Stack], example_environments: dict[str, ServiceConfig]) -> Template:
    """The example's dev stack with a week's time to live, synthesized at a pinned time."""
    dev = example_environments["dev"]
    config = replace(dev, cost=replace(dev.cost, time_to_live_days=7))
    return Template.from_stack(synth_stack(config, context={SYNTH_TIME_CONTEXT: "2026-01-10T14:30:00"}))


def test_the_construct_refuses_a_production_stack(example_environments: dict[str, ServiceConfig]) -> None:
    stack = cdk.Stack(cdk.App(), "prod-stack")

    with pytest.raises(ProductionTimeToLiveError, match="non-production stacks only"):
        StackTimeToLive(stack, "TimeToLive", config=example_environments["prod"], days=3)


def test_the_example_deletes_nothing_by_default(
    templates: dict[str, Template], example_environments: dict[str, ServiceConfig]
) -> None:
    for name, template in templates.items():
        assert example_environments[name].cost.time_to_live_days is None
        template.resource_count_is("AWS::Scheduler::Schedule", 0)


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (datetime(2026, 1, 10, tzinfo=UTC), 7, datetime(2026, 1, 17)),
        (datetime(2026, 1, 10, 14, 30, tzinfo=UTC), 7, datetime(2026, 1, 18)),
        (datetime(2026, 12, 31, 23, 59, tzinfo=UTC), 1, datetime(2027, 1, 2)),
    ],
)
def test_deletion_is_the_first_midnight_utc_at_least_the_days_after(
    start: datetime, days: int, expected: datetime
) -> None:
    assert deletion_time(start, days=days) == expected


def test_a_dev_stack_with_a_time_to_live_schedules_its_own_deletion(expiring_dev: Template) -> None:
    _, schedule = only(expiring_dev, "AWS::Scheduler::Schedule")

    properties = schedule["Properties"]
    assert properties["ScheduleExpression"] == "at(2026-01-18T00:00:00)"
    assert properties["ScheduleExpressionTimezone"] == "UTC"
    assert properties["FlexibleTimeWindow"] == {"Mode": "OFF"}
    target = properties["Target"]
    assert json.dumps(target["Arn"]).endswith(':scheduler:::aws-sdk:cloudformation:deleteStack"]]}')
    assert "AWS::StackId" in json.dumps(target["Input"])
    assert expiring_dev.find_outputs("*", {"Value": "2026-01-18T00:00:00Z"})


def test_the_schedule_may_delete_this_stack_and_nothing_else(expiring_dev: Template) -> None:
    _, schedule = only(expiring_dev, "AWS::Scheduler::Schedule")

    role_id = schedule["Properties"]["Target"]["RoleArn"]["Fn::GetAtt"][0]
    role = expiring_dev.find_resources("AWS::IAM::Role")[role_id]
    assert role["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {
        "Service": "scheduler.amazonaws.com"
    }
    policies = [
        policy["Properties"]
        for policy in expiring_dev.find_resources("AWS::IAM::Policy").values()
        if {"Ref": role_id} in policy["Properties"]["Roles"]
    ]
    assert [policy["PolicyDocument"]["Statement"] for policy in policies] == [
        [{"Action": "cloudformation:DeleteStack", "Effect": "Allow", "Resource": {"Ref": "AWS::StackId"}}]
    ]
