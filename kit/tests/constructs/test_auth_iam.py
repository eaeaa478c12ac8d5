"""`api_auth = "iam"`: every non-public route needs a SigV4-signed request."""

from __future__ import annotations

from aws_cdk.assertions import Template

from lambda_service_kit.routes import API_ROUTES


def test_non_public_methods_use_iam_and_public_ones_nothing(template: Template) -> None:
    methods = template.find_resources("AWS::ApiGateway::Method")
    by_method = {method["Properties"]["HttpMethod"]: method["Properties"] for method in methods.values()}

    for route in API_ROUTES:
        assert by_method[route.method]["AuthorizationType"] == ("NONE" if route.public else "AWS_IAM")
    assert template.find_resources("AWS::ApiGateway::Authorizer") == {}


def test_some_route_is_protected() -> None:
    assert any(not route.public for route in API_ROUTES)


def test_unsigned_requests_and_unknown_routes_are_403(template: Template) -> None:
    """An unsigned request and an unknown route are one gateway error: 403 for both."""
    responses = template.find_resources("AWS::ApiGateway::GatewayResponse").values()
    by_type = {response["Properties"]["ResponseType"]: response["Properties"] for response in responses}

    assert by_type["MISSING_AUTHENTICATION_TOKEN"]["StatusCode"] == "403"
