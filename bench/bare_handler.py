"""The floor every figure is compared with: a REST proxy handler that needs only ``json``."""

import json


def handler(event, context):
    name = json.loads(event.get("body") or "{}").get("name", "world")
    return {
        "statusCode": 201,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps({"message": f"Hello, {name}!", "language": "en"}),
    }
