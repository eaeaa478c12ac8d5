"""docs/extending.md's "Add a route", followed literally on a fresh bake, so the guide cannot drift from the code.

The test writes the files the section shows (at the paths it names), runs the commands of its shell
block with the shared environment (`make local` in the background, on a free port) and makes its call.
"""

from __future__ import annotations

import filecmp
import json
import re
import shlex
import urllib.request
from pathlib import Path

from tests.conftest import TEMPLATE_DIR, SharedEnvironment, bake, run_make
from tests.test_local_api import served_by_make_local

GUIDE = TEMPLATE_DIR / "docs" / "extending.md"
SECTION = re.compile(r"^## Add a route\n(.*?)^## ", re.MULTILINE | re.DOTALL)
CODE_BLOCK = re.compile(r"^```(\w+)\n(.*?)^```\n", re.MULTILINE | re.DOTALL)
SERVICE_PATH = re.compile(r"`(src/<package>/[^`]+\.py)`")
# What the service's tools write: not files a team edits.
GENERATED = {"openapi.json"}
BUILD_OUTPUT = {".build", "cdk.out", "__pycache__", ".pytest_cache", ".ruff_cache", ".hypothesis"}


def guide_steps() -> tuple[dict[str, str], list[str]]:
    """The files the guide shows (path -> content) and the lines of its shell block, in order."""
    section = SECTION.search(GUIDE.read_text(encoding="utf-8"))
    assert section, f"{GUIDE} has no 'Add a route' section"
    files, commands, position = {}, [], 0
    for block in CODE_BLOCK.finditer(section.group(1)):
        if block.group(1) == "python":
            # The file a block holds is the first one the text since the previous block names.
            named = SERVICE_PATH.findall(section.group(1)[position : block.start()])
            assert named, f"the Python block at offset {block.start()} names no file before it"
            files[named[0]] = block.group(2)
        elif block.group(1) == "sh":
            commands += [line for line in block.group(2).splitlines() if line.strip()]
        position = block.end()
    return files, commands


def edited_files(project: Path, fresh: Path) -> set[str]:
    """The files of ``project`` that differ from, or are not in, the untouched bake ``fresh``."""
    changed = set()
    for path in project.rglob("*"):
        relative = path.relative_to(project)
        if path.is_file() and not BUILD_OUTPUT & set(relative.parts):
            twin = fresh / relative
            if not twin.is_file() or not filecmp.cmp(path, twin, shallow=False):
                changed.add(str(relative))
    return changed


def call(curl_line: str, base_url: str) -> tuple[int, dict[str, object]]:
    """The guide's curl command, sent to ``base_url`` (the served stage) instead of port 3000."""
    arguments = shlex.split(curl_line)[1:]
    method, headers, data, url = "GET", {}, None, ""
    while arguments:
        argument = arguments.pop(0)
        if argument == "-X":
            method = arguments.pop(0)
        elif argument == "-H":
            name, _, value = arguments.pop(0).partition(":")
            headers[name] = value.strip()
        elif argument == "-d":
            data = arguments.pop(0).encode()
        else:
            url = argument
    stage_path = url.split("/dev/", 1)[1]
    request = urllib.request.Request(base_url + stage_path, data=data, headers=headers, method=method)
    with urllib.request.urlopen(request, timeout=30) as response:  # 127.0.0.1, printed by the server
        return response.status, json.loads(response.read())


def test_adding_a_route_as_the_guide_says_touches_two_files_and_serves_it(
    shared_environment: SharedEnvironment, tmp_path: Path
) -> None:
    project, fresh = bake(tmp_path / "extended"), bake(tmp_path / "fresh")
    package = json.loads((project / ".cookiecutter.json").read_text())["package_name"]
    files, commands = guide_steps()
    for path, content in files.items():
        (project / path.replace("<package>", package)).write_text(content.replace("<package>", package))

    curl_lines = [command for command in commands if command.startswith("curl ")]
    for command in commands:
        if command.startswith("make ") and command != "make local":
            run_make(project, *command.split()[1:], shared=shared_environment)

    assert edited_files(project, fresh) == {path.replace("<package>", package) for path in files} | GENERATED
    assert "make local" in commands
    assert curl_lines, "the guide calls the new route"
    with served_by_make_local(project, tmp_path / "make-local.log", *shared_environment.make_variables()) as url:
        answers = [call(line, url) for line in curl_lines]
    assert answers == [(201, {"message": "Goodbye, Ada!"})]
