"""The function's output is JSON lines only, as CloudWatch Logs and `make local` get it.

Run as Lambda runs it: in a fresh interpreter, none of pytest's warning filters. Powertools warns through
``warnings`` when a request adds no metric ("No application metrics to publish", every ``GET /health``),
a plain-text line among the JSON ones unless the runtime filters it (``observability``).
"""

from __future__ import annotations

import json

import pytest
from fresh_interpreter import FreshInterpreter

from lambda_service_kit.testing.events import rest_event


def not_json(output: str) -> list[str]:
    lines = []
    for line in filter(str.strip, output.splitlines()):
        try:
            json.loads(line)
        except ValueError:
            lines.append(line)
    return lines


@pytest.mark.parametrize("tracing", ["otel", "xray", "none"])
def test_health_checks_write_only_json_lines(fresh_interpreter: FreshInterpreter, tracing: str) -> None:
    cold, warm = rest_event("GET", "/health"), rest_event("GET", "/health")

    invocation = fresh_interpreter.invoke([cold, warm], tracing=tracing)

    assert [response["statusCode"] for response in invocation.responses] == [200, 200]
    assert invocation.stdout.strip(), "the cold start's metric should have been written"
    assert not_json(invocation.stdout) == []
    assert not_json(invocation.stderr) == []
