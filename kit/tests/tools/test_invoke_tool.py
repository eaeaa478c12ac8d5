from __future__ import annotations

import json

import pytest

from lambda_service_kit.tools import invoke


def test_invokes_the_handler_with_the_dev_configuration(capsys: pytest.CaptureFixture[str]) -> None:
    invoke.main(["POST", "/greetings", '{"name": "Ada"}'])

    output = capsys.readouterr().out
    response = json.loads(output[output.rindex('{\n  "statusCode"') :])
    assert response == {"statusCode": 201, "body": {"message": "Hello, Ada!", "language": "en"}}
