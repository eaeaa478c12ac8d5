"""The local API server over real HTTP: the events it builds, the responses it returns, how it fails."""

from __future__ import annotations

import base64
import json
import time
from pathlib import Path

import pytest

from tests.tools.local_api.conftest import Served


def test_requests_become_rest_proxy_events(served: Served) -> None:
    response = served.client.get(
        "things/echo?tag=a&tag=b&single=1", headers=[("X-Tag", "one"), ("X-Tag", "two"), ("User-Agent", "tests")]
    )

    assert response.status_code == 200
    event = response.json()["event"]
    assert event["resource"] == "/things/{action}"
    assert event["path"] == "/things/echo"
    assert event["httpMethod"] == "GET"
    assert event["pathParameters"] == {"action": "echo"}
    assert event["queryStringParameters"] == {"tag": "b", "single": "1"}
    assert event["multiValueQueryStringParameters"] == {"tag": ["a", "b"], "single": ["1"]}
    assert event["multiValueHeaders"]["X-Tag"] == ["one", "two"]
    assert event["headers"]["X-Tag"] == "two"
    assert event["stageVariables"] == {"color": "blue"}
    assert event["body"] is None
    assert event["isBase64Encoded"] is False
    context = event["requestContext"]
    assert context["stage"] == "test"
    assert context["path"] == "/test/things/echo"
    assert context["resourcePath"] == "/things/{action}"
    assert context["identity"]["sourceIp"] == "127.0.0.1"
    assert context["identity"]["userAgent"] == "tests"
    assert context["requestId"] == response.headers["x-amzn-RequestId"]


def test_request_ids_differ_per_request(served: Served) -> None:
    first, second = (served.client.get("things/echo").json() for _ in range(2))

    assert first["event"]["requestContext"]["requestId"] != second["event"]["requestContext"]["requestId"]
    assert first["request_id"] != second["request_id"]


def test_bodies_are_text_unless_their_media_type_is_binary(served: Served) -> None:
    text = served.client.post("things/echo", content='{"name": "Zoë"}', headers={"Content-Type": "application/json"})
    binary = served.client.post(
        "things/echo", content=b"\x00\xff", headers={"Content-Type": "application/octet-stream"}
    )

    assert text.json()["event"]["body"] == '{"name": "Zoë"}'
    assert text.json()["event"]["isBase64Encoded"] is False
    assert binary.json()["event"]["isBase64Encoded"] is True
    assert base64.b64decode(binary.json()["event"]["body"]) == b"\x00\xff"


def test_proxy_responses_become_http_responses(served: Served) -> None:
    echoed = served.client.get("things/echo")
    binary = served.client.get("things/binary")

    assert echoed.headers.get_list("Set-Cookie") == ["a=1", "b=2"]
    assert echoed.headers["Content-Type"] == "application/json"
    assert binary.headers["Content-Type"] == "image/png"
    assert binary.content == b"\x89PNG"


def test_the_handler_sees_only_the_asset_and_the_standard_library(served: Served, fake_asset: Path) -> None:
    observed = served.client.get("things/echo").json()

    assert observed["sys_path"][0] == str(fake_asset)
    assert not [entry for entry in observed["sys_path"] if "site-packages" in entry]
    assert observed["importable"] == {"pytest": False, "werkzeug": False, "lambda_service_kit": False}


def test_the_handler_gets_the_template_environment_and_a_context(served: Served) -> None:
    observed = served.client.get("things/echo").json()

    environ = observed["environ"]
    assert environ["GREETING"] == "hi"
    assert "TABLE_NAME" not in environ  # a Ref: only known after deployment
    assert environ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] == "256"
    assert environ["AWS_LAMBDA_LOG_FORMAT"] == "JSON"
    assert environ["AWS_LAMBDA_LOG_LEVEL"] == "DEBUG"
    assert environ["AWS_REGION"] == "eu-west-1"
    assert 0 < observed["remaining_ms"] <= 2000


@pytest.mark.parametrize("action", ["crash", "raise", "malformed"])
def test_a_failing_function_gets_a_502_and_the_server_keeps_serving(served: Served, action: str) -> None:
    before = served.client.get("things/echo").json()["pid"]

    failed = served.client.get(f"things/{action}")
    after = served.client.get("things/echo")

    assert failed.status_code == 502
    assert failed.json() == {"message": "Internal server error"}
    assert failed.headers["x-amzn-ErrorType"] == "InternalServerErrorException"
    assert after.status_code == 200
    if action == "crash":
        assert after.json()["pid"] != before


def test_a_function_past_its_timeout_gets_a_502(served: Served) -> None:
    started = time.monotonic()
    response = served.client.get("things/sleep")

    assert response.status_code == 502
    assert time.monotonic() - started < 10
    assert served.client.get("things/echo").status_code == 200
    assert any("Task timed out after 2 seconds" in line for line in served.log_lines())


def test_unknown_routes_get_the_templates_gateway_response(served: Served) -> None:
    for path in ("nothing/here", "things", "/other-stage/things/echo"):
        response = served.client.get(path)

        assert response.status_code == 404
        assert response.headers["Content-Type"] == "application/problem+json"
        assert response.json() == {"title": "Missing Authentication Token", "id": response.headers["x-amzn-RequestId"]}


def test_json_logs_carry_the_functions_lines_errors_and_one_access_line_per_request(served: Served) -> None:
    served.client.get("things/echo")
    served.client.get("things/raise")

    records = [json.loads(line) for line in served.log_lines()]
    assert {"level": "INFO", "message": "handled", "action": "echo", "function": "Fn"}.items() <= next(
        record for record in records if record.get("message") == "handled"
    ).items()
    assert any(record["message"] == "a line that is not JSON" for record in records)
    error = next(record for record in records if record.get("errorType") == "RuntimeError")
    assert "boom" in "".join(error["stackTrace"])
    access = [record for record in records if "status" in record]
    assert [(record["method"], record["path"], record["status"]) for record in access] == [
        ("GET", "/test/things/echo", 200),
        ("GET", "/test/things/raise", 502),
    ]
