"""Prepare what the figures are measured on: baked projects, their environment, host assets, the runtime's SDK."""

from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bench.process import Measured, run

TEMPLATE_DIR = Path(__file__).resolve().parents[1]
BARE_HANDLER = Path(__file__).with_name("bare_handler.py")
# What the Lambda Python runtime puts on the path beside the function's code (tests/asset in the project).
RUNTIME_PROVIDED_MODULES = ("boto3", "botocore", "s3transfer", "jmespath", "dateutil", "six", "urllib3")
# jsii prints a banner on every run under Node.js 20; the CDK still works there.
QUIET_NODE = {"JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "20"}


@dataclass(frozen=True)
class Environment:
    """The generated project's virtualenv and CDK CLI."""

    venv: Path
    cdk: Path

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"

    def make_variables(self) -> list[str]:
        return [f"VENV={self.venv}", f"CDK={self.cdk}"]


def bake(output_dir: Path, **answers: str) -> tuple[Path, Measured]:
    """Bake the template with the cookiecutter CLI, as a user does; return the project and the timing."""
    output_dir.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "cookiecutter", "--no-input", "--output-dir", str(output_dir), str(TEMPLATE_DIR)]
    measured = run([*command, *(f"{key}={value}" for key, value in answers.items())])
    (project,) = [path for path in output_dir.iterdir() if path.is_dir()]
    return project, measured


def make(project: Path, *targets: str, environment: Environment | None = None, sample_tree: bool = False) -> Measured:
    """``make targets`` in ``project``, as a developer runs it (bytecode cached between runs)."""
    variables = environment.make_variables() if environment else []
    command = ["make", "--no-print-directory", "-C", str(project), *targets, *variables]
    shell = {**os.environ, **QUIET_NODE}
    shell.pop("PYTHONDONTWRITEBYTECODE", None)
    return run(command, env=shell, sample_tree=sample_tree)


def find_python(version: str) -> Path | None:
    """An interpreter of ``version`` (``"3.13"``) that runs: the newest under pyenv, else on PATH."""
    pyenv_root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    candidates = sorted(glob.glob(str(pyenv_root / "versions" / f"{version}.*" / "bin" / f"python{version}")))[::-1]
    on_path = shutil.which(f"python{version}")
    candidates += [on_path] if on_path else []
    for candidate in map(Path, candidates):
        try:
            if interpreter_version(candidate) == version:
                return candidate
        except (OSError, subprocess.CalledProcessError):
            continue
    return None


def interpreter_version(python: Path) -> str:
    completed = subprocess.run(
        [str(python), "-c", "import sys; print(f'{sys.version_info[0]}.{sys.version_info[1]}')"],
        capture_output=True,
        text=True,
        check=True,
    )
    return completed.stdout.strip()


def build_host_asset(
    project: Path, environment: Environment, *, python: Path, version: str, bytecode: bool = True
) -> Path:
    """The project's asset for this machine's architecture and ``version``, compiled by ``python``.

    ``bytecode=False``: every source and no bytecode, what ships when nothing is compiled (the builder
    otherwise ships dependencies as bytecode only, so removing ``__pycache__`` would not show that).
    """
    output = project / ".build" / (f"lambda-host-{version}" + ("" if bytecode else "-no-pyc"))
    script = (
        "from pathlib import Path; from tools.build_lambda_asset import Target, build_asset; "
        f"build_asset(target=Target(python_version={version!r}, architecture=Target.host().architecture), "
        f"output=Path({str(output)!r}), quiet=True, bytecode={bytecode!r})"
    )
    run([str(environment.python), "-c", script], cwd=project, env={**os.environ, "RUNTIME_PYTHON": str(python)})
    return output


def runtime_sdk(environment: Environment, destination: Path, pythons: list[Path]) -> Path:
    """A copy of the AWS SDK the Lambda runtime provides, with bytecode for each of ``pythons``.

    Copied (not linked) so that compiling it for another Python version leaves the project's
    environment alone; the Lambda runtime ships its SDK compiled.
    """
    if not destination.exists():
        script = (
            "import importlib.util, json; "
            f"specs = [importlib.util.find_spec(name) for name in {RUNTIME_PROVIDED_MODULES!r}]; "
            "print(json.dumps([[s.origin, bool(s.submodule_search_locations)] for s in specs]))"
        )
        completed = subprocess.run([str(environment.python), "-c", script], capture_output=True, text=True, check=True)
        staging = destination.with_name(destination.name + ".staging")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        for origin, is_package in json.loads(completed.stdout):
            source = Path(origin)
            if is_package:
                shutil.copytree(source.parent, staging / source.parent.name)
            else:
                shutil.copy2(source, staging / source.name)
        staging.rename(destination)
    for python in pythons:
        compile_bytecode(python, destination)
    return destination


def bare_handler_dir(destination: Path, python: Path) -> Path:
    destination.mkdir(parents=True, exist_ok=True)
    shutil.copy2(BARE_HANDLER, destination / BARE_HANDLER.name)
    compile_bytecode(python, destination)
    return destination


def without_bytecode(source: Path, destination: Path) -> Path:
    """A copy of ``source`` with no ``__pycache__``: what ships when nothing is compiled at build time."""
    if not destination.exists():
        shutil.copytree(source, destination, ignore=shutil.ignore_patterns("__pycache__"))
    return destination


def compile_bytecode(python: Path, root: Path) -> None:
    """What the asset builder does: bytecode that is never checked against the sources (read-only /var/task)."""
    subprocess.run(
        [str(python), "-m", "compileall", "-q", "-j", "0", "--invalidation-mode", "unchecked-hash", str(root)],
        check=True,
        capture_output=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": ""},
    )
