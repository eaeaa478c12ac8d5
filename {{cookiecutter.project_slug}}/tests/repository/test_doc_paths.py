"""The docs name only paths that exist, here or in the installed kit (what `service-kit doc-paths` reports)."""

from __future__ import annotations

from pathlib import Path

from lambda_service_kit.tools.doc_paths import missing_paths


def test_every_path_the_docs_name_exists() -> None:
    project = Path(__file__).resolve().parents[2]

    assert [str(entry) for entry in missing_paths(project)] == []
