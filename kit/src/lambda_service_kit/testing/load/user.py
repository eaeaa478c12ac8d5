"""The base of a service's Locust users: one request a second, authenticated as the API expects.

A service's ``tests/load/locustfile.py`` subclasses :class:`ServiceUser` and declares its tasks
(``@task`` methods calling ``self.client``, paths relative to the stage: ``"/health"``).
"""

from __future__ import annotations

import os
from typing import Any

import requests
from locust import HttpUser, constant_throughput

from lambda_service_kit.project import current_service, environment
from lambda_service_kit.testing.load.profiles import REQUESTS_PER_USER_PER_SECOND
from lambda_service_kit.testing.signing import default_credentials, sigv4_headers


class SigV4(requests.auth.AuthBase):
    """Signs each request for ``execute-api``, as :class:`lambda_service_kit.testing.signing.SigV4` does."""

    def __init__(self, *, region: str) -> None:
        self._region = region
        self._credentials = default_credentials()

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        body = request.body.encode() if isinstance(request.body, str) else request.body
        request.headers.update(
            sigv4_headers(
                method=request.method or "GET",
                url=request.url or "",
                body=body,
                headers=dict(request.headers),
                region=self._region,
                credentials=self._credentials,
            )
        )
        return request


class BearerToken(requests.auth.AuthBase):
    def __init__(self, token: str) -> None:
        self._token = token

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["Authorization"] = f"Bearer {self._token}"
        return request


def requests_auth(api_auth: str, *, region: str) -> requests.auth.AuthBase | None:
    """``iam``: SigV4; ``cognito``: ``Authorization: Bearer $API_TOKEN`` when set; ``none``: nothing."""
    if api_auth == "iam":
        return SigV4(region=region)
    if api_auth == "cognito" and (token := os.environ.get("API_TOKEN")):
        return BearerToken(token)
    return None


class ServiceUser(HttpUser):
    abstract = True
    wait_time = constant_throughput(REQUESTS_PER_USER_PER_SECOND)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        config = environment(current_service(), os.environ.get("ENV", "dev"))
        self.client.auth = requests_auth(config.service.api_auth, region=config.region)
