"""What an authorization strategy gives the API: method options and the cdk-nag findings it accepts."""

from __future__ import annotations

from typing import Any, Protocol

from lambda_service_kit.routes import Route

# (rule, reason) pairs, applied with ``compliance.acknowledge`` to one method.
Acknowledgements = tuple[tuple[str, str], ...]

PUBLIC_ROUTE_ACKNOWLEDGEMENTS: Acknowledgements = (
    ("AwsSolutions-APIG4", "Public by design (public=True in its route declaration): reveals no data, e.g. /health."),
    ("AwsSolutions-COG4", "Public by design (public=True in its route declaration): no authorizer of any kind."),
)


class ApiAuthorization(Protocol):
    # API Gateway reports an unknown route and, with IAM authorization, an unsigned request as the
    # same MISSING_AUTHENTICATION_TOKEN error: its status is 404 unless that would mislead.
    unknown_route_status: str

    def method_options(self, route: Route) -> dict[str, Any]:
        """Keyword arguments for ``Resource.add_method`` of a non-public route."""
        ...

    def acknowledgements(self, route: Route) -> Acknowledgements:
        """The cdk-nag findings this strategy accepts on a non-public route's method, with reasons."""
        ...
