"""The JSON Schemas (draft-04, as API Gateway models want them) the gateway validates bodies with.

They are generated from the runtime's pydantic models by ``make schemas`` (tools/gateway_schemas.py)
and checked in, so synth never imports runtime code; tests/infra/test_request_schemas.py fails when
a file and its model drift apart.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
JSON_CONTENT_TYPE = "application/json"


def schema_path(name: str) -> Path:
    return SCHEMA_DIR / f"{name}.json"


def load_schema(name: str) -> dict[str, Any]:
    return json.loads(schema_path(name).read_text(encoding="utf-8"))
