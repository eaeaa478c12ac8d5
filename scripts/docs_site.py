"""mkdocs hooks of the template's own site (``mkdocs.yml`` at the root, ``docs/``), standard library and mkdocs only.

- ``docs/options.md``: the ``<!-- options-table -->`` marker becomes the table of every question in
  ``cookiecutter.json`` (prompt, default, choices with their labels), and the build fails when a question
  has no ``### `name``` section on that page or a section names no question.
- ``docs/decisions/index.md``: the ``<!-- decisions-list -->`` marker becomes a link to every decision
  record in ``docs/decisions/``, by number, with its title.
- The kit's README and CHANGELOG become pages of the site (``kit/README.md``, ``kit/CHANGELOG.md``), and
  links between the repository's Markdown files are mapped to the site: a link from ``docs/`` to
  ``../kit/CHANGELOG.md`` reaches the kit's page, one from the kit to ``../docs/upgrading.md`` the
  upgrading page. A link to another repository file (a workflow, say) becomes its path in code.
"""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

REPOSITORY = Path(__file__).resolve().parents[1]
OPTIONS_PAGE = "options.md"
OPTIONS_MARKER = "<!-- options-table -->"
OPTION_SECTION = re.compile(r"^### `(\w+)`$", re.MULTILINE)
DECISIONS_PAGE = "decisions/index.md"
DECISIONS_MARKER = "<!-- decisions-list -->"
DECISION_FILE = re.compile(r"^decisions/(\d{4})-[\w-]+\.md$")
# Repository Markdown outside docs/ that the site carries, by repository path.
INCLUDED = ("kit/README.md", "kit/CHANGELOG.md")
RELATIVE_LINK = re.compile(r"\[([^\]]*)\]\((?!https?:|mailto:|#)([^()\s#]+)(#[^()\s]*)?\)")


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for path in INCLUDED:
        files.append(File.generated(config, path, content=(REPOSITORY / path).read_text(encoding="utf-8")))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.src_uri == OPTIONS_PAGE:
        markdown = options_page(markdown, json.loads((REPOSITORY / "cookiecutter.json").read_text(encoding="utf-8")))
    if page.file.src_uri == DECISIONS_PAGE:
        markdown = decisions_page(markdown, files)
    return map_repository_links(markdown, page.file.src_uri)


def decisions_page(markdown: str, files: Files) -> str:
    """``markdown`` with the marker replaced by a list of the decision records, by number."""
    if DECISIONS_MARKER not in markdown:
        raise PluginError(f"docs/{DECISIONS_PAGE} has no {DECISIONS_MARKER} marker")
    records = sorted(
        (file for file in files.documentation_pages() if DECISION_FILE.match(file.src_uri)), key=lambda f: f.src_uri
    )
    lines = [
        f"- [{record.content_string.partition(chr(10))[0].lstrip('# ')}]({record.src_uri.removeprefix('decisions/')})"
        for record in records
    ]
    return markdown.replace(DECISIONS_MARKER, "\n".join(lines))


def options_page(markdown: str, cookiecutter: dict[str, Any]) -> str:
    """``markdown`` with the marker replaced by the questions of ``cookiecutter`` (cookiecutter.json)."""
    questions = {name: value for name, value in cookiecutter.items() if not name.startswith("_")}
    sections = set(OPTION_SECTION.findall(markdown))
    missing, unknown = sorted(set(questions) - sections), sorted(sections - set(questions))
    if missing or unknown or OPTIONS_MARKER not in markdown:
        raise PluginError(
            f"docs/{OPTIONS_PAGE} and cookiecutter.json disagree: questions without a section: {missing or 'none'}; "
            f"sections without a question: {unknown or 'none'}; marker {OPTIONS_MARKER} present: "
            f"{OPTIONS_MARKER in markdown}"
        )
    prompts = cookiecutter.get("__prompts__", {})
    rows = ["| question | prompt | default | choices |", "| --- | --- | --- | --- |"]
    for name, value in questions.items():
        prompt = prompts.get(name, "")
        labels = prompt if isinstance(prompt, dict) else {}
        choices = value if isinstance(value, list) else []
        rows.append(
            "| "
            + " | ".join(
                [
                    f"[`{name}`](#{name})",
                    _cell(labels.get("__prompt__", prompt) if labels else prompt),
                    f"`{_cell(choices[0] if choices else value)}`",
                    "<br>".join(f"`{choice}`: {_cell(labels.get(choice, ''))}" for choice in choices) or "free text",
                ]
            )
            + " |"
        )
    return markdown.replace(OPTIONS_MARKER, "\n".join(rows))


def map_repository_links(markdown: str, src_uri: str) -> str:
    """Relative links, written between the repository's files, as links between the site's pages."""
    source_dir = posixpath.dirname(src_uri if src_uri in INCLUDED else f"docs/{src_uri}")
    page_dir = posixpath.dirname(src_uri) or "."

    def mapped(match: re.Match[str]) -> str:
        text, target, anchor = match.group(1), match.group(2), match.group(3) or ""
        repository_target = posixpath.normpath(posixpath.join(source_dir, target))
        if repository_target in INCLUDED:
            site_target = repository_target
        elif repository_target.startswith("docs/"):
            site_target = repository_target.removeprefix("docs/")
        else:
            return f"{text} (`{repository_target}`)"
        return f"[{text}]({posixpath.relpath(site_target, page_dir)}{anchor})"

    return RELATIVE_LINK.sub(mapped, markdown)


def _cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")
