"""A time to live for a non-production stack: EventBridge Scheduler deletes it some days after each deploy.

The deletion time is fixed at synth: the first midnight (UTC) at least ``time_to_live_days`` after
it, so every deploy pushes it out again and an environment in use never disappears. CloudFormation
deletes the stack with the role the CDK deployed it with (the bootstrap's execution role), so the
schedule's own role needs nothing but ``cloudformation:DeleteStack`` on this one stack.
Production can never have one: the configuration refuses it, and so does this construct.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from aws_cdk import Aws, CfnOutput, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_scheduler as scheduler
from constructs import Construct

from lambda_service_kit.config import ServiceConfig

# CDK context that pins "now" (an ISO date or date-time, UTC), for reproducible templates in tests.
SYNTH_TIME_CONTEXT = "time-to-live-from"
DELETE_STACK_TARGET = "arn:{partition}:scheduler:::aws-sdk:cloudformation:deleteStack"


class ProductionTimeToLiveError(ValueError):
    """A time to live would delete the production stack."""


class StackTimeToLive(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, config: ServiceConfig, days: int) -> None:
        if config.is_production:
            raise ProductionTimeToLiveError(f"{config.stack_name}: a time to live is for non-production stacks only")
        super().__init__(scope, construct_id)
        self.deletes_at = deletion_time(synth_time(self), days=days)
        role = iam.Role(
            self,
            "SchedulerRole",
            assumed_by=iam.ServicePrincipal(
                "scheduler.amazonaws.com", conditions={"StringEquals": {"aws:SourceAccount": Aws.ACCOUNT_ID}}
            ),
            description=f"Deletes {config.stack_name} when its time to live ends",
        )
        role.add_to_policy(iam.PolicyStatement(actions=["cloudformation:DeleteStack"], resources=[Aws.STACK_ID]))
        self.schedule = scheduler.CfnSchedule(
            self,
            "DeleteStack",
            description=f"Delete {config.stack_name} after {days} days",
            schedule_expression=f"at({self.deletes_at:%Y-%m-%dT%H:%M:%S})",
            schedule_expression_timezone="UTC",
            flexible_time_window=scheduler.CfnSchedule.FlexibleTimeWindowProperty(mode="OFF"),
            target=scheduler.CfnSchedule.TargetProperty(
                arn=DELETE_STACK_TARGET.format(partition=Aws.PARTITION),
                role_arn=role.role_arn,
                input=Stack.of(self).to_json_string({"StackName": Aws.STACK_ID}),
            ),
        )
        CfnOutput(
            self,
            "DeletesAt",
            value=f"{self.deletes_at:%Y-%m-%dT%H:%M:%S}Z",
            description="When the time to live deletes this stack (deploy again to push it out)",
        )


def synth_time(scope: Construct) -> datetime:
    pinned = scope.node.try_get_context(SYNTH_TIME_CONTEXT)
    if pinned:
        parsed = datetime.fromisoformat(str(pinned))
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return datetime.now(UTC)


def deletion_time(start: datetime, *, days: int) -> datetime:
    """The first midnight (UTC) at least ``days`` after ``start``, as a naive UTC date-time."""
    earliest = start.astimezone(UTC).replace(tzinfo=None) + timedelta(days=days)
    midnight = datetime.combine(earliest.date(), time())
    return midnight if midnight == earliest else midnight + timedelta(days=1)
