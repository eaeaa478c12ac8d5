"""Bake an option set, move it to the newest versions its requirements allow, run its checks: fail loudly.

The scheduled workflow (.github/workflows/newest-versions.yml) runs this for the default and the
everything-on option sets, so an upstream release that breaks a generated service is caught here, before
a user meets it. What it does, in the baked project, as a user would:

1. ``make install`` (the locks as released), then ``make lock LOCK_FLAGS=--upgrade`` and ``make install``
   again: every Python dependency at the newest version requirements/*.in allow (the kit's own ranges);
2. the CDK CLI at npm's newest release (``npm install aws-cdk@latest``);
3. the bake's checks: ``make lint secrets test synth`` (synth runs cdk-nag on every stack).

It prints the versions that moved, and on a failure the check that failed and its output's end.

    python scripts/newest_versions.py default --output build/newest
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

TEMPLATE_DIR = Path(__file__).resolve().parents[1]
# Everything on: the authorization with the most resources (Cognito) and OpenTelemetry tracing.
OPTION_SETS: dict[str, dict[str, str]] = {
    "default": {},
    "everything-on": {"api_auth": "cognito", "tracing": "otel"},
}
CHECKS = ("lint", "secrets", "test", "synth")
TAIL_CHARACTERS = 6000


class CheckFailedError(RuntimeError):
    pass


def run(command: list[str], *, cwd: Path, what: str) -> str:
    completed = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    output = completed.stdout + completed.stderr
    if completed.returncode != 0:
        raise CheckFailedError(f"{what} failed ({' '.join(command)}):\n{output[-TAIL_CHARACTERS:]}")
    return output


def bake(option_set: str, output: Path) -> Path:
    answers = [f"{key}={value}" for key, value in OPTION_SETS[option_set].items()]
    target = output / option_set
    command = [sys.executable, "-m", "cookiecutter", "--no-input", "--overwrite-if-exists", "--output-dir", str(target)]
    run([*command, str(TEMPLATE_DIR), *answers], cwd=TEMPLATE_DIR, what="cookiecutter")
    (project,) = [path for path in target.iterdir() if path.is_dir()]
    return project


def locked(project: Path) -> dict[str, str]:
    pins = {}
    for lock in ("runtime.txt", "dev.txt"):
        for line in (project / "requirements" / lock).read_text(encoding="utf-8").splitlines():
            name, separator, version = line.partition("==")
            if separator:
                pins[name.strip()] = version.split()[0]
    return pins


def moved(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return [
        f"{name} {before.get(name, '-')} -> {version}"
        for name, version in sorted(after.items())
        if before.get(name) != version
    ]


def check_newest(option_set: str, output: Path) -> None:
    project = bake(option_set, output)
    run(["make", "install"], cwd=project, what="make install (the released locks)")
    before = locked(project)
    run(["make", "lock", "LOCK_FLAGS=--upgrade"], cwd=project, what="make lock (newest allowed versions)")
    run(["make", "install"], cwd=project, what="make install (the newest allowed versions)")
    run(["npm", "install", "--no-audit", "--no-fund", "aws-cdk@latest"], cwd=project, what="the newest CDK CLI")
    print(f"{option_set}: newest allowed versions:", *moved(before, locked(project)) or ["(none moved)"], sep="\n  ")
    print(run(["npx", "--no-install", "cdk", "--version"], cwd=project, what="cdk --version").strip())
    for check in CHECKS:
        run(["make", check], cwd=project, what=f"make {check}")
        print(f"{option_set}: make {check} passed")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("option_set", choices=sorted(OPTION_SETS))
    parser.add_argument("--output", type=Path, default=TEMPLATE_DIR / "build" / "newest")
    arguments = parser.parse_args(argv)
    # The kit's wheels from this checkout (make kit), found beside whatever links the machine has.
    links = os.environ.get("PIP_FIND_LINKS", "")
    os.environ["PIP_FIND_LINKS"] = " ".join(filter(None, [links, str(TEMPLATE_DIR / "kit" / "dist")]))
    try:
        check_newest(arguments.option_set, arguments.output.resolve())
    except CheckFailedError as error:
        print(f"::error title=newest versions break the {arguments.option_set} bake::{str(error).splitlines()[0]}")
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
