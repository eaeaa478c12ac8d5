"""Finish the generated project: keep the files of the options chosen, print next steps.

Each option's files are whole files; this hook renames the chosen one to its
generic name and removes the others. No network, no installs, no git:
generation must work offline and on any OS.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ANSWERS_JSON = r"""{{ cookiecutter | tojson }}"""
TRACING_OPTIONS = ("otel", "xray", "none")
API_AUTH_MODES = ("iam", "cognito", "none")
PUBLIC_API_WARNING = (
    "WARNING: api_auth=none: every route of this API is public. Anyone who finds its URL can call it;\n"
    "only the stage's throttling (and the web ACL, on in prod) stands in the way. See SECURITY.md."
)


def keep_variant(folder: Path, pattern: str, chosen: str, options: tuple[str, ...]) -> None:
    """Rename ``pattern`` formatted with ``chosen`` to ``pattern`` without its variant; delete the rest."""
    generic = folder / pattern.replace("-{}", "").replace("_{}", "")
    for option in options:
        variant = folder / pattern.format(option)
        if option == chosen:
            variant.replace(generic)
        else:
            variant.unlink()


def select_tracing(project: Path, package: str, tracing: str) -> None:
    keep_variant(project / "src" / package, "tracing_{}.py", tracing, TRACING_OPTIONS)
    keep_variant(project / "tests" / "unit", "test_tracing_{}.py", tracing, TRACING_OPTIONS)
    keep_variant(project / "requirements", "runtime-{}.in", tracing, TRACING_OPTIONS)
    keep_variant(project / "requirements", "runtime-{}.txt", tracing, TRACING_OPTIONS)
    if tracing != "otel":
        (project / "src" / package / "xray_udp_exporter.py").unlink()
        (project / "tests" / "unit" / "test_xray_udp_exporter.py").unlink()


def remove_unchosen_api_auth(project: Path, chosen: str) -> None:
    """Keep only the chosen authorization strategy and its tests (infra/constructs/auth_<mode>.py)."""
    for mode in API_AUTH_MODES:
        if mode != chosen:
            (project / "infra" / "constructs" / f"auth_{mode}.py").unlink()
            (project / "tests" / "infra" / f"test_auth_{mode}.py").unlink()


def next_steps(answers: dict[str, str]) -> str:
    return "\n".join(
        [
            f"Created {answers['project_slug']}/ ({answers['python_runtime']}, {answers['architecture']}, "
            f"{answers['aws_region']}, tracing: {answers['tracing']}).",
            "",
            "Next steps:",
            f"  cd {answers['project_slug']}",
            "  make install     # virtualenv, Python dependencies and the pinned CDK CLI",
            "  make test        # unit, asset and infrastructure tests",
            "  make synth       # CloudFormation templates into cdk.out/",
            "  make cost ENV=prod   # what the stack will cost, before you deploy it",
            "  make deploy ENV=dev",
            "",
            "README.md explains each step and how to extend the service.",
        ]
    )


def main() -> int:
    answers = json.loads(ANSWERS_JSON)
    select_tracing(Path.cwd(), answers["package_name"], answers["tracing"])
    remove_unchosen_api_auth(Path.cwd(), answers["api_auth"])
    print(next_steps(answers))
    if answers["api_auth"] == "none":
        print("\n" + PUBLIC_API_WARNING)
    return 0


if __name__ == "__main__":
    sys.exit(main())
