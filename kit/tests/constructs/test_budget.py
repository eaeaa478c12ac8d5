"""The budget, its alerts and the cost anomaly monitor, on the synthesized template."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace

import aws_cdk as cdk
from aws_cdk.assertions import Template

from lambda_service_kit.config import ServiceConfig
from infra.config import ENVIRONMENTS  # TODO
from lambda_service_kit.constructs.tagging import service_tags


def only(template: Template, resource_type: str, *, under: str = "") -> tuple[str, dict]:
    """The one resource of ``resource_type`` whose logical id starts with ``under`` (a construct path)."""
    resources = {key: value for key, value in template.find_resources(resource_type).items() if key.startswith(under)}
    assert len(resources) == 1, f"expected one {resource_type}, found {sorted(resources)}"
    return next(iter(resources.items()))


def test_budget_limit_is_the_environments_monthly_budget(template: Template, config: ServiceConfig) -> None:
    _, budget = only(template, "AWS::Budgets::Budget")
    data = budget["Properties"]["Budget"]

    assert data["BudgetLimit"] == {"Amount": config.cost.monthly_budget_usd, "Unit": "USD"}
    assert data["BudgetType"] == "COST"
    assert data["TimeUnit"] == "MONTHLY"
    assert data["BudgetName"] == f"{config.stack_name}-monthly"


def test_budget_counts_only_this_service_in_this_environment(template: Template, config: ServiceConfig) -> None:
    _, budget = only(template, "AWS::Budgets::Budget")

    assert budget["Properties"]["Budget"]["FilterExpression"] == {
        "And": [
            {"Tags": {"Key": "service", "Values": [config.service_name], "MatchOptions": ["EQUALS"]}},
            {"Tags": {"Key": "environment", "Values": [config.environment], "MatchOptions": ["EQUALS"]}},
        ]
    }


def test_budget_alerts_on_actual_and_forecast_spend_by_email_and_sns(template: Template, config: ServiceConfig) -> None:
    _, budget = only(template, "AWS::Budgets::Budget")
    topic_id, _ = only(template, "AWS::SNS::Topic", under="Budget")

    notifications = budget["Properties"]["NotificationsWithSubscribers"]
    thresholds = {
        (item["Notification"]["NotificationType"], item["Notification"]["Threshold"]) for item in notifications
    }
    assert thresholds == {("ACTUAL", 50), ("ACTUAL", 80), ("ACTUAL", 100), ("FORECASTED", 100)}
    for item in notifications:
        assert item["Notification"]["ThresholdType"] == "PERCENTAGE"
        assert item["Notification"]["ComparisonOperator"] == "GREATER_THAN"
        assert item["Subscribers"] == [
            {"SubscriptionType": "EMAIL", "Address": config.alarm_email},
            {"SubscriptionType": "SNS", "Address": {"Ref": topic_id}},
        ]


def test_budgets_may_publish_to_the_topic_before_the_budget_exists(template: Template) -> None:
    budget_id, budget = only(template, "AWS::Budgets::Budget")
    policy_id, policy = only(template, "AWS::SNS::TopicPolicy", under="Budget")

    statements = {statement.get("Sid"): statement for statement in policy["Properties"]["PolicyDocument"]["Statement"]}
    allow = statements["AllowBudgetsToPublish"]
    assert allow["Principal"] == {"Service": "budgets.amazonaws.com"}
    assert allow["Action"] == "sns:Publish"
    assert allow["Condition"]["StringEquals"] == {"aws:SourceAccount": {"Ref": "AWS::AccountId"}}
    assert statements["AllowPublishThroughSSLOnly"]["Effect"] == "Deny"
    assert policy_id in budget["DependsOn"], budget_id


def test_budget_carries_the_cost_allocation_tags(template: Template, config: ServiceConfig) -> None:
    _, budget = only(template, "AWS::Budgets::Budget")

    tags = {tag["Key"]: tag["Value"] for tag in budget["Properties"]["ResourceTags"]}
    assert tags == service_tags(config)


def test_an_environment_can_override_the_budget(synth_stack: Callable[..., cdk.Stack]) -> None:
    dev = ENVIRONMENTS["dev"]
    config = replace(dev, cost=replace(dev.cost, monthly_budget_usd=12.5))

    template = Template.from_stack(synth_stack(config))

    template.has_resource_properties(
        "AWS::Budgets::Budget", {"Budget": {"BudgetLimit": {"Amount": 12.5, "Unit": "USD"}}}
    )


def test_one_environment_owns_the_anomaly_monitor_of_the_service(templates: dict[str, Template]) -> None:
    owners = [name for name, template in templates.items() if template.find_resources("AWS::CE::AnomalyMonitor")]

    assert owners == [name for name, config in ENVIRONMENTS.items() if config.cost.anomaly_threshold_usd is not None]
    assert owners == ["prod"]


def test_anomaly_monitor_follows_the_service_tag_and_alerts_over_the_threshold(
    templates: dict[str, Template],
) -> None:
    config = ENVIRONMENTS["prod"]
    template = templates["prod"]
    monitor_id, monitor = only(template, "AWS::CE::AnomalyMonitor")
    topic_id, _ = only(template, "AWS::SNS::Topic", under="Budget")

    assert monitor["Properties"]["MonitorType"] == "CUSTOM"
    assert json.loads(monitor["Properties"]["MonitorSpecification"]) == {
        "Tags": {"Key": "service", "Values": [config.service_name], "MatchOptions": ["EQUALS"]}
    }
    subscriptions = template.find_resources("AWS::CE::AnomalySubscription").values()
    by_frequency = {item["Properties"]["Frequency"]: item["Properties"] for item in subscriptions}
    assert by_frequency["IMMEDIATE"]["Subscribers"] == [{"Type": "SNS", "Address": {"Ref": topic_id}}]
    assert by_frequency["DAILY"]["Subscribers"] == [{"Type": "EMAIL", "Address": config.alarm_email}]
    for subscription in by_frequency.values():
        assert subscription["MonitorArnList"] == [{"Fn::GetAtt": [monitor_id, "MonitorArn"]}]
        threshold = json.loads(subscription["ThresholdExpression"])["Dimensions"]
        assert threshold["Key"] == "ANOMALY_TOTAL_IMPACT_ABSOLUTE"
        assert float(threshold["Values"][0]) == config.cost.anomaly_threshold_usd
        assert threshold["MatchOptions"] == ["GREATER_THAN_OR_EQUAL"]


def test_cost_anomaly_alerts_may_publish_to_the_topic(templates: dict[str, Template]) -> None:
    template = templates["prod"]
    _, policy = only(template, "AWS::SNS::TopicPolicy", under="Budget")

    principals = [statement["Principal"] for statement in policy["Properties"]["PolicyDocument"]["Statement"]]
    assert {"Service": "costalerts.amazonaws.com"} in principals


def test_default_anomaly_threshold_is_a_fifth_of_the_budget_and_at_least_a_dollar() -> None:
    prod = ENVIRONMENTS["prod"].cost

    assert prod.anomaly_threshold_usd == round(max(prod.monthly_budget_usd * 0.2, 1.0), 2)
