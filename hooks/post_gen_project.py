"""Finish the generated project: drop files of options not chosen, print next steps.

No network, no installs, no git: generation must work offline and on any OS.
"""

from __future__ import annotations

import json
import sys

ANSWERS_JSON = r"""{{ cookiecutter | tojson }}"""


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
            "  make cost ENV=prod   # what the stack will cost, before you deploy it",
            "  make deploy ENV=dev",
            "",
            "README.md explains each step and how to extend the service.",
        ]
    )


def main() -> int:
    answers = json.loads(ANSWERS_JSON)
    print(next_steps(answers))
    return 0


if __name__ == "__main__":
    sys.exit(main())
