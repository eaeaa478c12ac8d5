"""The project's own files: nothing in them looks like a committed secret (what `make secrets` checks)."""

from __future__ import annotations

from pathlib import Path

from lambda_service_kit.tools.scan_secrets import find_secrets


def test_the_project_itself_is_clean() -> None:
    project = Path(__file__).resolve().parents[2]

    assert find_secrets(project) == []
