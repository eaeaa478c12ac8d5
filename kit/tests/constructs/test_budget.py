"""ServiceBudget: a monthly budget of this service in this environment, alerting by email and SNS."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import aws_cdk as cdk
from aws_cdk.assertions import Template

from lambda_service_kit.config import ServiceConfig
from lambda_service_kit.constructs.tagging import service_tags

from tests.constructs.cloudformation import only


def test_the_limit_is_the_environments_monthly_budget(template: Template, config: ServiceConfig) -> None:
    _, budget = only(template, "AWS::Budgets::Budget")
    data = budget["Properties"]["Budget"]

    assert data["BudgetLimit"] == {"Amount": config.cost.monthly_budget_usd, "Unit": "USD"}
    assert data["BudgetType"] == "COST"
    assert data["TimeUnit"] == "MONTHLY"
    assert data["BudgetName"] == f"{config.stack_name}-monthly"


def test_it_counts_only_this_service_in_this_environment(template: Template, config: ServiceConfig) -> None:
    _, budget = only(template, "AWS::Budgets::Budget")

    assert budget["Properties"]["Budget"]["FilterExpression"] == {
        "And": [
            {"Tags": {"Key": "service", "Values": [config.service_name], "MatchOptions": ["EQUALS"]}},
            {"Tags": {"Key": "environment", "Values": [config.environment], "MatchOptions": ["EQUALS"]}},
        ]
    }


def test_it_alerts_on_actual_and_forecast_spend_by_email_and_sns(template: Template, config: ServiceConfig) -> None:
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


def test_budgets_may_publish_to_the_encrypted_topic_before_the_budget_exists(template: Template) -> None:
    budget_id, budget = only(template, "AWS::Budgets::Budget")
    _, topic = only(template, "AWS::SNS::Topic", under="Budget")
    policy_id, policy = only(template, "AWS::SNS::TopicPolicy", under="Budget")

    statements = {statement.get("Sid"): statement for statement in policy["Properties"]["PolicyDocument"]["Statement"]}
    allow = statements["AllowBudgetsToPublish"]
    assert allow["Principal"] == {"Service": "budgets.amazonaws.com"}
    assert allow["Action"] == "sns:Publish"
    assert allow["Condition"]["StringEquals"] == {"aws:SourceAccount": {"Ref": "AWS::AccountId"}}
    assert statements["AllowPublishThroughSSLOnly"]["Effect"] == "Deny"
    assert "KmsMasterKeyId" in topic["Properties"]
    assert policy_id in budget["DependsOn"], budget_id


def test_the_key_lets_budgets_and_cost_alerts_publish(template: Template) -> None:
    _, key = only(template, "AWS::KMS::Key")
    statements = {statement.get("Sid"): statement for statement in key["Properties"]["KeyPolicy"]["Statement"]}

    assert statements["AllowCostAlertsToPublish"]["Principal"] == {
        "Service": ["budgets.amazonaws.com", "costalerts.amazonaws.com"]
    }


def test_the_budget_carries_the_cost_allocation_tags(template: Template, config: ServiceConfig) -> None:
    _, budget = only(template, "AWS::Budgets::Budget")

    tags = {tag["Key"]: tag["Value"] for tag in budget["Properties"]["ResourceTags"]}
    assert tags == service_tags(config)


def test_an_environment_can_set_its_own_budget(
    synth_stack: Callable[..., cdk.Stack], example_environments: dict[str, ServiceConfig]
) -> None:
    dev = example_environments["dev"]
    config = replace(dev, cost=replace(dev.cost, monthly_budget_usd=12.5))

    template = Template.from_stack(synth_stack(config))

    template.has_resource_properties(
        "AWS::Budgets::Budget", {"Budget": {"BudgetLimit": {"Amount": 12.5, "Unit": "USD"}}}
    )
