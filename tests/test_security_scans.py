"""The scanners' own wiring: they run offline, see real findings, and the skip list is well-formed."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.security_scans import Finding, cfn_lint_errors, checkov_failures, checkov_skips

CHECK_ID = re.compile(r"^CKV2?_AWS_\d+$")


def test_every_skipped_checkov_check_has_a_reason() -> None:
    skips = checkov_skips()

    assert skips
    for check, reason in skips.items():
        assert CHECK_ID.match(check), check
        assert len(reason) > 40, f"{check} needs a reason a reviewer can check"


@pytest.fixture
def insecure_project(tmp_path: Path) -> Path:
    """A project whose cdk.out holds a template with one cfn-lint error and a public S3 bucket."""
    template = {
        "Resources": {
            "Bucket": {"Type": "AWS::S3::Bucket", "Properties": {"AccessControl": "PublicReadWrite"}},
            "Broken": {"Type": "AWS::SNS::Topic", "Properties": {"NoSuchProperty": 1}},
        }
    }
    (tmp_path / "cdk.out").mkdir()
    (tmp_path / "cdk.out" / "insecure.template.json").write_text(json.dumps(template))
    return tmp_path


def test_cfn_lint_reports_errors(insecure_project: Path) -> None:
    errors = cfn_lint_errors(insecure_project)

    assert any("NoSuchProperty" in error.message for error in errors), errors


def test_checkov_reports_failures_offline(insecure_project: Path) -> None:
    failures = checkov_failures(insecure_project)

    assert all(isinstance(failure, Finding) for failure in failures)
    assert any(failure.resource.endswith("AWS::S3::Bucket.Bucket") for failure in failures), failures
