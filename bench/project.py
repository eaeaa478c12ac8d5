"""Prepare what the figures are measured on: baked projects, their environment, host assets, the runtime's SDK.

Whatever the kit knows or does for a service (read service.toml, build an asset, find an interpreter of a
version, list what the Lambda runtime provides, the function's environment variables, shape a gateway event)
is asked of the kit installed in the project's environment.
"""

from __future__ import annotations

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


def python_version(python: str | Path) -> tuple[str, Path]:
    """The ``"major.minor"`` of ``python`` and the executable it runs as.

    The executable, not ``python`` itself: a launcher in front of an interpreter (a pyenv shim) would add
    its own start-up to every cold start measured.
    """
    script = "import sys; print(f'{sys.version_info[0]}.{sys.version_info[1]}'); print(sys.executable)"
    completed = subprocess.run([str(python), "-c", script], capture_output=True, text=True, check=True)
    version, executable = completed.stdout.split("\n", 1)
    return version, Path(executable.strip())


def find_runtime_python(environment: Environment, version: str) -> Path | None:
    """The interpreter of ``version`` the kit's asset builder compiles bytecode with (its ``find_interpreter``)."""
    script = (
        "import sys; from lambda_service_kit.tools.build_lambda_asset import find_interpreter; "
        "print(find_interpreter(sys.argv[1]) or '')"
    )
    found = _kit(environment, script, version)
    return python_version(found)[1] if found else None


def kit_events_module(environment: Environment) -> Path:
    """The kit's gateway-event builder and Lambda context (``lambda_service_kit.testing.events``), as a file.

    Standard library only: the probe loads this one file, so nothing else of the kit is on its path.
    """
    script = "import importlib.util; print(importlib.util.find_spec('lambda_service_kit.testing.events').origin)"
    return Path(_kit(environment, script))


def service_definition(project: Path, environment: Environment) -> dict[str, str]:
    """The answers of ``project``'s service.toml the figures depend on, as the kit reads them."""
    script = (
        "import json; from pathlib import Path; from lambda_service_kit.config import ServiceDefinition; "
        "service = ServiceDefinition.load(Path.cwd()); "
        "print(json.dumps({name: getattr(service, name) for name in ('package', 'python_runtime', 'architecture')}))"
    )
    answers: dict[str, str] = json.loads(_kit(environment, script, cwd=project))
    return answers


def function_environment(project: Path, environment: Environment, *, name: str) -> dict[str, str]:
    """The variables ``project``'s stack sets on the function of environment ``name`` (its infra/config.py)."""
    script = (
        "import json, sys; from lambda_service_kit.project import current_service, environment; "
        "print(json.dumps(environment(current_service(), sys.argv[1]).function_environment()))"
    )
    variables: dict[str, str] = json.loads(_kit(environment, script, name, cwd=project))
    return variables


def build_host_asset(
    project: Path, environment: Environment, *, python: Path, version: str, bytecode: bool = True
) -> Path:
    """The project's asset for this machine's architecture and ``version``, built by the kit and compiled by ``python``.

    ``bytecode=False``: every source and no bytecode, what ships when nothing is compiled (the builder
    otherwise ships dependencies as bytecode only, so removing ``__pycache__`` would not show that).
    """
    output = project / ".build" / (f"lambda-host-{version}" + ("" if bytecode else "-no-pyc"))
    script = (
        "import sys; from pathlib import Path; "
        "from lambda_service_kit.config import ServiceDefinition; "
        "from lambda_service_kit.tools.build_lambda_asset import Target, build_asset; "
        "target = Target(python_version=sys.argv[1], architecture=Target.host().architecture); "
        "build_asset(ServiceDefinition.load(Path.cwd()), target=target, output=Path(sys.argv[2]), quiet=True, "
        "bytecode=sys.argv[3] == 'bytecode')"
    )
    arguments = [version, str(output), "bytecode" if bytecode else "sources"]
    run(
        [str(environment.python), "-c", script, *arguments],
        cwd=project,
        env={**os.environ, "RUNTIME_PYTHON": str(python)},
    )
    return output


def runtime_sdk(environment: Environment, destination: Path, pythons: list[Path]) -> Path:
    """A copy of the AWS SDK the Lambda runtime provides (the kit's list), with bytecode for each of ``pythons``.

    Copied (not linked) so that compiling it for another Python version leaves the project's
    environment alone; the Lambda runtime ships its SDK compiled.
    """
    if not destination.exists():
        script = (
            "import importlib.util, json; "
            "from lambda_service_kit.tools.lambda_runtime_sdk import RUNTIME_PROVIDED_MODULES; "
            "specs = [importlib.util.find_spec(name) for name in RUNTIME_PROVIDED_MODULES]; "
            "print(json.dumps([[s.origin, bool(s.submodule_search_locations)] for s in specs]))"
        )
        staging = destination.with_name(destination.name + ".staging")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        for origin, is_package in json.loads(_kit(environment, script)):
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


def _kit(environment: Environment, script: str, *arguments: str, cwd: Path | None = None) -> str:
    """What ``script`` prints, run by the project's interpreter, where the kit is installed."""
    completed = subprocess.run(
        [str(environment.python), "-c", script, *arguments], cwd=cwd, capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        raise RuntimeError(f"{environment.python} -c {script!r} exited {completed.returncode}:\n{completed.stderr}")
    return completed.stdout.strip()
