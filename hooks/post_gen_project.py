"""Finish the generated project: drop files of options not chosen, print next steps.

No network, no installs, no git: generation must work offline and on any OS.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ANSWERS_JSON = r"""{{ cookiecutter | tojson }}"""

API_AUTH_MODES = ("iam", "cognito", "none")
PUBLIC_API_WARNING = (
    "WARNING: api_auth=none: every route of this API is public. Anyone who finds its URL can call it;\n"
    "only the stage's throttling (and the web ACL, on in prod) stands in the way. See SECURITY.md."
)


def next_steps(answers: dict[str, str]) -> str:
    return "\n".join(
        [
            f"Created {answers['project_slug']}/ ({answers['python_runtime']}, {answers['architecture']}, "
            f"{answers['aws_region']}).",
            "",
            "Next steps:",
            f"  cd {answers['project_slug']}",
            "  make install     # virtualenv, Python dependencies and the pinned CDK CLI",
            "  make test        # unit, asset and infrastructure tests",
            "  make synth       # CloudFormation templates into cdk.out/",
            "  make deploy ENV=dev",
            "",
            "README.md explains each step and how to extend the service.",
        ]
    )


def remove_unchosen_api_auth(project: Path, chosen: str) -> None:
    """Keep only the chosen authorization strategy and its tests (infra/constructs/auth_<mode>.py)."""
    for mode in API_AUTH_MODES:
        if mode != chosen:
            (project / "infra" / "constructs" / f"auth_{mode}.py").unlink()
            (project / "tests" / "infra" / f"test_auth_{mode}.py").unlink()


def main() -> int:
    answers = json.loads(ANSWERS_JSON)
    remove_unchosen_api_auth(Path.cwd(), answers["api_auth"])
    print(next_steps(answers))
    if answers["api_auth"] == "none":
        print("\n" + PUBLIC_API_WARNING)
    return 0


if __name__ == "__main__":
    sys.exit(main())
