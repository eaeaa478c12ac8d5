"""What a generated Lambda service runs with: the kit's part that ships in the function's asset.

- ``lambda_service_runtime.api``: ``rest_api(*routers)`` and ``lambda_handler(app)``,
- ``lambda_service_runtime.observability``: ``logger`` and ``metrics`` (Powertools), made once,
- ``lambda_service_runtime.requests``: ``parse_json_body(event, Model)``, a validated body or a 4xx,
- ``lambda_service_runtime.errors``: ``ClientError``, raised for any other 4xx,
- ``lambda_service_runtime.tracing``: ``span``, ``instrument_aws_client`` (OpenTelemetry, X-Ray or none).

It depends on Powertools and pydantic only (OpenTelemetry or the X-Ray SDK through the ``otel`` and
``xray`` extras) and imports nothing a request does not need.
"""

__version__ = "0.1.0"
