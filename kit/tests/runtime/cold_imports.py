"""What importing the handler loads, seen from a fresh interpreter (a cold start)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from infra.config import PACKAGE_NAME, SOURCE_DIR  # TODO
from tests.runtime_environment import TEST_ENVIRONMENT

PROBE = """
import json, sys
baseline = set(sys.modules)
if sys.argv[1] == "beyond-powertools":
    import aws_lambda_powertools
    baseline = set(sys.modules)
import {package}.handlers.api
print(json.dumps([name for name in sys.argv[2:] if name in sys.modules and name not in baseline]))
"""


def modules_loaded_by_handler_import(*candidates: str, beyond_powertools: bool = False) -> list[str]:
    """Which of ``candidates`` are in ``sys.modules`` after importing the handler module.

    ``beyond_powertools`` leaves out what importing Powertools loads by itself: Powertools
    imports botocore whenever it is installed (to tag AWS SDK calls), and the Lambda
    runtime always provides it.
    """
    completed = subprocess.run(
        [
            sys.executable,
            "-c",
            PROBE.format(package=PACKAGE_NAME),
            "beyond-powertools" if beyond_powertools else "all",
            *candidates,
        ],
        env={**os.environ, **TEST_ENVIRONMENT, "PYTHONPATH": str(SOURCE_DIR)},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(completed.stdout)
