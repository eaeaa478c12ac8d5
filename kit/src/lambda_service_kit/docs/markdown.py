"""Markdown building blocks of the generated pages."""

from __future__ import annotations

from collections.abc import Sequence


def cell(value: object) -> str:
    """A table cell: pipes escaped, line breaks joined."""
    return str(value).replace("|", "\\|").replace("\n", " ")


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(cell(value) for value in row) + " |" for row in rows]
    return "\n".join(lines)
