"""A monthly AWS Budget for this service in this environment, alerting by email and SNS.

The budget counts only costs tagged ``service=<name>`` and ``environment=<env>``: those two
cost-allocation tags must be activated once in the Billing console (README.md, "Cost"), or the
budget sees no spend. Budgets are a global service; CloudFormation creates them from a stack in
any region.
"""

from __future__ import annotations

from dataclasses import dataclass

from aws_cdk import Aws
from aws_cdk import aws_budgets as budgets
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sns as sns
from constructs import Construct

from lambda_service_kit.config import ServiceConfig
from lambda_service_kit.constructs.cost_anomaly import COST_ALERTS_SERVICE
from lambda_service_kit.constructs.tagging import service_tags

BUDGETS_SERVICE = "budgets.amazonaws.com"


@dataclass(frozen=True)
class BudgetAlert:
    notification_type: str  # ACTUAL or FORECASTED
    threshold_percent: float


# Early warnings on what was spent, and one on where the month is heading.
BUDGET_ALERTS = (
    BudgetAlert("ACTUAL", 50),
    BudgetAlert("ACTUAL", 80),
    BudgetAlert("ACTUAL", 100),
    BudgetAlert("FORECASTED", 100),
)


class ServiceBudget(Construct):
    """The budget and the SNS topic its alerts (and cost anomaly alerts) are published to.

    The topic is encrypted with the service key, whose policy this construct extends so that
    Budgets and Cost Anomaly Detection may publish to it.
    """

    def __init__(self, scope: Construct, construct_id: str, *, config: ServiceConfig, encryption_key: kms.Key) -> None:
        super().__init__(scope, construct_id)
        encryption_key.add_to_resource_policy(
            iam.PolicyStatement(
                sid="AllowCostAlertsToPublish",
                principals=[iam.ServicePrincipal(BUDGETS_SERVICE), iam.ServicePrincipal(COST_ALERTS_SERVICE)],
                actions=["kms:Decrypt", "kms:GenerateDataKey*"],
                resources=["*"],
                conditions={"StringEquals": {"aws:SourceAccount": Aws.ACCOUNT_ID}},
            )
        )
        self.topic = sns.Topic(
            self,
            "AlertTopic",
            display_name=f"{config.stack_name} cost alerts",
            master_key=encryption_key,
            enforce_ssl=True,
        )
        publish_grant = self.topic.add_to_resource_policy(
            iam.PolicyStatement(
                sid="AllowBudgetsToPublish",
                principals=[iam.ServicePrincipal(BUDGETS_SERVICE)],
                actions=["sns:Publish"],
                resources=[self.topic.topic_arn],
                conditions={
                    "StringEquals": {"aws:SourceAccount": Aws.ACCOUNT_ID},
                    "ArnLike": {"aws:SourceArn": f"arn:{Aws.PARTITION}:budgets::{Aws.ACCOUNT_ID}:*"},
                },
            )
        )
        self.budget_name = f"{config.stack_name}-monthly"
        self.budget = budgets.CfnBudget(
            self,
            "Monthly",
            budget=budgets.CfnBudget.BudgetDataProperty(
                budget_name=self.budget_name,
                budget_type="COST",
                time_unit="MONTHLY",
                budget_limit=budgets.CfnBudget.SpendProperty(amount=config.cost.monthly_budget_usd, unit="USD"),
                filter_expression=budgets.CfnBudget.ExpressionProperty(
                    and_=[
                        _tag_is("service", config.service_name),
                        _tag_is("environment", config.environment),
                    ]
                ),
            ),
            notifications_with_subscribers=[
                budgets.CfnBudget.NotificationWithSubscribersProperty(
                    notification=budgets.CfnBudget.NotificationProperty(
                        notification_type=alert.notification_type,
                        comparison_operator="GREATER_THAN",
                        threshold=alert.threshold_percent,
                        threshold_type="PERCENTAGE",
                    ),
                    subscribers=[
                        budgets.CfnBudget.SubscriberProperty(subscription_type="EMAIL", address=config.alarm_email),
                        budgets.CfnBudget.SubscriberProperty(subscription_type="SNS", address=self.topic.topic_arn),
                    ],
                )
                for alert in BUDGET_ALERTS
            ],
            resource_tags=[
                budgets.CfnBudget.ResourceTagProperty(key=key, value=value)
                for key, value in service_tags(config).items()
            ],
        )
        # Budgets checks that it may publish to the topic when the budget is created.
        if publish_grant.policy_dependable:
            self.budget.node.add_dependency(publish_grant.policy_dependable)


def _tag_is(key: str, value: str) -> budgets.CfnBudget.ExpressionProperty:
    return budgets.CfnBudget.ExpressionProperty(
        tags=budgets.CfnBudget.TagValuesProperty(key=key, values=[value], match_options=["EQUALS"])
    )
