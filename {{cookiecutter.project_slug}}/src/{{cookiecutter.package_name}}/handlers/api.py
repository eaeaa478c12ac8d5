"""REST API entry point: the routes this function serves, behind the kit's logging, metrics, tracing and errors."""

from __future__ import annotations

from lambda_service_runtime.api import lambda_handler, rest_api
from lambda_service_runtime.contract import discover

from {{ cookiecutter.package_name }}.handlers import routes

app = rest_api(*discover(routes))
handler = lambda_handler(app)
