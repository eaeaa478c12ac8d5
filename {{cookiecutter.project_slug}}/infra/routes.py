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


API_ROUTES = (
    Route("GET", "/health"),
    Route("POST", "/greetings"),
)
