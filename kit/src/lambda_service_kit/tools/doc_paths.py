"""Fail when the docs name a repository path that does not exist.

    service-kit doc-paths [ROOT] [--base DIR ...]

Reads every Markdown file (outside fenced code blocks) and every Python docstring and comment under
ROOT, skipping dependencies and build output (``SKIPPED_DIRS``). What counts as a named path:

- inline code (single or double backticks) made only of file-name characters (letters, digits,
  ``_ . - /`` and literal ``{{cookiecutter.<name>}}`` folders; ``{{ cookiecutter.<name> }}`` is read
  without its spaces), that ends with ``/``, ends with a known file suffix (``SUFFIXES``) or is a
  Makefile, or holds a ``/`` after a first part that exists. A ``#anchor`` is dropped. Not paths:
  anything with a space, a ``<placeholder>``, a glob, a ``$variable``, a ``:`` (URLs, ``file:line``),
  text starting with ``-``, ``/`` or ``~``, and paths into build output or files tools write on demand;
- inline code that is a dotted Python name whose first part is a package or module at the top of ROOT,
  of an enclosing project, of a ``src/`` folder, of an extra base, or the kit
  (``lambda_service_kit.tools.synth``): its modules must exist, and the first name after them must be
  bound at the top level of that module (nothing deeper is checked); other dotted names are not read;
- the target of a relative Markdown link, which must exist relative to the file.

The pages a documentation site generates when it builds (``lambda_service_kit.docs.site_pages``: the SLO
page, the alarm catalogue...) count as existing in a ``docs/`` folder beside a ``mkdocs.yml``.

A path may be relative to the file that names it, to the package the file is in (``src/<package>/``),
to any enclosing project (a folder with a ``pyproject.toml``, up to ROOT), to ROOT, to an extra base,
or, when it starts with a package's name, to where that package lives (a ``src/`` folder of the tree,
or where Python imports the kit from).
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import io
import os
import re
import sys
import tokenize
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lambda_service_kit.docs.site_pages import GENERATED_PAGES, SITE_CONFIG

SKIPPED_DIRS = frozenset(
    {".git", ".venv", "node_modules", "cdk.out", ".build", "build", "dist", "site"}
    | {"__pycache__", ".pytest_cache", ".ruff_cache", ".mypy_cache", ".hypothesis"}
)
# Files a tool writes into a repository when it first needs them: docs name them before they exist.
WRITTEN_ON_DEMAND = frozenset({"cdk.context.json", ".cruft.json"})
SUFFIXES = frozenset(
    {"py", "pyc", "md", "toml", "json", "txt", "in", "yml", "yaml", "cfg", "ini", "sh", "js", "ts", "html", "csv"}
    | {"lock", "whl", "zip", "gz"}
)
KNOWN_NAMES = frozenset({"Makefile"})
# The kit's own packages: a path or dotted name starting with one of them is looked up where it is installed.
KIT_PACKAGES = ("lambda_service_kit", "lambda_service_runtime")

CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)
BLANK_LINE = re.compile(r"\n[ \t]*\n")
MARKDOWN_LINK = re.compile(r"\]\(([^()\s]+)(?:\s+\"[^\"]*\")?\)")
FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
COOKIECUTTER_VARIABLE = re.compile(r"\{\{\s*(cookiecutter\.\w+)\s*\}\}")
PATH = re.compile(r"(?:[\w.\-/]|\{\{cookiecutter\.\w+\}\})+")
DOTTED_NAME = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+")
URL_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
DOCSTRING_NEIGHBOURS = frozenset({tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT})
IGNORED_TOKENS = frozenset({tokenize.NL, tokenize.COMMENT})


@dataclass(frozen=True)
class MissingPath:
    """A path named on ``line`` of ``file`` (relative to the root checked) that exists nowhere it may live."""

    file: Path
    line: int
    path: str

    def __str__(self) -> str:
        return f"{self.file.as_posix()}:{self.line}: {self.path}"


@dataclass(frozen=True)
class Reference:
    line: int
    text: str
    is_link: bool = False


def missing_paths(root: Path, *, bases: Sequence[Path] = ()) -> list[MissingPath]:
    """Every path named in the docs under ``root`` that exists neither there nor in one of ``bases``."""
    root = root.resolve()
    tree = _Tree(root, tuple(base.resolve() for base in bases))
    missing = []
    for file in documented_files(root):
        missing += [
            MissingPath(file.relative_to(root), reference.line, reference.text)
            for reference in references(file)
            if tree.is_missing(file, reference)
        ]
    return missing


def documented_files(root: Path) -> Iterator[Path]:
    """The Markdown and Python files under ``root``, without dependencies and build output."""
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(name for name in subfolders if not _skipped(name))
        for name in sorted(files):
            if name.endswith((".md", ".py")):
                yield Path(folder, name)


def references(file: Path) -> Iterator[Reference]:
    """The inline code and link targets in ``file``'s prose: Markdown text, or Python docstrings and comments."""
    source = file.read_text(encoding="utf-8")
    if file.suffix == ".md":
        yield from _markdown_references(source)
    else:
        for first_line, text in _python_prose(source):
            yield from _code_spans(text, first_line)


def _skipped(folder_name: str) -> bool:
    return folder_name in SKIPPED_DIRS or folder_name.endswith(".egg-info")


def _markdown_references(source: str) -> Iterator[Reference]:
    for first_line, paragraph in _markdown_paragraphs(source):
        yield from _code_spans(paragraph, first_line)
        outside_code = CODE_SPAN.sub(lambda span: " " * len(span.group(0)), paragraph)
        for link in MARKDOWN_LINK.finditer(outside_code):
            yield Reference(first_line + paragraph.count("\n", 0, link.start()), link.group(1), is_link=True)


def _markdown_paragraphs(source: str) -> Iterator[tuple[int, str]]:
    """Runs of lines outside fenced code, split at blank lines and fences, with the number of their first line."""
    fence, lines, first_line = "", [], 0
    for number, line in enumerate(source.splitlines(), start=1):
        opening = FENCE.match(line)
        if fence or opening or not line.strip():
            if lines:
                yield first_line, "\n".join(lines)
            lines = []
            if fence and opening and opening.group(1).startswith(fence):
                fence = ""
            elif opening and not fence:
                fence = opening.group(1)
            continue
        if not lines:
            first_line = number
        lines.append(line)
    if lines:
        yield first_line, "\n".join(lines)


def _code_spans(text: str, first_line: int) -> Iterator[Reference]:
    """Inline code in ``text``; a span may cross lines within a paragraph (a line break reads as a space)."""
    for paragraph_start, paragraph in _paragraphs(text):
        for span in CODE_SPAN.finditer(paragraph):
            content = span.group(2).replace("\n", " ")
            if content[:1] == content[-1:] == " " and content.strip():
                content = content[1:-1]
            line = first_line + text.count("\n", 0, paragraph_start) + paragraph.count("\n", 0, span.start())
            yield Reference(line, content)


def _paragraphs(text: str) -> Iterator[tuple[int, str]]:
    start = 0
    for blank in BLANK_LINE.finditer(text):
        yield start, text[start : blank.start()]
        start = blank.end()
    yield start, text[start:]


def _python_prose(source: str) -> list[tuple[int, str]]:
    """Comments, and strings that stand alone as a statement (module, class, function and attribute docstrings)."""
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    significant = [token for token in tokens if token.type not in IGNORED_TOKENS]
    prose = [token for token in tokens if token.type == tokenize.COMMENT]
    for before, token, after in zip([None, *significant], significant, [*significant[1:], None], strict=False):
        standalone_start = before is None or before.type in DOCSTRING_NEIGHBOURS
        standalone_end = after is None or after.type in {tokenize.NEWLINE, tokenize.ENDMARKER}
        if token.type == tokenize.STRING and standalone_start and standalone_end:
            prose.append(token)
    return [(token.start[0], token.string) for token in sorted(prose, key=lambda token: token.start)]


class _Tree:
    """Where the paths named in one tree may live."""

    def __init__(self, root: Path, bases: tuple[Path, ...]) -> None:
        self.root = root
        self.bases = bases
        self.packages = self._packages()

    def is_missing(self, file: Path, reference: Reference) -> bool:
        text = COOKIECUTTER_VARIABLE.sub(r"{{\1}}", reference.text)
        path = text.partition("#")[0]
        if reference.is_link:
            return self._link_is_missing(file, path)
        if PATH.fullmatch(path) and not path.startswith(("-", "/", "~")):
            parts = _parts(path)
            folders = self._path_roots(file, parts[0] if parts else "")
            if _reads_as_path(path, parts, folders):
                return not _generated(parts) and not any(_exists(folder / path) for folder in folders)
        if DOTTED_NAME.fullmatch(text):
            return _module_is_missing(text.split("."), self._module_roots(file))
        return False

    def _link_is_missing(self, file: Path, target: str) -> bool:
        """A link to a file or folder of the repository, relative to the page; pages, anchors, URLs are not."""
        if not target or URL_SCHEME.match(target) or target.startswith("/"):
            return False
        return not _generated(_parts(target)) and not _exists(file.parent / target)

    def _path_roots(self, file: Path, first_part: str) -> list[Path]:
        package = next((folder for folder in file.parents if folder.parent.name == "src"), None)
        roots = [file.parent, *([package] if package else []), *self._enclosing_projects(file), *self.bases]
        return [*roots, self.packages[first_part].parent] if first_part in self.packages else roots

    def _module_roots(self, file: Path) -> list[Path]:
        return [*self._enclosing_projects(file), *self.bases, *{package.parent for package in self.packages.values()}]

    def _enclosing_projects(self, file: Path) -> list[Path]:
        projects = [folder for folder in file.parents if folder.is_relative_to(self.root)]
        return [folder for folder in projects if folder == self.root or (folder / "pyproject.toml").is_file()]

    def _packages(self) -> dict[str, Path]:
        """Top-level packages by name: those in the tree's ``src/`` folders, the kit's where Python finds them."""
        packages: dict[str, Path] = {}
        for name in KIT_PACKAGES:
            spec = importlib.util.find_spec(name)
            if spec is not None and spec.submodule_search_locations:
                packages[name] = Path(next(iter(spec.submodule_search_locations)))
        for folder, subfolders, _ in os.walk(self.root):
            subfolders[:] = [name for name in subfolders if not _skipped(name)]
            if Path(folder).name == "src":
                packages.update(
                    {name: Path(folder, name) for name in subfolders if Path(folder, name, "__init__.py").is_file()}
                )
        return packages


def _parts(path: str) -> list[str]:
    return [part for part in path.split("/") if part not in ("", ".")]


def _generated(parts: list[str]) -> bool:
    """Build output, dependencies or a file a tool writes on demand: docs may name it before it exists."""
    return any(_skipped(part) for part in parts) or (bool(parts) and parts[-1] in WRITTEN_ON_DEMAND)


def _exists(path: Path) -> bool:
    """On disk, or a page its documentation site generates when it builds."""
    if path.exists():
        return True
    page = Path(os.path.normpath(path))
    return page.name in GENERATED_PAGES and page.parent.name == "docs" and (page.parent.parent / SITE_CONFIG).is_file()


def _reads_as_path(path: str, parts: list[str], folders: list[Path]) -> bool:
    if not parts:
        return False
    name = parts[-1]
    suffix = name.rpartition(".")[2] if "." in name.lstrip(".") else ""
    if path.endswith("/") or suffix in SUFFIXES or name in KNOWN_NAMES:
        return True
    return len(parts) > 1 and any((folder / parts[0]).exists() for folder in folders)


def _module_is_missing(names: list[str], roots: list[Path]) -> bool:
    """Whether ``a.b.c`` names a module or a module's top-level name that is absent; False when ``a`` is unknown."""
    found = [_resolves(root, names) for root in roots]
    return False in found and True not in found


def _resolves(root: Path, names: list[str]) -> bool | None:
    """True or False once ``names[0]`` is a package or module in ``root``; None when it is not."""
    location = root / names[0]
    if not (location / "__init__.py").is_file():
        location = root / f"{names[0]}.py"
        if not location.is_file():
            return None
    rest = names[1:]
    while rest and location.is_dir():
        if (location / rest[0]).is_dir():
            location = location / rest[0]
        elif (location / f"{rest[0]}.py").is_file():
            location = location / f"{rest[0]}.py"
        else:
            break
        rest = rest[1:]
    if not rest:
        return True
    module = location / "__init__.py" if location.is_dir() else location
    defined = _top_level_names(module) if module.is_file() else frozenset()
    return defined is None or rest[0] in defined


@cache
def _top_level_names(module: Path) -> frozenset[str] | None:
    """The names ``module`` binds at its top level; None when any name may exist (``import *``, ``__getattr__``)."""
    try:
        tree = ast.parse(module.read_text(encoding="utf-8"))
    except SyntaxError:
        return None
    names: set[str] = set()
    statements = list(tree.body)
    while statements:
        statement = statements.pop()
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(statement.name)
        elif isinstance(statement, ast.Import | ast.ImportFrom):
            if any(alias.name == "*" for alias in statement.names):
                return None
            names.update((alias.asname or alias.name).partition(".")[0] for alias in statement.names)
        elif isinstance(statement, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            names.update(node.id for target in targets for node in ast.walk(target) if isinstance(node, ast.Name))
        if not isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            # Bindings under ``if``, ``try``, ``with`` and loops at the top level count too.
            for block in ("body", "orelse", "finalbody", "handlers"):
                statements += getattr(statement, block, [])
    return None if "__getattr__" in names else frozenset(names)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Report every path the docs name that does not exist.")
    parser.add_argument("root", nargs="?", type=Path, default=Path.cwd())
    parser.add_argument(
        "--base", action="append", type=Path, default=[], help="another folder paths may be relative to (repeatable)"
    )
    arguments = parser.parse_args(argv)
    missing = missing_paths(arguments.root, bases=arguments.base)
    for entry in missing:
        print(entry)
    print(f"{len(missing)} missing path(s) named in the docs of {arguments.root.resolve()}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
