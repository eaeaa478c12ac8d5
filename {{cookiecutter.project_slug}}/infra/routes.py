"""The routes the API gateway forwards to the function.

Keep this list in step with ``src/<package>/handlers/routes``: tests/test_service_stack.py fails
when the two disagree. After adding a body model, run `make schemas`.
"""

from __future__ import annotations

from lambda_service_kit.routes import Route

API_ROUTES = (
    Route("GET", "/health", public=True),
    Route("POST", "/greetings", body_model="models.greeting:GreetingRequest"),
)
