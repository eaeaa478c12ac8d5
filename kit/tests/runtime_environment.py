"""The environment variables the infrastructure gives the function, with test values."""

from __future__ import annotations

TEST_ENVIRONMENT = {
    "ENVIRONMENT": "test",
    "POWERTOOLS_SERVICE_NAME": "test-service",
    "POWERTOOLS_METRICS_NAMESPACE": "test-service-test",
    "MAX_BODY_BYTES": "1024",
    "AWS_REGION": "eu-west-1",
}
