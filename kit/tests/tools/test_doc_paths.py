from __future__ import annotations

from pathlib import Path

import pytest

from lambda_service_kit import cli
from lambda_service_kit.tools import doc_paths


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def missing(root: Path, **options: list[Path]) -> list[str]:
    return [str(entry) for entry in doc_paths.missing_paths(root, **options)]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A service-shaped tree: a project file, an infra package, a source package, docs."""
    write(tmp_path, "pyproject.toml", "")
    write(tmp_path, "infra/__init__.py", "")
    write(tmp_path, "infra/config.py", "ENVIRONMENTS = {}\n\ndef load() -> None: ...\n")
    write(tmp_path, "src/shop/__init__.py", "")
    write(tmp_path, "src/shop/handlers/api.py", "")
    write(tmp_path, "docs/runbooks.md", "# Runbooks\n")
    return tmp_path


def test_reports_each_missing_path_with_its_file_and_line(project: Path) -> None:
    write(project, "README.md", "See `infra/config.py`.\n\nThen `infra/stack.py` and `docs/gone/`.\n")

    assert missing(project) == ["README.md:3: infra/stack.py", "README.md:3: docs/gone/"]


def test_a_path_may_be_relative_to_the_file_the_root_or_the_package(project: Path) -> None:
    write(project, "docs/index.md", "`runbooks.md`, `docs/runbooks.md`, `pyproject.toml`, `../README.md`\n")
    write(project, "README.md", "")
    write(project, "src/shop/handlers/api.py", '"""Served by ``handlers/api.py``, listed in ``infra/config.py``."""\n')

    assert missing(project) == []


def test_a_nested_project_is_a_root_for_its_own_files(tmp_path: Path) -> None:
    write(tmp_path, "kit/pyproject.toml", "")
    write(tmp_path, "kit/src/tool.py", "")
    write(tmp_path, "kit/docs/guide.md", "`src/tool.py`\n")
    write(tmp_path, "docs/guide.md", "`src/tool.py` and `kit/src/tool.py`\n")

    assert missing(tmp_path) == ["docs/guide.md:1: src/tool.py"]


@pytest.mark.parametrize(
    "text",
    [
        "make synth ENV=dev",
        "src/<package>/logic/",
        "https://example.com/docs/page.md",
        "requirements/*.in",
        "--no-deps",
        "$API_URL/health",
        "/health",
        "~/.cdk.json",
        "application/problem+json",
        "alias/aws/sns",
        "Budget/AlertTopic",
        "cdk.out/stack.template.json",
        "node_modules/.bin/cdk",
        ".venv/bin/service-kit",
        "cdk.context.json",
        "127.0.0.1:3000",
        "python3.13",
        "0.1.0",
        "config.service.api_auth",
        "aws_cdk.assertions",
        "...",
    ],
)
def test_text_that_is_not_a_repository_path_is_not_checked(project: Path, text: str) -> None:
    write(project, "README.md", f"`{text}`\n")

    assert missing(project) == []


def test_a_path_without_a_suffix_counts_when_its_first_folder_exists(project: Path) -> None:
    write(project, "README.md", "`infra/schemas` `docs/decisions` `nowhere/at/all`\n")

    assert missing(project) == ["README.md:1: infra/schemas", "README.md:1: docs/decisions"]


def test_fenced_code_is_not_prose(project: Path) -> None:
    write(project, "README.md", "```sh\necho `tools/gone.py`\n```\n~~~\n`gone.md`\n~~~\n`also/gone.md`\n")

    assert missing(project) == ["README.md:7: also/gone.md"]


def test_inline_code_may_cross_a_line_but_not_a_paragraph(project: Path) -> None:
    text = "An unclosed ` here.\n\nThen `docs/gone.md` and `a long\nphrase` and `infra/\ngone.py`.\n"
    write(project, "README.md", text)

    assert missing(project) == ["README.md:3: docs/gone.md"]


def test_double_backticks_and_anchors(project: Path) -> None:
    write(project, "README.md", "``docs/runbooks.md#latency`` and `` `docs/none.md` `` and `docs/gone.md#x`\n")

    assert missing(project) == ["README.md:1: docs/gone.md#x"]


def test_python_docstrings_and_comments_are_read_other_strings_are_not(project: Path) -> None:
    source = '''"""Module: ``infra/gone.py``."""

# a comment naming `docs/gone.md`
PATHS = ["`not/prose.md`"]


def handler() -> None:
    """Reads ``infra/config.py`` and
    ``infra/also_gone.py``."""
    message = "`still/not/prose.md`"
'''
    write(project, "src/shop/handlers/api.py", source)

    assert missing(project) == [
        "src/shop/handlers/api.py:1: infra/gone.py",
        "src/shop/handlers/api.py:3: docs/gone.md",
        "src/shop/handlers/api.py:9: infra/also_gone.py",
    ]


def test_dependencies_and_build_output_are_not_read(project: Path) -> None:
    for folder in (".venv", "node_modules", "cdk.out", ".build", "build", "dist", ".git"):
        write(project, f"{folder}/README.md", "`gone.md`\n")

    assert missing(project) == []


def test_dotted_names_of_the_trees_packages_are_checked_as_modules(project: Path) -> None:
    write(project, "src/shop/logic.py", "from shop.handlers.api import *\n")
    text = (
        "`infra.config` `infra.config.ENVIRONMENTS` `infra.config.load` `shop.handlers.api` `shop.logic.anything`\n"
        "`infra.stack` `infra.config.MISSING` `shop.handlers.gone.handler`\n"
    )
    write(project, "README.md", text)

    assert missing(project) == [
        "README.md:2: infra.stack",
        "README.md:2: infra.config.MISSING",
        "README.md:2: shop.handlers.gone.handler",
    ]


def test_a_top_level_name_may_be_bound_by_an_import_or_under_a_condition(project: Path) -> None:
    module = "import os\ntry:\n    from json import loads as parse\nexcept ImportError:\n    parse = None\n"
    write(project, "infra/compat.py", module)
    write(project, "README.md", "`infra.compat.os` `infra.compat.parse` `infra.compat.loads`\n")

    assert missing(project) == ["README.md:1: infra.compat.loads"]


def test_the_kit_is_found_where_python_imports_it(project: Path) -> None:
    write(
        project,
        "README.md",
        "`lambda_service_kit/tools/doc_paths.py` `lambda_service_kit.tools.doc_paths.missing_paths`\n"
        "`lambda_service_kit/tools/gone.py` `lambda_service_kit.tools.doc_paths.gone`\n",
    )

    assert missing(project) == [
        "README.md:2: lambda_service_kit/tools/gone.py",
        "README.md:2: lambda_service_kit.tools.doc_paths.gone",
    ]


def test_cookiecutter_folders_resolve_literally(tmp_path: Path) -> None:
    write(tmp_path, "{{cookiecutter.project_slug}}/src/{{cookiecutter.package_name}}/api.py", "")
    write(tmp_path, "docs/layout.md", "`{{cookiecutter.project_slug}}/src/` `{{cookiecutter.project_slug}}/gone.md`\n")
    write(tmp_path, "{{cookiecutter.project_slug}}/README.md", "`src/{{ cookiecutter.package_name }}/api.py`\n")

    assert missing(tmp_path) == ["docs/layout.md:1: {{cookiecutter.project_slug}}/gone.md"]


def test_markdown_links_resolve_relative_to_the_page(project: Path) -> None:
    text = "[a](runbooks.md#x) [b](https://example.com/x.md) [c](#top) [d](../README.md) [e](gone.md)\n"
    write(project, "docs/index.md", text)

    assert missing(project) == ["docs/index.md:1: ../README.md", "docs/index.md:1: gone.md"]


def test_extra_bases_are_searched_too(project: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    other = tmp_path_factory.mktemp("generated")
    write(other, "infra/routes.py", "")
    write(project, "README.md", "`infra/routes.py`\n")

    assert missing(project) == ["README.md:1: infra/routes.py"]
    assert missing(project, bases=[other]) == []


def test_main_prints_each_missing_path_and_fails(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "README.md", "`infra/config.py`\n")
    assert doc_paths.main([str(project)]) == 0

    write(project, "README.md", "`infra/gone.py`\n")
    assert doc_paths.main([str(project)]) == 1
    assert capsys.readouterr().out.splitlines()[-2:] == [
        "README.md:1: infra/gone.py",
        f"1 missing path(s) named in the docs of {project.resolve()}",
    ]


def test_the_kit_cli_runs_it(project: Path) -> None:
    write(project, "README.md", "`infra/gone.py`\n")

    assert cli.main(["doc-paths", str(project)]) == 1


def test_a_page_the_docs_site_generates_exists_only_in_a_docs_folder_beside_mkdocs_yml(project: Path) -> None:
    links = "[SLOs](slos.md), [alarms](alarms.md#prod), [gone](gone.md)\n"
    write(project, "docs/index.md", links)
    write(project, "docs/decisions/0001-x.md", "[architecture](../architecture.md)\n")
    write(project, "README.md", "`docs/configuration.md`\n")

    without_site = missing(project)
    write(project, "mkdocs.yml", "site_name: x\n")

    assert sorted(without_site) == [
        "README.md:1: docs/configuration.md",
        "docs/decisions/0001-x.md:1: ../architecture.md",
        "docs/index.md:1: alarms.md#prod",
        "docs/index.md:1: gone.md",
        "docs/index.md:1: slos.md",
    ]
    assert missing(project) == ["docs/index.md:1: gone.md"]
