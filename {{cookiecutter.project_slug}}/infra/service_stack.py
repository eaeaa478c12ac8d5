"""The service's stack: composes the constructs and wires them together."""

from __future__ import annotations

from typing import Any

from aws_cdk import CfnOutput, Stack
from constructs import Construct

from infra.compliance import acknowledge
from infra.config import PACKAGE_NAME, ServiceConfig
from infra.constructs.api import ServiceApi
from infra.constructs.auth import api_authorization
from infra.constructs.budget import ServiceBudget
from infra.constructs.cost_anomaly import CostAnomalyDetection
from infra.constructs.encryption import ServiceKey
from infra.constructs.function import ServiceFunction
from infra.constructs.monitoring import ServiceMonitoring
from infra.constructs.time_to_live import StackTimeToLive
from infra.constructs.trace_sampling import TraceSampling
from infra.constructs.waf import ApiFirewall
from infra.tagging import apply_service_tags


class ServiceStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, *, config: ServiceConfig, **kwargs: Any) -> None:
        super().__init__(scope, construct_id, description=f"{config.description} ({config.environment})", **kwargs)
        self.key = ServiceKey(self, "Encryption", config=config).key
        api_function = ServiceFunction(
            self,
            "ApiFunction",
            config=config,
            handler=f"{PACKAGE_NAME}.handlers.api.handler",
            description=f"{config.service_name} API ({config.environment})",
            log_encryption_key=self.key,
        )
        acknowledge(
            api_function.function,
            "Serverless-LambdaDLQ",
            "API Gateway invokes the function synchronously and gets its errors; a dead-letter queue only "
            "receives failed asynchronous invocations.",
        )
        self.api = ServiceApi(
            self,
            "Api",
            config=config,
            handler=api_function.function,
            authorization=api_authorization(self, "Auth", config=config),
            log_encryption_key=self.key,
        )
        self.api_function = api_function.function
        self.monitoring = ServiceMonitoring(
            self,
            "Monitoring",
            config=config,
            stage=self.api.stage,
            access_log_group=self.api.access_log_group,
            runbook_url=config.runbook_url,
            encryption_key=self.key,
        )
        if config.tracing_enabled:
            TraceSampling(self, "TraceSampling", config=config, api_name=config.stack_name)

        self._protect_stage(config)

        CfnOutput(self, "ApiUrl", value=self.api.rest_api.url, description="Base URL of the API stage")

        self.budget = ServiceBudget(self, "Budget", config=config, encryption_key=self.key)
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

    def _protect_stage(self, config: ServiceConfig) -> None:
        if config.security.waf_enabled:
            self.firewall = ApiFirewall(self, "Firewall", config=config, stage=self.api.rest_api.deployment_stage)
        else:
            acknowledge(
                self.api.rest_api.deployment_stage,
                "AwsSolutions-APIG3",
                "No web ACL in this environment, to save its fixed monthly cost: waf_enabled in infra/config.py.",
            )
