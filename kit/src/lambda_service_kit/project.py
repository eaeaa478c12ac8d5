"""Find the service the kit's tools work on: the folder they run in, its answers and its environments.

A service is a folder with ``service.toml``, ``infra/config.py``, whose ``ENVIRONMENTS`` maps each
environment's name to its :class:`~lambda_service_kit.config.ServiceConfig`, and ``openapi.json``, the
API's document, whose operations are the routes the gateway forwards to the function.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import ModuleType

from lambda_service_kit.config import ServiceConfig, ServiceDefinition
from lambda_service_kit.routes import Route, read_routes

CONFIG_MODULE = "infra.config"


class UnknownEnvironmentError(LookupError):
    """An environment name that ``infra.config.ENVIRONMENTS`` does not have."""


def current_service(root: Path | None = None) -> ServiceDefinition:
    """The service in ``root`` (default: the working directory, where ``make`` runs the tools)."""
    return ServiceDefinition.load(root or Path.cwd())


def environments(service: ServiceDefinition) -> Mapping[str, ServiceConfig]:
    """The service's ``infra.config.ENVIRONMENTS``, imported with the service's folder on the path."""
    configured: Mapping[str, ServiceConfig] = _service_module(service, CONFIG_MODULE).ENVIRONMENTS
    return configured


def routes(service: ServiceDefinition) -> Sequence[Route]:
    """The routes of the service's OpenAPI document (``openapi.json``)."""
    return read_routes(service.openapi_path)


def _service_module(service: ServiceDefinition, name: str) -> ModuleType:
    if str(service.root) not in sys.path:
        sys.path.insert(0, str(service.root))
    return importlib.import_module(name)


def environment(service: ServiceDefinition, name: str) -> ServiceConfig:
    configured = environments(service)
    if name not in configured:
        raise UnknownEnvironmentError(f"no environment {name!r} in {CONFIG_MODULE} (known: {', '.join(configured)})")
    return configured[name]
