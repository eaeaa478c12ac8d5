"""One SNS topic per severity, subscribed by the alarm email, and the alarms that notify them.

The topics are encrypted with the service key, whose policy lets CloudWatch alarms publish.
"""

from __future__ import annotations

from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as cloudwatch_actions
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from constructs import Construct

from lambda_service_kit.config import ServiceConfig
from lambda_service_kit.constructs.alarm_text import AlarmText, Severity
from lambda_service_kit.constructs.compliance import acknowledge


class AlarmTopics(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: ServiceConfig,
        runbook_url: str,
        encryption_key: kms.IKey,
    ) -> None:
        super().__init__(scope, construct_id)
        self.runbook_url = runbook_url
        self.topics: dict[Severity, sns.Topic] = {}
        for severity in Severity:
            topic = sns.Topic(
                self,
                severity.name,
                display_name=f"{config.stack_name} {severity.name} alarms",
                master_key=encryption_key,
                enforce_ssl=True,
            )
            subscription = topic.add_subscription(subscriptions.EmailSubscription(config.alarm_email))
            acknowledge(
                subscription,
                "Serverless-SNSRedrivePolicy",
                "An email subscription: SNS retries delivery, and a dead-letter queue of undelivered alarm emails "
                "would be a queue nobody reads; the alarm's state stays visible in CloudWatch.",
            )
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
