"""The service's stack: composes the constructs and wires them together."""

from __future__ import annotations

from typing import Any

from aws_cdk import CfnOutput, Stack
from constructs import Construct

from infra.config import PACKAGE_NAME, ServiceConfig
from infra.constructs.api import ServiceApi
from infra.constructs.budget import ServiceBudget
from infra.constructs.cost_anomaly import CostAnomalyDetection
from infra.constructs.function import ServiceFunction
from infra.constructs.monitoring import ServiceMonitoring
from infra.constructs.time_to_live import StackTimeToLive
from infra.constructs.trace_sampling import TraceSampling
from infra.tagging import apply_service_tags


class ServiceStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, *, config: ServiceConfig, **kwargs: Any) -> None:
        super().__init__(scope, construct_id, description=f"{config.description} ({config.environment})", **kwargs)
        api_function = ServiceFunction(
            self,
            "ApiFunction",
            config=config,
            handler=f"{PACKAGE_NAME}.handlers.api.handler",
            description=f"{config.service_name} API ({config.environment})",
        )
        self.api = ServiceApi(self, "Api", config=config, handler=api_function.function)
        self.api_function = api_function.function
        self.monitoring = ServiceMonitoring(
            self,
            "Monitoring",
            config=config,
            stage=self.api.stage,
            access_log_group=self.api.access_log_group,
            runbook_url=config.runbook_url,
        )
        if config.tracing_enabled:
            TraceSampling(self, "TraceSampling", config=config, api_name=config.stack_name)

        CfnOutput(self, "ApiUrl", value=self.api.rest_api.url, description="Base URL of the API stage")

        self.budget = ServiceBudget(self, "Budget", config=config)
        if config.cost.anomaly_threshold_usd is not None:
            CostAnomalyDetection(
                self,
                "CostAnomaly",
                config=config,
                threshold_usd=config.cost.anomaly_threshold_usd,
                topic=self.budget.topic,
            )
        if config.cost.time_to_live_days is not None:
            StackTimeToLive(self, "TimeToLive", config=config, days=config.cost.time_to_live_days)
        apply_service_tags(self, config)
