"""AlarmTopics: one encrypted topic per severity, mailing the alarm email."""

from __future__ import annotations

from aws_cdk.assertions import Template

from lambda_service_kit.config import ServiceConfig
from lambda_service_kit.constructs.alarm_text import Severity

from tests.constructs.cloudformation import only, resources


def test_one_topic_per_severity_encrypted_with_the_service_key(template: Template, config: ServiceConfig) -> None:
    key_id, _ = only(template, "AWS::KMS::Key")
    topics = resources(template, "AWS::SNS::Topic", under="MonitoringAlarmTopics")

    assert sorted(topic["Properties"]["DisplayName"] for topic in topics.values()) == [
        f"{config.stack_name} {severity.name} alarms" for severity in Severity
    ]
    for topic in topics.values():
        assert topic["Properties"]["KmsMasterKeyId"] == {"Fn::GetAtt": [key_id, "Arn"]}


def test_each_topic_mails_the_alarm_email_only(template: Template, config: ServiceConfig) -> None:
    for topic_id in resources(template, "AWS::SNS::Topic", under="MonitoringAlarmTopics"):
        subscriptions = template.find_resources(
            "AWS::SNS::Subscription", {"Properties": {"TopicArn": {"Ref": topic_id}}}
        )

        assert [subscription["Properties"] for subscription in subscriptions.values()] == [
            {"Protocol": "email", "TopicArn": {"Ref": topic_id}, "Endpoint": config.alarm_email}
        ]


def test_each_topic_refuses_publishing_without_tls(template: Template) -> None:
    policies = resources(template, "AWS::SNS::TopicPolicy", under="MonitoringAlarmTopics")

    assert len(policies) == len(Severity)
    for policy in policies.values():
        (statement,) = policy["Properties"]["PolicyDocument"]["Statement"]
        assert statement["Effect"] == "Deny"
        assert statement["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
