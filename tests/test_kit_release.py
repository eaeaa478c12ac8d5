"""The kit's release and how services get it.

- The release workflow passes zizmor (every audit that runs offline) and GitHub's workflow schema, and keeps
  the rules neither checks: only the publishing job may get a token, it runs no code of ours, after the tests.
- ``scripts/check_kit_version.py`` takes the kit's version as a tag and refuses any other, or a tree where
  one file disagrees; the version is the same in both distributions, the CHANGELOG and every generated pin.
- A baked service's dependabot proposes both kit distributions as one update, and its ``make install``
  explains a missing or mismatched kit in a few lines, not with a resolver dump.

Every checker here is also shown refusing a crafted bad input, so a check that cannot fail would show.
"""

from __future__ import annotations

import fnmatch
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from tests.conftest import TEMPLATE_DIR, bake

WORKFLOW = TEMPLATE_DIR / ".github" / "workflows" / "release.yml"
VERSION_SCRIPT = TEMPLATE_DIR / "scripts" / "check_kit_version.py"
TOOLS = Path(sys.executable).parent
KIT_DISTRIBUTIONS = ("lambda-service-kit", "lambda-service-runtime")
PUBLISH_ACTION = "pypa/gh-action-pypi-publish"
# `uses: owner/repo@<40 hex> # v1.2.3`: the commit, and the release a reader and dependabot can check.
SHA_PINNED_USES = re.compile(r"^\s*(?:- )?uses: [\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+(?:\.\d+)*$")
# What pip prints when it resolves and fails: none of it may reach a user of `make install`.
PIP_FAILURE_OUTPUT = ("Traceback", "ResolutionImpossible", "ERROR:", "Could not find a version")


def _load_version_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_kit_version", VERSION_SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


check_kit_version = _load_version_script()


def _pinned(action: str) -> str:
    """``action@<sha> # <release>`` as the release workflow pins it now (dependabot may move it)."""
    found = re.search(rf"{re.escape(action)}@[0-9a-f]{{40}} # \S+", WORKFLOW.read_text(encoding="utf-8"))
    assert found, f"{action} is not pinned in {WORKFLOW}"
    return found[0]


def _mutated(text: str, old: str, new: str) -> str:
    assert old in text, f"the mutation no longer applies: {old!r} is not in the file"
    return text.replace(old, new)


# --- the release workflow: zizmor and GitHub's schema ----------------------------------------------------------


def zizmor_findings(path: Path) -> set[str]:
    """The audits zizmor reports on ``path``: all of them down to the pedantic ones, no ignores honoured."""
    every_audit = ["--offline", "--no-config", "--no-ignores", "--persona", "pedantic", "--format", "json"]
    completed = subprocess.run([TOOLS / "zizmor", *every_audit, str(path)], capture_output=True, text=True, check=False)
    assert completed.stdout.strip(), completed.stderr
    return {finding["ident"] for finding in json.loads(completed.stdout)}


def schema_errors(path: Path, schema: str) -> str:
    """check-jsonschema's complaints about ``path`` under its bundled ``schema`` (no network); empty if valid."""
    completed = subprocess.run(
        [TOOLS / "check-jsonschema", "--builtin-schema", schema, str(path)], capture_output=True, text=True, check=False
    )
    return "" if completed.returncode == 0 else completed.stdout + completed.stderr


def test_zizmor_finds_nothing_in_the_release_workflow() -> None:
    assert zizmor_findings(WORKFLOW) == set()


ZIZMOR_CATCHES = {
    "artipacked": ("\n        with:\n          persist-credentials: false", ""),
    "unpinned-uses": (_pinned("actions/checkout"), "actions/checkout@main"),
    "template-injection": ('check_kit_version.py "$TAG"', 'check_kit_version.py "${{ github.ref_name }}"'),
    "excessive-permissions": ("permissions: {}", "permissions: write-all"),
    "cache-poisoning": ('python-version: "3.11"', 'python-version: "3.11"\n          cache: pip'),
}


@pytest.mark.parametrize(("audit", "mutation"), ZIZMOR_CATCHES.items(), ids=ZIZMOR_CATCHES.keys())
def test_zizmor_reports_a_weakened_release_workflow(tmp_path: Path, audit: str, mutation: tuple[str, str]) -> None:
    weakened = tmp_path / "release.yml"
    weakened.write_text(_mutated(WORKFLOW.read_text(encoding="utf-8"), *mutation), encoding="utf-8")

    assert audit in zizmor_findings(weakened)


def test_the_release_workflow_is_valid_for_github() -> None:
    assert schema_errors(WORKFLOW, "vendor.github-workflows") == ""


def test_the_workflow_schema_refuses_a_malformed_workflow(tmp_path: Path) -> None:
    malformed = tmp_path / "release.yml"
    malformed.write_text(_mutated(WORKFLOW.read_text(encoding="utf-8"), "runs-on:", "runs_on:"), encoding="utf-8")

    assert "'runs-on' is a required property" in schema_errors(malformed, "vendor.github-workflows")


# --- the release workflow: the rules zizmor does not know --------------------------------------------------------


def _steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = job.get("steps", [])
    return steps


def _uses(step: dict[str, Any]) -> str:
    return str(step.get("uses", "")).partition("@")[0]


def _publication_violations(jobs: dict[str, Any]) -> list[str]:
    publishers = {name for name, job in jobs.items() if any(_uses(step) == PUBLISH_ACTION for step in _steps(job))}
    token_holders = {name for name, job in jobs.items() if "id-token" in (job.get("permissions") or {})}
    if len(publishers) != 1 or token_holders != publishers:
        return [f"id-token must be granted to the one publishing job only: {token_holders} vs {publishers}"]
    (name,) = publishers
    job = jobs[name]
    violations = []
    if (job.get("environment") or {}).get("name") != "pypi":
        violations.append("the publishing job does not run in the 'pypi' environment")
    if any("run" in step or _uses(step) == "actions/checkout" for step in _steps(job)):
        violations.append("the publishing job runs code of the repository")
    if set(job.get("needs", [])) != set(jobs) - {name}:
        violations.append("the publishing job does not wait for every other job")
    published = [step["with"]["packages-dir"] for step in _steps(job) if _uses(step) == PUBLISH_ACTION]
    if published != ["dist/runtime/", "dist/kit/"]:
        violations.append(f"publishes {published}, not the runtime then the kit")
    return violations


def _build_and_test_violations(jobs: dict[str, Any]) -> list[str]:
    steps = [step for job in jobs.values() for step in _steps(job)]
    scripts = [str(step.get("run", "")) for step in steps]
    violations = []
    checks = [step for step in steps if step.get("run") == 'python scripts/check_kit_version.py "$TAG"']
    if not checks or checks[0].get("env") != {"TAG": "${{ github.ref_name }}"}:
        violations.append("no step checks the pushed tag with scripts/check_kit_version.py")
    built = "\n".join(script for script in scripts if "hatchling build" in script)
    for folder in ("kit/runtime", "kit"):
        if f"(cd {folder} && python -m hatchling build --target wheel --target sdist" not in built:
            violations.append(f"{folder} is not built as a wheel and an sdist")
    if "make kit-test" not in scripts:
        violations.append("the kit's tests (make kit-test) do not run")
    return violations


def release_policy_violations(text: str) -> list[str]:
    """What the release workflow ``text`` does that this repository's release must not."""
    workflow = yaml.safe_load(text)
    jobs: dict[str, Any] = workflow["jobs"]
    # PyYAML reads the key `on` as the boolean True.
    triggers = workflow.get("on", workflow.get(True))
    violations = [] if triggers == {"push": {"tags": ["v*"]}} else [f"triggered by {triggers}, not a v* tag alone"]
    if workflow.get("permissions") != {}:
        violations.append("the workflow grants permissions to every job")
    violations += [
        f"not pinned by commit SHA with its release: {line.strip()}"
        for line in text.splitlines()
        if "uses:" in line and not SHA_PINNED_USES.match(line)
    ]
    for name, job in jobs.items():
        for step in _steps(job):
            if _uses(step) == "actions/checkout" and (step.get("with") or {}).get("persist-credentials") is not False:
                violations.append(f"a checkout in {name} keeps the token in .git/config")
            if "${{" in str(step.get("run", "")):
                violations.append(f"a script in {name} interpolates an expression (pass it through env)")
    return violations + _publication_violations(jobs) + _build_and_test_violations(jobs)


def test_the_release_workflow_keeps_the_release_rules() -> None:
    assert release_policy_violations(WORKFLOW.read_text(encoding="utf-8")) == []


BROKEN_RULES = {
    "a second trigger": ('tags: ["v*"]', 'tags: ["v*"]\n  workflow_dispatch:', "not a v* tag alone"),
    "workflow-wide permissions": ("permissions: {}", "permissions:\n  contents: read", "to every job"),
    "a token for the build": (
        "contents: read # check out the tagged commit\n    steps:",
        "contents: read\n      id-token: write\n    steps:",
        "publishing job only",
    ),
    "no environment": ("    environment:\n      name: pypi\n", "    environment:\n      name: release\n", "'pypi'"),
    "publishing before the tests": ("needs: [build, test]", "needs: [build]", "wait for every other job"),
    "a pin without its release": (
        _pinned("actions/setup-node"),
        _pinned("actions/setup-node").partition(" #")[0],
        "not pinned by commit SHA",
    ),
    "credentials kept": ("persist-credentials: false", "persist-credentials: true", ".git/config"),
    "an expression in a script": ("run: make kit-test", "run: make kit-test REF=${{ github.ref }}", "through env"),
    "the tag unchecked": ('scripts/check_kit_version.py "$TAG"', 'echo "$TAG"', "checks the pushed tag"),
    "the kit untested": ("run: make kit-test", "run: make lint", "make kit-test"),
    "no sdist of the kit": (
        "(cd kit && python -m hatchling build --target wheel --target sdist",
        "(cd kit && python -m hatchling build --target wheel",
        "kit is not built as a wheel and an sdist",
    ),
    "the kit published first": ("packages-dir: dist/runtime/", "packages-dir: dist/kit/", "not the runtime then"),
}


@pytest.mark.parametrize(("old", "new", "violation"), BROKEN_RULES.values(), ids=BROKEN_RULES.keys())
def test_the_release_rules_refuse_a_workflow_that_breaks_one(old: str, new: str, violation: str) -> None:
    broken = _mutated(WORKFLOW.read_text(encoding="utf-8"), old, new)

    violations = release_policy_violations(broken)

    assert any(violation in found for found in violations), violations


# --- the one version: the tag, both distributions, the CHANGELOG, every generated pin ------------------------------


def run_version_check(tag: str, root: Path = TEMPLATE_DIR) -> subprocess.CompletedProcess[str]:
    """The version check as the release workflow runs it."""
    command = [sys.executable, str(VERSION_SCRIPT), tag, "--root", str(root)]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def test_the_version_check_accepts_the_kits_version_as_the_tag(kit_version: str) -> None:
    completed = run_version_check(f"v{kit_version}")

    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == f"v{kit_version}: every file that names the kit's version says {kit_version}"


def _next_patch(version: str) -> str:
    major, minor, patch = version.split(".")[:3]
    return f"{major}.{minor}.{int(patch) + 1}"


def test_the_version_check_refuses_a_tag_that_is_not_the_kits_version(kit_version: str) -> None:
    tag = f"v{_next_patch(kit_version)}"

    completed = run_version_check(tag)

    assert completed.returncode == 1
    assert completed.stderr.startswith(f"error: tag {tag} releases the kit as {tag[1:]}, but:\n")
    assert f"  kit/src/lambda_service_kit/__init__.py (__version__) says {kit_version}\n" in completed.stderr
    assert f"  kit/CHANGELOG.md (newest entry) says {kit_version}\n" in completed.stderr
    assert "Set " + tag[1:] + " in each (kit/README.md, 'Releasing')" in completed.stderr


@pytest.mark.parametrize("tag", ["0.1.0", "v0.1", "release-0.1.0", "v0.1.0 "])
def test_the_version_check_refuses_a_tag_that_is_not_v_and_a_version(tag: str) -> None:
    completed = run_version_check(tag)

    assert completed.returncode == 1
    assert completed.stderr == f"error: tag {tag!r} is not v<major>.<minor>.<patch>, for example v0.2.0\n"


def _copy_of_the_version_files(destination: Path) -> Path:
    script = check_kit_version
    for relative in (script.KIT_INIT, script.RUNTIME_INIT, script.KIT_PYPROJECT, script.CHANGELOG):
        (destination / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(TEMPLATE_DIR / relative, destination / relative)
    shutil.copytree(TEMPLATE_DIR / script.GENERATED_REQUIREMENTS, destination / script.GENERATED_REQUIREMENTS)
    return destination


REQUIREMENTS = "{{cookiecutter.project_slug}}/requirements"
# One file made to disagree with the kit's version ("{v}" is the version, "{other}" another one), and what
# the check must say about it.
DISAGREEMENTS: dict[str, tuple[str, Callable[[str, str, str], str], str]] = {
    "runtime's __version__": (
        "kit/runtime/src/lambda_service_runtime/__init__.py",
        lambda text, v, other: _mutated(text, f'__version__ = "{v}"', f'__version__ = "{other}"'),
        "kit/runtime/src/lambda_service_runtime/__init__.py (__version__) says {other}",
    ),
    "kit's __version__": (
        "kit/src/lambda_service_kit/__init__.py",
        lambda text, v, other: _mutated(text, f'__version__ = "{v}"', f'__version__ = "{other}"'),
        "kit/src/lambda_service_kit/__init__.py (__version__) says {other}",
    ),
    "kit's pin of the runtime": (
        "kit/pyproject.toml",
        lambda text, v, other: _mutated(text, f'"lambda-service-runtime=={v}"', f'"lambda-service-runtime=={other}"'),
        "kit/pyproject.toml (the kit's pin of lambda-service-runtime) says {other}",
    ),
    "a newer CHANGELOG entry": (
        "kit/CHANGELOG.md",
        lambda text, v, other: _mutated(text, f"## [{v}]", f"## [{other}] - 2099-01-01\n\n## [{v}]"),
        "kit/CHANGELOG.md (newest entry) says {other}",
    ),
    "the dev lock's kit": (
        f"{REQUIREMENTS}/dev.txt",
        lambda text, v, other: _mutated(text, f"lambda-service-kit=={v}", f"lambda-service-kit=={other}"),
        f"{REQUIREMENTS}/dev.txt (lambda-service-kit) says {{other}}",
    ),
    "an X-Ray runtime input": (
        f"{REQUIREMENTS}/runtime-xray.in",
        lambda text, v, other: _mutated(text, f"[xray]=={v}", f"[xray]=={other}"),
        f"{REQUIREMENTS}/runtime-xray.in (lambda-service-runtime) says {{other}}",
    ),
    "a range instead of a pin": (
        f"{REQUIREMENTS}/dev.in",
        lambda text, v, other: _mutated(text, f"lambda-service-kit[load]=={v}", "lambda-service-kit[load]>=0.1"),
        f"{REQUIREMENTS}/dev.in (lambda-service-kit) says no exact version",
    ),
}


@pytest.mark.parametrize(("relative", "disagree", "reported"), DISAGREEMENTS.values(), ids=DISAGREEMENTS.keys())
def test_the_version_check_refuses_a_tree_where_one_file_disagrees(
    tmp_path: Path, kit_version: str, relative: str, disagree: Callable[[str, str, str], str], reported: str
) -> None:
    root = _copy_of_the_version_files(tmp_path)
    other = _next_patch(kit_version)
    edited = root / relative
    edited.write_text(disagree(edited.read_text(encoding="utf-8"), kit_version, other), encoding="utf-8")

    completed = run_version_check(f"v{kit_version}", root)

    assert completed.returncode == 1
    problems = [line.strip() for line in completed.stderr.splitlines() if line.startswith("  ")]
    assert problems == [reported.replace("{other}", other)]


def test_the_version_check_refuses_generated_locks_without_the_kit(tmp_path: Path, kit_version: str) -> None:
    root = _copy_of_the_version_files(tmp_path)
    for requirements in (root / REQUIREMENTS).glob("dev.*"):
        kept = [line for line in requirements.read_text().splitlines() if not line.startswith("lambda-service-kit")]
        requirements.write_text("\n".join(kept) + "\n")

    completed = run_version_check(f"v{kit_version}", root)

    assert completed.returncode == 1
    assert f"  no file in {REQUIREMENTS} pins lambda-service-kit\n" in completed.stderr


def test_both_distributions_are_built_at_one_version_and_the_kit_pins_the_runtime_at_it(kit_wheels: Path) -> None:
    versions = {wheel.name.split("-")[0]: wheel.name.split("-")[1] for wheel in kit_wheels.glob("*.whl")}
    (kit_wheel,) = kit_wheels.glob("lambda_service_kit-*.whl")
    with zipfile.ZipFile(kit_wheel) as wheel:
        (metadata,) = [name for name in wheel.namelist() if name.endswith(".dist-info/METADATA")]
        requires = [line for line in wheel.read(metadata).decode().splitlines() if line.startswith("Requires-Dist:")]

    assert versions.keys() == {"lambda_service_kit", "lambda_service_runtime"}
    assert versions["lambda_service_kit"] == versions["lambda_service_runtime"]
    assert f"Requires-Dist: lambda-service-runtime=={versions['lambda_service_kit']}" in requires


def test_the_changelogs_newest_entry_is_the_kits_version(kit_version: str) -> None:
    changelog = (TEMPLATE_DIR / "kit" / "CHANGELOG.md").read_text(encoding="utf-8")
    # keep-a-changelog: `## [Unreleased]` on top while changes gather, then `## [x.y.z] - yyyy-mm-dd`.
    released = re.findall(r"^## \[(\d[^\]]*)\] - \d{4}-\d{2}-\d{2}$", changelog, flags=re.MULTILINE)

    assert released, "kit/CHANGELOG.md has no released entry"
    assert released[0] == kit_version
    assert check_kit_version.newest_changelog_version(TEMPLATE_DIR).version == kit_version


def test_every_generated_requirements_file_pins_the_kit_at_its_version(kit_version: str) -> None:
    pins = check_kit_version.generated_pins(TEMPLATE_DIR)
    files = {Path(pin.where.partition(" ")[0]).name for pin in pins}
    tracings = json.loads((TEMPLATE_DIR / "cookiecutter.json").read_text())["tracing"]

    assert files == {"dev.in", "dev.txt"} | {
        f"runtime-{tracing}.{kind}" for tracing in tracings for kind in ("in", "txt")
    }
    assert {pin.where: pin.version for pin in pins} == {pin.where: kit_version for pin in pins}


# --- a baked service: dependabot and make install -------------------------------------------------------------------


@pytest.fixture(scope="module")
def baked_service(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default bake, untouched: tests that change it bake their own."""
    return bake(tmp_path_factory.mktemp("release-bake"))


def _locked_names(project: Path) -> set[str]:
    names = set()
    for lock in (project / "requirements").glob("*.txt"):
        names |= {line.split("==")[0].split("[")[0] for line in lock.read_text().splitlines() if "==" in line}
    return names


def _groups_of(package: str, groups: dict[str, Any]) -> list[str]:
    """The dependabot groups ``package`` matches (a pattern of the group, none of its exclude-patterns)."""
    return [
        name
        for name, group in groups.items()
        if any(fnmatch.fnmatchcase(package, pattern) for pattern in group.get("patterns", []))
        and not any(fnmatch.fnmatchcase(package, pattern) for pattern in group.get("exclude-patterns", []))
    ]


def kit_update_problems(config: dict[str, Any], locked: set[str]) -> list[str]:
    """Why dependabot would not propose the kit's two distributions as one update of their own."""
    (pip,) = [update for update in config["updates"] if update["package-ecosystem"] == "pip"]
    groups = pip.get("groups", {})
    kit_groups = {package: _groups_of(package, groups) for package in KIT_DISTRIBUTIONS}
    problems = [f"{package} is in groups {found}" for package, found in kit_groups.items() if len(found) != 1]
    if not problems and kit_groups[KIT_DISTRIBUTIONS[0]] != kit_groups[KIT_DISTRIBUTIONS[1]]:
        problems.append(f"the kit's distributions are in different groups: {kit_groups}")
    kit_group_names = {group for found in kit_groups.values() for group in found}
    problems += [
        f"{name} is in the kit's group"
        for name in sorted(locked - set(KIT_DISTRIBUTIONS))
        if set(_groups_of(name, groups)) & kit_group_names
    ]
    cooldown_exclusions = pip.get("cooldown", {}).get("exclude", [])
    if "cooldown" in pip and not all(
        any(fnmatch.fnmatchcase(package, pattern) for pattern in cooldown_exclusions) for package in KIT_DISTRIBUTIONS
    ):
        problems.append("a kit release waits out the cooldown")
    return problems


def test_dependabot_proposes_the_kit_as_one_update_of_its_own(baked_service: Path) -> None:
    config = yaml.safe_load((baked_service / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    locked = _locked_names(baked_service)

    assert set(KIT_DISTRIBUTIONS) <= locked
    assert kit_update_problems(config, locked) == []


def _without_exclusions(config: dict[str, Any]) -> dict[str, Any]:
    for group in config["updates"][0]["groups"].values():
        group.pop("exclude-patterns", None)
    return config


def _kit_alone(config: dict[str, Any]) -> dict[str, Any]:
    config["updates"][0]["groups"]["platform-kit"]["patterns"] = ["lambda-service-kit"]
    return config


def _everything_with_the_kit(config: dict[str, Any]) -> dict[str, Any]:
    config["updates"][0]["groups"]["platform-kit"]["patterns"].append("*")
    return config


def _kit_cooled_down(config: dict[str, Any]) -> dict[str, Any]:
    config["updates"][0]["cooldown"].pop("exclude")
    return config


@pytest.mark.parametrize(
    ("break_config", "problem"),
    [
        (_without_exclusions, "is in groups"),
        (_kit_alone, "is in groups"),
        (_everything_with_the_kit, "is in the kit's group"),
        (_kit_cooled_down, "cooldown"),
    ],
    ids=["kit in two groups", "runtime apart from the kit", "everything with the kit", "kit waits out the cooldown"],
)
def test_the_kit_update_check_refuses_a_config_that_splits_or_delays_the_kit(
    baked_service: Path, break_config: Callable[[dict[str, Any]], dict[str, Any]], problem: str
) -> None:
    config = yaml.safe_load((baked_service / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert config["updates"][0]["package-ecosystem"] == "pip"

    problems = kit_update_problems(break_config(config), _locked_names(baked_service))

    assert any(problem in found for found in problems), problems


def test_the_generated_dependabot_config_is_valid_and_zizmor_finds_nothing(baked_service: Path) -> None:
    config = baked_service / ".github" / "dependabot.yml"

    assert schema_errors(config, "vendor.dependabot") == ""
    assert zizmor_findings(config) == set()


def test_the_dependabot_schema_refuses_a_misspelt_option(tmp_path: Path, baked_service: Path) -> None:
    config = (baked_service / ".github" / "dependabot.yml").read_text(encoding="utf-8")
    misspelt = tmp_path / "dependabot.yml"
    misspelt.write_text(_mutated(config, "exclude-patterns:", "exclude_patterns:"), encoding="utf-8")

    assert "'exclude_patterns' was unexpected" in schema_errors(misspelt, "vendor.dependabot")


def _find_links_without_the_kit() -> dict[str, str]:
    """This environment with PIP_FIND_LINKS as the machine sets it: without any folder of kit wheels."""
    folders = os.environ.get("PIP_FIND_LINKS", "").split()
    machine = [folder for folder in folders if not any(Path(folder).glob("lambda_service_*.whl"))]
    environment = {key: value for key, value in os.environ.items() if key != "PIP_FIND_LINKS"}
    return {**environment, "PIP_FIND_LINKS": " ".join(machine)} if machine else environment


def make_install(project: Path) -> subprocess.CompletedProcess[str]:
    command = ["make", "--no-print-directory", "-C", str(project), "install"]
    return subprocess.run(
        command, capture_output=True, text=True, env=_find_links_without_the_kit(), timeout=600, check=False
    )


def test_make_install_without_the_kit_names_its_version_and_how_to_get_it(
    baked_service: Path, kit_version: str
) -> None:
    completed = make_install(baked_service)
    output = completed.stdout + completed.stderr

    assert completed.returncode != 0
    assert f"error: lambda-service-kit {kit_version} and lambda-service-runtime {kit_version}" in output
    assert "PIP_FIND_LINKS" in output
    assert "make kit" in output
    assert not [line for line in output.splitlines() if line.startswith(PIP_FAILURE_OUTPUT)], output
    assert "pip install" not in output, "make install went on to install without the kit"


def test_make_install_refuses_locks_that_pin_two_kit_versions(tmp_path: Path, kit_version: str) -> None:
    project = bake(tmp_path)
    runtime_lock = project / "requirements" / "runtime.txt"
    other = _next_patch(kit_version)
    runtime_lock.write_text(
        _mutated(runtime_lock.read_text(), f"lambda-service-runtime=={kit_version}", f"lambda-service-runtime=={other}")
    )

    completed = make_install(project)
    output = completed.stdout + completed.stderr

    assert completed.returncode != 0
    assert f"pins lambda-service-kit {kit_version} but requirements/runtime.txt" in output
    assert f"pins lambda-service-runtime {other}: the two are released together" in output
    assert "make lock" in output
    assert not (project / ".venv").exists(), "make install went on after finding the mismatch"
