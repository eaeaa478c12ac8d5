"""`service-kit secrets`: a file that looks like it holds a secret fails the scan."""

from __future__ import annotations

from pathlib import Path

import pytest

from lambda_service_kit.config import ServiceDefinition
from lambda_service_kit.tools import scan_secrets

# Built from parts so this file itself holds no secret-shaped literal.
FAKE_AWS_KEY = "AKIA" + "Q4VZ7EXAMPLE2KTW3M"
TEMPLATE_COMMIT = "f801b43" + "9c2e7d5a1b3f6e8d0c4a2b9e7f1d3c5a8"


def test_finds_a_committed_key(tmp_path: Path) -> None:
    (tmp_path / "settings.py").write_text(f'AWS_ACCESS_KEY_ID = "{FAKE_AWS_KEY}"\n', encoding="utf-8")

    assert scan_secrets.find_secrets(tmp_path) == ["settings.py:1: AWS Access Key"]


def test_ignores_dependencies_and_build_output(tmp_path: Path) -> None:
    for folder in ("node_modules", ".venv", "cdk.out"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "leak.py").write_text(f'KEY = "{FAKE_AWS_KEY}"\n', encoding="utf-8")

    assert scan_secrets.find_secrets(tmp_path) == []


def test_cruft_s_record_of_the_template_commit_is_no_secret(tmp_path: Path) -> None:
    record = f'{{"template": "https://example.com/template", "commit": "{TEMPLATE_COMMIT}"}}\n'
    (tmp_path / ".cruft.json").write_text(record, encoding="utf-8")
    (tmp_path / "elsewhere.json").write_text(record, encoding="utf-8")

    assert [finding.split(":", 1)[0] for finding in scan_secrets.find_secrets(tmp_path)] == ["elsewhere.json"]


def test_the_example_service_holds_no_secret(example_service: ServiceDefinition) -> None:
    assert scan_secrets.find_secrets(example_service.root) == []


def test_the_command_fails_on_a_finding_and_says_how_many(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "settings.py").write_text(f'AWS_ACCESS_KEY_ID = "{FAKE_AWS_KEY}"\n', encoding="utf-8")

    assert scan_secrets.main([str(tmp_path)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "settings.py:1: AWS Access Key",
        f"1 suspected secret(s) in {tmp_path.resolve()}",
    ]
