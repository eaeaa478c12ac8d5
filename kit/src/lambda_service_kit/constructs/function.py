"""A Lambda function with the service's defaults, a log group and a role of its own."""

from __future__ import annotations

from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from lambda_service_kit.config import ServiceConfig
from lambda_service_kit.constructs import lambda_defaults
from lambda_service_kit.constructs.compliance import acknowledge

RUNTIME_IS_AN_ANSWER = (
    "The runtime is the python_runtime answer in service.toml, the one the asset's wheels and bytecode are "
    "built for; change it there when the dependencies support a newer one."
)


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
        log_encryption_key: kms.IKey | None = None,
    ) -> None:
        super().__init__(scope, construct_id)
        self.log_group = lambda_defaults.log_group(self, "LogGroup", config=config, encryption_key=log_encryption_key)
        # One role per function, allowed to write to its own log group and nothing else:
        # no AWS managed policy (AWSLambdaBasicExecutionRole would allow every log group).
        # Grant what the function needs on this role, resource by resource.
        self.role = iam.Role(
            self,
            "Role",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description=f"Runs {description}",
        )
        self.log_group.grant_write(self.role)
        self.function = lambda_.Function(
            self,
            "Function",
            handler=handler,
            description=description,
            role=self.role,
            log_group=self.log_group,
            environment={**config.function_environment(), **(environment or {})},
            **lambda_defaults.function_props(config),  # type: ignore[arg-type]
        )
        for rule in ("AwsSolutions-L1", "Serverless-LambdaLatestVersion"):
            acknowledge(self.function, rule, RUNTIME_IS_AN_ANSWER)
        if config.tracing_enabled:
            acknowledge(
                self.role,
                "AwsSolutions-IAM5[Resource::*]",
                "Active tracing lets the function send trace segments to the X-Ray daemon: xray:PutTraceSegments "
                "and xray:PutTelemetryRecords do not support resource-level permissions.",
            )
        else:
            acknowledge(
                self.function,
                "Serverless-LambdaTracing",
                "The service was generated with tracing=none: no trace is recorded, by choice.",
            )
