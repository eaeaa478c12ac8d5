"""A cold start imports only what a request needs: no CDK, no kit, no AWS SDK, and only the chosen tracing.

Seen from a fresh interpreter. Two libraries load part of botocore by themselves, and the Lambda runtime
always provides it: Powertools imports the bare ``botocore`` package (to tag AWS SDK calls), and the X-Ray
SDK imports ``botocore.session`` and ``botocore.client`` for its sampling-rules client (a sizeable part of a
cold start with ``xray``, one reason to prefer ``otel``). The handler must load nothing beyond what they do.
"""

from __future__ import annotations

import pytest
from fresh_interpreter import FreshInterpreter

# Prints which of the modules named in sys.argv[4:] (or their submodules) are loaded once the comma-separated
# modules of sys.argv[2] are imported, then once the handler's module (sys.argv[1]) is too, then once the
# module in sys.argv[3] (if any) is.
PROBE = """
import importlib, json, sys

handler_module, baseline, then, *candidates = sys.argv[1:]

def loaded():
    return sorted(
        name for name in sys.modules if any(name == wanted or name.startswith(wanted + ".") for wanted in candidates)
    )

for module in baseline.split(","):
    importlib.import_module(module)
by_baseline = loaded()
importlib.import_module(handler_module)
by_handler = loaded()
if then:
    importlib.import_module(then)
print(json.dumps({"baseline": by_baseline, "handler": by_handler, "then": loaded()}))
"""
POWERTOOLS = "aws_lambda_powertools"
BASELINE = {"otel": POWERTOOLS, "xray": f"{POWERTOOLS},aws_xray_sdk.core", "none": POWERTOOLS}
NEVER = ("aws_cdk", "jsii", "constructs", "lambda_service_kit", "boto3", "botocore", "hypothesis", "pytest")
NOT_WITH = {
    # The exporter sends UDP datagrams: no HTTP client, no protobuf.
    "otel": ("aws_xray_sdk", "requests", "urllib3", "google.protobuf", "opentelemetry.exporter"),
    # The tracer patches botocore when a client asks for it, not at import.
    "xray": ("opentelemetry", "aws_xray_sdk.ext"),
    "none": ("opentelemetry", "aws_xray_sdk"),
}
CHOSEN = {"otel": "opentelemetry.sdk.trace", "xray": "aws_xray_sdk.core", "none": "lambda_service_runtime.tracing.none"}


def probe(
    fresh_interpreter: FreshInterpreter, *candidates: str, tracing: str, baseline: str = POWERTOOLS, then: str = ""
) -> dict[str, list[str]]:
    handler_module = fresh_interpreter.handler.rpartition(".")[0]
    return fresh_interpreter.output(PROBE, handler_module, baseline, then, *candidates, tracing=tracing)


@pytest.mark.parametrize("tracing", sorted(NOT_WITH))
def test_the_handler_loads_nothing_a_request_does_not_need(fresh_interpreter: FreshInterpreter, tracing: str) -> None:
    loaded = probe(fresh_interpreter, *NEVER, *NOT_WITH[tracing], tracing=tracing, baseline=BASELINE[tracing])

    assert [name for name in loaded["handler"] if name not in loaded["baseline"]] == []


def test_powertools_alone_loads_no_more_of_botocore_than_the_package(fresh_interpreter: FreshInterpreter) -> None:
    assert set(probe(fresh_interpreter, *NEVER, tracing="none")["baseline"]) <= {"botocore"}


@pytest.mark.parametrize("tracing", sorted(CHOSEN))
def test_the_handler_loads_the_chosen_tracing(fresh_interpreter: FreshInterpreter, tracing: str) -> None:
    """The probe sees what the handler loads, so the checks of what it does not load can fail."""
    loaded = probe(fresh_interpreter, CHOSEN[tracing], tracing=tracing)

    assert loaded["baseline"] == []
    assert CHOSEN[tracing] in loaded["handler"]


def test_the_probe_sees_botocore_loaded_beyond_the_baseline(fresh_interpreter: FreshInterpreter) -> None:
    loaded = probe(fresh_interpreter, "botocore", tracing="none", then="botocore.session")

    assert "botocore.session" not in loaded["handler"]
    assert "botocore.session" in loaded["then"]
