"""Build the Lambda asset without Docker.

pip installs the locked runtime requirements as wheels for the function's
platform (``--platform``/``--python-version``/``--only-binary``), the service's
package is copied beside them, and everything is compiled to bytecode with the
runtime's Python version when such an interpreter is available (Lambda's
/var/task is read-only, so nothing is compiled after deploy). The result is
fingerprinted: unchanged inputs mean no rebuild.

    python -m tools.build_lambda_asset            # the asset CDK deploys
    python -m tools.build_lambda_asset --host     # one this machine can import, for tests
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from infra.config import ARCHITECTURE, LAMBDA_ASSET_DIR, PACKAGE_NAME, PYTHON_RUNTIME, RUNTIME_REQUIREMENTS, SOURCE_DIR

FINGERPRINT_FILE = ".fingerprint"
BUILDER_VERSION = "2"
# Amazon Linux 2023 (python3.12 and python3.13 runtimes) ships glibc 2.34.
MANYLINUX_TAGS = ("manylinux_2_34", "manylinux_2_28", "manylinux_2_17", "manylinux2014")
# The Lambda Python runtimes provide the AWS SDK: bundling it would only add weight.
PROVIDED_BY_RUNTIME = frozenset({"boto3", "botocore", "s3transfer"})
MACHINE_BY_ARCHITECTURE = {"arm64": "aarch64", "x86_64": "x86_64"}
ARCHITECTURE_BY_MACHINE = {"aarch64": "arm64", "arm64": "arm64", "x86_64": "x86_64", "amd64": "x86_64"}


@dataclass(frozen=True, kw_only=True)
class Target:
    python_version: str  # "3.13"
    architecture: str  # "arm64" or "x86_64"

    @classmethod
    def lambda_runtime(cls) -> Target:
        return cls(python_version=PYTHON_RUNTIME.removeprefix("python"), architecture=ARCHITECTURE)

    @classmethod
    def host(cls) -> Target:
        return cls(
            python_version=f"{sys.version_info.major}.{sys.version_info.minor}",
            architecture=ARCHITECTURE_BY_MACHINE[platform.machine().lower()],
        )

    @property
    def platform_tags(self) -> list[str]:
        machine = MACHINE_BY_ARCHITECTURE[self.architecture]
        return [f"{tag}_{machine}" for tag in MANYLINUX_TAGS]

    @property
    def abi(self) -> str:
        return "cp" + self.python_version.replace(".", "")


def build_asset(*, target: Target, output: Path = LAMBDA_ASSET_DIR, quiet: bool = False) -> Path:
    """Build the asset for ``target`` into ``output`` unless an identical one is there."""
    fingerprint = _fingerprint(target)
    fingerprint_path = output / FINGERPRINT_FILE
    if fingerprint_path.is_file() and fingerprint_path.read_text() == fingerprint:
        return output

    staging = output.with_name(output.name + ".staging")
    shutil.rmtree(staging, ignore_errors=True)
    _install_requirements(target, staging, quiet=quiet)
    shutil.rmtree(staging / "bin", ignore_errors=True)
    shutil.copytree(SOURCE_DIR / PACKAGE_NAME, staging / PACKAGE_NAME, ignore=shutil.ignore_patterns("__pycache__"))
    compiled_with = _compile_bytecode(target, staging)
    if compiled_with is None and not quiet:
        print(
            f"warning: no python{target.python_version} found; the asset ships without bytecode "
            f"and each cold start compiles it. Set RUNTIME_PYTHON to such an interpreter.",
            file=sys.stderr,
        )
    (staging / FINGERPRINT_FILE).write_text(fingerprint)
    shutil.rmtree(output, ignore_errors=True)
    staging.rename(output)
    if not quiet:
        print(f"Built {output} for python{target.python_version} on {target.architecture}")
    return output


def _install_requirements(target: Target, destination: Path, *, quiet: bool) -> None:
    command = [
        sys.executable,
        "-m",
        "pip",
        "install",
        "--disable-pip-version-check",
        "--no-deps",
        "--no-compile",
        "--only-binary=:all:",
        "--implementation=cp",
        f"--python-version={target.python_version}",
        f"--abi={target.abi}",
        "--abi=abi3",
        "--abi=none",
        *(f"--platform={tag}" for tag in target.platform_tags),
        f"--target={destination}",
        *_requirements_to_bundle(),
    ]
    if quiet:
        command.append("--quiet")
    subprocess.run(command, check=True)


def _requirements_to_bundle() -> list[str]:
    """The locked requirement lines, less what the Lambda runtime provides."""
    lines = (line.split("#", 1)[0].strip() for line in RUNTIME_REQUIREMENTS.read_text().splitlines())
    return [line for line in lines if line and re.split(r"[=<>!~;\[ ]", line, maxsplit=1)[0] not in PROVIDED_BY_RUNTIME]


def _compile_bytecode(target: Target, root: Path) -> str | None:
    interpreter = find_interpreter(target.python_version)
    if interpreter is None:
        return None
    subprocess.run(
        [interpreter, "-m", "compileall", "-q", "-j", "0", "--invalidation-mode", "unchecked-hash", str(root)],
        check=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": ""},
    )
    return interpreter


def find_interpreter(version: str) -> str | None:
    """An interpreter of ``version``: RUNTIME_PYTHON, this one, PATH, then pyenv's versions."""
    candidates = [os.environ.get("RUNTIME_PYTHON", ""), sys.executable, f"python{version}"]
    pyenv_root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    pyenv_interpreters = sorted(pyenv_root.glob(f"versions/{version}.*/bin/python{version}"), reverse=True)
    candidates += [str(path) for path in pyenv_interpreters]
    for candidate in filter(None, candidates):
        try:
            result = subprocess.run(
                [candidate, "-c", "import sys; print(f'{sys.version_info[0]}.{sys.version_info[1]}')"],
                capture_output=True,
                text=True,
                check=False,
            )
        except OSError:
            continue
        if result.returncode == 0 and result.stdout.strip() == version:
            return candidate
    return None


def _fingerprint(target: Target) -> str:
    digest = hashlib.sha256()
    digest.update(f"{BUILDER_VERSION}|{target.python_version}|{target.architecture}\n".encode())
    digest.update(RUNTIME_REQUIREMENTS.read_bytes())
    package_dir = SOURCE_DIR / PACKAGE_NAME
    for path in sorted(package_dir.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package_dir).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", action="store_true", help="build for this interpreter and machine, for tests")
    parser.add_argument("--output", type=Path, help="where to write the asset")
    args = parser.parse_args(argv)
    target = Target.host() if args.host else Target.lambda_runtime()
    output = args.output or (LAMBDA_ASSET_DIR.with_name("lambda-host") if args.host else LAMBDA_ASSET_DIR)
    build_asset(target=target, output=output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
