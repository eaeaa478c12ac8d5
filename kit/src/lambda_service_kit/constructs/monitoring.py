"""Everything that watches the service: alarm topics, SLO and API alarms, per-function alarms,
the dashboard and the saved log queries. Functions are discovered at synth time."""

from __future__ import annotations

import jsii
from aws_cdk import Aspects, IAspect, Stack
from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct, IConstruct

from lambda_service_kit.config import ServiceConfig
from lambda_service_kit.constructs.alarm_topics import AlarmTopics
from lambda_service_kit.constructs.api_alarms import ApiAlarms
from lambda_service_kit.constructs.dashboard import ServiceDashboard
from lambda_service_kit.constructs.function_monitoring import FunctionMonitoring
from lambda_service_kit.constructs.log_queries import LogQueries
from lambda_service_kit.constructs.slo_alarms import SloAlarms


class ServiceMonitoring(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: ServiceConfig,
        stage: apigateway.Stage,
        access_log_group: logs.ILogGroup,
        runbook_url: str,
        encryption_key: kms.IKey,
    ) -> None:
        super().__init__(scope, construct_id)
        self.topics = AlarmTopics(
            self, "AlarmTopics", config=config, runbook_url=runbook_url, encryption_key=encryption_key
        )
        self.slo_alarms = SloAlarms(self, "SloAlarms", config=config, stage=stage, topics=self.topics)
        self.api_alarms = ApiAlarms(self, "ApiAlarms", config=config, stage=stage, topics=self.topics)
        self.dashboard = ServiceDashboard(
            self,
            "Dashboard",
            config=config,
            stage=stage,
            alarms=[*self.slo_alarms.composites, *self.api_alarms.alarms],
        )
        self.log_queries = LogQueries(self, "LogQueries", config=config, access_log_group=access_log_group)
        self.functions = FunctionMonitoring(
            self, "Functions", config=config, topics=self.topics, dashboard=self.dashboard
        )
        self._monitored: set[str] = set()
        Aspects.of(Stack.of(self)).add(MonitorEveryFunction(self))

    def monitor(self, function: lambda_.Function) -> None:
        if function.node.path in self._monitored:
            return
        self._monitored.add(function.node.path)
        self.functions.monitor(function)
        self.log_queries.add_log_group(function.log_group)


@jsii.implements(IAspect)
class MonitorEveryFunction:
    """Visits the stack at synth time and hands each of its Lambda functions to the monitoring."""

    def __init__(self, monitoring: ServiceMonitoring) -> None:
        self._monitoring = monitoring

    def visit(self, node: IConstruct) -> None:
        if isinstance(node, lambda_.Function) and Stack.of(node) is Stack.of(self._monitoring):
            self._monitoring.monitor(node)
