"""Bake the template with its defaults and show what you get.

Bakes into --output, runs the project's own `make install`, `make test` and
`make synth`, calls the API handler locally, then prints the stacks, their
resources, the endpoints each environment will serve and `make cost` for prod.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

TEMPLATE_DIR = Path(__file__).resolve().parents[1]
QUIET_NODE = {"JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "20"}


def step(title: str, command: list[str], cwd: Path) -> str:
    print(f"\n==> {title}: {' '.join(command)}", flush=True)
    started = time.perf_counter()
    completed = subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, env={**os.environ, **QUIET_NODE}, check=False
    )
    elapsed = time.perf_counter() - started
    if completed.returncode != 0:
        print(completed.stdout[-4000:] + completed.stderr[-4000:], file=sys.stderr)
        raise SystemExit(f"{title} failed (exit {completed.returncode})")
    print(f"    done in {elapsed:.1f} s")
    return completed.stdout


def routes(template: dict) -> list[tuple[str, str]]:
    resources = template["Resources"]
    found = []
    for resource in resources.values():
        if resource["Type"] != "AWS::ApiGateway::Method":
            continue
        properties = resource["Properties"]
        path_parts = []
        resource_ref = properties["ResourceId"].get("Ref")
        while resource_ref:
            node = resources[resource_ref]["Properties"]
            path_parts.insert(0, node["PathPart"])
            parent = node["ParentId"]
            resource_ref = parent.get("Ref") if isinstance(parent, dict) else None
        found.append((properties["HttpMethod"], "/" + "/".join(path_parts)))
    return sorted(found, key=lambda route: route[1])


def summarize(project: Path) -> None:
    manifest = json.loads((project / "cdk.out" / "manifest.json").read_text())
    stacks = {
        name: artifact
        for name, artifact in manifest["artifacts"].items()
        if artifact["type"] == "aws:cloudformation:stack"
    }
    for name, artifact in stacks.items():
        template = json.loads((project / "cdk.out" / artifact["properties"]["templateFile"]).read_text())
        region = artifact["environment"].rsplit("/", 1)[-1]
        stage = next(
            r["Properties"]["StageName"]
            for r in template["Resources"].values()
            if r["Type"] == "AWS::ApiGateway::Stage"
        )
        print(f"\nStack {name} ({region})")
        for resource_type, count in sorted(Counter(r["Type"] for r in template["Resources"].values()).items()):
            print(f"  {count:>2} x {resource_type}")
        print("  Endpoints (after `make deploy ENV=" + stage + "`):")
        for method, path in routes(template):
            print(f"    {method:<6} https://<api-id>.execute-api.{region}.amazonaws.com/{stage}{path}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=TEMPLATE_DIR / "build" / "demo")
    args = parser.parse_args()
    output = args.output.resolve()
    shutil.rmtree(output, ignore_errors=True)
    output.mkdir(parents=True)
    started = time.perf_counter()

    step(
        "Bake the template with its defaults",
        [sys.executable, "-m", "cookiecutter", "--no-input", "--output-dir", str(output), str(TEMPLATE_DIR)],
        output,
    )
    (project,) = [path for path in output.iterdir() if path.is_dir()]
    kit_wheels = sorted(path.name for path in (TEMPLATE_DIR / "kit" / "dist").glob("*.whl"))
    print(f"\n==> The platform kit, built from kit/ by `make kit`: {', '.join(kit_wheels) or 'none (run make kit)'}")
    step("Install the generated project (and the kit's wheels from kit/dist)", ["make", "install"], project)
    step("Run its tests", ["make", "test"], project)
    step("Synthesize its stacks", ["make", "synth"], project)
    for method, route, body in (
        ("GET", "/health", None),
        ("POST", "/greetings", '{"name": "Ada"}'),
        ("POST", "/greetings", '{"name": 42}'),
    ):
        command = ["make", "--no-print-directory", "invoke", f"METHOD={method}", f"ROUTE={route}"] + (
            [f"BODY={body}"] if body else []
        )
        response = step(f"Call {method} {route} locally", command, project)
        print("    " + response[response.rindex('{\n  "statusCode"') :].replace("\n", "\n    "))

    summarize(project)
    report = step(
        "Price the production stack before deploy", ["make", "--no-print-directory", "cost", "ENV=prod"], project
    )
    print("    " + report[report.index("Cost report") :].replace("\n", "\n    "))
    print(f"\nDemo finished in {time.perf_counter() - started:.0f} s. Your project: {project}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
