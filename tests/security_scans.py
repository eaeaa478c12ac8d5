"""cfn-lint and checkov on a baked project's synthesized templates (cdk.out/*.template.json).

Both run offline: checkov with --skip-download, so it never asks a platform for its rule metadata.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

BIN_DIR = Path(sys.executable).parent
CHECKOV_SKIPS_FILE = Path(__file__).with_name("checkov_skips.toml")


@dataclass(frozen=True)
class Finding:
    check: str
    resource: str
    message: str

    def __str__(self) -> str:
        return f"{self.check} {self.resource}: {self.message}"


def synthesized_templates(project: Path) -> list[Path]:
    templates = sorted((project / "cdk.out").glob("*.template.json"))
    assert templates, f"no synthesized template in {project / 'cdk.out'}: run make synth first"
    return templates


def cfn_lint_errors(project: Path) -> list[Finding]:
    """cfn-lint's errors (warnings and informational matches are not errors)."""
    completed = subprocess.run(
        [str(BIN_DIR / "cfn-lint"), "--format", "json", *map(str, synthesized_templates(project))],
        capture_output=True,
        text=True,
        check=False,
    )
    matches = json.loads(completed.stdout or "[]")
    return [
        Finding(match["Rule"]["Id"], match["Filename"], match["Message"])
        for match in matches
        if match["Level"] == "Error"
    ]


def checkov_skips() -> dict[str, str]:
    """Check id -> reason, from tests/checkov_skips.toml."""
    return {check: entry["reason"] for check, entry in tomllib.loads(CHECKOV_SKIPS_FILE.read_text()).items()}


def checkov_failures(project: Path) -> list[Finding]:
    """Every failed checkov check (CloudFormation framework), skipped or not."""
    completed = subprocess.run(
        [
            str(BIN_DIR / "checkov"),
            "--framework",
            "cloudformation",
            "--directory",
            str(project / "cdk.out"),
            "--skip-download",
            "--compact",
            "--quiet",
            "--output",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.stdout.strip(), completed.stderr[-3000:]
    reports = json.loads(completed.stdout)
    reports = reports if isinstance(reports, list) else [reports]
    return [
        Finding(result["check_id"], f"{Path(result['file_path']).name}:{result['resource']}", result["check_name"])
        for report in reports
        for result in report.get("results", {}).get("failed_checks", [])
    ]


def unexpected_checkov_failures(project: Path) -> list[Finding]:
    skips = checkov_skips()
    return [finding for finding in checkov_failures(project) if finding.check not in skips]


def assert_templates_pass_scans(project: Path) -> None:
    """No cfn-lint error and no checkov failure outside tests/checkov_skips.toml."""
    assert cfn_lint_errors(project) == [], "cfn-lint errors"
    assert unexpected_checkov_failures(project) == [], "checkov failures not in tests/checkov_skips.toml"
