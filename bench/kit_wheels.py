"""Where the bake's ``make install`` finds the kit: its wheels, built from this repository, never published.

``make bench`` builds them into kit/dist first (``make kit``) and exports that folder in ``PIP_FIND_LINKS``;
the template's tests build them into a folder of their own and export it the same way. Run directly,
``python -m bench.run`` builds them into its work folder, with the command ``make kit`` runs: a few
seconds, and never a wheel older than the sources.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bench.project import TEMPLATE_DIR

KIT_DIR = TEMPLATE_DIR / "kit"
# The two distributions every bake installs: the kit (dev.txt) and the part that ships to Lambda (runtime.txt).
WHEEL_PATTERNS = ("lambda_service_kit-*.whl", "lambda_service_runtime-*.whl")


def provide(work_dir: Path) -> Path:
    """A folder holding the kit's wheels, appended to ``PIP_FIND_LINKS`` for every pip this process starts."""
    links = os.environ.get("PIP_FIND_LINKS", "").split()
    offered = next((Path(link) for link in links if _holds_wheels(Path(link))), None)
    if offered is not None:
        return offered
    wheels = build(work_dir / "kit-wheels")
    os.environ["PIP_FIND_LINKS"] = " ".join([*links, str(wheels)])
    return wheels


def build(destination: Path) -> Path:
    """The kit's two wheels, built from ``kit/`` into ``destination`` (the build backend of this environment)."""
    command = [sys.executable, "-m", "pip", "wheel", "--quiet", "--disable-pip-version-check", "--no-deps"]
    completed = subprocess.run(
        [*command, "--no-build-isolation", "--wheel-dir", str(destination), str(KIT_DIR / "runtime"), str(KIT_DIR)],
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"building the kit's wheels failed:\n{completed.stdout}{completed.stderr}")
    return destination


def _holds_wheels(folder: Path) -> bool:
    return folder.is_dir() and all(any(folder.glob(pattern)) for pattern in WHEEL_PATTERNS)
