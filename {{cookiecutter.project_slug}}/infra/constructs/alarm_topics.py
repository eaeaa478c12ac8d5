"""One encrypted SNS topic per severity, each subscribed by the alarm email, and the alarms that use them."""

from __future__ import annotations

from aws_cdk import RemovalPolicy
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as cloudwatch_actions
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from constructs import Construct

from infra.alarm_text import AlarmText, Severity
from infra.config import ServiceConfig


class AlarmTopics(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, config: ServiceConfig, runbook_url: str) -> None:
        super().__init__(scope, construct_id)
        self.runbook_url = runbook_url
        # CloudWatch cannot publish to topics encrypted with the AWS managed SNS key: it needs a key
        # whose policy lets the cloudwatch service use it.
        self.key = kms.Key(
            self,
            "Key",
            description=f"Encrypts the {config.stack_name} alarm topics",
            enable_key_rotation=True,
            removal_policy=RemovalPolicy.RETAIN if config.is_production else RemovalPolicy.DESTROY,
        )
        self.key.add_to_resource_policy(
            iam.PolicyStatement(
                sid="AllowCloudWatchAlarmsToPublish",
                principals=[iam.ServicePrincipal("cloudwatch.amazonaws.com")],
                actions=["kms:Decrypt", "kms:GenerateDataKey*"],
                resources=["*"],
            )
        )
        self.topics: dict[Severity, sns.Topic] = {}
        for severity in Severity:
            topic = sns.Topic(
                self,
                severity.name,
                display_name=f"{config.stack_name} {severity.name} alarms",
                master_key=self.key,
                enforce_ssl=True,
            )
            topic.add_subscription(subscriptions.EmailSubscription(config.alarm_email))
            self.topics[severity] = topic

    def action(self, severity: Severity) -> cloudwatch.IAlarmAction:
        return cloudwatch_actions.SnsAction(self.topics[severity])

    def create_alarm(
        self,
        scope: Construct,
        construct_id: str,
        *,
        name: str,
        metric: cloudwatch.IMetric,
        threshold: float,
        evaluation_periods: int,
        text: AlarmText,
        missing_data: cloudwatch.TreatMissingData = cloudwatch.TreatMissingData.NOT_BREACHING,
    ) -> cloudwatch.Alarm:
        """An alarm at or above ``threshold`` that notifies its severity's topic and links its runbook."""
        alarm = cloudwatch.Alarm(
            scope,
            construct_id,
            alarm_name=name,
            alarm_description=text.description(self.runbook_url),
            metric=metric,
            threshold=threshold,
            evaluation_periods=evaluation_periods,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treat_missing_data=missing_data,
        )
        alarm.add_alarm_action(self.action(text.severity))
        return alarm
