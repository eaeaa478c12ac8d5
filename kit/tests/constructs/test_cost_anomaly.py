"""CostAnomalyDetection: a monitor on the service tag, alerting over a threshold, owned by one environment."""

from __future__ import annotations

import json

from aws_cdk.assertions import Template

from lambda_service_kit.config import ServiceConfig

from tests.constructs.cloudformation import only


def test_only_environments_with_a_threshold_have_a_monitor(
    templates: dict[str, Template], example_environments: dict[str, ServiceConfig]
) -> None:
    owners = [name for name, template in templates.items() if template.find_resources("AWS::CE::AnomalyMonitor")]

    with_threshold = [
        name for name, config in example_environments.items() if config.cost.anomaly_threshold_usd is not None
    ]
    assert owners == with_threshold
    assert owners == ["prod"], "one monitor watches the whole service"


def test_the_monitor_follows_the_service_tag_and_alerts_over_the_threshold(
    templates: dict[str, Template], example_environments: dict[str, ServiceConfig]
) -> None:
    config, template = example_environments["prod"], templates["prod"]
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


def test_cost_anomaly_alerts_may_publish_to_the_topic_before_subscribing(templates: dict[str, Template]) -> None:
    template = templates["prod"]
    policy_id, policy = only(template, "AWS::SNS::TopicPolicy", under="Budget")
    immediate = next(
        subscription
        for subscription in template.find_resources("AWS::CE::AnomalySubscription").values()
        if subscription["Properties"]["Frequency"] == "IMMEDIATE"
    )

    statements = {statement.get("Sid"): statement for statement in policy["Properties"]["PolicyDocument"]["Statement"]}
    assert statements["AllowCostAnomalyAlertsToPublish"]["Principal"] == {"Service": "costalerts.amazonaws.com"}
    assert policy_id in immediate["DependsOn"]
