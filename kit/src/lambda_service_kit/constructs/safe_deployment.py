"""Safe deploys: the API calls the function's ``live`` alias; CodeDeploy moves it to each new version.

CodeDeploy shifts the alias's traffic as the environment's ``DeploymentConfig`` says and rolls it back
when a deploy-gate alarm fires during the shift. The gates watch the new version alone, on 1-minute
periods, so they can fire inside a 5-minute canary (the SLO's burn-rate alarms, over 1 h and more,
cannot): its crashes (Lambda's ``Errors``), its unexpected errors answered with a 500 (the runtime's
``UnexpectedErrors``) and its duration. The template's decision 0013 explains the choice.
"""

from __future__ import annotations

from aws_cdk import CfnOutput, Duration, Stack
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_codedeploy as codedeploy
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from lambda_service_kit.config import DeploymentConfig, ServiceConfig
from lambda_service_kit.constructs.alarm_text import AlarmText, Severity
from lambda_service_kit.constructs.alarm_topics import AlarmTopics
from lambda_service_kit.constructs.compliance import acknowledge
from lambda_service_kit.constructs.health_check_hook import HealthCheckHook

GATE_PERIOD = Duration.minutes(1)
# The latency gate fires on two slow minutes in a row: one slow minute of a cold new version is normal.
LATENCY_GATE_PERIODS = 2
UNEXPECTED_ERRORS_METRIC = "UnexpectedErrors"  # published by lambda_service_runtime.observability
# The stack outputs are DeployFunctionName, DeployAliasName, DeployDeploymentApplication, DeployDeploymentGroupName.
OUTPUT_PREFIX = "Deploy"


class SafeDeployment(Construct):
    """The function's alias, and (unless the strategy is ``"off"``) the CodeDeploy group that moves it.

    Create it before the API, which invokes :attr:`alias`; call :meth:`gate` once the alarm topics exist.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: ServiceConfig,
        function: lambda_.Function,
        log_encryption_key: kms.IKey | None = None,
    ) -> None:
        super().__init__(scope, construct_id)
        self._config = config
        self._log_encryption_key = log_encryption_key
        self.function = function
        self.version = function.current_version
        self.alias = lambda_.Alias(self, "Alias", alias_name=config.deployment.alias_name, version=self.version)
        self.gate_alarms: list[cloudwatch.Alarm] = []
        self.deployment_group: codedeploy.LambdaDeploymentGroup | None = None
        self._output("FunctionName", function.function_name)
        self._output("AliasName", self.alias.alias_name)

    def gate(self, *, topics: AlarmTopics) -> None:
        """The deploy-gate alarms and the deployment group; nothing when the strategy is ``"off"``."""
        deployment = self._config.deployment
        if not deployment.shifts_traffic:
            return
        self.gate_alarms = self._gate_alarms(topics)
        application = codedeploy.LambdaApplication(self, "Application", application_name=self._config.stack_name)
        self.deployment_group = codedeploy.LambdaDeploymentGroup(
            self,
            "Group",
            application=application,
            deployment_group_name=f"{self._config.stack_name}-api",
            alias=self.alias,
            deployment_config=self._deployment_config(deployment),
            alarms=self.gate_alarms,
            auto_rollback=codedeploy.AutoRollbackConfig(
                failed_deployment=True, stopped_deployment=True, deployment_in_alarm=True
            ),
        )
        acknowledge(
            self.deployment_group.role,
            "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited]",
            "CodeDeploy's role for Lambda uses the managed policy AWS publishes for it (the limited one): it only "
            "reads the gate alarms, updates the alias and invokes the hook functions this group names.",
        )
        if deployment.pre_traffic_health_check:
            hook = HealthCheckHook(
                self,
                "PreTrafficHook",
                config=self._config,
                version=self.version,
                deployment_group=self.deployment_group,
                log_encryption_key=self._log_encryption_key,
            )
            self.deployment_group.add_pre_hook(hook.function)
            acknowledge(
                self.deployment_group.role,
                f"AwsSolutions-IAM5[Resource::<{Stack.of(self).get_logical_id(hook.function.node.default_child)}.Arn>:*]",
                "CodeDeploy may invoke the hook function's versions (CDK's grant for a pre-traffic hook); the "
                "function is the hook and nothing else.",
            )
        self._output("DeploymentApplication", application.application_name)
        self._output("DeploymentGroupName", self.deployment_group.deployment_group_name)

    def _deployment_config(self, deployment: DeploymentConfig) -> codedeploy.ILambdaDeploymentConfig:
        interval = Duration.minutes(deployment.interval_minutes)
        if deployment.strategy == "canary":
            routing: codedeploy.TrafficRouting = codedeploy.TimeBasedCanaryTrafficRouting(
                interval=interval, percentage=deployment.percent
            )
        elif deployment.strategy == "linear":
            routing = codedeploy.TimeBasedLinearTrafficRouting(interval=interval, percentage=deployment.percent)
        else:
            return codedeploy.LambdaDeploymentConfig.ALL_AT_ONCE
        return codedeploy.LambdaDeploymentConfig(self, "Config", traffic_routing=routing)

    def _new_version_metric(self, metric: cloudwatch.Metric) -> cloudwatch.Metric:
        """``metric`` of the alias's invocations that ran the new version (Lambda's ExecutedVersion)."""
        return metric.with_(
            dimensions_map={
                "FunctionName": self.function.function_name,
                "Resource": f"{self.function.function_name}:{self.alias.alias_name}",
                "ExecutedVersion": self.version.version,
            },
            period=GATE_PERIOD,
        )

    def _gate_alarms(self, topics: AlarmTopics) -> list[cloudwatch.Alarm]:
        latency_ms = self._config.observability.slo.latency_threshold_ms
        unexpected_errors = cloudwatch.Metric(
            namespace=self._config.metrics_namespace,
            metric_name=UNEXPECTED_ERRORS_METRIC,
            dimensions_map={
                "service": self._config.service_name,
                "environment": self._config.environment,
                "version": self.version.version,
            },
            statistic="Sum",
            period=GATE_PERIOD,
        )
        # (construct id, alarm name suffix, metric, threshold, evaluation periods, what it means)
        gates: list[tuple[str, str, cloudwatch.IMetric, float, int, str]] = [
            (
                "NewVersionErrors",
                "errors",
                self._new_version_metric(self.function.metric_errors(statistic="Sum")),
                1,
                1,
                "The new version crashed, timed out or ran out of memory",
            ),
            (
                "NewVersionUnexpectedErrors",
                "unexpected-errors",
                unexpected_errors,
                1,
                1,
                "The new version answered a request with a 500",
            ),
            (
                "NewVersionLatency",
                "latency",
                self._new_version_metric(self.function.metric_duration(statistic="p90")),
                latency_ms,
                LATENCY_GATE_PERIODS,
                f"The new version took over {latency_ms} ms (the latency SLO's threshold) for a tenth of its "
                f"invocations, {LATENCY_GATE_PERIODS} minutes in a row",
            ),
        ]
        return [
            topics.create_alarm(
                self,
                construct_id,
                name=f"{self._config.stack_name}-deploy-new-version-{suffix}",
                metric=metric,
                threshold=threshold,
                evaluation_periods=periods,
                text=AlarmText(
                    severity=Severity.P3,
                    meaning=f"{meaning}; the deploy rolls back.",
                    first_check="the deployment in CodeDeploy (it rolled back) and the new version's log lines.",
                    runbook_anchor="deploy-rolled-back",
                ),
            )
            for construct_id, suffix, metric, threshold, periods, meaning in gates
        ]

    def _output(self, name: str, value: str) -> None:
        """A stack output under a fixed name: what ``service-kit rollback`` reads from the deployed stack."""
        output = CfnOutput(self, name, value=value)
        output.override_logical_id(f"{OUTPUT_PREFIX}{name}")
