"""``make synth`` without the CDK CLI: run the app as ``cdk synth`` runs it, with one Node.js process fewer.

For synth, the CLI (a Node.js process of about 220 MiB) only merges the context, runs cdk.json's ``app``
command with ``CDK_OUTDIR`` and ``CDK_CONTEXT_JSON`` set, and reads back what the app wrote: missing
context, error annotations and the validation report (cdk-nag), any of which fails synth. This does the
same from Python; the app still talks to its own jsii Node.js process. The kit's ``tests/tools/test_synth.py``
checks that the cloud assembly is the one ``cdk synth`` writes.

What only the CLI can do: context lookups (``Vpc.from_lookup`` and the like) need AWS credentials, so when
the app reports missing context this hands over to ``cdk synth``, which looks the values up and caches
them in cdk.context.json; the next run finds them there. ``make deploy`` and ``make diff`` use the CLI.

    service-kit synth [--output cdk.out] [--cdk node_modules/.bin/cdk]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

USER_SETTINGS = Path.home() / ".cdk.json"
# V8's young generation grows to 3 x 16 MiB by default; 1 MiB semi-spaces keep the jsii kernel about 35 MiB
# smaller, at no measurable CPU cost for this app.
JSII_NODE_OPTIONS = "--max-semi-space-size=1"
# Written by the app when validation plugins ran; read, like the CLI does, to fail synth on a finding.
VALIDATION_REPORTS = ("validation-report.json", "policy-validation-report.json")
ANNOTATION_LABELS = {"aws:cdk:error": "Error", "aws:cdk:warning": "Warning", "aws:cdk:info": "Info"}


def read_json(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def synth_context(settings: dict[str, Any], *, project_context: dict[str, Any], user_context: dict[str, Any]) -> dict:
    """The context ``cdk synth`` gives the app: cdk.json's over cdk.context.json's over ~/.cdk.json's,
    plus the keys the CLI derives from cdk.json's settings (aws-cdk CLI 2.1148, ``contextFromSettings``)."""
    context = {**user_context, **project_context, **settings.get("context", {})}
    if settings.get("pathMetadata", True):
        context["aws:cdk:enable-path-metadata"] = True
    if settings.get("assetMetadata", True):
        context["aws:cdk:enable-asset-metadata"] = True
    if settings.get("versionReporting", True):
        context["aws:cdk:version-reporting"] = True
    else:
        context["aws:cdk:disable-version-reporting"] = True
    if not settings.get("staging", True):
        context["aws:cdk:disable-asset-staging"] = True
    context["aws:cdk:bundling-stacks"] = settings.get("bundlingStacks", ["**"])
    return context


def app_environment(context: dict[str, Any], output: Path, base: dict[str, str]) -> dict[str, str]:
    """``base`` with what the app reads from the CLI, the project's Python first on PATH (as under make),
    and the jsii kernel's memory setting unless NODE_OPTIONS already sets it."""
    node_options = base.get("NODE_OPTIONS", "")
    if "--max-semi-space-size" not in node_options:
        node_options = f"{node_options} {JSII_NODE_OPTIONS}".strip()
    return {
        **base,
        "CDK_OUTDIR": str(output),
        "CDK_CONTEXT_JSON": json.dumps(context),
        "NODE_OPTIONS": node_options,
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), base.get("PATH", "")]),
    }


def missing_context(output: Path) -> list[str]:
    """Context keys the app asked for and did not get (lookups), from the cloud assembly's manifest."""
    return [entry["key"] for entry in read_json(output / "manifest.json").get("missing", [])]


def annotations(output: Path) -> list[tuple[str, str, str]]:
    """(label, construct path, message) of every error, warning and info the app attached to a construct."""
    found = []
    for artifact in read_json(output / "manifest.json").get("artifacts", {}).values():
        metadata = dict(artifact.get("metadata", {}))
        if "additionalMetadataFile" in artifact:
            metadata.update(read_json(output / artifact["additionalMetadataFile"]))
        for path, entries in metadata.items():
            found += [
                (ANNOTATION_LABELS[entry["type"]], path, str(entry["data"]))
                for entry in entries
                if entry["type"] in ANNOTATION_LABELS
            ]
    return found


def failed_validations(output: Path) -> list[str]:
    """The validation plugins (cdk-nag's packs) whose report concludes in failure: the app itself exits 0."""
    reports = [read_json(output / name).get("pluginReports", []) for name in VALIDATION_REPORTS]
    return [
        report["pluginName"]
        for plugin_reports in reports
        for report in plugin_reports
        if report.get("conclusion") == "failure"
    ]


def stacks(output: Path) -> list[str]:
    artifacts = read_json(output / "manifest.json").get("artifacts", {})
    return sorted(name for name, artifact in artifacts.items() if artifact["type"] == "aws:cloudformation:stack")


def synth_with_cli(project: Path, output: Path, cdk: Path) -> int:
    executable = shutil.which(str(cdk))
    if executable is None:
        print(f"error: the app needs context lookups, which need the CDK CLI: {cdk} not found", file=sys.stderr)
        return 2
    command = [executable, "synth", "--quiet", "--output", str(output)]
    return subprocess.run(command, cwd=project, check=False).returncode


def synth(project: Path, output: Path, *, cdk: Path) -> int:
    """Run ``project``'s app into ``output`` as ``cdk synth`` would; report its annotations; 0 when it synthesized."""
    settings = read_json(project / "cdk.json")
    context = synth_context(
        settings,
        project_context=read_json(project / "cdk.context.json"),
        user_context=read_json(USER_SETTINGS).get("context", {}),
    )
    output.mkdir(parents=True, exist_ok=True)
    for name in VALIDATION_REPORTS:
        (output / name).unlink(missing_ok=True)  # a report left by an earlier run must not decide this one
    environment = app_environment(context, output, dict(os.environ))
    completed = subprocess.run(settings["app"], shell=True, cwd=project, env=environment, check=False)  # noqa: S602
    if completed.returncode != 0:
        return completed.returncode
    if missing := missing_context(output):
        print(f"The app looks up {', '.join(missing)}: handing over to `cdk synth`.", file=sys.stderr)
        return synth_with_cli(project, output, cdk)
    found = annotations(output)
    for label, path, message in found:
        print(f"[{label} at {path}] {message}", file=sys.stderr)
    failed = failed_validations(output)
    if failed:
        print(f"Synthesis finished with errors: {', '.join(failed)} found what is printed above", file=sys.stderr)
    if failed or any(label == "Error" for label, _, _ in found):
        return 1
    print(f"Synthesized {', '.join(stacks(output))} to {output}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=Path.cwd(), help="the service's folder (cdk.json)")
    parser.add_argument("--output", type=Path, help="the cloud assembly folder (default: <project>/cdk.out)")
    parser.add_argument("--cdk", type=Path, help="the CDK CLI, for context lookups (default: the project's)")
    args = parser.parse_args(argv)
    project = args.project.resolve()
    cdk = args.cdk or project / "node_modules/.bin/cdk"
    return synth(project, (args.output or project / "cdk.out").resolve(), cdk=cdk)


if __name__ == "__main__":
    sys.exit(main())
