"""`service-kit invoke`: the service's handler called with a gateway-shaped event, in this process."""

from __future__ import annotations

import json

import pytest

from lambda_service_kit.config import ServiceDefinition
from lambda_service_kit.project import UnknownEnvironmentError
from lambda_service_kit.tools import invoke


def printed_response(output: str) -> dict:
    return json.loads(output[output.rindex('{\n  "statusCode"') :])


def test_a_route_answers_with_the_dev_configuration(
    example_service: ServiceDefinition, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(example_service.root)

    assert invoke.main(["POST", "/greetings", '{"name": "Ada"}']) == 0

    response = printed_response(capsys.readouterr().out)
    assert response == {"statusCode": 201, "body": {"message": "Hello, Ada!", "language": "en"}}


def test_a_lower_case_method_without_a_body_reaches_its_route(
    example_service: ServiceDefinition, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(example_service.root)

    assert invoke.main(["get", "/health"]) == 0

    assert printed_response(capsys.readouterr().out) == {"statusCode": 200, "body": {"status": "ok"}}


def test_an_unknown_environment_is_refused_naming_the_known_ones(
    example_service: ServiceDefinition, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(example_service.root)

    known = r"\(known: dev, staging, prod\)"
    with pytest.raises(UnknownEnvironmentError, match=rf"no environment 'qa' in infra\.config {known}"):
        invoke.main(["GET", "/health", "--env", "qa"])
