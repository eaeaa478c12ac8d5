"""A Lambda function with the service's defaults and a log group of its own."""

from __future__ import annotations

from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from infra import lambda_defaults
from infra.config import ServiceConfig


class ServiceFunction(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: ServiceConfig,
        handler: str,
        description: str,
        environment: dict[str, str] | None = None,
    ) -> None:
        super().__init__(scope, construct_id)
        self.log_group = lambda_defaults.log_group(self, "LogGroup", config=config)
        self.function = lambda_.Function(
            self,
            "Function",
            handler=handler,
            description=description,
            log_group=self.log_group,
            environment={**config.function_environment(), **(environment or {})},
            **lambda_defaults.function_props(config),  # type: ignore[arg-type]
        )
