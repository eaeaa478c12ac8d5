"""Fault Injection Service experiments on the function: added latency and invocation errors.

Each experiment template is stopped by the P1 (paging) alarms, runs as a role that may only write
the fault configuration and read the function, and exists only where ``ChaosConfig.enabled``; a
production stack also needs ``allow_in_production``. The function gets the FIS Lambda extension
(a layer, resolved from AWS's public SSM parameter at deploy time) and reads the faults from a
bucket of its own: the handler carries no chaos switch. docs/game-days.md has a scenario for each.
"""

from __future__ import annotations

from collections.abc import Sequence

from aws_cdk import Duration, RemovalPolicy, Stack
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_fis as fis
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_ssm as ssm
from constructs import Construct

from lambda_service_kit.config import ServiceConfig
from lambda_service_kit.constructs.compliance import acknowledge

CONFIG_PREFIX = "FisConfigs"
EXTENSION_PARAMETER = "/aws/service/fis/lambda-extension/AWS-FIS-extension-{architecture}/1.x.x"
EXTENSION_WRAPPER = "/opt/aws-fis/bootstrap"
TARGET = "ApiFunction"


class ChaosRefusedError(ValueError):
    """Chaos experiments were asked for where the configuration does not allow them."""


class ChaosExperiments(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: ServiceConfig,
        function: lambda_.Function,
        stop_alarms: Sequence[cloudwatch.IAlarm],
        target_arn: str | None = None,
    ) -> None:
        """``target_arn``: what the experiments target, the function by default (an alias's ARN works too)."""
        chaos = config.chaos
        if not chaos.enabled:
            raise ChaosRefusedError(f"{config.stack_name}: chaos.enabled is False; no experiment is synthesized")
        if config.is_production and not chaos.allow_in_production:
            raise ChaosRefusedError(
                f"{config.stack_name}: chaos experiments in production need chaos.allow_in_production=True"
            )
        if not stop_alarms:
            raise ChaosRefusedError(f"{config.stack_name}: an experiment needs at least one alarm to stop it")
        super().__init__(scope, construct_id)
        self.bucket = self._configuration_bucket(config)
        self._attach_extension(config, function)
        self.role = self._experiment_role(config, function)
        stop_conditions = [
            fis.CfnExperimentTemplate.ExperimentTemplateStopConditionProperty(
                source="aws:cloudwatch:alarm", value=alarm.alarm_arn
            )
            for alarm in stop_alarms
        ]
        targets = {
            TARGET: fis.CfnExperimentTemplate.ExperimentTemplateTargetProperty(
                resource_type="aws:lambda:function",
                resource_arns=[target_arn or function.function_arn],
                selection_mode="ALL",
            )
        }
        duration = f"PT{chaos.duration_minutes}M"
        self.templates = {
            "added-latency": self._template(
                config,
                "AddedLatency",
                description=(
                    f"{chaos.added_latency_ms} ms added to {chaos.latency_percent}% of invocations, up to {duration}"
                ),
                action_id="aws:lambda:invocation-add-delay",
                parameters={
                    "duration": duration,
                    "invocationPercentage": str(chaos.latency_percent),
                    "startupDelayMilliseconds": str(chaos.added_latency_ms),
                },
                stop_conditions=stop_conditions,
                targets=targets,
            ),
            "invocation-errors": self._template(
                config,
                "InvocationErrors",
                description=f"{chaos.error_percent}% of invocations fail without running the handler, up to {duration}",
                action_id="aws:lambda:invocation-error",
                parameters={
                    "duration": duration,
                    "invocationPercentage": str(chaos.error_percent),
                    "preventExecution": "true",
                },
                stop_conditions=stop_conditions,
                targets=targets,
            ),
        }

    def _configuration_bucket(self, config: ServiceConfig) -> s3.Bucket:
        bucket = s3.Bucket(
            self,
            "Configuration",
            encryption=s3.BucketEncryption.S3_MANAGED,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            enforce_ssl=True,
            versioned=False,
            # FIS deletes an experiment's configuration when it ends; this cleans up after an interrupted one.
            lifecycle_rules=[s3.LifecycleRule(expiration=Duration.days(1))],
            removal_policy=RemovalPolicy.DESTROY,
        )
        acknowledge(
            bucket,
            "AwsSolutions-S1",
            "The bucket only holds the fault configuration FIS writes during an experiment and deletes after it; "
            "FIS records every experiment's actions itself, so access logs would add nothing.",
        )
        return bucket

    def _attach_extension(self, config: ServiceConfig, function: lambda_.Function) -> None:
        layer_arn = ssm.StringParameter.value_for_string_parameter(
            self, EXTENSION_PARAMETER.format(architecture=config.architecture)
        )
        function.add_layers(lambda_.LayerVersion.from_layer_version_arn(self, "FisExtension", layer_arn))
        function.add_environment("AWS_FIS_CONFIGURATION_LOCATION", f"{self.bucket.bucket_arn}/{CONFIG_PREFIX}/")
        function.add_environment("AWS_LAMBDA_EXEC_WRAPPER", EXTENSION_WRAPPER)
        function.add_to_role_policy(
            iam.PolicyStatement(
                actions=["s3:ListBucket"],
                resources=[self.bucket.bucket_arn],
                conditions={"StringLike": {"s3:prefix": [f"{CONFIG_PREFIX}/*"]}},
            )
        )
        function.add_to_role_policy(
            iam.PolicyStatement(actions=["s3:GetObject"], resources=[self.bucket.arn_for_objects(f"{CONFIG_PREFIX}/*")])
        )
        if function.role is not None:
            acknowledge(
                function.role,
                f"AwsSolutions-IAM5[Resource::<{self._bucket_logical_id()}.Arn>/{CONFIG_PREFIX}/*]",
                "The FIS extension reads whichever fault configuration an experiment writes under its prefix; "
                "the object names are chosen by FIS per experiment.",
            )

    def _experiment_role(self, config: ServiceConfig, function: lambda_.Function) -> iam.Role:
        stack = Stack.of(self)
        experiments = f"arn:{stack.partition}:fis:{stack.region}:{stack.account}:experiment/*"
        role = iam.Role(
            self,
            "ExperimentRole",
            description=f"Runs the {config.stack_name} FIS experiments on its function",
            assumed_by=iam.ServicePrincipal(
                "fis.amazonaws.com",
                conditions={
                    "StringEquals": {"aws:SourceAccount": stack.account},
                    "ArnLike": {"aws:SourceArn": experiments},
                },
            ),
        )
        role.add_to_policy(
            iam.PolicyStatement(
                actions=["s3:PutObject", "s3:DeleteObject"],
                resources=[self.bucket.arn_for_objects(f"{CONFIG_PREFIX}/*")],
            )
        )
        role.add_to_policy(iam.PolicyStatement(actions=["lambda:GetFunction"], resources=[function.function_arn]))
        acknowledge(
            role,
            f"AwsSolutions-IAM5[Resource::<{self._bucket_logical_id()}.Arn>/{CONFIG_PREFIX}/*]",
            "FIS writes and deletes one fault configuration object per experiment under the prefix, named by FIS.",
        )
        return role

    def _bucket_logical_id(self) -> str:
        return Stack.of(self).get_logical_id(self.bucket.node.default_child)  # type: ignore[arg-type]

    def _template(
        self,
        config: ServiceConfig,
        construct_id: str,
        *,
        description: str,
        action_id: str,
        parameters: dict[str, str],
        stop_conditions: list[fis.CfnExperimentTemplate.ExperimentTemplateStopConditionProperty],
        targets: dict[str, fis.CfnExperimentTemplate.ExperimentTemplateTargetProperty],
    ) -> fis.CfnExperimentTemplate:
        return fis.CfnExperimentTemplate(
            self,
            construct_id,
            description=f"{config.stack_name}: {description}",
            role_arn=self.role.role_arn,
            stop_conditions=stop_conditions,
            targets=targets,
            actions={
                construct_id: fis.CfnExperimentTemplate.ExperimentTemplateActionProperty(
                    action_id=action_id, parameters=parameters, targets={"Functions": TARGET}
                )
            },
            tags={"Name": f"{config.stack_name}-{construct_id}"},
        )
