"""The REST API: one stage per environment, explicit routes, JSON errors from the gateway."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from aws_cdk import RemovalPolicy
from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from lambda_service_kit.config import ServiceConfig
from lambda_service_kit.constructs import lambda_defaults
from lambda_service_kit.constructs.auth import PUBLIC_ROUTE_ACKNOWLEDGEMENTS, ApiAuthorization
from lambda_service_kit.constructs.compliance import acknowledge
from lambda_service_kit.request_schemas import JSON_CONTENT_TYPE
from lambda_service_kit.routes import Route

PROBLEM_CONTENT_TYPE = "application/problem+json"
THROTTLED_STATUS = "429"
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
        routes: Sequence[Route],
        authorization: ApiAuthorization,
        log_encryption_key: kms.IKey | None = None,
    ) -> None:
        super().__init__(scope, construct_id)
        self.access_log_group = lambda_defaults.log_group(
            self, "AccessLogs", config=config, encryption_key=log_encryption_key
        )
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
        self._acknowledge_logging_choices()
        if not config.tracing_enabled:
            acknowledge(
                self.stage,
                "Serverless-APIGWXrayEnabled",
                "The service was generated with tracing=none: the stage records no trace, by choice.",
            )
        integration = apigateway.LambdaIntegration(handler, allow_test_invoke=False)
        # Parameters are validated too: the gateway refuses a request without the path parameters,
        # query strings or headers the route's declaration requires (API Gateway checks their presence;
        # the function checks their values against the same declaration).
        self._validator = self.rest_api.add_request_validator(
            "RequestValidator", validate_request_body=True, validate_request_parameters=True
        )
        for route in routes:
            if route.public:
                options = {"authorization_type": apigateway.AuthorizationType.NONE}
            else:
                options = authorization.method_options(route)
            options |= self._request_validation(route)
            method = self.rest_api.root.resource_for_path(route.path).add_method(route.method, integration, **options)
            accepted = PUBLIC_ROUTE_ACKNOWLEDGEMENTS if route.public else authorization.acknowledgements(route)
            for rule, reason in accepted:
                acknowledge(method, rule, reason)
        self._add_gateway_responses(unknown_route_status=authorization.unknown_route_status)

    def _acknowledge_logging_choices(self) -> None:
        acknowledge(
            self.stage,
            "AwsSolutions-APIG6",
            "Execution logging is off: the JSON access logs carry every request's status, latencies and error "
            "type, and execution logs would go to a log group API Gateway creates outside the stack, kept forever.",
        )
        acknowledge(
            self.stage,
            "Serverless-APIGWStructuredLogging",
            "The access log format is JSON once API Gateway fills in $context.status and "
            "$context.responseLatency, left unquoted so Logs Insights compares them as numbers.",
        )
        acknowledge(
            self.rest_api.node.find_child("CloudWatchRole"),
            "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]",
            "API Gateway's account-wide logging role uses the AWS managed policy AWS documents for it; access "
            "logs cannot be written without this role.",
        )

    def _request_validation(self, route: Route) -> dict[str, Any]:
        """The gateway refuses a request without its required parameters, or whose body is not the route's
        schema, before the function runs."""
        options: dict[str, Any] = {}
        if route.required_parameters:
            options["request_parameters"] = dict.fromkeys(route.required_parameters, True)
        if route.body_schema is None or route.request_schema is None:
            return options | ({"request_validator": self._validator} if options else {})
        model = self.rest_api.add_model(
            f"{route.body_schema}Model",
            model_name=route.body_schema,
            content_type=JSON_CONTENT_TYPE,
            schema=apigateway.JsonSchema(),
        )
        # The schema is JSON Schema draft-04 as API Gateway reads it: pass it through unchanged.
        model.node.default_child.add_property_override("Schema", dict(route.request_schema))  # type: ignore[union-attr]
        return options | {"request_validator": self._validator, "request_models": {JSON_CONTENT_TYPE: model}}

    def _add_gateway_responses(self, *, unknown_route_status: str) -> None:
        templates = {PROBLEM_CONTENT_TYPE: GATEWAY_PROBLEM_TEMPLATE}
        headers = {"Content-Type": f"'{PROBLEM_CONTENT_TYPE}'"}
        # API Gateway reports an unknown route or method as a 403 "Missing Authentication Token";
        # callers deserve a 404, unless IAM authorization reports unsigned requests the same way.
        # The stage's throttling (rate and burst from ApiConfig) answers 429, as a problem document too.
        for response_id, response_type, status_code in (
            ("UnknownRoute", apigateway.ResponseType.MISSING_AUTHENTICATION_TOKEN, unknown_route_status),
            ("Throttled", apigateway.ResponseType.THROTTLED, THROTTLED_STATUS),
            ("Default4xx", apigateway.ResponseType.DEFAULT_4_XX, None),
            ("Default5xx", apigateway.ResponseType.DEFAULT_5_XX, None),
        ):
            self.rest_api.add_gateway_response(
                response_id,
                type=response_type,
                status_code=status_code,
                templates=templates,
                response_headers=headers,
            )
