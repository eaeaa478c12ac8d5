"""The platform kit of a generated Lambda service: CDK constructs, developer tools and test helpers.

What a service names (its stack and tests import these; the rest is private to the kit):

- ``lambda_service_kit.config``: ``ServiceDefinition`` (service.toml) and the per-environment config types,
- ``lambda_service_kit.constructs``: one construct per concern, keyword-only arguments, ``config=``,
- ``lambda_service_kit.testing``: gateway-shaped events, a Lambda context, hostile-input strategies,
- the ``service-kit`` command: build, synth, local, invoke, cost, schemas, secrets, localstack-url.

The code that ships to Lambda is the separate ``lambda_service_runtime`` distribution.
"""

__version__ = "0.1.0"
