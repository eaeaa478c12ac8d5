"""The routes the API gateway forwards to the function.

Keep this list in step with ``src/<package>/handlers/routes``: tests/infra/test_routes.py
fails when the two disagree.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    # A public route skips the API's authorization (api_auth in service.toml): keep it to
    # routes that reveal nothing, such as the health check.
    public: bool = False
    # The gateway validates the body against infra/schemas/<body_schema>.json before the
    # function runs; tests/infra/test_request_schemas.py keeps it equal to the pydantic model.
    body_schema: str | None = None


API_ROUTES = (
    Route("GET", "/health", public=True),
    Route("POST", "/greetings", body_schema="GreetingRequest"),
)
