"""Template updates with cruft: a service's team keeps its own edits when the template moves on.

The template's versions are commits. A temporary clone of this repository holds its history (the last
commit before the kit, the first kit commit) and, committed on top, the working tree: the version a
user of this checkout would update to. Every git and cruft call runs without the user's git config.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import TEMPLATE_DIR, SharedEnvironment, run_make
from tests.test_bake import ODD_ANSWERS
from tests.test_generated_projects import EXPECTED_RESOURCES, synthesized

PRE_KIT_COMMIT = "f801b43"  # the last commit whose bakes carried the machinery themselves
FIRST_KIT_COMMIT = "3790b01"
GIT_ENVIRONMENT = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Template Tests",
    "GIT_AUTHOR_EMAIL": "template-tests@example.com",
    "GIT_COMMITTER_NAME": "Template Tests",
    "GIT_COMMITTER_EMAIL": "template-tests@example.com",
}
PACKAGE = Path("src/greeting_service")
# What a pre-kit bake held that the kit now provides: tools, constructs and the runtime plumbing.
PRE_KIT_MACHINERY = (
    Path("tools"),
    Path("infra/constructs"),
    *(
        PACKAGE / module
        for module in (
            "tracing.py",
            "xray_udp_exporter.py",
            "settings.py",
            "observability.py",
            "handlers/errors.py",
            "handlers/requests.py",
            "handlers/correlation.py",
        )
    ),
)
TEAM_EDITED_FILES = {
    str(PACKAGE / "logic/greetings.py"),
    str(PACKAGE / "models/greeting.py"),
    "tests/unit/test_logic.py",
}
CONFLICT_MARKER = re.compile(r"^(<{7}|>{7})( |$)", re.MULTILINE)
CHANGED_FILE = re.compile(r"^diff --git upstream-template-old/(\S+) ", re.MULTILINE)


def git(*arguments: str, cwd: Path) -> str:
    completed = subprocess.run(
        ["git", *arguments], cwd=cwd, env={**os.environ, **GIT_ENVIRONMENT}, capture_output=True, text=True
    )
    assert completed.returncode == 0, f"git {' '.join(arguments)} failed:\n{completed.stdout}{completed.stderr}"
    return completed.stdout.strip()


def cruft(*arguments: str, cwd: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    completed = subprocess.run(
        [sys.executable, "-m", "cruft", *arguments],
        cwd=cwd,
        env={**os.environ, **GIT_ENVIRONMENT},
        capture_output=True,
        text=True,
    )
    if check:
        assert completed.returncode == 0, f"cruft {arguments[0]} failed:\n{completed.stdout}{completed.stderr}"
    return completed


@dataclass(frozen=True)
class TemplateRepository:
    """A git repository with this template's history and the working tree committed as ``head``."""

    path: Path
    head: str


def working_tree_files() -> list[Path]:
    """The files of this checkout that git would commit: tracked and untracked, none it ignores."""
    listed = git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=TEMPLATE_DIR).split("\0")
    return [Path(name) for name in listed if name and (TEMPLATE_DIR / name).exists()]


@pytest.fixture(scope="module")
def template_repository(tmp_path_factory: pytest.TempPathFactory) -> TemplateRepository:
    repository = tmp_path_factory.mktemp("template-history") / "template"
    git("clone", "--quiet", "--no-local", str(TEMPLATE_DIR), str(repository), cwd=repository.parent)
    git("rm", "-r", "--quiet", ".", cwd=repository)
    for relative in working_tree_files():
        (repository / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(TEMPLATE_DIR / relative, repository / relative, follow_symlinks=False)
    git("add", "--all", cwd=repository)
    git("commit", "--quiet", "--allow-empty", "--message", "The working tree", cwd=repository)
    return TemplateRepository(path=repository, head=git("rev-parse", "HEAD", cwd=repository))


def cruft_create(template: Path, checkout: str, output_dir: Path) -> Path:
    """Bake the defaults with ``cruft create`` at ``checkout`` and commit the bake as the team's first commit."""
    output_dir.mkdir()
    cruft(
        "create",
        "--no-input",
        "--default-config",
        "--checkout",
        checkout,
        "--output-dir",
        ".",
        str(template),
        cwd=output_dir,
    )
    (project,) = output_dir.iterdir()
    start_team_repository(project)
    return project


def start_team_repository(project: Path) -> None:
    git("init", "--quiet", "--initial-branch", "main", cwd=project)
    commit_everything(project, "Baked from the template")


def commit_everything(project: Path, message: str) -> None:
    git("add", "--all", cwd=project)
    git("commit", "--quiet", "--message", message, cwd=project)


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not in {path} exactly once"
    path.write_text(text.replace(old, new), encoding="utf-8")


def greet_in_italian(project: Path) -> None:
    """The team's own change, committed: a fifth language in the logic, the model and a test.

    The generated artifact (the gateway's schema, now openapi.json) is regenerated after the update, as
    docs/upgrading.md says: `make openapi`.
    """
    replace_once(project / PACKAGE / "logic/greetings.py", '"de": "Hallo"}', '"de": "Hallo", "it": "Ciao"}')
    replace_once(project / PACKAGE / "models/greeting.py", '"es", "de"]', '"es", "de", "it"]')
    with (project / "tests/unit/test_logic.py").open("a", encoding="utf-8") as tests:
        tests.write(
            "\n\ndef test_greets_in_italian() -> None:\n"
            '    assert compose_greeting(GreetingRequest(name="Ada", language="it")).message == "Ciao, Ada!"\n'
        )
    commit_everything(project, "Greet in Italian")


def cruft_update(project: Path, checkout: str) -> str:
    completed = cruft("update", "--skip-apply-ask", "--checkout", checkout, cwd=project)
    return completed.stdout + completed.stderr


def assert_applied_cleanly(project: Path, update_output: str) -> None:
    """No patch git refused, no rejected hunk, no file left unmerged, no conflict marker in the project."""
    refused = [line for line in update_output.splitlines() if line.startswith("error:")]
    files = project_files(project)
    rejected = sorted(name for name in files if name.endswith(".rej"))
    unmerged = git("diff", "--name-only", "--diff-filter=U", cwd=project)
    marked = sorted(
        name for name in files if CONFLICT_MARKER.search((project / name).read_text(encoding="utf-8", errors="replace"))
    )
    assert (refused, rejected, unmerged, marked) == ([], [], "", []), update_output


def assert_is_the_render_with_the_teams_edit(project: Path, template: Path, tmp_path: Path) -> None:
    """The project holds the files a fresh bake of its recorded commit holds, equal but for the team's edit."""
    fresh = cruft_create(template, recorded_commit(project), tmp_path / "fresh-bake")
    assert project_files(project) == project_files(fresh)
    # cruft diff compares each file of the template's render at the recorded commit with the project's.
    assert set(CHANGED_FILE.findall(cruft("diff", cwd=project).stdout)) == TEAM_EDITED_FILES


def recorded_commit(project: Path) -> str:
    return json.loads((project / ".cruft.json").read_text())["commit"]


def project_files(project: Path) -> set[str]:
    return {
        str(path.relative_to(project))
        for path in project.rglob("*")
        if path.is_file() and ".git" not in path.relative_to(project).parts
    }


def cookiecutter_bake(template: Path, output_dir: Path, answers: dict[str, str]) -> Path:
    """Bake with the plain cookiecutter CLI, which records no template commit of its own."""
    output_dir.mkdir()
    command = [sys.executable, "-m", "cookiecutter", "--no-input", "--default-config", "--output-dir", "."]
    answer_arguments = [f"{key}={value}" for key, value in answers.items()]
    completed = subprocess.run(
        [*command, str(template), *answer_arguments], cwd=output_dir, capture_output=True, text=True
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    (project,) = output_dir.iterdir()
    return project


def publish_later_template_version(template: Path) -> str:
    """A later template commit that changes a scaffold file using two of the answers."""
    runbooks = template / "{{cookiecutter.project_slug}}/docs/runbooks.md"
    with runbooks.open("a", encoding="utf-8") as text:
        text.write("\nTraced with {{ cookiecutter.tracing }}; callers authenticate with {{ cookiecutter.api_auth }}.\n")
    commit_everything(template, "Runbooks name the tracing and the authentication")
    return git("rev-parse", "HEAD", cwd=template)


def test_a_pre_kit_service_moves_to_the_kit_with_its_teams_edit(
    template_repository: TemplateRepository, shared_environment: SharedEnvironment, kit_version: str, tmp_path: Path
) -> None:
    project = cruft_create(template_repository.path, PRE_KIT_COMMIT, tmp_path / "bake")
    assert all((project / path).exists() for path in PRE_KIT_MACHINERY), "the pre-kit bake holds its machinery"
    greet_in_italian(project)

    update_output = cruft_update(project, template_repository.head)

    assert_applied_cleanly(project, update_output)
    assert recorded_commit(project) == template_repository.head
    assert_is_the_render_with_the_teams_edit(project, template_repository.path, tmp_path)
    assert [str(path) for path in PRE_KIT_MACHINERY if (project / path).exists()] == []
    assert f"lambda-service-kit=={kit_version}" in (project / "requirements/dev.txt").read_text()
    assert f"lambda-service-runtime=={kit_version}" in (project / "requirements/runtime.txt").read_text()
    shared_environment.adopt(project)
    run_make(project, "openapi", "lint", "test", "synth", shared=shared_environment)
    for environment, expected in EXPECTED_RESOURCES.items():
        counts = Counter(resource["Type"] for resource in synthesized(project, environment)["Resources"].values())
        assert dict(sorted(counts.items())) == expected, environment


def test_a_kit_service_updates_to_the_working_tree_with_its_teams_edit(
    template_repository: TemplateRepository, tmp_path: Path
) -> None:
    project = cruft_create(template_repository.path, FIRST_KIT_COMMIT, tmp_path / "bake")
    greet_in_italian(project)

    update_output = cruft_update(project, template_repository.head)

    assert_applied_cleanly(project, update_output)
    assert recorded_commit(project) == template_repository.head
    assert_is_the_render_with_the_teams_edit(project, template_repository.path, tmp_path)


def test_a_cruft_bake_passes_its_own_secret_scan(
    template_repository: TemplateRepository, shared_environment: SharedEnvironment, tmp_path: Path
) -> None:
    project = cruft_create(template_repository.path, template_repository.head, tmp_path / "bake")

    run_make(project, "secrets", shared=shared_environment)

    # What the scan is spared: the same record under another name is flagged (the template commit's hash).
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(project / ".cruft.json", elsewhere / "template-record.json")
    scan = subprocess.run(
        [shared_environment.venv / "bin" / "service-kit", "secrets", str(elsewhere)], capture_output=True, text=True
    )
    assert scan.returncode == 1, scan.stdout + scan.stderr
    assert "template-record.json:" in scan.stdout


def test_a_plain_cookiecutter_bake_links_itself_to_the_template_with_its_answers(
    template_repository: TemplateRepository, tmp_path: Path
) -> None:
    template = tmp_path / "template"
    git("clone", "--quiet", str(template_repository.path), str(template), cwd=tmp_path)
    answers = {**ODD_ANSWERS, "tracing": "xray", "api_auth": "cognito"}
    project = cookiecutter_bake(template, tmp_path / "bake", answers)
    start_team_repository(project)
    recorded_answers = (project / ".cookiecutter.json").read_text(encoding="utf-8")
    assert json.loads(recorded_answers).items() >= answers.items()

    cruft("link", "--no-input", "--default-config", "--checkout", "HEAD", str(template), cwd=project)
    assert cruft("diff", "--exit-code", cwd=project, check=False).returncode == 1, "the defaults are not this bake"
    (project / ".cruft.json").unlink()
    link_arguments = ("--checkout", "HEAD", "--extra-context", recorded_answers, str(template))
    cruft("link", "--no-input", "--default-config", *link_arguments, cwd=project)
    assert cruft("diff", "--exit-code", cwd=project, check=False).returncode == 0, "the answers give this bake"
    commit_everything(project, "Link to the template")
    later = publish_later_template_version(template)

    update_output = cruft_update(project, later)

    assert_applied_cleanly(project, update_output)
    assert recorded_commit(project) == later
    runbooks = (project / "docs/runbooks.md").read_text(encoding="utf-8")
    assert runbooks.endswith("Traced with xray; callers authenticate with cognito.\n")
