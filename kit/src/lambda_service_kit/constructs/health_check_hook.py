"""CodeDeploy's pre-traffic hook: call the new version's ``GET /health`` before any traffic moves to it.

The hook's code is inline (no asset, no Docker): it invokes the version with the API Gateway event of
``GET /health`` and reports the outcome to CodeDeploy, which stops the deploy (and rolls back) on a failure.
"""

from __future__ import annotations

from aws_cdk import ArnFormat, Duration, Stack
from aws_cdk import aws_codedeploy as codedeploy
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from lambda_service_kit.config import ServiceConfig
from lambda_service_kit.constructs import lambda_defaults
from lambda_service_kit.constructs.compliance import acknowledge

HOOK_CODE = '''\
import json
import os

import boto3

codedeploy = boto3.client("codedeploy")
lambda_client = boto3.client("lambda")


def health_event():
    """The REST API's proxy event of GET /health, as API Gateway sends it."""
    return {
        "resource": "/health",
        "path": "/health",
        "httpMethod": "GET",
        "headers": {"Accept": "application/json"},
        "multiValueHeaders": {"Accept": ["application/json"]},
        "queryStringParameters": None,
        "multiValueQueryStringParameters": None,
        "pathParameters": None,
        "stageVariables": None,
        "body": None,
        "isBase64Encoded": False,
        "requestContext": {
            "resourcePath": "/health",
            "httpMethod": "GET",
            "path": "/" + os.environ["STAGE"] + "/health",
            "stage": os.environ["STAGE"],
            "requestId": "pre-traffic-health-check",
            "identity": {"sourceIp": "127.0.0.1", "userAgent": "codedeploy-pre-traffic-hook"},
        },
    }


def healthy():
    response = lambda_client.invoke(FunctionName=os.environ["NEW_VERSION"], Payload=json.dumps(health_event()))
    if response.get("FunctionError"):
        return False
    return json.loads(response["Payload"].read()).get("statusCode") == 200


def handler(event, context):
    try:
        status = "Succeeded" if healthy() else "Failed"
    except Exception as error:
        print(json.dumps({"message": "health check failed", "error": repr(error)}))
        status = "Failed"
    print(json.dumps({"message": "pre-traffic health check", "status": status, "version": os.environ["NEW_VERSION"]}))
    codedeploy.put_lifecycle_event_hook_execution_status(
        deploymentId=event["DeploymentId"],
        lifecycleEventHookExecutionId=event["LifecycleEventHookExecutionId"],
        status=status,
    )
'''


class HealthCheckHook(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: ServiceConfig,
        version: lambda_.IVersion,
        deployment_group: codedeploy.ILambdaDeploymentGroup,
        log_encryption_key: kms.IKey | None = None,
    ) -> None:
        super().__init__(scope, construct_id)
        log_group = lambda_defaults.log_group(self, "LogGroup", config=config, encryption_key=log_encryption_key)
        role = iam.Role(
            self,
            "Role",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description="Runs the pre-traffic hook",
        )
        log_group.grant_write(role)
        self.function = lambda_.Function(
            self,
            "Function",
            runtime=lambda_defaults.RUNTIMES[config.python_runtime],
            architecture=lambda_defaults.ARCHITECTURES[config.architecture],
            handler="index.handler",
            code=lambda_.Code.from_inline(HOOK_CODE),
            description=f"{config.service_name} pre-traffic health check ({config.environment})",
            role=role,
            log_group=log_group,
            memory_size=128,
            timeout=Duration.seconds(30),
            environment={"NEW_VERSION": version.function_arn, "STAGE": config.environment},
        )
        version.grant_invoke(role)
        # The hook may report on its own group's deployments only.
        role.add_to_policy(
            iam.PolicyStatement(
                actions=["codedeploy:PutLifecycleEventHookExecutionStatus"],
                resources=[
                    Stack.of(self).format_arn(
                        service="codedeploy",
                        resource="deploymentgroup",
                        resource_name=f"{deployment_group.application.application_name}/"
                        f"{deployment_group.deployment_group_name}",
                        arn_format=ArnFormat.COLON_RESOURCE_NAME,
                    )
                ],
            )
        )
        for rule, reason in (
            ("AwsSolutions-L1", "The hook runs on the service's Python runtime, the python_runtime answer."),
            (
                "Serverless-LambdaLatestVersion",
                "The hook runs on the service's Python runtime, the python_runtime answer.",
            ),
            ("Serverless-LambdaDLQ", "CodeDeploy invokes the hook and times the deploy out when it does not answer."),
            ("Serverless-LambdaTracing", "A health check that runs once per deploy; its log line says the outcome."),
            ("Serverless-LambdaDefaultMemorySize", "128 MB is enough to send one request and report its status."),
        ):
            acknowledge(self.function, rule, reason)
