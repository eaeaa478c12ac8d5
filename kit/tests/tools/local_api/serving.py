"""A local API server serving for the length of a test."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from lambda_service_kit.tools.local_api.server import LocalApiServer


@contextmanager
def serving(server: LocalApiServer) -> Iterator[httpx.Client]:
    """``server`` started on its free port of 127.0.0.1 and a client of its URL; stopped even if the test fails."""
    server.start()
    try:
        with httpx.Client(base_url=server.url, timeout=10) as client:
            yield client
    finally:
        server.stop()
