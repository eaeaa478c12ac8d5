"""`api_auth = "iam"`: every non-public route needs a SigV4-signed request."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest
from aws_cdk.assertions import Template

from lambda_service_kit.config import ServiceConfig
from lambda_service_kit.constructs.auth import unknown_route_status
from lambda_service_kit.routes import Route

from tests.constructs.auth.conftest import Synthesized
from tests.constructs.cloudformation import gateway_responses, methods_by_route


@pytest.fixture
def template(synthesized_with: Callable[[str, ServiceConfig], Synthesized], config: ServiceConfig) -> Template:
    return synthesized_with("iam", config).template


def test_non_public_methods_use_iam_and_public_ones_nothing(
    template: Template, example_routes: Sequence[Route]
) -> None:
    methods = methods_by_route(template)

    assert any(not route.public for route in example_routes), "the example protects a route"
    for route in example_routes:
        assert methods[(route.method, route.path)]["AuthorizationType"] == ("NONE" if route.public else "AWS_IAM")
    assert template.find_resources("AWS::ApiGateway::Authorizer") == {}
    assert template.find_resources("AWS::Cognito::UserPool") == {}


def test_unsigned_requests_and_unknown_routes_are_403(template: Template) -> None:
    """An unsigned request and an unknown route are one gateway error: 403 for both, so nothing tells them apart."""
    assert gateway_responses(template)["MISSING_AUTHENTICATION_TOKEN"]["StatusCode"] == "403"
    assert unknown_route_status("iam") == 403
