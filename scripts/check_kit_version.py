"""Refuse to release the kit unless the tag is its version and every file that names that version agrees.

    python scripts/check_kit_version.py v0.2.0

The release workflow runs this on the pushed tag before it builds anything. The version ``<tag minus v>``
must be, at once:

- ``__version__`` of both distributions (``lambda-service-kit`` and ``lambda-service-runtime``),
- the kit's pin of ``lambda-service-runtime`` in ``kit/pyproject.toml``,
- the newest entry of ``kit/CHANGELOG.md``,
- every pin of the kit in the generated project's ``requirements/*.in`` and ``*.txt``, so a service baked
  from the tagged template installs the kit released with it.

Standard library only: it runs before anything is installed.
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
KIT_INIT = Path("kit/src/lambda_service_kit/__init__.py")
RUNTIME_INIT = Path("kit/runtime/src/lambda_service_runtime/__init__.py")
KIT_PYPROJECT = Path("kit/pyproject.toml")
CHANGELOG = Path("kit/CHANGELOG.md")
GENERATED_REQUIREMENTS = Path("{{cookiecutter.project_slug}}/requirements")
KIT_DISTRIBUTIONS = ("lambda-service-kit", "lambda-service-runtime")

VERSION_ASSIGNMENT = re.compile(r'^__version__ = "(?P<version>[^"]+)"$', re.MULTILINE)
# `## [0.2.0] - 2026-12-01` or `## 0.2.0`; `## [Unreleased]` is skipped.
CHANGELOG_ENTRY = re.compile(r"^## \[?(?P<version>\d[^\]\s]*)\]?", re.MULTILINE)
# A requirement on either distribution, `lambda-service-runtime[otel]==0.1.0  # via ...`: its name, any
# extras, and its version when it is an exact pin (a range such as `>=0.1` has none).
REQUIREMENT = re.compile(
    r"^(?P<name>lambda-service-(?:kit|runtime))(?![\w.-])(?:\[[^\]]*\])?\s*(?:==\s*(?P<version>[^\s;#,]+)\s*(?:[;#]|$))?"
)
TAG = re.compile(r"^v(?P<version>\d+\.\d+\.\d+\S*)$")


@dataclass(frozen=True)
class VersionSource:
    """One place that states the kit's version: where it is and what it says (``None``: it says nothing)."""

    where: str
    version: str | None
    # For a requirements file's pin: which of the two distributions it pins.
    distribution: str | None = None


def _declared_version(root: Path, module: Path) -> VersionSource:
    found = VERSION_ASSIGNMENT.search((root / module).read_text(encoding="utf-8"))
    return VersionSource(f"{module} (__version__)", found["version"] if found else None)


def _kit_runtime_pin(root: Path) -> VersionSource:
    dependencies = tomllib.loads((root / KIT_PYPROJECT).read_text(encoding="utf-8"))["project"]["dependencies"]
    runtime = KIT_DISTRIBUTIONS[1]
    pins = [found["version"] for found in map(REQUIREMENT.match, dependencies) if found and found["name"] == runtime]
    return VersionSource(f"{KIT_PYPROJECT} (the kit's pin of {runtime})", pins[0] if pins else None)


def newest_changelog_version(root: Path) -> VersionSource:
    found = CHANGELOG_ENTRY.search((root / CHANGELOG).read_text(encoding="utf-8"))
    return VersionSource(f"{CHANGELOG} (newest entry)", found["version"] if found else None)


def generated_pins(root: Path) -> list[VersionSource]:
    """Every requirement on either kit distribution in the generated project's requirements files."""
    folder = root / GENERATED_REQUIREMENTS
    pins = []
    for requirements in sorted([*folder.glob("*.in"), *folder.glob("*.txt")]):
        for line in requirements.read_text(encoding="utf-8").splitlines():
            if found := REQUIREMENT.match(line):
                where = f"{requirements.relative_to(root)} ({found['name']})"
                pins.append(VersionSource(where, found["version"], distribution=found["name"]))
    return pins


def version_sources(root: Path = REPOSITORY) -> list[VersionSource]:
    """Every place that states the kit's version, in the order a maintainer would edit them."""
    return [
        _declared_version(root, KIT_INIT),
        _declared_version(root, RUNTIME_INIT),
        _kit_runtime_pin(root),
        newest_changelog_version(root),
        *generated_pins(root),
    ]


def tag_version(tag: str) -> str | None:
    """The version a release tag names (``v0.2.0`` -> ``0.2.0``); ``None`` for any other tag."""
    found = TAG.match(tag)
    return found["version"] if found else None


def disagreements(version: str, root: Path = REPOSITORY) -> list[str]:
    """Each place in ``root`` that does not state ``version``; empty when all of them do."""
    sources = version_sources(root)
    found = [
        f"{source.where} says {source.version or 'no exact version'}" for source in sources if source.version != version
    ]
    if not any(source.distribution == KIT_DISTRIBUTIONS[0] for source in sources):
        found.append(f"no file in {GENERATED_REQUIREMENTS} pins {KIT_DISTRIBUTIONS[0]}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check that a release tag is the kit's version everywhere.")
    parser.add_argument("tag", help="the pushed tag, v<version>")
    parser.add_argument("--root", type=Path, default=REPOSITORY, help="the template repository (default: this one)")
    arguments = parser.parse_args(argv)
    version = tag_version(arguments.tag)
    if version is None:
        print(f"error: tag {arguments.tag!r} is not v<major>.<minor>.<patch>, for example v0.2.0", file=sys.stderr)
        return 1
    if found := disagreements(version, arguments.root):
        print(f"error: tag {arguments.tag} releases the kit as {version}, but:", file=sys.stderr)
        for disagreement in found:
            print(f"  {disagreement}", file=sys.stderr)
        print(f"Set {version} in each (kit/README.md, 'Releasing'), commit, and tag that commit.", file=sys.stderr)
        return 1
    print(f"{arguments.tag}: every file that names the kit's version says {version}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
