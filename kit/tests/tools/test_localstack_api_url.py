"""`service-kit localstack-url`: a deployed stack's API URL, in LocalStack's form that needs no DNS."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lambda_service_kit.tools.localstack_api_url import localstack_api_url, main

STAGE_URL = "https://pmkoo3yggv.execute-api.localhost.localstack.cloud:4566/dev/"


def test_the_stage_url_becomes_localstacks_path_style_execute_api_url() -> None:
    assert localstack_api_url(STAGE_URL, endpoint="http://127.0.0.1:4566") == (
        "http://127.0.0.1:4566/_aws/execute-api/pmkoo3yggv/dev/"
    )


def test_a_url_without_a_stage_is_refused() -> None:
    with pytest.raises(ValueError, match="not an API Gateway stage URL"):
        localstack_api_url("https://abc.execute-api.localhost.localstack.cloud:4566/", endpoint="http://x")


def test_the_command_reads_the_deploy_outputs_and_the_endpoint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    outputs = tmp_path / "outputs.json"
    outputs.write_text(json.dumps({"svc-dev": {"ApiUrl": STAGE_URL}}), encoding="utf-8")
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://localstack:4566/")

    assert main(["svc-dev", "--outputs", str(outputs)]) == 0
    assert capsys.readouterr().out == "http://localstack:4566/_aws/execute-api/pmkoo3yggv/dev/\n"


def test_the_command_asks_for_a_deploy_first(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["svc-dev", "--outputs", str(tmp_path / "absent.json")]) == 2
    assert "run `make deploy-local` first" in capsys.readouterr().err
