"""Build the Lambda asset without Docker.

pip installs the locked runtime requirements as wheels for the function's
platform (``--platform``/``--python-version``/``--only-binary``), less what the
Lambda runtime provides; the parts of them the service does not use are pruned
(``lambda_service_kit.tools.asset_pruning`` lists them, with a reason each); the service's package
is copied beside them; everything is compiled to bytecode with the runtime's
Python version when such an interpreter is available (Lambda's /var/task is
read-only, so nothing is compiled after deploy). Dependencies then ship as
bytecode only: the service's own sources stay, so its tracebacks show its lines
(docs/decisions/0008-lean-lambda-asset.md weighs this). The result is
fingerprinted: unchanged inputs mean no rebuild.

    service-kit build            # the asset CDK deploys
    service-kit build --host     # one this machine can import, for tests
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

from lambda_service_kit import __version__ as KIT_VERSION
from lambda_service_kit.config import ServiceDefinition
from lambda_service_kit.project import current_service
from lambda_service_kit.tools.asset_pruning import prune, rules_fingerprint

FINGERPRINT_FILE = ".fingerprint"
BUILDER_VERSION = "3"
# Amazon Linux 2023 (python3.12 and python3.13 runtimes) ships glibc 2.34.
MANYLINUX_TAGS = ("manylinux_2_34", "manylinux_2_28", "manylinux_2_17", "manylinux2014")
# The Lambda Python runtimes provide the AWS SDK: bundling it would only add weight. A locked requirement
# that only these need (botocore's urllib3, python-dateutil, six) is left out with them.
PROVIDED_BY_RUNTIME = frozenset({"boto3", "botocore", "s3transfer"})
# True ships the dependencies' .py files beside their bytecode: their traceback lines show source text,
# for about 0.85 MiB more zipped (docs/decisions/0008-lean-lambda-asset.md).
SHIP_DEPENDENCY_SOURCES = False
MACHINE_BY_ARCHITECTURE = {"arm64": "aarch64", "x86_64": "x86_64"}
ARCHITECTURE_BY_MACHINE = {"aarch64": "arm64", "arm64": "arm64", "x86_64": "x86_64", "amd64": "x86_64"}


@dataclass(frozen=True, kw_only=True)
class Target:
    python_version: str  # "3.13"
    architecture: str  # "arm64" or "x86_64"

    @classmethod
    def lambda_runtime(cls, service: ServiceDefinition) -> Target:
        return cls(python_version=service.python_runtime.removeprefix("python"), architecture=service.architecture)

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

    @property
    def bytecode_tag(self) -> str:
        """What the runtime's bytecode files are named with: ``<module>.cpython-313.pyc``."""
        return "cpython-" + self.python_version.replace(".", "")


def build_asset(
    service: ServiceDefinition,
    *,
    target: Target,
    output: Path | None = None,
    quiet: bool = False,
    bytecode: bool = True,
) -> Path:
    """Build ``service``'s asset for ``target`` into ``output`` (its asset folder) unless an identical one is there.

    ``bytecode=False`` leaves every source and no bytecode: what ships when no interpreter of the
    runtime's version is at hand (the benchmark measures what that costs).
    """
    output = output or service.asset_dir
    fingerprint = _fingerprint(service, target, bytecode=bytecode)
    fingerprint_path = output / FINGERPRINT_FILE
    if fingerprint_path.is_file() and fingerprint_path.read_text() == fingerprint:
        return output

    staging = output.with_name(output.name + ".staging")
    shutil.rmtree(staging, ignore_errors=True)
    _install_requirements(service, target, staging, quiet=quiet)
    shutil.rmtree(staging / "bin", ignore_errors=True)
    prune(staging)
    package = service.package
    shutil.copytree(service.source_dir / package, staging / package, ignore=shutil.ignore_patterns("__pycache__"))
    compiled_with = _compile_bytecode(target, staging) if bytecode else None
    if compiled_with is not None and not SHIP_DEPENDENCY_SOURCES:
        _keep_only_bytecode(staging, tag=target.bytecode_tag, sources_kept=staging / package)
    if compiled_with is None and bytecode and not quiet:
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


def _install_requirements(service: ServiceDefinition, target: Target, destination: Path, *, quiet: bool) -> None:
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
        *_requirements_to_bundle(service.runtime_requirements.read_text()),
    ]
    if quiet:
        command.append("--quiet")
    subprocess.run(command, check=True)


def _requirements_to_bundle(lock_text: str) -> list[str]:
    """The locked requirement lines, less what the Lambda runtime provides and what only that needs.

    Reads the ``# via a, b`` annotations of ``uv pip compile --annotation-style line``: a requirement
    is left out when everything it is there for is left out. A direct requirement (``via -r``) stays.
    """
    locked: dict[str, tuple[str, set[str]]] = {}
    for line in lock_text.splitlines():
        requirement, _, comment = line.partition("#")
        requirement = requirement.strip()
        if requirement:
            via = comment.strip().removeprefix("via ") if comment.strip().startswith("via ") else ""
            needed_by = {_normalized(name) for name in via.split(",") if name.strip()}
            locked[_normalized(re.split(r"[=<>!~;\[ ]", requirement, maxsplit=1)[0])] = (requirement, needed_by)
    left_out = {_normalized(name) for name in PROVIDED_BY_RUNTIME}
    while True:
        only_for_left_out = {
            name
            for name, (_, needed_by) in locked.items()
            if name not in left_out and needed_by and needed_by <= left_out
        }
        if not only_for_left_out:
            break
        left_out |= only_for_left_out
    return [requirement for name, (requirement, _) in locked.items() if name not in left_out]


def _normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name.strip()).lower()


def _compile_bytecode(target: Target, root: Path) -> str | None:
    interpreter = find_interpreter(target.python_version)
    if interpreter is None:
        return None
    # -s: bytecode names its file relative to the asset (no build folder in the asset, nor in tracebacks).
    subprocess.run(
        [interpreter, "-m", "compileall", "-q", "-j", "0", "--invalidation-mode", "unchecked-hash", "-s", root, root],
        check=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": ""},
    )
    return interpreter


def _keep_only_bytecode(root: Path, *, tag: str, sources_kept: Path) -> None:
    """Replace each compiled ``<module>.py`` by its bytecode as ``<module>.pyc`` (imported without a source).

    Sources under ``sources_kept`` stay, with their bytecode in ``__pycache__``.
    """
    for source in [path for path in root.rglob("*.py") if sources_kept not in path.parents]:
        compiled = source.parent / "__pycache__" / f"{source.stem}.{tag}.pyc"
        if compiled.is_file():
            compiled.replace(source.with_suffix(".pyc"))
            source.unlink()
    for cache in sorted(root.rglob("__pycache__"), key=lambda folder: len(folder.parts), reverse=True):
        if not any(cache.iterdir()):
            cache.rmdir()


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


def _fingerprint(service: ServiceDefinition, target: Target, *, bytecode: bool) -> str:
    digest = hashlib.sha256()
    options = (
        f"{KIT_VERSION}|{BUILDER_VERSION}|{target.python_version}|{target.architecture}|{bytecode}|"
        f"{SHIP_DEPENDENCY_SOURCES}"
    )
    digest.update(f"{options}\n".encode())
    digest.update(service.runtime_requirements.read_bytes())
    digest.update(rules_fingerprint().encode())
    package_dir = service.source_dir / service.package
    for path in sorted(package_dir.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package_dir).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def host_asset_dir(service: ServiceDefinition) -> Path:
    """The asset built for this machine (``--host``): what `make local` and the tests import."""
    return service.asset_dir.with_name("lambda-host")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", action="store_true", help="build for this interpreter and machine, for tests")
    parser.add_argument("--output", type=Path, help="where to write the asset")
    args = parser.parse_args(argv)
    service = current_service()
    target = Target.host() if args.host else Target.lambda_runtime(service)
    output = args.output or (host_asset_dir(service) if args.host else service.asset_dir)
    try:
        build_asset(service, target=target, output=output)
    except subprocess.CalledProcessError:
        print(
            f"error: pip could not install {service.runtime_requirements.relative_to(service.root)} for "
            f"python{target.python_version} on {target.architecture} (its message is above). A missing "
            "lambda-service-runtime means the kit's version is not on your index: see `make install`.",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
