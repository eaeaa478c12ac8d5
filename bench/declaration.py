"""What declaring routes costs: cold start and warm time per request of three ways to serve the same route.

    python -m bench.declaration --python <bake>/.venv/bin/python [--runs 15 --requests 3000]

The route is ``GET /greetings/{language}?name=``, its path and query validated by pydantic, behind the
kit's errors and observability (``lambda_handler``) in each variant:

- ``router``: a Powertools ``Router``, the endpoint validating its own inputs (the kit before decision 0012);
- ``contract``: the kit's ``Routes`` declaration (``lambda_service_runtime.contract``), which the OpenAPI
  document is written from;
- ``powertools-validation``: Powertools' own ``enable_validation=True`` with ``Annotated`` parameters,
  which brings its OpenAPI and validation modules into the function.

Each figure is the median of ``--runs`` fresh interpreters (import, first request) and of the warm loop;
runs are interleaved so the machine's load weighs on every variant alike. Decision 0012 records a run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

MODELS = """
from typing import Literal
from pydantic import BaseModel, ConfigDict, Field
Language = Literal["en", "fr", "es", "de"]
class Path_(BaseModel):
    language: Language
class Query(BaseModel):
    model_config = ConfigDict(extra="ignore")
    name: str = Field(min_length=1, max_length=100)
class Greeting(BaseModel):
    message: str
    language: Language
"""
VARIANTS = {
    "router": MODELS
    + """
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from lambda_service_runtime.api import lambda_handler, rest_api
from lambda_service_runtime.requests import parse_parameters
router = Router()
@router.get("/greetings/<language>")
def read(language: str) -> Response:
    path = parse_parameters({"language": language}, Path_, location="path")
    query = parse_parameters(router.current_event.query_string_parameters, Query, location="query")
    greeting = Greeting(message=f"Hello, {query.name}!", language=path.language)
    return Response(status_code=200, content_type="application/json", body=greeting.model_dump_json())
handler = lambda_handler(rest_api(router))
""",
    "contract": MODELS
    + """
from lambda_service_runtime.api import lambda_handler, rest_api
from lambda_service_runtime.contract import Routes
routes = Routes()
@routes.get("/greetings/{language}", path_parameters=Path_, query=Query, response=Greeting)
def read(path: Path_, query: Query) -> Greeting:
    return Greeting(message=f"Hello, {query.name}!", language=path.language)
handler = lambda_handler(rest_api(routes))
""",
    "powertools-validation": MODELS
    + """
from typing import Annotated
from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from aws_lambda_powertools.event_handler.openapi.params import Path as PathParam, Query as QueryParam
from lambda_service_runtime import errors
from lambda_service_runtime.api import lambda_handler
app = APIGatewayRestResolver(enable_validation=True)
errors.register(app)
@app.get("/greetings/<language>")
def read(
    language: Annotated[Language, PathParam()], name: Annotated[str, QueryParam(min_length=1, max_length=100)]
) -> Greeting:
    return Greeting(message=f"Hello, {name}!", language=language)
handler = lambda_handler(app)
""",
}
PROBE = """
import json, sys, time
started = time.perf_counter()
import variant
imported = time.perf_counter()
sys.path.insert(0, {kit_src!r})
from lambda_service_kit.testing.events import FakeLambdaContext, rest_event
event = rest_event("GET", "/greetings/fr", query={{"name": ["Ada"]}}, resource="/greetings/{{language}}",
                   path_parameters={{"language": "fr"}})
context = FakeLambdaContext()
before_first = time.perf_counter()
first = variant.handler(event, context)
first_done = time.perf_counter()
assert first["statusCode"] == 200, first
warm_started = time.perf_counter()
for _ in range({requests}):
    variant.handler(event, context)
warm = (time.perf_counter() - warm_started) / {requests}
print("RESULT " + json.dumps({{"import_ms": (imported - started) * 1000,
    "first_request_ms": (first_done - before_first) * 1000, "warm_us": warm * 1e6,
    "modules": len(sys.modules)}}))
"""


def measure(python: Path, *, runs: int, requests: int) -> dict[str, dict[str, float]]:
    kit_src = str(Path(__file__).resolve().parents[1] / "kit" / "src")
    samples: dict[str, list[dict[str, float]]] = {name: [] for name in VARIANTS}
    with tempfile.TemporaryDirectory(prefix="declaration-") as work:
        for name, source in VARIANTS.items():
            folder = Path(work) / name
            folder.mkdir()
            (folder / "variant.py").write_text(source)
            (folder / "probe.py").write_text(PROBE.format(kit_src=kit_src, requests=requests))
        environment = {
            **os.environ,
            "POWERTOOLS_SERVICE_NAME": "bench",
            "ENVIRONMENT": "bench",
            "POWERTOOLS_METRICS_NAMESPACE": "bench",
            "POWERTOOLS_LOG_LEVEL": "ERROR",
            "TRACING": "none",
        }
        for round_number in range(runs + 1):
            for name in VARIANTS:
                completed = subprocess.run(
                    [str(python), "-B", "probe.py"],
                    cwd=Path(work) / name,
                    env=environment,
                    capture_output=True,
                    text=True,
                    check=True,
                )
                line = next(line for line in completed.stdout.splitlines() if line.startswith("RESULT "))
                if round_number:  # the first round warms the file cache
                    samples[name].append(json.loads(line.removeprefix("RESULT ")))
    return {
        name: {key: round(statistics.median(run[key] for run in runs_of), 2) for key in runs_of[0]}
        for name, runs_of in samples.items()
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", type=Path, required=True, help="a bake's virtualenv python (kit installed)")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--requests", type=int, default=3000)
    args = parser.parse_args(argv)
    figures = measure(args.python, runs=args.runs, requests=args.requests)
    baseline = figures["router"]
    for name, figure in figures.items():
        ratios = ", ".join(f"{key} x{figure[key] / baseline[key]:.2f}" for key in ("import_ms", "warm_us"))
        print(f"{name:<22} {json.dumps(figure)}  ({ratios} vs router)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
