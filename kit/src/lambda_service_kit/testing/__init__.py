"""Test helpers for a service's own tests (and the pytest plugin that provides their fixtures).

- ``rest_event``, ``FakeLambdaContext``: API Gateway REST proxy events and a Lambda context,
- ``strategies``: ``hostile_events(routes)`` and ``assert_safe_response`` for property tests,
- ``asset``: ``serve_from_asset``, the handler called from the built asset alone,
- ``plugin``: the fixtures (``service``, ``log_records``, ``host_asset``, ``api``...).
"""

from lambda_service_kit.testing.events import FakeLambdaContext, rest_event

__all__ = ["FakeLambdaContext", "rest_event"]
