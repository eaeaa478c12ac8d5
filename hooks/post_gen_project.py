"""Finish the generated project: keep the files of the options chosen, print next steps.

Each option's files are whole files; this hook renames the chosen one to its
generic name and removes the others; cookiecutter itself refuses an answer outside
a choice. No network, no installs, no git: generation must work offline and on any OS.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ANSWERS_JSON = r"""{{ cookiecutter | tojson }}"""
PUBLIC_API_WARNING = (
    "WARNING: api_auth=none: every route of this API is public. Anyone who finds its URL can call it;\n"
    "only the stage's throttling (and the web ACL, on in prod) stands in the way. See SECURITY.md."
)


def keep_chosen_variant(folder: Path, prefix: str, chosen: str) -> None:
    """Keep ``<prefix>-<chosen>.*`` as ``<prefix>.*``; delete every other ``<prefix>-<option>.*``."""
    for variant in sorted(folder.glob(f"{prefix}-*.*")):
        option, _, suffix = variant.name.removeprefix(f"{prefix}-").partition(".")
        if option == chosen:
            variant.replace(folder / f"{prefix}.{suffix}")
        else:
            variant.unlink()


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
    # The kit's runtime with the chosen tracing option's extra (requirements/runtime-<tracing>.in).
    keep_chosen_variant(Path.cwd() / "requirements", "runtime", answers["tracing"])
    print(next_steps(answers))
    if answers["api_auth"] == "none":
        print("\n" + PUBLIC_API_WARNING)
    return 0


if __name__ == "__main__":
    sys.exit(main())
