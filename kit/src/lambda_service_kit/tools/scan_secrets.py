"""Fail when a file of the project looks like it holds a secret (keys, tokens, passwords).

    service-kit secrets            # or: make secrets

Runs detect-secrets' default plugins and filters over every file except dependencies and build
output. A false positive is silenced where it stands with a ``# pragma: allowlist secret`` comment.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

from detect_secrets import SecretsCollection
from detect_secrets.settings import default_settings

SKIPPED_DIRS = frozenset(
    {".git", ".venv", "node_modules", "cdk.out", ".build", "site", "__pycache__", ".pytest_cache", ".ruff_cache"}
)
# cruft's record of the template: its commit hash reads as a high-entropy string, and the file holds
# only the template's address and the answers given at generation.
SKIPPED_FILES = frozenset({".cruft.json"})


def project_files(root: Path) -> Iterator[Path]:
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if path.is_file() and relative.name not in SKIPPED_FILES and not SKIPPED_DIRS.intersection(relative.parts):
            yield path


def find_secrets(root: Path) -> list[str]:
    """One line per suspected secret: ``file:line: kind``."""
    secrets = SecretsCollection(root=str(root))
    with default_settings():
        for path in project_files(root):
            secrets.scan_file(str(path.relative_to(root)))
    return [
        f"{filename}:{secret['line_number']}: {secret['type']}"
        for filename, found in sorted(secrets.json().items())
        for secret in found
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Scan the project for committed secrets.")
    parser.add_argument("root", nargs="?", type=Path, default=Path.cwd())
    root = parser.parse_args(argv).root.resolve()
    findings = find_secrets(root)
    for finding in findings:
        print(finding)
    print(f"{len(findings)} suspected secret(s) in {root}")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
