"""The REST API: one stage per environment, explicit routes, JSON errors from the gateway."""

from __future__ import annotations

import json

from aws_cdk import RemovalPolicy
from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from infra import lambda_defaults
from infra.config import ServiceConfig
from infra.routes import API_ROUTES

PROBLEM_CONTENT_TYPE = "application/problem+json"
# Gateway errors use the same shape as the function's (RFC 9457 plus the correlation id).
GATEWAY_PROBLEM_TEMPLATE = (
    '{"type":"about:blank","title":$context.error.messageString,'
    '"detail":$context.error.messageString,"correlationId":"$context.requestId"}'
)
# One JSON object per request; status and responseLatency unquoted so Logs Insights compares numbers.
ACCESS_LOG_FORMAT = (
    json.dumps(
        {
            "requestId": "$context.requestId",
            "extendedRequestId": "$context.extendedRequestId",
            "httpMethod": "$context.httpMethod",
            "resourcePath": "$context.resourcePath",
            "path": "$context.path",
            "status": "__STATUS__",
            "responseLatency": "__LATENCY__",
            "integrationLatency": "$context.integrationLatency",
            "integrationStatus": "$context.integrationStatus",
            "responseLength": "$context.responseLength",
            "errorType": "$context.error.responseType",
            "sourceIp": "$context.identity.sourceIp",
            "userAgent": "$context.identity.userAgent",
            "xrayTraceId": "$context.xrayTraceId",
            "requestTimeEpoch": "$context.requestTimeEpoch",
        },
        separators=(",", ":"),
    )
    .replace('"__STATUS__"', "$context.status")
    .replace('"__LATENCY__"', "$context.responseLatency")
)


class ServiceApi(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: ServiceConfig,
        handler: lambda_.IFunction,
    ) -> None:
        super().__init__(scope, construct_id)
        self.access_log_group = lambda_defaults.log_group(self, "AccessLogs", config=config)
        self.rest_api = apigateway.RestApi(
            self,
            "RestApi",
            rest_api_name=config.stack_name,
            description=config.description,
            endpoint_types=[apigateway.EndpointType.REGIONAL],
            # Access logs need API Gateway's account-wide CloudWatch role; it outlives the stack because
            # other APIs of the account rely on it too.
            cloud_watch_role=True,
            cloud_watch_role_removal_policy=RemovalPolicy.RETAIN,
            deploy_options=apigateway.StageOptions(
                stage_name=config.environment,
                throttling_rate_limit=config.api.throttling_rate_limit,
                throttling_burst_limit=config.api.throttling_burst_limit,
                metrics_enabled=True,
                tracing_enabled=config.tracing_enabled,
                access_log_destination=apigateway.LogGroupLogDestination(self.access_log_group),
                access_log_format=apigateway.AccessLogFormat.custom(ACCESS_LOG_FORMAT),
            ),
        )
        self.stage = self.rest_api.deployment_stage
        integration = apigateway.LambdaIntegration(handler, allow_test_invoke=False)
        for route in API_ROUTES:
            self.rest_api.root.resource_for_path(route.path).add_method(route.method, integration)
        self._add_gateway_responses()

    def _add_gateway_responses(self) -> None:
        templates = {PROBLEM_CONTENT_TYPE: GATEWAY_PROBLEM_TEMPLATE}
        headers = {"Content-Type": f"'{PROBLEM_CONTENT_TYPE}'"}
        # Without an authorizer, API Gateway reports an unknown route or method as a 403
        # "Missing Authentication Token"; callers deserve a 404.
        self.rest_api.add_gateway_response(
            "UnknownRoute",
            type=apigateway.ResponseType.MISSING_AUTHENTICATION_TOKEN,
            status_code="404",
            templates=templates,
            response_headers=headers,
        )
        for response_id, response_type in (
            ("Default4xx", apigateway.ResponseType.DEFAULT_4_XX),
            ("Default5xx", apigateway.ResponseType.DEFAULT_5_XX),
        ):
            self.rest_api.add_gateway_response(
                response_id, type=response_type, templates=templates, response_headers=headers
            )
