"""Every repository path the docs name exists: in this repository, and in what a user bakes from it.

The checker is the kit's (``lambda_service_kit.tools.doc_paths``, standard library only, imported from
the kit's sources); each bake runs the same check in its own ``make test``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lambda_service_kit.tools.doc_paths import MissingPath, missing_paths

from tests.conftest import KIT_DIR, TEMPLATE_DIR, bake

GENERATED_DIR = TEMPLATE_DIR / "{{cookiecutter.project_slug}}"
# The bake is not installed here: the kit's sources stand in for the kit its virtualenv would hold.
KIT_SOURCES = [KIT_DIR / "src", KIT_DIR / "runtime" / "src"]


@pytest.fixture(scope="module")
def default_bake(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return bake(tmp_path_factory.mktemp("doc-paths"))


def fail_listing(missing: list[MissingPath]) -> None:
    if missing:
        pytest.fail("paths named in the docs that do not exist:\n" + "\n".join(map(str, missing)), pytrace=False)


def test_the_template_names_only_paths_that_exist(default_bake: Path) -> None:
    # README, docs/, the kit, hooks, bench, tests and the template folder. The template's docs describe
    # the generated project, so its paths may be relative to the template folder, or to a bake for the
    # files the post-generation hook renames (requirements/runtime.txt).
    fail_listing(missing_paths(TEMPLATE_DIR, bases=[GENERATED_DIR, default_bake]))


def test_the_default_bake_names_only_paths_that_exist(default_bake: Path) -> None:
    fail_listing(missing_paths(default_bake, bases=KIT_SOURCES))
