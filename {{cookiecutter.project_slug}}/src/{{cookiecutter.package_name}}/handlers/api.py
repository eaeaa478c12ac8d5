"""REST API entry point: the routes this function serves, behind the kit's logging, metrics, tracing and errors."""

from __future__ import annotations

from lambda_service_runtime.api import lambda_handler, rest_api

from {{ cookiecutter.package_name }}.handlers.routes import greetings, health

app = rest_api(health.router, greetings.router)
handler = lambda_handler(app)
