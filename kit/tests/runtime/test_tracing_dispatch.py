"""``TRACING`` chooses the tracing module at import: one module per option, only the chosen one loaded."""

from __future__ import annotations

import pytest
from fresh_interpreter import FreshInterpreter

OPTIONS = ("otel", "xray", "none")
CHOSEN = """
import json, sys
from lambda_service_runtime import tracing
print(json.dumps({
    "interface": {name: getattr(tracing, name).__module__ for name in tracing.__all__},
    "loaded": sorted(name for name in sys.modules if name.startswith("lambda_service_runtime.tracing.")),
}))
"""


@pytest.mark.parametrize("option", OPTIONS)
def test_the_tracing_interface_comes_from_the_chosen_module_alone(
    fresh_interpreter: FreshInterpreter, option: str
) -> None:
    chosen = fresh_interpreter.output(CHOSEN, tracing=option)

    module = f"lambda_service_runtime.tracing.{option}"
    assert chosen["interface"] == dict.fromkeys(
        ["instrument_aws_client", "record_exception", "span", "trace_request"], module
    )
    others = {f"lambda_service_runtime.tracing.{other}" for other in OPTIONS if other != option}
    assert module in chosen["loaded"]
    assert not others & set(chosen["loaded"])


def test_an_unknown_option_stops_the_function_at_import(fresh_interpreter: FreshInterpreter) -> None:
    completed = fresh_interpreter.run("import lambda_service_runtime.tracing", tracing="otel ")

    assert completed.returncode != 0
    assert "SettingsError: invalid environment variable TRACING='otel '" in completed.stderr
