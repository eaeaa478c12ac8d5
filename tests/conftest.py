"""Shared fixtures: bake the template, build the kit's wheels, run a baked project's own make targets.

Every bake installs the kit from wheels built here from ``kit/`` in this session, found through
``PIP_FIND_LINKS`` (appended to whatever the machine sets): nothing is published, and what a test
installs is what a user's ``make install`` installs.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bench import kit_wheels as kit_wheels_module

TEMPLATE_DIR = Path(__file__).resolve().parents[1]
KIT_DIR = TEMPLATE_DIR / "kit"
# The kit's standard-library helpers (interpreter finder, docs-path checker) from its sources: the
# template's environment does not install the kit, each bake does.
sys.path.append(str(KIT_DIR / "src"))
from lambda_service_kit.tools.build_lambda_asset import find_interpreter  # noqa: E402

__all__ = ["find_interpreter"]
# jsii prints a banner on every run under Node.js 20; the CDK still works there.
QUIET_NODE = {"JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "20"}


@pytest.fixture(scope="session", autouse=True)
def kit_wheels(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Build the kit's wheels and let every pip of this session (bakes, demo, bench) find them."""
    wheels = kit_wheels_module.build(tmp_path_factory.mktemp("kit-wheels"))
    previous = os.environ.get("PIP_FIND_LINKS")
    os.environ["PIP_FIND_LINKS"] = " ".join(filter(None, [previous, str(wheels)]))
    yield wheels
    if previous is None:
        del os.environ["PIP_FIND_LINKS"]
    else:
        os.environ["PIP_FIND_LINKS"] = previous


@pytest.fixture(scope="session")
def kit_version(kit_wheels: Path) -> str:
    """The version the kit's wheels are built at (both are: tests/test_kit_release.py shows it)."""
    (wheel,) = kit_wheels.glob("lambda_service_kit-*.whl")
    return wheel.name.split("-")[1]


@dataclass(frozen=True)
class SharedEnvironment:
    """A Python virtualenv and a CDK CLI installed once, by a real `make install`, used by every bake."""

    venv: Path
    cdk: Path

    def make_variables(self) -> list[str]:
        return [f"VENV={self.venv}", f"CDK={self.cdk}"]

    def adopt(self, project: Path) -> None:
        """Add ``project``'s locked runtime dependencies (they differ by tracing option) to the environment,
        and give it the environment's npm packages."""
        pip = [str(self.venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        requirements = project / "requirements" / "runtime.txt"
        subprocess.run([*pip, "--requirement", str(requirements)], check=True, capture_output=True)
        # The npm packages `npm ci` would install: the CDK CLI, and Mermaid for `make docs`.
        node_modules = project / "node_modules"
        if not node_modules.exists():
            node_modules.symlink_to(self.cdk.parent.parent, target_is_directory=True)


def run_cookiecutter(output_dir: Path, **answers: str) -> subprocess.CompletedProcess[str]:
    """The cookiecutter CLI as a user runs it, with --no-input and ``name=value`` answers."""
    command = [sys.executable, "-m", "cookiecutter", "--no-input", "--output-dir", str(output_dir), str(TEMPLATE_DIR)]
    answer_arguments = [f"{key}={value}" for key, value in answers.items()]
    return subprocess.run([*command, *answer_arguments], capture_output=True, text=True, check=False)


def bake(output_dir: Path, **answers: str) -> Path:
    """Bake with the CLI; return the project folder."""
    completed = run_cookiecutter(output_dir, **answers)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    (project,) = [path for path in output_dir.iterdir() if path.is_dir()]
    return project


def run_make(project: Path, *targets: str, shared: SharedEnvironment | None = None) -> str:
    variables = shared.make_variables() if shared else []
    completed = subprocess.run(
        ["make", "--no-print-directory", "-C", str(project), *targets, *variables],
        capture_output=True,
        text=True,
        env={**os.environ, **QUIET_NODE},
        check=False,
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, f"make {' '.join(targets)} failed in {project.name}:\n{output[-6000:]}"
    return output


@pytest.fixture(scope="session")
def default_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default bake, installed with its own `make install`, as a new user would do it."""
    project = bake(tmp_path_factory.mktemp("default"))
    run_make(project, "install")
    return project


@pytest.fixture(scope="session")
def shared_environment(default_project: Path) -> SharedEnvironment:
    return SharedEnvironment(
        venv=default_project / ".venv",
        cdk=default_project / "node_modules" / ".bin" / "cdk",
    )
