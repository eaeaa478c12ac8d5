"""Call a service's handler from its built asset, in an interpreter that sees nothing else.

What a service's asset test uses to show that its asset imports and serves its routes::

    responses = serve_from_asset(host_asset, handler="my_service.handlers.api.handler",
                                 events=[rest_event("GET", "/health")], environment=environ)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from lambda_service_kit.testing.events import FakeLambdaContext
from lambda_service_kit.tools.lambda_runtime_sdk import link_runtime_sdk

WORKER = Path(__file__).with_name("_asset_worker.py")


@dataclass(frozen=True)
class AssetRun:
    responses: list[dict[str, Any]]
    loaded_modules: frozenset[str]


def serve_from_asset(
    asset: Path, *, handler: str, events: Sequence[dict[str, Any]], environment: Mapping[str, str]
) -> AssetRun:
    """Invoke ``handler`` once per event with only the asset and the Lambda runtime's AWS SDK importable."""
    runtime_sdk = link_runtime_sdk(asset.with_name("lambda-runtime-sdk"))
    completed = subprocess.run(
        [sys.executable, "-I", "-S", str(WORKER), str(asset), str(runtime_sdk), handler],
        input=json.dumps({"context": _context_attributes(), "events": list(events)}),
        env={"PATH": os.environ.get("PATH", ""), **environment},
        cwd=asset,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise AssertionError(f"the handler failed in the asset:\n{completed.stderr[-4000:]}")
    result_line = next(line for line in completed.stdout.splitlines() if line.startswith("RESULT "))
    result = json.loads(result_line.removeprefix("RESULT "))
    return AssetRun(responses=result["responses"], loaded_modules=frozenset(result["loaded"]))


def _context_attributes() -> dict[str, Any]:
    """``FakeLambdaContext`` as data: the worker runs where the kit cannot be imported."""
    context = FakeLambdaContext()
    return {**asdict(context), "remaining_time_in_millis": context.get_remaining_time_in_millis()}
