"""Authenticate integration tests' requests the way the API's ``api_auth`` expects.

- ``iam``: every request is signed with SigV4 for ``execute-api``, with the credentials of the
  default AWS profile or environment (dummy ones where there are none: the local server and
  LocalStack accept any signature).
- ``cognito``: requests carry ``Authorization: Bearer $API_TOKEN`` when that variable is set (an access
  token from the user pool's token URL, client-credentials flow).
- ``none``: nothing.
"""

from __future__ import annotations

import os
from collections.abc import Generator

import boto3
import httpx
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from lambda_service_kit.config import ServiceConfig

SIGNED_HEADERS = ("host", "content-type")


class SigV4(httpx.Auth):
    requires_request_body = True

    def __init__(self, *, region: str) -> None:
        self._region = region
        self._credentials = default_credentials()

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers.update(
            sigv4_headers(
                method=request.method,
                url=str(request.url),
                body=request.content,
                headers=dict(request.headers.items()),
                region=self._region,
                credentials=self._credentials,
            )
        )
        yield request


def default_credentials() -> Credentials:
    """The default profile's or environment's credentials; dummy ones where there are none."""
    return boto3.Session().get_credentials() or Credentials("test", "test")


def sigv4_headers(
    *, method: str, url: str, body: bytes | None, headers: dict[str, str], region: str, credentials: Credentials
) -> dict[str, str]:
    """The headers that sign a request for ``execute-api`` in ``region`` (any HTTP client can add them)."""
    unsigned = AWSRequest(
        method=method,
        url=url,
        data=body or b"",
        headers={name: value for name, value in headers.items() if name.lower() in SIGNED_HEADERS},
    )
    SigV4Auth(credentials.get_frozen_credentials(), "execute-api", region).add_auth(unsigned)
    return dict(unsigned.headers)


class BearerToken(httpx.Auth):
    def __init__(self, token: str) -> None:
        self._token = token

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = f"Bearer {self._token}"
        yield request


def client_auth(config: ServiceConfig) -> httpx.Auth | None:
    if config.service.api_auth == "iam":
        return SigV4(region=config.region)
    if config.service.api_auth == "cognito" and (token := os.environ.get("API_TOKEN")):
        return BearerToken(token)
    return None
