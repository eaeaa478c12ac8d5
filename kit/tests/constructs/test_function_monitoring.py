"""FunctionMonitoring: alarms and a dashboard row for each function, named after its construct path."""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_lambda as lambda_
from aws_cdk.assertions import Template
from constructs import Construct

from lambda_service_kit.config import ServiceConfig
from lambda_service_kit.constructs.function_monitoring import NEAR_LIMIT, function_label

ALARM_SUFFIXES = ("errors", "throttles", "duration-near-timeout", "concurrency-near-limit")


def test_the_function_has_its_resource_alarms(template: Template, config: ServiceConfig) -> None:
    names = {alarm["Properties"]["AlarmName"] for alarm in template.find_resources("AWS::CloudWatch::Alarm").values()}
    prefix = f"{config.stack_name}-ApiFunction"

    assert {f"{prefix}-{suffix}" for suffix in ALARM_SUFFIXES} <= names


def test_duration_and_concurrency_alarm_before_the_limits(template: Template, config: ServiceConfig) -> None:
    prefix = f"{config.stack_name}-ApiFunction"

    template.has_resource_properties(
        "AWS::CloudWatch::Alarm",
        {
            "AlarmName": f"{prefix}-duration-near-timeout",
            "ExtendedStatistic": "p99",
            "Threshold": round(config.function.timeout_seconds * 1000 * NEAR_LIMIT),
        },
    )
    template.has_resource_properties(
        "AWS::CloudWatch::Alarm",
        {
            "AlarmName": f"{prefix}-concurrency-near-limit",
            "Threshold": round(
                (config.function.reserved_concurrency or config.observability.account_concurrency_limit) * NEAR_LIMIT
            ),
        },
    )


def test_labels_fold_the_service_function_wrapper_and_keep_the_path() -> None:
    stack = cdk.Stack(cdk.App(), "Probe")
    jobs = Construct(stack, "Jobs")
    code = lambda_.Code.from_inline("def handler(event, context): return None")

    def function(scope: Construct, construct_id: str) -> lambda_.Function:
        return lambda_.Function(
            scope, construct_id, runtime=lambda_.Runtime.PYTHON_3_13, handler="index.handler", code=code
        )

    assert function_label(function(stack, "Reports")) == "Reports"
    assert function_label(function(Construct(stack, "ApiFunction"), "Function")) == "ApiFunction"
    assert function_label(function(Construct(jobs, "Nightly_Run"), "Function")) == "Jobs-Nightly-Run"
