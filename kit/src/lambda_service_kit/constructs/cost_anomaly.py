"""Cost anomaly detection for the service: a monitor on its cost-allocation tag and two subscriptions.

Cost Explorer learns the service's usual spend (about ten days of history) and reports spend that
breaks the pattern. A custom monitor follows one tag, so it watches the ``service`` tag across
environments: the stack of one environment (production by default) owns it. The ``service``
cost-allocation tag must be active in the Billing console before this stack is deployed.
Anomaly detection costs nothing.
"""

from __future__ import annotations

import json

from aws_cdk import Aws
from aws_cdk import aws_ce as ce
from aws_cdk import aws_iam as iam
from aws_cdk import aws_sns as sns
from constructs import Construct

from lambda_service_kit.config import ServiceConfig

COST_ALERTS_SERVICE = "costalerts.amazonaws.com"


class CostAnomalyDetection(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: ServiceConfig,
        threshold_usd: float,
        topic: sns.ITopic,
    ) -> None:
        super().__init__(scope, construct_id)
        self.monitor = ce.CfnAnomalyMonitor(
            self,
            "Monitor",
            monitor_name=f"{config.service_name} (tag service)",
            monitor_type="CUSTOM",
            monitor_specification=json.dumps(
                {"Tags": {"Key": "service", "Values": [config.service_name], "MatchOptions": ["EQUALS"]}}
            ),
        )
        threshold_expression = json.dumps(
            {
                "Dimensions": {
                    "Key": "ANOMALY_TOTAL_IMPACT_ABSOLUTE",
                    "Values": [f"{threshold_usd:g}"],
                    "MatchOptions": ["GREATER_THAN_OR_EQUAL"],
                }
            }
        )
        # Each anomaly as it is found goes to SNS (chat, pager); email gets a daily summary
        # (Cost Explorer sends IMMEDIATE alerts to SNS only).
        publish_grant = topic.add_to_resource_policy(
            iam.PolicyStatement(
                sid="AllowCostAnomalyAlertsToPublish",
                principals=[iam.ServicePrincipal(COST_ALERTS_SERVICE)],
                actions=["sns:Publish"],
                resources=[topic.topic_arn],
                conditions={"StringEquals": {"aws:SourceAccount": Aws.ACCOUNT_ID}},
            )
        )
        self.immediate = ce.CfnAnomalySubscription(
            self,
            "ImmediateToTopic",
            subscription_name=f"{config.service_name} anomalies (SNS)",
            frequency="IMMEDIATE",
            monitor_arn_list=[self.monitor.attr_monitor_arn],
            subscribers=[ce.CfnAnomalySubscription.SubscriberProperty(type="SNS", address=topic.topic_arn)],
            threshold_expression=threshold_expression,
        )
        if publish_grant.policy_dependable:
            self.immediate.node.add_dependency(publish_grant.policy_dependable)
        self.daily = ce.CfnAnomalySubscription(
            self,
            "DailyEmail",
            subscription_name=f"{config.service_name} anomalies (email)",
            frequency="DAILY",
            monitor_arn_list=[self.monitor.attr_monitor_arn],
            subscribers=[ce.CfnAnomalySubscription.SubscriberProperty(type="EMAIL", address=config.alarm_email)],
            threshold_expression=threshold_expression,
        )
