"""The ``api_auth`` answer picks one strategy from a static table; each passes cdk-nag on the example stack."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import aws_cdk as cdk
import pytest

from lambda_service_kit.config import API_AUTH_MODES, ServiceConfig
from lambda_service_kit.constructs.auth import STRATEGIES, api_authorization, unknown_route_status
from lambda_service_kit.constructs.auth.cognito import CognitoAuthorization
from lambda_service_kit.constructs.auth.iam import IamAuthorization
from lambda_service_kit.constructs.auth.none import NoAuthorization
from lambda_service_kit.routes import Route

from tests.constructs.auth.conftest import Synthesized
from tests.constructs.cloudformation import gateway_responses, methods_by_route

STRATEGY_TYPES = {"iam": IamAuthorization, "cognito": CognitoAuthorization, "none": NoAuthorization}


def test_every_answer_has_a_strategy() -> None:
    assert set(STRATEGIES) == set(API_AUTH_MODES) == set(STRATEGY_TYPES)


@pytest.mark.parametrize("api_auth", API_AUTH_MODES)
def test_the_answer_builds_its_strategy(
    api_auth: str, synthesized_with: Callable[[str, ServiceConfig], Synthesized], config: ServiceConfig
) -> None:
    chosen = synthesized_with(api_auth, config).config

    strategy = api_authorization(cdk.Stack(cdk.App(), "Probe"), "Auth", config=chosen)

    assert isinstance(strategy, STRATEGY_TYPES[api_auth])
    assert int(strategy.unknown_route_status) == unknown_route_status(api_auth)


@pytest.mark.parametrize("api_auth", API_AUTH_MODES)
def test_the_gateway_answers_unknown_routes_with_the_strategys_status(
    api_auth: str, synthesized_with: Callable[[str, ServiceConfig], Synthesized], config: ServiceConfig
) -> None:
    template = synthesized_with(api_auth, config).template

    status = gateway_responses(template)["MISSING_AUTHENTICATION_TOKEN"]["StatusCode"]
    assert int(status) == unknown_route_status(api_auth)


@pytest.mark.parametrize("api_auth", API_AUTH_MODES)
def test_public_routes_stay_public_whatever_the_strategy(
    api_auth: str,
    synthesized_with: Callable[[str, ServiceConfig], Synthesized],
    config: ServiceConfig,
    example_routes: Sequence[Route],
) -> None:
    methods = methods_by_route(synthesized_with(api_auth, config).template)

    for route in example_routes:
        if route.public:
            assert methods[(route.method, route.path)]["AuthorizationType"] == "NONE"
            assert "AuthorizerId" not in methods[(route.method, route.path)]


def unacknowledged(report: dict[str, Any]) -> list[str]:
    return [
        f"{violation['ruleName']} at {construct['constructPath']}"
        for plugin in report["pluginReports"]
        for violation in plugin["violations"]
        for construct in violation["violatingConstructs"]
    ]


@pytest.mark.parametrize("api_auth", API_AUTH_MODES)
def test_every_strategy_leaves_no_unacknowledged_finding(
    api_auth: str, synthesized_with: Callable[[str, ServiceConfig], Synthesized], config: ServiceConfig
) -> None:
    report = synthesized_with(api_auth, config).validation_report

    assert {plugin["pluginName"] for plugin in report["pluginReports"]} == {"AwsSolutions", "Serverless"}
    assert unacknowledged(report) == []
