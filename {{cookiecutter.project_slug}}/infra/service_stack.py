"""The service's stack: composes the kit's constructs and wires them together. Add your resources here."""

from __future__ import annotations

from typing import Any

from aws_cdk import CfnOutput, Stack
from constructs import Construct
from lambda_service_kit.config import ServiceConfig
from lambda_service_kit.constructs import (
    ApiFirewall,
    ChaosExperiments,
    CostAnomalyDetection,
    SafeDeployment,
    ServiceApi,
    ServiceBudget,
    ServiceFunction,
    ServiceKey,
    ServiceMonitoring,
    StackTimeToLive,
    TraceSampling,
    acknowledge,
    api_authorization,
    apply_service_tags,
)
from lambda_service_kit.routes import read_routes


class ServiceStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, *, config: ServiceConfig, **kwargs: Any) -> None:
        super().__init__(scope, construct_id, description=f"{config.description} ({config.environment})", **kwargs)
        self.key = ServiceKey(self, "Encryption", config=config).key
        api_function = ServiceFunction(
            self,
            "ApiFunction",
            config=config,
            handler=f"{config.service.package}.handlers.api.handler",
            description=f"{config.service_name} API ({config.environment})",
            log_encryption_key=self.key,
        )
        acknowledge(
            api_function.function,
            "Serverless-LambdaDLQ",
            "API Gateway invokes the function synchronously and gets its errors; a dead-letter queue only "
            "receives failed asynchronous invocations.",
        )
        self.api_function = api_function.function
        # The API calls the function's alias; CodeDeploy moves it to each new version (infra/config.py, deployment).
        self.deployment = SafeDeployment(
            self, "Deployment", config=config, function=self.api_function, log_encryption_key=self.key
        )
        self.api = ServiceApi(
            self,
            "Api",
            config=config,
            handler=self.deployment.alias,
            # The routes, their authorization and validation, from the document `make openapi` writes.
            routes=read_routes(config.service.openapi_path),
            authorization=api_authorization(self, "Auth", config=config),
            log_encryption_key=self.key,
        )
        self.monitoring = ServiceMonitoring(
            self,
            "Monitoring",
            config=config,
            stage=self.api.stage,
            access_log_group=self.api.access_log_group,
            runbook_url=config.runbook_url,
            encryption_key=self.key,
        )
        self.deployment.gate(topics=self.monitoring.topics)
        if config.tracing_enabled:
            TraceSampling(self, "TraceSampling", config=config, api_name=config.stack_name)
        self._protect_stage(config)
        if config.chaos.enabled:
            self.chaos = ChaosExperiments(
                self,
                "Chaos",
                config=config,
                function=self.api_function,
                stop_alarms=self.monitoring.slo_alarms.pages,
            )
        CfnOutput(self, "ApiUrl", value=self.api.rest_api.url, description="Base URL of the API stage")
        self._control_cost(config)
        apply_service_tags(self, config)

    def _protect_stage(self, config: ServiceConfig) -> None:
        if config.security.waf_enabled:
            self.firewall = ApiFirewall(self, "Firewall", config=config, stage=self.api.stage)
        else:
            acknowledge(
                self.api.stage,
                "AwsSolutions-APIG3",
                "No web ACL in this environment, to save its fixed monthly cost: waf_enabled in infra/config.py.",
            )

    def _control_cost(self, config: ServiceConfig) -> None:
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
