from __future__ import annotations

from pathlib import Path

from lambda_service_kit.tools import scan_secrets

# Built from parts so this file itself holds no secret-shaped literal.
FAKE_AWS_KEY = "AKIA" + "Q4VZ7EXAMPLE2KTW3M"


def test_finds_a_committed_key(tmp_path: Path) -> None:
    (tmp_path / "settings.py").write_text(f'AWS_ACCESS_KEY_ID = "{FAKE_AWS_KEY}"\n', encoding="utf-8")

    assert scan_secrets.find_secrets(tmp_path) == ["settings.py:1: AWS Access Key"]


def test_ignores_dependencies_and_build_output(tmp_path: Path) -> None:
    for folder in ("node_modules", ".venv", "cdk.out"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "leak.py").write_text(f'KEY = "{FAKE_AWS_KEY}"\n', encoding="utf-8")

    assert scan_secrets.find_secrets(tmp_path) == []
