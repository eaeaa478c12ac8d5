"""``GET /health``: answers as long as the function can start and route a request."""

from __future__ import annotations

from lambda_service_runtime.contract import Routes

from {{ cookiecutter.package_name }}.models.health import Health

routes = Routes()


@routes.get("/health", public=True, response=Health)
def get_health() -> Health:
    """Report that the function starts and routes requests."""
    return Health(status="ok")
