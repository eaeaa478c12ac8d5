"""Set the function's environment before any test imports its code (settings are read at import)."""

from __future__ import annotations

import os

from tests.runtime_environment import TEST_ENVIRONMENT

os.environ.update(TEST_ENVIRONMENT)
