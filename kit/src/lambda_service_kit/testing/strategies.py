"""Hostile input for a service's property tests: whatever a client sends, a safe JSON answer.

``hostile_events(routes, max_body_bytes=...)`` draws API Gateway REST proxy events with arbitrary methods,
paths, headers, query strings and bodies: bodies around the function's size limit, invalid UTF-8, base64
flags that lie, deeply nested JSON and injection strings included. ``assert_safe_response(event, response)``
checks the answer: below 500, a JSON object carrying the request's correlation id, no stack trace, file
path or exception text.
"""

from __future__ import annotations

import json
import string
import uuid
from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

from hypothesis import strategies as st

from lambda_service_kit.testing.events import rest_event

EXPECTED_STATUSES = {200, 201, 400, 404, 413, 415, 422}
DEFAULT_MAX_BODY_BYTES = 16 * 1024
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
paths = st.sampled_from(["/", "", "/%2e%2e/", "//", "/../health"]) | st.text(max_size=60).map(lambda path: "/" + path)
queries = st.none() | st.dictionaries(
    st.text(max_size=15), st.lists(st.text(max_size=30), min_size=1, max_size=3), max_size=4
)


def oversized_bodies(max_body_bytes: int) -> st.SearchStrategy[str]:
    """JSON bodies from exactly ``max_body_bytes`` (accepted) to four times it, built from a length so Hypothesis
    need not draw every character."""
    return st.integers(1, 4).map(lambda factor: json.dumps({"name": "a" * (factor * max_body_bytes - 12)}))


@st.composite
def hostile_events(
    draw: st.DrawFn, routes: Sequence[tuple[str, str]], *, max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
) -> dict[str, Any]:
    """API Gateway REST proxy events with hostile parts; most aim at ``routes`` so bodies reach the parser.

    ``max_body_bytes`` is the function's body limit (``ApiConfig.max_body_bytes``): oversized bodies straddle it.
    """
    targets = st.one_of(st.sampled_from(list(routes)), st.sampled_from(list(routes)), st.tuples(methods, paths))
    headers = draw(st.dictionaries(header_names, st.text(max_size=60), max_size=5))
    content_type = draw(content_types)
    if content_type is not None:
        headers[draw(st.sampled_from(["Content-Type", "content-type", "CONTENT-TYPE"]))] = content_type
    body: str | bytes | None = draw(st.none() | text_bodies | oversized_bodies(max_body_bytes) | binary_bodies)
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
    """Below 500, a JSON object with the request's correlation id, revealing nothing of the implementation."""
    request_id = event["requestContext"]["requestId"]
    status = response["statusCode"]
    assert status in EXPECTED_STATUSES, f"unexpected status {status}: {response.get('body')!r}"
    body = json.loads(response["body"])
    assert isinstance(body, dict)
    assert response_header(response, "X-Correlation-Id") == request_id
    if status >= HTTPStatus.BAD_REQUEST:
        assert body["correlationId"] == request_id
        assert body["status"] == status
        assert response_header(response, "Content-Type") == "application/problem+json"
    sent = json.dumps(event)
    for leak in LEAKS:
        assert leak not in response["body"] or json.dumps(leak)[1:-1] in sent, f"response reveals {leak!r}"


def response_header(response: dict[str, Any], name: str) -> str:
    """A response header, whichever of the two header maps Powertools filled."""
    single = {key.lower(): value for key, value in (response.get("headers") or {}).items()}
    multi = {key.lower(): values for key, values in (response.get("multiValueHeaders") or {}).items()}
    if name.lower() in single:
        return str(single[name.lower()])
    return str(multi[name.lower()][0])
