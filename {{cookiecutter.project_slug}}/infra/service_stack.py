"""The service's stack: composes the constructs and wires them together."""

from __future__ import annotations

from typing import Any

from aws_cdk import CfnOutput, Stack
from constructs import Construct

from infra.compliance import acknowledge
from infra.config import PACKAGE_NAME, ServiceConfig
from infra.constructs.api import ServiceApi
from infra.constructs.auth import api_authorization
from infra.constructs.encryption import ServiceKey
from infra.constructs.function import ServiceFunction
from infra.constructs.waf import ApiFirewall
from infra.nag_pending_observability import acknowledge_pending_observability
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
        )
        self.api_function = api_function.function

        self._protect_stage(config)
        acknowledge_pending_observability(stage=self.api.rest_api.deployment_stage, function=self.api_function)

        CfnOutput(self, "ApiUrl", value=self.api.rest_api.url, description="Base URL of the API stage")
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
