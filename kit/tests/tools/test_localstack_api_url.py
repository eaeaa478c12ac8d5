from __future__ import annotations

import pytest

from lambda_service_kit.tools.localstack_api_url import localstack_api_url


def test_the_stage_url_becomes_localstacks_path_style_execute_api_url() -> None:
    url = "https://pmkoo3yggv.execute-api.localhost.localstack.cloud:4566/dev/"

    assert localstack_api_url(url, endpoint="http://127.0.0.1:4566") == (
        "http://127.0.0.1:4566/_aws/execute-api/pmkoo3yggv/dev/"
    )


def test_a_url_without_a_stage_is_refused() -> None:
    with pytest.raises(ValueError, match="not an API Gateway stage URL"):
        localstack_api_url("https://abc.execute-api.localhost.localstack.cloud:4566/", endpoint="http://x")
