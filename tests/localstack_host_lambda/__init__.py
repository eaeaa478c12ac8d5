"""A LocalStack Lambda runtime executor that runs functions as host subprocesses (no Docker).

Installed into LocalStack's own virtualenv as a plugin (entry point group
``localstack.lambda.runtime_executor``, name ``host``) and selected with
``LAMBDA_RUNTIME_EXECUTOR=host``. Used only by the template's LocalStack test.
"""
