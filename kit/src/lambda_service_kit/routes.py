"""A route the API gateway forwards to the function, as the service declares it in ``infra/routes.py``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    # A public route skips the API's authorization (api_auth in service.toml): keep it to
    # routes that reveal nothing, such as the health check.
    public: bool = False
    # The pydantic model of the body, "module:Class" inside the service's package, e.g.
    # "models.greeting:GreetingRequest". The gateway validates the body against the schema
    # `service-kit schemas` generates from it (infra/schemas/<Class>.json) before the function runs.
    body_model: str | None = None

    @property
    def body_schema(self) -> str | None:
        """The schema's name: the model's class name."""
        return self.body_model.rpartition(":")[2] if self.body_model else None
