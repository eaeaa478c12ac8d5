"""The project's own files: nothing in them looks like a committed secret (what `make secrets` checks)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools import scan_secrets


def test_the_project_itself_is_clean(capsys: pytest.CaptureFixture[str]) -> None:
    project = Path(__file__).resolve().parents[2]

    assert scan_secrets.main([str(project)]) == 0, capsys.readouterr().out
