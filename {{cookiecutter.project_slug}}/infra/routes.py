"""The routes the API gateway forwards to the function.

Keep this list in step with the routers ``src/<package>/handlers/api.py`` serves: the asset test
(``tests/asset/test_asset.py``) calls every route declared here. After adding a body model, run
`make schemas`.
"""

from __future__ import annotations

from lambda_service_kit.routes import Route

API_ROUTES = (
    Route("GET", "/health", public=True),
    Route("POST", "/greetings", body_model="models.greeting:GreetingRequest"),
)
