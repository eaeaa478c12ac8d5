"""cdk-nag findings that the observability construct (issue 7) resolves: delete this file with it.

Access logging, execution logging and tracing of the stage and the function belong to the
observability feature; until it lands, each finding is acknowledged here, on its one resource.
"""

from __future__ import annotations

from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_lambda as lambda_

from infra.compliance import acknowledge

REASON = "added by the observability construct (issue 7)"
STAGE_RULES = (
    "AwsSolutions-APIG1",
    "AwsSolutions-APIG6",
    "Serverless-APIGWAccessLogging",
    "Serverless-APIGWXrayEnabled",
)
FUNCTION_RULES = ("Serverless-LambdaTracing",)


def acknowledge_pending_observability(*, stage: apigateway.Stage, function: lambda_.Function) -> None:
    for rule in STAGE_RULES:
        acknowledge(stage, rule, f"Stage logs and tracing: {REASON}.")
    for rule in FUNCTION_RULES:
        acknowledge(function, rule, f"Function tracing: {REASON}.")
